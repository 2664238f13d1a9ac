import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../runtime/errors';
import { installBuiltFolder, OwnedFolderSpec } from '../runtime/ownedFolder';
import { packageRoot } from '../runtime/paths';
import { TASK1_LABEL_SETS } from '../pretrained/task1-data';
import { fillTemplate } from '../text/templates';
import { copyPageAssets, viewBytes } from './assets';
import { defaultWebModels } from './defaults';
import { galleryDataset, GalleryImage, writeEmojiGallery, writeExampleImage, writeGallery } from './gallery';
import { addWebModel, checkWebModelSources, WebModel, webModelName } from './models';

/** The marker file of a built playground: an existing folder is replaced only when it has one. */
export const WEB_MARKER = 'playground.json';
/** The playground folder kind: the kit's files are replaced; files of the user's are kept (or refused). */
export const PLAYGROUND_FOLDER: OwnedFolderSpec = { what: 'playground folder', kind: 'a playground built by clip-workshop web', flag: '--out' };

export interface WebBuildOptions {
  /** Model sources (toy model folders, transformers.js folders, hub ids in the local cache); default {@link defaultWebModels}. */
  models?: string[];
  /** Output folder (the kit's files in it are replaced); default web/dist in the kit's folder. */
  out?: string;
  /** Build into a playground folder that also holds files of the user's (they are kept). */
  force?: boolean;
  log?: (line: string) => void;
}

/** What a build wrote: the folder, its models and gallery, and the page's weight without the models. */
export interface WebBuild {
  out: string;
  models: WebModel[];
  gallery: number;
  /** The query string of the first model's example (`?model=…&image=…&labels=…`). */
  example: string;
  /** Bytes of the page's own and vendor files (everything but models/ and gallery/). */
  pageBytes: number;
  /** Bytes of the page's own files a visit of the default (classify) view with a toy model downloads besides the model (vendor/ is fetched only for other models). */
  toyPageBytes: number;
  /** Bytes of each view's own files without the models: the shell (index.html, style.css) and the view's bundles. */
  viewBytes: Record<string, number>;
  files: Record<string, number>;
}

/** The default output folder. */
export function defaultWebOut(): string {
  return path.join(packageRoot(), 'web', 'dist');
}

/**
 * Builds the playground as static files: index.html (with its router), style.css and one bundle per view (the classify view with a small
 * ONNX executor for the toy models),
 * vendor/ (transformers.js, ONNX Runtime Web, for any other model),
 * models/<name>/ in the transformers.js format with models.json listing them, and gallery/ with gallery.json.
 * Built in a temporary sibling folder that then replaces the kit's files in `out`, so a failure leaves the old
 * folder as it was; files of the user's in `out` are never deleted.
 */
