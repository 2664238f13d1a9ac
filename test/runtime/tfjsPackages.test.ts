import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { KERNELS_BUILT_FOR } from '../../src/kernels/install';
import { REGISTRATIONS_FILE, registerGradientsAndChainedOps } from '../../src/runtime/tfjsCore';

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));

/** Every file under `dir` whose name ends with one of `endings`. */
function files(dir: string, endings: string[]): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p, endings) : endings.some((x) => e.name.endsWith(x)) ? [p] : [];
  });
}

describe('tfjs packages: tfjs-core and the two backends the kit uses, not the umbrella', () => {
  test('the @tensorflow/tfjs umbrella (layers, converter, webgl, data: about 220 MB) is no dependency, direct or locked', () => {
    expect(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })).not.toContain('@tensorflow/tfjs');
    const locked = Object.keys(lock.packages).filter((p) => /(^|\/)node_modules\/@tensorflow\/tfjs(-layers|-converter|-data|-backend-webgl)?$/.test(p));
    expect(locked).toEqual([]);
  });

  test('tfjs-core, tfjs-backend-cpu and tfjs-backend-wasm are pinned to the one exact version the kernels were built for', () => {
    for (const name of ['tfjs-core', 'tfjs-backend-cpu', 'tfjs-backend-wasm']) {
      expect(pkg.dependencies[`@tensorflow/${name}`]).toBe(KERNELS_BUILT_FOR['tfjs-core']);
    }
  });

  test('no source, test, tool or notebook imports the umbrella', () => {
    const scanned = ['src', 'test', 'tools', 'bin'].flatMap((d) => files(path.join(ROOT, d), ['.ts', '.js'])).concat(files(path.join(ROOT, 'notebooks'), ['.ipynb']));
    expect(scanned.length).toBeGreaterThan(50);
    const umbrella = /(?:from\s+|require\(\s*|import\(\s*)\\?['"]@tensorflow\/tfjs\\?['"]/;
    const offenders = scanned.filter((f) => umbrella.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(ROOT, f));
    expect(offenders).toEqual([]);
  });

  test('the build wrote the gradients, bundled from the installed tfjs-core, and they register', () => {
    expect(fs.existsSync(REGISTRATIONS_FILE)).toBe(true);
    expect(registerGradientsAndChainedOps()).toBe(tf.version_core);
    expect(tf.getGradient('BatchMatMul')).toBeDefined();
    expect(tf.getGradient('Softmax')).toBeDefined();
  });
});
