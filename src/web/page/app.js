// The playground: a CLIP exported to ONNX runs in the browser; every label's probability is a bar. The kit's toy
// models run in the page's own small ONNX executor (toy-model.js); any other model in transformers.js and ONNX
// Runtime Web, loaded only when such a model is picked (transformers-model.js).
import { readState, writeState, parseLabels, fillTemplate, unknownWords, softmax } from './state.js';
import { pca2d } from './pca.js';
import { loadToyModel } from './toy-model.js';

const $ = (id) => document.getElementById(id);
const ui = {
  model: $('model'), modelNote: $('model-note'), drop: $('drop'), preview: $('preview'), file: $('file'), gallery: $('gallery'),
  labels: $('labels'), template: $('template'), templateNote: $('template-note'), bars: $('bars'), summary: $('summary'),
  status: $('status'), map: $('map'), tip: $('tip'), tabBars: $('tab-bars'), tabMap: $('tab-map'),
  viewBars: $('view-bars'), viewMap: $('view-map'),
};

/** What the page knows: models.json, gallery.json, the loaded model, the image and the last result. */
const page = {
  models: [], gallery: [], current: null, imageParam: undefined, pixels: null,
  last: null, imageEmbeds: new Map(), timings: { modelLoadMs: null, firstResultMs: null, inferenceMs: null },
};
window.playground = page;

// One model call at a time: ONNX Runtime Web runs one inference per session at once.
let queue = Promise.resolve();
function exclusive(fn) {
  const p = queue.then(fn, fn);
  queue = p.catch(() => undefined);
  return p;
}

async function fetchJson(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.json();
}

function setStatus(extra) {
  const t = page.timings;
  const parts = [];
  if (page.current) parts.push(`model ${page.current.info.name} loaded in ${t.modelLoadMs.toFixed(0)} ms`);
  if (t.firstResultMs !== null) parts.push(`first probabilities ${(t.firstResultMs / 1000).toFixed(2)} s after page load`);
  if (t.inferenceMs !== null) parts.push(`last update ${t.inferenceMs.toFixed(0)} ms`);
  ui.status.textContent = [extra, ...parts].filter(Boolean).join(' · ');
}

/** Loads a model: a kit toy in the page's own executor (its vocabulary kept for the unknown-word flags), any other in transformers.js. */
async function loadModel(info) {
  const start = performance.now();
  const base = new URL(`models/${info.name}/`, location.href);
  const [model, pre] = await Promise.all([
    info.toy ? loadToyModel(base) : import('./transformers-model.js').then((t) => t.loadTransformersModel(info)),
    fetchJson(new URL('preprocessor_config.json', base)),
  ]);
  page.timings.modelLoadMs = performance.now() - start;
  const vocab = info.toy ? model.tokenizer.vocab : null;
  const pattern = info.toy ? model.tokenizer.pattern : null;
  return { info, model, mean: pre.image_mean, std: pre.image_std, size: info.imageSize, vocab, pattern };
}

/**
 * An image as the model's input [1, 3, size, size]: flattened on white, the central square scaled to size×size
 * (the kit's "cover": shortest side to size, centre crop), then (x/255 − mean) / std per channel.
 */
function pixelValues(images, m) {
  const n = m.size * m.size;
  const data = new Float32Array(images.length * 3 * n);
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = m.size;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  ctx.imageSmoothingQuality = 'high';
  images.forEach((img, k) => {
    const w = img.naturalWidth, h = img.naturalHeight, s = Math.min(w, h);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, m.size, m.size);
    ctx.drawImage(img, (w - s) / 2, (h - s) / 2, s, s, 0, 0, m.size, m.size);
    const rgba = ctx.getImageData(0, 0, m.size, m.size).data;
    for (let c = 0; c < 3; c++) for (let i = 0; i < n; i++) data[(k * 3 + c) * n + i] = (rgba[i * 4 + c] / 255 - m.mean[c]) / m.std[c];
  });
  return { data, dims: [images.length, 3, m.size, m.size] };
}

function saveState() {
  const labels = parseLabels(ui.labels.value);
  const q = writeState({ model: page.current?.info.name ?? ui.model.value, labels, template: ui.template.value, image: page.imageParam });
  history.replaceState(null, '', q);
}