export async function buildPlayground(options: WebBuildOptions = {}): Promise<WebBuild> {
  const log = options.log ?? (() => undefined);
  const out = path.resolve(options.out ?? defaultWebOut());
  if (fs.existsSync(out) && (!fs.statSync(out).isDirectory() || (fs.readdirSync(out).length > 0 && !fs.existsSync(path.join(out, WEB_MARKER))))) {
    throw new UserError(`${out} exists and is not a playground built by clip-workshop web; choose another --out folder or empty it.`);
  }
  const given = options.models?.length ? options.models.map((source) => ({ source, name: webModelName(source) })) : undefined;
  if (given) checkWebModelSources(given);
  // A first line at once: on an empty cache the models train first, for minutes (their progress follows).
  log(`building the playground in ${options.out ?? out} (models not in the cache are trained first) …`);
  const sources = given ?? (await defaultWebModels(log));
  checkWebModelSources(sources);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.tmp-${process.pid}-${Date.now()}`;
  try {
    fs.mkdirSync(path.join(tmp, 'models'), { recursive: true });
    const files = copyPageAssets(tmp);
    const sum = (names: string[]) => names.reduce((a, f) => a + files[f], 0);
    const pageBytes = sum(Object.keys(files));
    const views = viewBytes(files);
    const toyPageBytes = views.classify;
    const added = sources.map((s) => addWebModel(s, path.join(tmp, 'models')));
    const toySize = added.find((m) => m.toy)?.imageSize ?? 32;
    const example = await writeExampleImage(tmp);
    const emoji = await writeEmojiGallery(tmp, toySize);
    const gallery: GalleryImage[] = [...(example ? [example] : []), ...emoji, ...(await writeGallery(galleryDataset(toySize), tmp))];
    const models: WebModel[] = added.map((m) => ({ ...m, example: webExample(path.join(tmp, 'models', m.name), gallery, m.template) }));
    const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';
    fs.writeFileSync(path.join(tmp, 'models.json'), json(models));
    fs.writeFileSync(path.join(tmp, 'gallery.json'), json(gallery));
    fs.writeFileSync(path.join(tmp, WEB_MARKER), json({ format: 'clip-workshop-playground', version: 1, pageBytes, models: models.map((m) => m.name) }));
    // Only the kit's own files are replaced; a file of the user's in --out is kept (or, without force, refused).
    installBuiltFolder(tmp, out, PLAYGROUND_FOLDER, options.force);
    return { out, models, gallery: gallery.length, example: exampleQuery(models[0]), pageBytes, toyPageBytes, viewBytes: views, files };
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

/** What the page opens on for a model when the address names no image or labels. */
export interface WebExample {
  image: string;
  labels: string[];
}

/** The words of a toy model's exported vocabulary, or undefined for a model with an open vocabulary. */
function vocabulary(modelDir: string): Set<string> | undefined {
  const tok = JSON.parse(fs.readFileSync(path.join(modelDir, 'tokenizer.json'), 'utf8'));
  return tok.model?.type === 'WordLevel' ? new Set(Object.keys(tok.model.vocab)) : undefined;
}

/**
 * A model's opening example: for a toy model, a picture from the gallery set whose names it knows best (a held-out
 * one when there is one) among its own name and two others, each in the model's `template`; for an open-vocabulary CLIP,
 * the cat and the first task's labels.
 */
export function webExample(modelDir: string, gallery: readonly GalleryImage[], template: string): WebExample {
  const vocab = vocabulary(modelDir);
  const cat = gallery.find((g) => g.set === 'example') ?? gallery[0];
  if (!vocab) return { image: cat.file, labels: [...TASK1_LABEL_SETS[0].labels] };
  const known = (concept: string) => concept.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean).every((w) => vocab.has(w));
  const sets = (['emoji', 'shapes'] as const).map((set) => {
    const all = gallery.filter((g) => g.set === set);
    const items = all.filter((g) => known(g.concept));
    return { set, items, share: all.length ? items.length / all.length : 0 };
  });
  // A large vocabulary (emoji) also knows the shapes' few words, so emoji wins once it knows most of its own names.
  const best = sets[0].share >= 0.75 ? sets[0] : sets.reduce((a, b) => (b.share > a.share ? b : a));
  if (best.items.length === 0) return { image: cat.file, labels: [...TASK1_LABEL_SETS[1].labels] };
  const pick = best.items.find((g) => g.split === 'heldout') ?? best.items[0];
  const names = [...new Set([pick.concept, ...best.items.map((g) => g.concept)])].slice(0, 3);
  // Each name as the model's template puts it ("a red triangle" for the shapes CLIP, bare names for the emoji one).
  return { image: pick.file, labels: names.map((n) => fillTemplate(template, n)) };
}

/** `?model=…&image=…&labels=…` for a model's example. */
export function exampleQuery(model: WebModel): string {
  const q = new URLSearchParams({ model: model.name, image: model.example.image, labels: model.example.labels.join('|') });
  return '?' + q.toString().replace(/%7C/g, '|').replace(/%2F/g, '/');
}
