#!/usr/bin/env node
// Part of `npm run build`: tfjs-core's CommonJS main registers neither the gradients nor the chained ops
// (`tensor.add(b)`); only its ES-module files do, and Node cannot load those (their imports have no extension).
// esbuild bundles the two registering files, and what they import, into one CommonJS file in dist/, which
// src/runtime/tfjsCore.ts requires once. The main module is required first and stays outside the bundle, so its
// engine, registries and Tensor class are the global ones the bundled copies register into.
'use strict';
const fs = require('fs');
const path = require('path');

const OUT_FILE = path.join(__dirname, '..', 'dist', 'tfjs-core-registrations.js');
/** The ES-module files of tfjs-core whose side effects the CommonJS main lacks. */
const ENTRIES = ['dist/register_all_gradients.js', 'dist/public/chained_ops/register_all_chained_ops.js'];

/** The installed tfjs-core's folder and version. */
function installedCore() {
  const manifest = require.resolve('@tensorflow/tfjs-core/package.json');
  return { dir: path.dirname(manifest), version: JSON.parse(fs.readFileSync(manifest, 'utf8')).version };
}

/** Writes OUT_FILE with esbuild (well under a second); returns the version bundled and the number of its input files. */
function build() {
  const core = installedCore();
  const entry = [
    // The package itself stays external: required first, its Tensor class is the global one the chained ops extend.
    "require('@tensorflow/tfjs-core');",
    // Absolute paths, so that these (and the files they import) are bundled rather than taken for the external package.
    ...ENTRIES.map((e) => `require(${JSON.stringify(path.join(core.dir, e))});`),
    `exports.version = ${JSON.stringify(core.version)};`,
    "exports.coreVersion = require('@tensorflow/tfjs-core').version_core;",
  ].join('\n');
  const result = require('esbuild').buildSync({
    stdin: { contents: entry, resolveDir: core.dir, sourcefile: 'tfjs-core-registrations-entry.js', loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['@tensorflow/tfjs-core'],
    outfile: `${OUT_FILE}.tmp`,
    banner: { js: `// Bundled by tools/bundle-tfjs-core.js (esbuild) from @tensorflow/tfjs-core ${core.version}: do not edit.` },
    metafile: true,
    logLevel: 'error',
  });
  fs.renameSync(`${OUT_FILE}.tmp`, OUT_FILE);
  return { version: core.version, files: Object.keys(result.metafile.inputs).length };
}

if (require.main === module) {
  const { version, files } = build();
  console.log(`tfjs-core ${version}: gradients and chained ops bundled to CommonJS by esbuild (${files} files) in ${path.relative(process.cwd(), OUT_FILE)}`);
}

module.exports = { build, OUT_FILE, ENTRIES };
