import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../runtime/errors';
import { packageRoot } from '../runtime/paths';
import { findChromium } from './chromium';
import { slidePictures } from './pictures';
import { runMarp } from './marp';
import { fillPlaceholders, findPlaceholders } from './placeholders';
import { externalResources, imageReferences, isExternal } from './references';
import { allFiles, installBuiltFolder, OwnedFolderSpec } from '../runtime/ownedFolder';

export interface SlidesOptions {
  /** Folder holding the deck, assets/ and charts/; default the package's slides/. */
  slidesDir?: string;
  /** The Marp Markdown file inside slidesDir; default talk.md. */
  deck?: string;
  /** The figures the placeholders read; default <slidesDir>/charts/results.json. */
  resultsFile?: string;
  /** Where index.html (and talk.pdf) go; default <slidesDir>/dist. Replaced whole, never half-written. */
  outDir?: string;
  /** Also write talk.pdf when a Chromium is installed. */
  pdf?: boolean;
  /** Also write png/slide-NN.png, one 1280×720 picture per slide, when a Chromium is installed. */
  png?: boolean;
  /** Browser for the PDF and pictures; default {@link findChromium}. */
  chromePath?: string | null;
  /** Write beside files of the user's in the folder (they are kept). */
  force?: boolean;
}

/** The slides folder kind: a deck built before the kit listed its files is the kit's whole; other files are the user's. */
export const SLIDES_FOLDER: OwnedFolderSpec = { what: 'slides folder', flag: '--out', legacyOwned: (d) => (fs.existsSync(path.join(d, 'index.html')) ? allFiles(d) : []) };

export interface SlidesReport {
  html: string;
  /** The PDF's path, or null when not asked for or skipped. */
  pdf: string | null;
  /** Why the PDF was skipped (no Chromium), when it was asked for. */
  pdfSkipped: string | null;
  /** The slide pictures' paths (empty when not asked for or skipped). */
  pngs: string[];
  slides: number;
  /** Image paths the deck uses, relative to the output folder (each copied there). */
  images: string[];
  placeholders: number;
  seconds: number;
}

/** Reads and parses results.json, or says how to make it. */
export function readResults(file: string): unknown {
  if (!fs.existsSync(file)) {
    throw new UserError(`${file} does not exist; run \`clip-workshop charts --quick\` (or \`clip-workshop charts\` for the full figures) to make it.`);
  }
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserError(`${file} is not valid JSON (${(err as Error).message}); regenerate it with \`clip-workshop charts\`.`);
  }
}

/** Number of slides in Marp Markdown: front matter aside, slides are separated by lines of `---`. */
export function countSlides(markdown: string): number {
  const body = markdown.replace(/^---\n[\s\S]*?\n---\n/, '');
  return body.split(/\n---\s*\n/).filter((s) => s.trim() !== '').length;
}

