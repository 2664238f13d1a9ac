import * as fs from 'fs';
import * as path from 'path';
import { recipesDir } from '../../recipes/load';
import { packageRoot } from '../../runtime/paths';

/** The Train view's recipe: the same file `clip-workshop train --recipe shapes-clip` reads. */
export const TRAIN_VIEW_RECIPE = 'shapes-clip';

/** Where `npm run build` puts the Train view's bundles (tools/build-train-view.js). */
export function trainBundleDir(): string {
  return path.join(packageRoot(), 'dist', 'web', 'train-bundle');
}

/** tfjs-backend-wasm's three builds (plain, SIMD, threaded SIMD): the worker loads the one the browser can run. */
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

/**
 * Copies the Train view into `outDir`/train/: its two bundles (view.js, worker.js), the wasm backend's .wasm files
 * and the recipe. Returns the bytes of each file by path relative to `outDir`.
 */
export function copyTrainView(outDir: string): Record<string, number> {
  const dir = path.join(outDir, 'train');
  fs.mkdirSync(dir, { recursive: true });
  const wasmDir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  const from: Record<string, string> = {
    'view.js': path.join(trainBundleDir(), 'view.js'),
    'worker.js': path.join(trainBundleDir(), 'worker.js'),
    [`${TRAIN_VIEW_RECIPE}.json`]: path.join(recipesDir(), `${TRAIN_VIEW_RECIPE}.json`),
    ...Object.fromEntries(WASM_FILES.map((f) => [f, path.join(wasmDir, f)])),
  };
  const sizes: Record<string, number> = {};
  for (const [name, file] of Object.entries(from)) {
    if (!fs.existsSync(file)) throw new Error(`clip-workshop: ${file} is missing; run npm run build (it bundles the Train view).`);
    fs.copyFileSync(file, path.join(dir, name));
    sizes[`train/${name}`] = fs.statSync(file).size;
  }
  return sizes;
}
