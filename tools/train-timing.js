#!/usr/bin/env node
// `node tools/train-timing.js [DIR] [--runs N] [--query Q] [--isolated] [--json]`: the Train view against Node on
// the same recipe. Each round, one after the other: `clip-workshop train --recipe shapes-clip` in Node (wall time of
// the whole command, and its training seconds), then the built playground in DIR (default web/dist, from
// `clip-workshop web`) opened at ?view=train in a fresh headless Chromium (seconds from opening the page to the
// status `done`, and the training seconds the page reports). Medians over N rounds, with the load average.
// Without --isolated the page is served without COOP/COEP headers: one wasm thread, as a static host serves it.
// A maintainer's tool, not part of the library: it needs `npm run build` first and the system Chromium.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const { serveStatic } = require(path.join(ROOT, 'dist', 'web'));
const { headlessFlags, findChromium } = require(path.join(ROOT, 'dist', 'slides', 'chromium'));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Node: the recipe trained by the CLI into a scratch folder; wall seconds of the command and its training seconds. */
function nodeRun(recipe, overrides) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-train-timing-'));
  const args = [path.join(ROOT, 'bin', 'clip-workshop.js'), 'train', '--recipe', recipe, '--out', path.join(out, 'model'), '--json'];
  for (const [k, flag] of [['epochs', '--epochs'], ['seed', '--seed'], ['batchSize', '--batch-size']]) if (overrides[k] !== undefined) args.push(flag, String(overrides[k]));
  const start = Date.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CLIP_WORKSHOP_SILENT: '1', CLIP_WORKSHOP_QUICK: '' } });
  const wall = (Date.now() - start) / 1000;
  fs.rmSync(out, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`clip-workshop train failed: ${r.stderr.trim()}`);
  const json = JSON.parse(r.stdout.trim().split('\n').pop());
  return { wall, train: json.seconds ?? json.run?.seconds, steps: json.steps ?? json.run?.steps };
}

/** Chromium: a fresh browser opens the Train view; seconds from opening to `done`, and the training seconds. */
async function pageRun(chromium, url) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const puppeteer = require(path.join(ROOT, 'node_modules', 'puppeteer-core'));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-train-timing-'));
  const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: headlessFlags(profile).filter((f) => f !== '--headless' && !f.startsWith('--user-data-dir')), userDataDir: profile });
  try {
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => ['done', 'error'].includes(document.getElementById('train-progress')?.dataset.trainStatus ?? ''), { timeout: 1_800_000, polling: 500 });
    const s = await page.evaluate(() => ({ ...document.getElementById('train-progress').dataset, runtime: window.trainView.runtime, top1: window.trainView.heldoutTop1 }));
    if (s.trainStatus !== 'done') throw new Error(`the Train view stopped: ${await page.$eval('#train-progress-text', (e) => e.textContent)}`);
    return { wall: Number(s.pageSeconds), train: Number(s.trainSeconds), steps: Number(s.trainStep), top1: s.top1, runtime: s.runtime };
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

async function main() {
  const argv = process.argv.slice(2);
  const opt = (name, def) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : def);
  const dir = path.resolve(argv[0] && !argv[0].startsWith('--') ? argv[0] : path.join(ROOT, 'web', 'dist'));
  const runs = Number(opt('--runs', '1'));
  const query = opt('--query', '?view=train');
  const chromium = findChromium();
  if (!chromium) throw new Error('no Chromium found; install chromium (Debian: apt-get install chromium)');
  if (!fs.existsSync(path.join(dir, 'train', 'worker.js'))) throw new Error(`${dir} has no Train view; build it with clip-workshop web --out ${dir}`);
  const overrides = Object.fromEntries(['epochs', 'seed', 'batchSize'].filter((k) => new URLSearchParams(query).has(k)).map((k) => [k, Number(new URLSearchParams(query).get(k))]));
  const server = await serveStatic(dir, 0, '127.0.0.1', { crossOriginIsolated: argv.includes('--isolated') });
  const rounds = [];
  try {
    for (let i = 0; i < runs; i++) {
      const load = os.loadavg()[0];
      const node = nodeRun('shapes-clip', overrides);
      const page = await pageRun(chromium, `${server.url}index.html${query}`);
      rounds.push({ node, page, load });
      if (!argv.includes('--json')) process.stderr.write(`round ${i + 1}: Node ${node.wall.toFixed(1)} s (training ${node.train.toFixed(1)} s), page ${page.wall.toFixed(1)} s (training ${page.train.toFixed(1)} s), load ${load.toFixed(1)}\n`);
    }
  } finally {
    await server.close();
  }
  const m = (f) => median(rounds.map(f));
  const summary = {
    query,
    runs,
    cores: os.cpus().length,
    loadAverage: m((r) => r.load),
    runtime: rounds[0].page.runtime,
    steps: rounds[0].page.steps,
    heldoutTop1: rounds.map((r) => r.page.top1),
    node: { seconds: m((r) => r.node.wall), trainSeconds: m((r) => r.node.train) },
    page: { seconds: m((r) => r.page.wall), trainSeconds: m((r) => r.page.train) },
  };
  summary.ratio = summary.page.seconds / summary.node.seconds;
  summary.trainRatio = summary.page.trainSeconds / summary.node.trainSeconds;
  if (argv.includes('--json')) process.stdout.write(JSON.stringify(summary) + '\n');
  else {
    process.stdout.write(
      [
        `Node   ${summary.node.seconds.toFixed(1)} s for clip-workshop train --recipe shapes-clip (training ${summary.node.trainSeconds.toFixed(1)} s)`,
        `page   ${summary.page.seconds.toFixed(1)} s from opening ${query} to done (training ${summary.page.trainSeconds.toFixed(1)} s); ${summary.runtime.threads} thread(s), ${summary.runtime.kernels}`,
        `ratio  ${summary.ratio.toFixed(2)}× Node (training alone ${summary.trainRatio.toFixed(2)}×); medians of ${runs} round(s), load average ${summary.loadAverage.toFixed(1)} on ${summary.cores} cores`,
      ].join('\n') + '\n',
    );
  }
}

main().catch((err) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