/** Bars lose data-label / data-prob while a new result is on its way: a reader sees only final values. */
function markPending() {
  ui.bars.dataset.state = 'pending';
  ui.bars.setAttribute('aria-busy', 'true');
  for (const li of ui.bars.children) {
    delete li.dataset.label;
    delete li.dataset.prob;
  }
}

function renderBars(labels, probs, unknown) {
  const winner = probs.indexOf(Math.max(...probs));
  ui.bars.replaceChildren(
    ...labels.map((label, i) => {
      const li = document.createElement('li');
      li.className = 'bar' + (i === winner ? ' winner' : '');
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = label;
      if (i === winner) name.append(' ★');
      if (unknown[i].length) {
        const u = document.createElement('span');
        u.className = 'unknown';
        u.textContent = `unknown to this model: ${unknown[i].join(', ')}`;
        name.append(u);
      }
      const track = document.createElement('span');
      track.className = 'track';
      track.setAttribute('aria-hidden', 'true');
      const fill = document.createElement('span');
      fill.className = 'fill';
      fill.style.display = 'block';
      fill.style.width = `${(probs[i] * 100).toFixed(2)}%`;
      track.append(fill);
      const value = document.createElement('span');
      value.className = 'value';
      value.textContent = `${(probs[i] * 100).toFixed(1)} %`;
      li.append(name, track, value);
      li.dataset.label = label;
      li.dataset.prob = String(probs[i]);
      return li;
    }),
  );
  ui.bars.dataset.state = 'final';
  ui.bars.removeAttribute('aria-busy');
  ui.summary.textContent = `Best: ${labels[winner]} (${(probs[winner] * 100).toFixed(1)} %)`;
}

/** Classifies the current image among the typed labels and draws the bars (and the map when it is shown). */
async function classifyOnce() {
  const m = page.current;
  const labels = parseLabels(ui.labels.value);
  const template = ui.template.value;
  if (!m || !page.pixels) return;
  if (labels.length === 0) {
    ui.bars.replaceChildren();
    ui.bars.dataset.state = 'empty';
    ui.summary.textContent = 'Type at least one label.';
    return;
  }
  const prompts = labels.map((l) => fillTemplate(template, l));
  const start = performance.now();
  const out = await exclusive(async () => m.model.run(prompts, page.pixels));
  if (pendingAgain || m !== page.current) return;
  const probs = softmax(Array.from(out.logits_per_image.data));
  const dim = out.text_embeds.dims[1];
  const textEmbeds = labels.map((_, i) => Array.from(out.text_embeds.data.slice(i * dim, (i + 1) * dim)));
  page.timings.inferenceMs = performance.now() - start;
  const unknown = prompts.map((p) => (m.vocab ? unknownWords(p, m.vocab, m.pattern) : []));
  const templateUnknown = m.vocab && template ? unknownWords(template.split('{}').join(' '), m.vocab, m.pattern) : [];
  ui.templateNote.hidden = templateUnknown.length === 0;
  ui.templateNote.textContent = templateUnknown.length ? `The template has words this model never saw (read as [UNK]): ${templateUnknown.join(', ')}` : '';
  page.last = { labels, template, probs, textEmbeds };
  renderBars(labels, probs, unknown);
  if (page.timings.firstResultMs === null) {
    page.timings.firstResultMs = performance.now();
    document.body.dataset.firstResultMs = page.timings.firstResultMs.toFixed(0);
  }
  setStatus();
  if (!ui.viewMap.hidden) drawMap();
}

// Typing fires faster than the model answers: one run at a time, and one more when inputs changed meanwhile.
let running = false;
let pendingAgain = false;
async function update() {
  markPending();
  saveState();
  if (running) {
    pendingAgain = true;
    return;
  }
  running = true;
  try {
    do {
      pendingAgain = false;
      await classifyOnce();
    } while (pendingAgain);
  } catch (err) {
    fail(err);
  } finally {
    running = false;
  }
}

function fail(err) {
  console.error(err);
  ui.bars.dataset.state = 'error';
  setStatus(`Error: ${err.message ?? err}`);
}

function loadImg(src) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.crossOrigin = 'anonymous';
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error(`cannot load the image ${src}`));
    img.src = src;
  });
}