/** Copies every image the deck uses into `dest`, at the same relative path; fails naming a missing or remote one. */
function copyImages(markdown: string, slidesDir: string, dest: string, deckName: string): string[] {
  const refs = imageReferences(markdown);
  for (const ref of refs) {
    if (isExternal(ref)) throw new UserError(`${deckName} loads ${ref} from the network; copy the file into slides/assets and use a relative path (the deck must work offline).`);
    if (/^data:/i.test(ref)) continue;
    const rel = decodeURI(ref.split(/[?#]/)[0]);
    const src = path.resolve(slidesDir, rel);
    if (path.isAbsolute(rel) || path.relative(slidesDir, src).startsWith('..')) {
      throw new UserError(`${deckName} uses the image ${ref} outside the slides folder; put it under slides/ and use a relative path.`);
    }
    if (!fs.existsSync(src)) {
      const hint = rel.startsWith('charts/') ? 'run `clip-workshop charts` to make it' : 'add the file or fix the path';
      throw new UserError(`${deckName} uses the image ${rel}, which does not exist in ${slidesDir}; ${hint}.`);
    }
    fs.mkdirSync(path.dirname(path.join(dest, rel)), { recursive: true });
    fs.copyFileSync(src, path.join(dest, rel));
    // An SVG that fetches fonts or pictures from the web would break the offline deck as well.
    if (rel.toLowerCase().endsWith('.svg')) {
      const remote = externalResources(fs.readFileSync(src, 'utf8'));
      if (remote.length) throw new UserError(`The image ${rel} loads ${remote[0]} from the network; make it self-contained.`);
    }
  }
  return refs.filter((r) => !/^data:/i.test(r));
}

/**
 * Builds the deck offline: fills the placeholders from results.json, copies the images it uses,
 * renders index.html with marp-cli (default theme: no web fonts), checks that nothing is fetched
 * from the network, and, with `pdf`, renders talk.pdf in Chromium when one is installed.
 */
export async function buildSlides(opts: SlidesOptions = {}): Promise<SlidesReport> {
  const start = Date.now();
  const slidesDir = path.resolve(opts.slidesDir ?? path.join(packageRoot(), 'slides'));
  const deckFile = path.join(slidesDir, opts.deck ?? 'talk.md');
  const resultsFile = path.resolve(opts.resultsFile ?? path.join(slidesDir, 'charts', 'results.json'));
  const outDir = path.resolve(opts.outDir ?? path.join(slidesDir, 'dist'));
  if (!fs.existsSync(deckFile)) throw new UserError(`The deck ${deckFile} does not exist; pass the folder that holds talk.md.`);

  const deckName = path.relative(process.cwd(), deckFile) || deckFile;
  const source = fs.readFileSync(deckFile, 'utf8');
  const placeholders = findPlaceholders(source, deckName).length;
  const filled = fillPlaceholders(source, readResults(resultsFile), { deck: deckName, results: resultsFile });

  fs.mkdirSync(path.dirname(outDir), { recursive: true });
  const tmp = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  fs.mkdirSync(tmp);
  try {
    const images = copyImages(filled, slidesDir, tmp, deckName);
    const md = path.join(tmp, 'talk.md');
    fs.writeFileSync(md, filled);
    await runMarp([md, '-o', path.join(tmp, 'index.html')]);
    const html = fs.readFileSync(path.join(tmp, 'index.html'), 'utf8');
    const remote = externalResources(html);
    if (remote.length) throw new Error(`The built deck would load ${remote.join(', ')} from the network; use local files and the default theme.`);

    let pdfSkipped: string | null = null;
    let pdf = false;
    if (opts.pdf) {
      const browser = opts.chromePath === undefined ? findChromium() : opts.chromePath;
      if (!browser) pdfSkipped = 'No Chromium found, so no PDF: install the Debian package chromium or set CHROME_PATH.';
      else {
        // marp turns the sandbox off by itself when run as root; local files are our own copied images.
        await runMarp([md, '--pdf', '--allow-local-files', '--browser-path', browser, '-o', path.join(tmp, 'talk.pdf')], { CHROME_PATH: browser });
        pdf = true;
      }
    }
    const count = countSlides(filled);
    const pngs: string[] = [];
    if (opts.png) {
      const browser = opts.chromePath === undefined ? findChromium() : opts.chromePath;
      if (!browser) pdfSkipped ??= 'No Chromium found, so no slide pictures: install the Debian package chromium or set CHROME_PATH.';
      else {
        const files = await slidePictures(path.join(tmp, 'index.html'), path.join(tmp, 'png'), count, browser);
        pngs.push(...files.map((f) => path.join(outDir, 'png', path.basename(f))));
      }
    }
    fs.rmSync(md);
    // A deck built before the kit listed its files is the kit's whole; any other folder's files are the user's.
    installBuiltFolder(tmp, outDir, SLIDES_FOLDER, opts.force);
    return {
      html: path.join(outDir, 'index.html'),
      pdf: pdf ? path.join(outDir, 'talk.pdf') : null,
      pdfSkipped,
      pngs,
      slides: count,
      images,
      placeholders,
      seconds: (Date.now() - start) / 1000,
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
