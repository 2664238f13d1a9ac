#!/usr/bin/env node
// Bundles the playground with esbuild into dist/web/page/ (the folder `clip-workshop web` copies): index.html with
// the router inlined (a classic script that picks the view, `?view=`), style.css, and per view in
// src/web/page/views.json its module views/NAME.js plus any extra bundles it lists (a Web Worker …) under views/NAME/.
// The build output is replaced as a whole: written beside it, then renamed.
'use strict';
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const ROOT = path.join(__dirname, '..');
const PAGE = path.join(ROOT, 'src', 'web', 'page');
const OUT = path.join(ROOT, 'dist', 'web', 'page');
/** Browsers the page supports: those with BigInt, ES modules and top-level await in modules (2021 on). */
const TARGET = ['es2022'];

const config = JSON.parse(fs.readFileSync(path.join(PAGE, 'views.json'), 'utf8'));
const tmp = `${OUT}.tmp-${process.pid}`;
const common = { bundle: true, platform: 'browser', target: TARGET, logLevel: 'warning', absWorkingDir: ROOT, charset: 'utf8', legalComments: 'none' };

try {
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  // The router goes into index.html itself: no request of its own before the view's module is asked for.
  const router = esbuild.buildSync({ ...common, entryPoints: [path.join(PAGE, 'router.ts')], write: false, format: 'iife', minify: true }).outputFiles[0].text.trim();
  if (/<\/script/i.test(router)) throw new Error('the router\'s code contains "</script", which would end its inline script');
  const html = fs.readFileSync(path.join(PAGE, 'index.html'), 'utf8');
  const tag = '<script src="router.js"></script>';
  if (!html.includes(tag)) throw new Error(`src/web/page/index.html has no ${tag} for the router to replace`);
  fs.writeFileSync(path.join(tmp, 'index.html'), html.replace(tag, () => `<script>${router}</script>`));
  for (const [name, view] of Object.entries(config.views)) {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`views.json: the view name "${name}" must be lower-case letters, digits and dashes`);
    const extra = Object.entries(view.bundles ?? {}).map(([file, entry]) => ({ in: path.join(ROOT, entry), out: `views/${name}/${file.replace(/\.js$/, '')}` }));
    esbuild.buildSync({ ...common, entryPoints: [{ in: path.join(ROOT, view.entry), out: `views/${name}` }, ...extra], outdir: tmp, format: 'esm', minify: true });
  }
  for (const f of ['style.css']) fs.copyFileSync(path.join(PAGE, f), path.join(tmp, f));
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.renameSync(tmp, OUT);
} catch (err) {
  fs.rmSync(tmp, { recursive: true, force: true });
  process.stderr.write(`build-page: ${err.message}\n`);
  process.exit(1);
}
