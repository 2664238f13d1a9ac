import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../runtime/paths';

/** The page's own files (plain ES modules, HTML, CSS), shipped with the package. */
export function pageSourceDir(): string {
  return path.join(packageRoot(), 'src', 'web', 'page');
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
  const src = pageSourceDir();
  for (const f of fs.readdirSync(src)) {
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
