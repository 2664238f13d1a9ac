#!/usr/bin/env node
// Bundles the playground with esbuild into dist/web/page/ (the folder `clip-workshop web` copies): index.html with
// the router inlined (a classic script that picks the view, `?view=`), style.css, and per view in
// src/web/page/views.json its module views/NAME.js plus any extra bundles it lists (a Web Worker …) and files it
// copies as they are (a wasm binary, a recipe) under views/NAME/.
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
/**
 * One copy of tfjs: a CommonJS `require` of tfjs-core or the wasm backend (the kernels' version check) gets the same
 * ES module the imports get, not the packages' Node builds.
 */
const oneTfjs = {
  name: 'one-tfjs',
  setup(build) {
    build.onResolve({ filter: /^@tensorflow\/tfjs-(core|backend-wasm)$/ }, (a) =>
      a.kind === 'require-call' ? { path: require.resolve(`${a.path}/dist/index.js`, { paths: [ROOT] }) } : undefined,
    );
  },
};
const common = { plugins: [oneTfjs], bundle: true, platform: 'browser', target: TARGET, logLevel: 'warning', absWorkingDir: ROOT, charset: 'utf8', legalComments: 'none' };

async function main() {
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  // The router goes into index.html itself: no request of its own before the view's module is asked for.
  const router = (await esbuild.build({ ...common, entryPoints: [path.join(PAGE, 'router.ts')], write: false, format: 'iife', minify: true })).outputFiles[0].text.trim();
  if (/<\/script/i.test(router)) throw new Error('the router\'s code contains "</script", which would end its inline script');
  const html = fs.readFileSync(path.join(PAGE, 'index.html'), 'utf8');
  const tag = '<script src="router.js"></script>';
  if (!html.includes(tag)) throw new Error(`src/web/page/index.html has no ${tag} for the router to replace`);
  fs.writeFileSync(path.join(tmp, 'index.html'), html.replace(tag, () => `<script>${router}</script>`));
  for (const [name, view] of Object.entries(config.views)) {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`views.json: the view name "${name}" must be lower-case letters, digits and dashes`);
    const extra = Object.entries(view.bundles ?? {}).map(([file, entry]) => ({ in: path.join(ROOT, entry), out: `views/${name}/${file.replace(/\.js$/, '')}` }));
    const built = await esbuild.build({ ...common, entryPoints: [{ in: path.join(ROOT, view.entry), out: `views/${name}` }, ...extra], outdir: tmp, format: 'esm', minify: true });
    if (built.errors.length) throw new Error(`the ${name} view did not bundle`);
    for (const [file, from] of Object.entries(view.files ?? {})) {
      fs.mkdirSync(path.join(tmp, 'views', name), { recursive: true });
      // A package's file is found where Node finds the package (node_modules may sit higher up).
      const source = from.startsWith('node_modules/') ? require.resolve(from.slice('node_modules/'.length), { paths: [ROOT] }) : path.join(ROOT, from);
      fs.copyFileSync(source, path.join(tmp, 'views', name, file));
    }
  }
  for (const f of ['style.css']) fs.copyFileSync(path.join(PAGE, f), path.join(tmp, f));
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.renameSync(tmp, OUT);
}

main().catch((err) => {
  fs.rmSync(tmp, { recursive: true, force: true });
  process.stderr.write(`build-page: ${err.message}\n`);
  process.exit(1);
});
