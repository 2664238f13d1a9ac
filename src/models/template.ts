import { BARE_TEMPLATE, SINGLE_TEMPLATE } from '../text/templates';
import { readModelRecord } from './readRecord';
import { looksLikeHubId } from './source';

export { BARE_TEMPLATE };

/** True for a usable template: a string with "{}" where the label goes. */
export function isTemplate(t: unknown): t is string {
  return typeof t === 'string' && t.includes('{}');
}

/**
 * The prompt template of the model at `pathOrId`, decided here and nowhere else: the template recorded in its
 * folder (a toy model, an export, an open_clip import), else a hub model's documented default (CLIP's
 * "a photo of a {}.", Radford et al. 2021 §3.1.4), else bare labels. Every loader fixes a model's template with it.
 */
export function modelTemplate(pathOrId: string): string {
  const recorded = readModelRecord(pathOrId)?.template;
  if (isTemplate(recorded)) return recorded;
  return looksLikeHubId(pathOrId) ? SINGLE_TEMPLATE : BARE_TEMPLATE;
}
