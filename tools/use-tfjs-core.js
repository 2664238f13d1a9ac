#!/usr/bin/env node
// One-off migration, kept so it can be re-run after merging branches that still import the @tensorflow/tfjs bundle:
// every `from '@tensorflow/tfjs'` in src/ and test/ becomes the kit's src/tf module (tfjs-core + cpu + gradients),
// notebooks import @tensorflow/tfjs-core, and package.json depends on tfjs-core and tfjs-backend-cpu instead of the
// bundle. Run `node tools/use-tfjs-core.js && npm install` from the repository root; it is idempotent.
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const TF_MODULE = path.join(ROOT, 'src', 'tf');
const BUNDLE = /(from\s+|require\(\s*)(['"])@tensorflow\/tfjs\2/g;

function files(dir, ext) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p, ext) : p.endsWith(ext) ? [p] : [];
  });
}

let changed = 0;
for (const file of [...files(path.join(ROOT, 'src'), '.ts'), ...files(path.join(ROOT, 'test'), '.ts')]) {
  if (path.resolve(file) === `${TF_MODULE}.ts`) continue;
  const text = fs.readFileSync(file, 'utf8');
  let rel = path.relative(path.dirname(file), TF_MODULE).split(path.sep).join('/');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  const next = text.replace(BUNDLE, (_, head, q) => `${head}${q}${rel}${q}`);
  if (next !== text) fs.writeFileSync(file, next), changed++;
}
for (const file of files(path.join(ROOT, 'notebooks'), '.ipynb')) {
  const text = fs.readFileSync(file, 'utf8');
  const next = text.replace(/from '@tensorflow\/tfjs'/g, "from '@tensorflow/tfjs-core'");
  if (next !== text) fs.writeFileSync(file, next), changed++;
}
const pkgFile = path.join(ROOT, 'package.json');
const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
const version = pkg.dependencies['@tensorflow/tfjs'];
if (version) {
  delete pkg.dependencies['@tensorflow/tfjs'];
  pkg.dependencies['@tensorflow/tfjs-backend-cpu'] = version;
  pkg.dependencies['@tensorflow/tfjs-core'] = version;
  pkg.dependencies = Object.fromEntries(Object.entries(pkg.dependencies).sort(([a], [b]) => a.localeCompare(b)));
  fs.writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
  changed++;
}
process.stdout.write(`use-tfjs-core: ${changed} files changed\n`);
