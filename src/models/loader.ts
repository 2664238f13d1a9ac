import { ClipLike } from './clip';
import { loadToyClip, LoadOptions } from './io';

/**
 * A function that may load a model from a path or id, or return undefined when it does not
 * recognise it. src/pretrained registers one for hub ids and transformers.js folders.
 */
export type ClipResolver = (pathOrId: string) => Promise<ClipLike | undefined>;

const resolvers: ClipResolver[] = [];

/** Adds a model source tried before the toy-model folder (later registrations first). */
export function registerClipResolver(resolver: ClipResolver): void {
  resolvers.unshift(resolver);
}

/**
 * The one entry point behind every `--model`: registered resolvers first (pretrained CLIP),
 * then a toy CLIP folder written by `clip-workshop train`. The caller disposes the model.
 */
export async function loadClassifierModel(pathOrId: string, options: LoadOptions = {}): Promise<ClipLike> {
  for (const r of resolvers) {
    const m = await r(pathOrId);
    if (m) return m;
  }
  return loadToyClip(pathOrId, options);
}
