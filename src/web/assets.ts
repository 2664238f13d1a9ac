import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../runtime/errors';
import { packageRoot } from '../runtime/paths';

/** The page's own files as the kit's build bundled them (tools/build-page.js): index.html (with the router), style.css, views/. */
export function pageBuildDir(): string {
  return path.join(packageRoot(), 'dist', 'web', 'page');
}

/** Every file under `dir`, by its path relative to `dir` with forward slashes, sorted. */
export function filesUnder(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(dir, path.posix.join(prefix, e.name)) : [path.posix.join(prefix, e.name)]))
    .sort();
}

/** The files every view loads: the page (with the router inlined) and its style (each view adds views/NAME.js and views/NAME/). */
export const PAGE_SHELL = ['index.html', 'style.css'] as const;

/** Bytes of each view without the models: the shell, views/NAME.js and everything under views/NAME/. */
export function viewBytes(files: Record<string, number>): Record<string, number> {
  const shell = PAGE_SHELL.reduce((s, f) => s + (files[f] ?? 0), 0);
  const out: Record<string, number> = {};
  for (const [f, bytes] of Object.entries(files)) {
    const m = /^views\/([^/]+?)(\.js$|\/)/.exec(f);
    if (m) out[m[1]] = (out[m[1]] ?? shell) + bytes;
  }
  return out;
}

/** The folder of a package's files: found beside the kit or inside another package's node_modules. */
function packageDir(name: string, from: string[]): string {
  for (const base of from) {
    for (let dir = base; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules', name);
      if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error(`clip-workshop: the package ${name} is not installed; run npm install in the kit's folder.`);
}

/**
 * The third-party files the page loads, by their name under vendor/: transformers.js's self-contained browser bundle
 * and ONNX Runtime Web's plain SIMD build (the bundle's default, the WebGPU-capable asyncify build, is twice its size
 * and brings nothing to a CPU page). Nothing is fetched from a CDN.
 */
export function vendorFiles(): Record<string, string> {
  const transformers = packageDir('@huggingface/transformers', [packageRoot()]);
  const ort = packageDir('onnxruntime-web', [transformers, packageRoot()]);
  return {
    'transformers.min.js': path.join(transformers, 'dist', 'transformers.min.js'),
    'ort-wasm-simd-threaded.mjs': path.join(ort, 'dist', 'ort-wasm-simd-threaded.mjs'),
    'ort-wasm-simd-threaded.wasm': path.join(ort, 'dist', 'ort-wasm-simd-threaded.wasm'),
  };
}

/** Copies the page and vendor files into `outDir`; returns the bytes of each, by path relative to `outDir`. */
export function copyPageAssets(outDir: string): Record<string, number> {
  const sizes: Record<string, number> = {};
  const src = pageBuildDir();
  if (!fs.existsSync(path.join(src, 'index.html'))) throw new UserError(`The playground's page is not built (${src} is missing); run npm run build in the kit's folder.`);
  for (const f of filesUnder(src)) {
    fs.mkdirSync(path.dirname(path.join(outDir, f)), { recursive: true });
    fs.copyFileSync(path.join(src, f), path.join(outDir, f));
    sizes[f] = fs.statSync(path.join(outDir, f)).size;
  }
  fs.mkdirSync(path.join(outDir, 'vendor'), { recursive: true });
  for (const [name, from] of Object.entries(vendorFiles())) {
    fs.copyFileSync(from, path.join(outDir, 'vendor', name));
    sizes[`vendor/${name}`] = fs.statSync(from).size;
  }
  return sizes;
}
