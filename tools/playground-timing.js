#!/usr/bin/env node
// `node tools/playground-timing.js [DIR] [--runs N] [--query Q] [--screenshot FILE] [--json]`: opens a built playground
// (default web/dist, from `clip-workshop web`) N times in headless Chromium, each load in a fresh browser context (a
// cold cache), and reports when the first probabilities appeared, Chromium's CPU time until then, the load average,
// and the bytes the page fetched: its own files, vendor/ (transformers.js, ONNX Runtime Web) and the model.
// A maintainer's tool, not part of the library: it needs `npm run build` first and the system Chromium.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const { serveStatic } = require(path.join(ROOT, 'dist', 'web'));
const { headlessFlags, findChromium } = require(path.join(ROOT, 'dist', 'slides', 'chromium'));

/** CPU seconds used so far by a process and its descendants (Linux /proc; undefined elsewhere). */
function treeCpuSeconds(root) {
  if (root === undefined || !fs.existsSync('/proc/self/stat')) return undefined;
  const procs = [];
  for (const p of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.push({ pid: Number(p), ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / 100 });
    } catch {
      // The process ended while we read.
    }
  }
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) {
      if (!tree.has(p.pid) && tree.has(p.ppid)) {
        tree.add(p.pid);
        grew = true;
      }
    }
  }
  return procs.filter((p) => tree.has(p.pid)).reduce((s, p) => s + p.cpu, 0);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The query the page opens with: the first model's own example (models.json) unless one is given. */
function exampleQuery(dir) {
  const m = JSON.parse(fs.readFileSync(path.join(dir, 'models.json'), 'utf8'))[0];
  const q = new URLSearchParams({ model: m.name, image: m.example.image, labels: m.example.labels.join('|') });
  return '?' + q.toString();
}

/** Cold loads of the playground in `dir`; see the file's header. */
async function measure(dir, { runs = 5, query = exampleQuery(dir), screenshot } = {}) {
  const chromium = findChromium();
  if (!chromium) throw new Error('no Chromium found; install chromium (Debian: apt-get install chromium)');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const puppeteer = require(path.join(ROOT, 'node_modules', 'puppeteer-core'));
  const server = await serveStatic(dir, 0, '127.0.0.1');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-timing-'));
  const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: headlessFlags(profile).filter((f) => f !== '--headless' && !f.startsWith('--user-data-dir')), userDataDir: profile });
  const size = (f) => (fs.existsSync(path.join(dir, f)) ? fs.statSync(path.join(dir, f)).size : 0);
  const loads = [];
  try {
    for (let run = 0; run < runs; run++) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport({ width: 1100, height: 860 });
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const files = new Set();
      page.on('requestfinished', (r) => files.add(decodeURIComponent(new URL(r.url()).pathname).slice(1) || 'index.html'));
      const loadAverage = os.loadavg()[0];
      const cpu0 = treeCpuSeconds(browser.process()?.pid);
      // Not waiting for the load event, which waits for every gallery picture: the CPU time stops at the first bars.
      await page.goto(`${server.url}index.html${query}`, { waitUntil: 'domcontentloaded' });
      await page.waitForSelector('#bars[data-state=final] li[data-prob], #bars[data-state=error]', { timeout: 120_000 });
      const cpu1 = treeCpuSeconds(browser.process()?.pid);
      const state = await page.$eval('#bars', (b) => b.dataset.state);
      if (state !== 'final') throw new Error(`the page failed: ${await page.$eval('#status', (s) => s.textContent)} ${errors.join(' ')}`);
      const firstMs = await page.evaluate(() => Number(document.body.dataset.firstResultMs));
      const fetched = [...files];
      const bytes = (keep) => fetched.filter(keep).reduce((s, f) => s + size(f), 0);
      loads.push({
        firstSeconds: firstMs / 1000,
        chromiumCpuSeconds: cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined,
        loadAverage,
        pageBytes: bytes((f) => !/^(models|gallery|vendor)\//.test(f) && !f.endsWith('.json')),
        vendorBytes: bytes((f) => f.startsWith('vendor/')),
        modelBytes: bytes((f) => f.startsWith('models/')),
        // models.json, gallery.json and the gallery's pictures.
        galleryBytes: bytes((f) => f.startsWith('gallery/') || (f.endsWith('.json') && !f.includes('/'))),
      });
      if (screenshot && run === runs - 1) {
        await page.evaluate(() => document.activeElement?.blur());
        await page.waitForFunction(() => [...document.images].every((img) => img.complete), { timeout: 60_000 });
        // Recompressed losslessly: less than half of Chromium's PNG.
        const sharp = require(path.join(ROOT, 'node_modules', 'sharp'));
        await sharp(await page.screenshot()).png({ compressionLevel: 9, effort: 10 }).toFile(screenshot);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  const firsts = loads.map((l) => l.firstSeconds);
  return {
    runs,
    cores: os.cpus().length,
    firstSecondsMedian: median(firsts),
    firstSecondsMin: Math.min(...firsts),
    firstSecondsMax: Math.max(...firsts),
    chromiumCpuSecondsMedian: loads[0].chromiumCpuSeconds === undefined ? undefined : median(loads.map((l) => l.chromiumCpuSeconds)),
    loadAverage: [Math.min(...loads.map((l) => l.loadAverage)), Math.max(...loads.map((l) => l.loadAverage))],
    loads,
  };
}

function parseArgs(argv) {
  const o = { dir: path.join(ROOT, 'web', 'dist'), runs: 5 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') o.runs = Number(argv[++i]);
    else if (a === '--query') o.query = argv[++i];
    else if (a === '--screenshot') o.screenshot = path.resolve(argv[++i]);
    else if (a === '--json') o.json = true;
    else if (a === '--help' || a === '-h') o.help = true;
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}; see --help`);
    else o.dir = path.resolve(a);
  }
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new Error('--runs takes a whole number of at least 1');
  if (!fs.existsSync(path.join(o.dir, 'models.json'))) throw new Error(`${o.dir} is not a built playground (no models.json); build one with clip-workshop web --out ${o.dir}`);
  return o;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.help) {
    process.stdout.write(fs.readFileSync(__filename, 'utf8').split('\n').slice(1, 6).map((l) => l.replace(/^\/\/ ?/, '')).join('\n') + '\n');
    return;
  }
  const r = await measure(o.dir, o);
  if (o.json) {
    process.stdout.write(JSON.stringify(r) + '\n');
    return;
  }
  const kb = (b) => `${(b / 1000).toFixed(0)} KB`;
  r.loads.forEach((l, i) =>
    process.stdout.write(`load ${i + 1}: first probabilities ${l.firstSeconds.toFixed(2)} s, Chromium CPU ${l.chromiumCpuSeconds?.toFixed(2) ?? '?'} s, load average ${l.loadAverage.toFixed(1)}; fetched page ${kb(l.pageBytes)}, vendor ${kb(l.vendorBytes)}, model ${kb(l.modelBytes)}, gallery ${kb(l.galleryBytes)}\n`),
  );
  process.stdout.write(`median of ${r.runs} cold loads: first probabilities ${r.firstSecondsMedian.toFixed(2)} s (${r.firstSecondsMin.toFixed(2)}–${r.firstSecondsMax.toFixed(2)}), Chromium CPU ${r.chromiumCpuSecondsMedian?.toFixed(2) ?? '?'} s; ${r.cores} cores, load average ${r.loadAverage.map((x) => x.toFixed(1)).join('–')}\n`);
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`playground-timing: ${err.message}\n`);
    process.exit(1);
  });
}

module.exports = { measure, treeCpuSeconds };
