import * as fs from 'fs';
import * as path from 'path';

/** The kit's own file in a transformers.js folder: what the kit knows of the model beyond transformers.js's files. */
export const KIT_MODEL_FILE = 'clip-workshop.json';

/** The contents of {@link KIT_MODEL_FILE}. */
export interface KitModelInfo {
  /** The prompt template the model was trained with, "{}" marking the class name. */
  template?: string;
  /** Where the model came from (e.g. the open_clip checkpoint and config it was imported from). */
  source?: Record<string, unknown>;
}

/**
 * The prompt template recorded with a model (`--model` folder), or undefined for models that record none
 * (hub ids, toy models, folders from other tools). The one place that decides a model's default template.
 */
export function modelTemplate(model: string): string | undefined {
  const file = path.join(model, KIT_MODEL_FILE);
  if (!fs.existsSync(file)) return undefined;
  try {
    const info = JSON.parse(fs.readFileSync(file, 'utf8')) as KitModelInfo;
    return typeof info.template === 'string' && info.template.includes('{}') ? info.template : undefined;
  } catch {
    return undefined; // an unreadable kit file only loses the default template
  }
}
