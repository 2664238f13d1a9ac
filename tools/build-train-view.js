#!/usr/bin/env node
// Part of `npm run build`: bundles the playground's Train view (src/web/train/view.ts) and its Web Worker
// (worker.ts) with esbuild from the kit's own modules into dist/web/train-bundle/; `clip-workshop web` copies them
// beside the page with tfjs-backend-wasm's .wasm files and the shapes-clip recipe.
'use strict';
const path = require('path');
const { builtinModules } = require('module');

const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, 'dist', 'web', 'train-bundle');
const ENTRIES = { view: 'src/web/train/view.ts', worker: 'src/web/train/worker.ts' };

/**
 * One copy of tfjs: a CommonJS `require` of tfjs-core or the wasm backend (the kernels' version check) gets the same
 * ES module the imports get, not the packages' Node builds. Node built-ins still reachable from the kit's modules
 * (train/loop.ts's checkpoint paths and recipe defaults, which the browser never uses) become a module that throws
 * when called, so the page can never silently do half of a Node-only thing.
 */
const browserOnly = {
  name: 'clip-workshop-browser',
  setup(build) {
    build.onResolve({ filter: /^@tensorflow\/tfjs-(core|backend-wasm)$/ }, (a) =>
      a.kind === 'require-call' ? { path: require.resolve(`${a.path}/dist/index.js`, { paths: [ROOT] }) } : undefined,
    );
    build.onResolve({ filter: /^(node:)?[a-z_]+$/ }, (a) => {
      const name = a.path.replace(/^node:/, '');
      if (!builtinModules.includes(name) || a.importer.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      return { path: name, namespace: 'node-only' };
    });
    build.onLoad({ filter: /.*/, namespace: 'node-only' }, (a) => ({
      contents: `module.exports = new Proxy({}, { get: (_, k) => (k === '__esModule' || typeof k === 'symbol' ? undefined : () => { throw new Error(${JSON.stringify(a.path)} + '.' + String(k) + ' is Node-only; the browser bundle cannot call it'); }) });`,
      loader: 'js',
    }));
  },
};

async function main() {
  const esbuild = require('esbuild');
  const start = Date.now();
  const result = await esbuild.build({
    entryPoints: ENTRIES,
    outdir: OUT,
    bundle: true,
    minify: true,
    platform: 'browser',
    // The view is an ES module the page imports; the worker a classic script (module workers are newer).
    format: 'iife',
    target: ['chrome114', 'firefox115', 'safari16.4'],
    plugins: [browserOnly],
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
  });
  const sizes = Object.entries(result.metafile.outputs).map(([f, o]) => `${path.basename(f)} ${(o.bytes / 1e3).toFixed(0)} KB`);
  if (process.argv.includes('--verbose')) process.stderr.write(`train view: ${sizes.join(', ')} in ${Date.now() - start} ms\n`);
}

main().catch((err) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
