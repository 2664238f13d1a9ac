import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../runtime/errors';
import { replaceFolder } from '../runtime/atomic';
import { packageRoot } from '../runtime/paths';
import { copyPageAssets } from './assets';
import { defaultWebModels } from './defaults';
import { galleryDataset, GalleryImage, writeExampleImage, writeGallery } from './gallery';
import { addWebModel, checkWebModelSources, WebModel } from './models';

/** The marker file of a built playground: an existing folder is replaced only when it has one. */
export const WEB_MARKER = 'playground.json';

export interface WebBuildOptions {
  /** Model sources (toy model folders, transformers.js folders, hub ids in the local cache); default {@link defaultWebModels}. */
  models?: string[];
  /** Output folder, replaced whole; default web/dist in the kit's folder. */
  out?: string;
  log?: (line: string) => void;
}

/** What a build wrote: the folder, its models and gallery, and the page's weight without the models. */
export interface WebBuild {
  out: string;
  models: WebModel[];
  gallery: number;
  /** A query string that opens the page on a held-out picture with three labels. */
  example: string;
  /** Bytes of the page's own and vendor files (everything but models/ and gallery/). */
  pageBytes: number;
  files: Record<string, number>;
}

/** The default output folder. */
export function defaultWebOut(): string {
  return path.join(packageRoot(), 'web', 'dist');
}

/**
 * Builds the playground as static files: index.html and its modules, vendor/ (transformers.js, ONNX Runtime Web),
 * models/<name>/ in the transformers.js format with models.json listing them, and gallery/ with gallery.json.
 * Built in a temporary sibling folder that then replaces `out`, so a failure leaves the old folder as it was.
 */
export async function buildPlayground(options: WebBuildOptions = {}): Promise<WebBuild> {
  const log = options.log ?? (() => undefined);
  const out = path.resolve(options.out ?? defaultWebOut());
  if (fs.existsSync(out) && (!fs.statSync(out).isDirectory() || (fs.readdirSync(out).length > 0 && !fs.existsSync(path.join(out, WEB_MARKER))))) {
    throw new UserError(`${out} exists and is not a playground built by clip-workshop web; choose another --out folder or empty it.`);
  }
  const sources = options.models?.length ? options.models : await defaultWebModels(log);
  checkWebModelSources(sources);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.tmp-${process.pid}-${Date.now()}`;
  try {
    fs.mkdirSync(path.join(tmp, 'models'), { recursive: true });
    const files = copyPageAssets(tmp);
    const pageBytes = Object.values(files).reduce((a, b) => a + b, 0);
    const models: WebModel[] = [];
    for (const s of sources) {
      models.push(addWebModel(s, path.join(tmp, 'models')));
    }
    const toySize = models.find((m) => m.toy)?.imageSize ?? 32;
    const example = await writeExampleImage(tmp);
    const gallery: GalleryImage[] = [...(example ? [example] : []), ...(await writeGallery(galleryDataset(toySize), tmp))];
    const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';
    fs.writeFileSync(path.join(tmp, 'models.json'), json(models));
    fs.writeFileSync(path.join(tmp, 'gallery.json'), json(gallery));
    fs.writeFileSync(path.join(tmp, WEB_MARKER), json({ format: 'clip-workshop-playground', version: 1, pageBytes, models: models.map((m) => m.name) }));
    replaceFolder(tmp, out);
    return { out, models, gallery: gallery.length, example: exampleQuery(models[0], gallery), pageBytes, files };
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

/** `?model=…&image=…&labels=…`: the first held-out picture among its own concept and the next two. */
export function exampleQuery(model: WebModel | undefined, gallery: readonly GalleryImage[]): string {
  const pick = gallery.find((g) => g.split === 'heldout') ?? gallery[0];
  const concepts = [...new Set([pick?.concept, ...gallery.filter((g) => g.split !== 'example').map((g) => g.concept)])].filter(Boolean).slice(0, 3);
  const q = new URLSearchParams();
  if (model) q.set('model', model.name);
  if (pick) q.set('image', pick.file);
  q.set('labels', concepts.map((c) => `a ${c}`).join('|'));
  return '?' + q.toString().replace(/%7C/g, '|').replace(/%2F/g, '/');
}