/** Shows an image and makes it the model's input; `param` is what the URL keeps (undefined for a local file). */
async function setImage(src, param) {
  markPending();
  const img = await loadImg(src);
  page.image = img;
  page.imageParam = param;
  ui.preview.src = src;
  ui.preview.alt = param ? `the image ${param}` : 'your image';
  for (const b of ui.gallery.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.file === param));
  if (page.current) page.pixels = pixelValues([img], page.current);
  await update();
}

async function setModel(name) {
  const info = page.models.find((m) => m.name === name) ?? page.models[0];
  markPending();
  setStatus(`Loading ${info.name}…`);
  const m = await loadModel(info);
  page.current = m;
  ui.model.value = info.name;
  ui.modelNote.textContent = `${info.description}${info.toy ? ' — a toy model: it knows only the words of its training captions.' : ''}`;
  if (page.image) page.pixels = pixelValues([page.image], m);
  setStatus();
  await update();
}

function useFile(file) {
  if (!file || !file.type.startsWith('image/')) {
    setStatus('That is not an image file; choose a PNG, JPEG, WebP, GIF or SVG.');
    return;
  }
  setImage(URL.createObjectURL(file), undefined).catch(fail);
}

// The map: image embeddings of the gallery and the labels' text embeddings in the plane of their first two PCs.
async function imageEmbeddings(m) {
  if (page.imageEmbeds.has(m.info.name)) return page.imageEmbeds.get(m.info.name);
  const imgs = await Promise.all(page.gallery.map((g) => loadImg(g.file)));
  const out = await exclusive(async () => m.model.run(['a'], pixelValues(imgs, m)));
  const dim = out.image_embeds.dims[1];
  const rows = page.gallery.map((_, i) => Array.from(out.image_embeds.data.slice(i * dim, (i + 1) * dim)));
  page.imageEmbeds.set(m.info.name, rows);
  return rows;
}

const SVG = 'http://www.w3.org/2000/svg';
/** How a gallery picture is described to a screen reader, by its split. */
const NOTES = { heldout: 'a held-out combination', example: 'a picture for the label examples' };
function el(name, attrs) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

async function drawMap() {
  const m = page.current;
  if (!m || !page.last) return;
  const imgRows = await imageEmbeddings(m);
  const { labels, textEmbeds } = page.last;
  const xy = pca2d([...imgRows, ...textEmbeds]);
  const W = 560, H = 400, pad = 40;
  const xs = xy.map((p) => p[0]), ys = xy.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (x) => pad + ((x - x0) / (x1 - x0 || 1)) * (W - 2 * pad);
  const sy = (y) => H - pad - ((y - y0) / (y1 - y0 || 1)) * (H - 2 * pad);
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `PCA map of ${imgRows.length} image embeddings and ${labels.length} label embeddings` });
  page.gallery.forEach((g, i) => {
    const c = el('circle', { cx: sx(xy[i][0]).toFixed(1), cy: sy(xy[i][1]).toFixed(1), r: 5, tabindex: 0, 'aria-label': `image: ${g.concept}` });
    const show = () => showTip(c, g);
    c.addEventListener('mouseenter', show);
    c.addEventListener('focus', show);
    c.addEventListener('mouseleave', hideTip);
    c.addEventListener('blur', hideTip);
    svg.append(c);
  });
  labels.forEach((label, k) => {
    const [x, y] = xy[imgRows.length + k];
    const X = sx(x), Y = sy(y);
    svg.append(el('path', { class: 'text', d: `M${X} ${Y - 8}L${X + 8} ${Y}L${X} ${Y + 8}L${X - 8} ${Y}Z` }));
    const t = el('text', { x: X + 11, y: Y + 4 });
    t.textContent = label;
    svg.append(t);
  });
  ui.map.replaceChildren(svg);
}

function showTip(target, g) {
  const r = target.getBoundingClientRect();
  ui.tip.querySelector('img').src = g.file;
  ui.tip.querySelector('span').textContent = g.concept + (g.split === 'heldout' ? ' (held-out)' : '');
  ui.tip.style.left = `${r.right + 6}px`;
  ui.tip.style.top = `${r.top - 30}px`;
  ui.tip.hidden = false;
}
function hideTip() {
  ui.tip.hidden = true;
}

function selectTab(which) {
  const map = which === 'map';
  ui.tabBars.setAttribute('aria-selected', String(!map));
  ui.tabMap.setAttribute('aria-selected', String(map));
  ui.tabBars.tabIndex = map ? -1 : 0;
  ui.tabMap.tabIndex = map ? 0 : -1;
  ui.viewBars.hidden = map;
  ui.viewMap.hidden = !map;
  (map ? ui.tabMap : ui.tabBars).focus();
  if (map) drawMap().catch(fail);
}

function wire() {
  ui.labels.addEventListener('input', update);
  ui.template.addEventListener('input', update);
  ui.model.addEventListener('change', () => setModel(ui.model.value).catch(fail));
  ui.file.addEventListener('change', () => useFile(ui.file.files[0]));
  ui.drop.addEventListener('click', () => ui.file.click());
  ui.drop.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      ui.file.click();
    }
  });
  ui.drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    ui.drop.classList.add('over');
  });
  ui.drop.addEventListener('dragleave', () => ui.drop.classList.remove('over'));
  ui.drop.addEventListener('drop', (e) => {
    e.preventDefault();
    ui.drop.classList.remove('over');
    useFile(e.dataTransfer.files[0]);
  });
  document.addEventListener('paste', (e) => {
    const file = [...(e.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
    if (file) useFile(file);
  });
  ui.tabBars.addEventListener('click', () => selectTab('bars'));
  ui.tabMap.addEventListener('click', () => selectTab('map'));
  for (const tab of [ui.tabBars, ui.tabMap]) {
    tab.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') selectTab(tab === ui.tabBars ? 'map' : 'bars');
    });
  }
}

async function main() {
  wire();
  const state = readState(location.search);
  const galleryP = fetchJson('gallery.json');
  page.models = await fetchJson('models.json');
  if (page.models.length === 0) throw new Error('this build has no models; build it again with clip-workshop web --model DIR');
  const wanted = state.model && page.models.find((m) => m.name === state.model) ? state.model : page.models[0].name;
  const info = page.models.find((x) => x.name === wanted);
  // The model and the image load while the rest of the page is laid out, ahead of the gallery's thumbnails.
  const modelP = loadModel(info);
  const firstImage = state.image ?? info.example?.image;
  const imgP = firstImage ? loadImg(firstImage) : null;
  imgP?.catch(() => undefined); // its error is reported once awaited below
  page.gallery = await galleryP;
  ui.model.replaceChildren(...page.models.map((m) => new Option(`${m.name}${m.toy ? ' (toy)' : ''}`, m.name)));
  ui.gallery.replaceChildren(
    ...page.gallery.map((g) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset.file = g.file;
      b.setAttribute('role', 'listitem');
      b.setAttribute('aria-pressed', 'false');
      b.setAttribute('aria-label', `${g.concept}${NOTES[g.split] ? `, ${NOTES[g.split]}` : ''}`);
      b.title = b.getAttribute('aria-label');
      const img = document.createElement('img');
      img.dataset.src = g.file; // loaded once the first bars are shown (showThumbnails)
      img.alt = '';
      b.append(img);
      b.addEventListener('click', () => setImage(g.file, g.file).catch(fail));
      return b;
    }),
  );
  ui.labels.value = (state.labels ?? info.example?.labels ?? []).join('\n');
  ui.template.value = state.template ?? '';
  if (state.model && state.model !== wanted) ui.modelNote.textContent = `No model "${state.model}" in this build; showing ${wanted}.`;
  const imageSrc = firstImage ?? page.gallery[0]?.file;
  const [img, m] = await Promise.all([imgP ?? (imageSrc ? loadImg(imageSrc) : null), modelP]);
  page.current = m;
  ui.model.value = wanted;
  ui.modelNote.textContent ||= `${m.info.description}${m.info.toy ? ' — a toy model: it knows only the words of its training captions.' : ''}`;
  if (img) {
    page.image = img;
    page.imageParam = imageSrc;
    ui.preview.src = imageSrc;
    for (const b of ui.gallery.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.file === imageSrc));
    page.pixels = pixelValues([img], m);
  }
  setStatus();
  await update();
}

/** The gallery's pictures load after the first result: on a busy machine they would compete with the model for the CPU. */
function showThumbnails() {
  for (const img of ui.gallery.querySelectorAll('img[data-src]')) {
    img.src = img.dataset.src;
    delete img.dataset.src;
  }
}

main().catch(fail).finally(showThumbnails);
