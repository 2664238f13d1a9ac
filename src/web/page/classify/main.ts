// The classify view: a CLIP exported to ONNX runs in the browser; every label's probability is a bar. The kit's toy
// models run in the page's own ONNX executor (toyModel.ts); any other model in transformers.js and ONNX Runtime
// Web, loaded only when such a model is picked (transformersModel.ts).
import { fillTemplate } from '../../../text/templates';
import { domReady } from '../domReady';
import { markPending, renderBars } from './bars';
import { markChosen, renderGallery, showThumbnails } from './gallery';
import { drawMap } from './map';
import { loadImg, pixelValues } from './pixels';
import { parseLabels, readState, softmax, writeState } from './state';
import { readTabModel, TAB_MODEL } from '../tabModel';
import { loadToyModel, ToyClip, toyModelFromFiles } from './toyModel';
import { loadTransformersModel } from './transformersModel';
import { GalleryItem, LoadedModel, ModelInfo, OutTensor, Pixels } from './types';

await domReady();

function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`the page has no #${id}; its index.html and its code are from different builds`);
  return e as T;
}

const ui = {
  model: $<HTMLSelectElement>('model'), modelNote: $('model-note'), drop: $('drop'), preview: $<HTMLImageElement>('preview'), file: $<HTMLInputElement>('file'),
  gallery: $('gallery'), labels: $<HTMLTextAreaElement>('labels'), template: $<HTMLInputElement>('template'), templateNote: $('template-note'),
  bars: $('bars'), summary: $('summary'), status: $('status'), map: $('map'), tip: $('tip'), tabBars: $('tab-bars'), tabMap: $('tab-map'),
  viewBars: $('view-bars'), viewMap: $('view-map'),
};

/** What the view knows: models.json, gallery.json, the loaded model, the image and the last result. */
const page = {
  models: [] as ModelInfo[],
  gallery: [] as GalleryItem[],
  current: null as LoadedModel | null,
  image: null as HTMLImageElement | null,
  imageParam: undefined as string | undefined,
  pixels: null as Pixels | null,
  last: null as { labels: string[]; template: string; probs: number[]; textEmbeds: number[][] } | null,
  imageEmbeds: new Map<string, number[][]>(),
  timings: { modelLoadMs: null as number | null, firstResultMs: null as number | null, inferenceMs: null as number | null },
};
(window as unknown as { playground: typeof page }).playground = page;

// One model call at a time: ONNX Runtime Web runs one inference per session at once.
let queue: Promise<unknown> = Promise.resolve();
function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  const p = queue.then(fn, fn);
  queue = p.catch(() => undefined);
  return p;
}

async function fetchJson<T>(url: string | URL): Promise<T> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.json() as Promise<T>;
}

function setStatus(extra?: string): void {
  const t = page.timings;
  const parts: string[] = [];
  if (page.current && t.modelLoadMs !== null) parts.push(`model ${page.current.info.name} loaded in ${t.modelLoadMs.toFixed(0)} ms`);
  if (t.firstResultMs !== null) parts.push(`first probabilities ${(t.firstResultMs / 1000).toFixed(2)} s after page load`);
  if (t.inferenceMs !== null) parts.push(`last update ${t.inferenceMs.toFixed(0)} ms`);
  ui.status.textContent = [extra, ...parts].filter(Boolean).join(' · ');
}

/** Loads a model: a kit toy in the page's own executor (its vocabulary kept for the unknown-word flags), any other in transformers.js. */
async function loadModel(info: ModelInfo): Promise<LoadedModel> {
  const start = performance.now();
  const tab = info.name === TAB_MODEL ? readTabModel() : undefined;
  if (tab) {
    const model = toyModelFromFiles(tab.onnx, tab.tokenizer, tab.tokenizerConfig);
    page.timings.modelLoadMs = performance.now() - start;
    return { info, model, mean: tab.preprocessor.image_mean, std: tab.preprocessor.image_std, size: info.imageSize, unknownWords: (text) => model.tokenizer.unknownWords(text) };
  }
  const base = new URL(`models/${info.name}/`, document.baseURI);
  const [model, pre] = await Promise.all([
    info.toy ? loadToyModel(base) : loadTransformersModel(info),
    fetchJson<{ image_mean: number[]; image_std: number[] }>(new URL('preprocessor_config.json', base)),
  ]);
  page.timings.modelLoadMs = performance.now() - start;
  const tokenizer = model instanceof ToyClip ? model.tokenizer : undefined;
  return { info, model, mean: pre.image_mean, std: pre.image_std, size: info.imageSize, unknownWords: tokenizer && ((text) => tokenizer.unknownWords(text)) };
}

/** Rows of an [n, dim] output. */
function rows(t: OutTensor, n: number): number[][] {
  const dim = t.dims[1];
  return Array.from({ length: n }, (_, i) => Array.from(Array.prototype.slice.call(t.data, i * dim, (i + 1) * dim) as number[]));
}

function saveState(): void {
  const labels = parseLabels(ui.labels.value);
  // The view's own parameter (?view=) stays; the rest is this view's state.
  const keep = new URLSearchParams();
  const view = new URLSearchParams(location.search).get('view');
  if (view) keep.set('view', view);
  const q = writeState({ model: page.current?.info.name ?? ui.model.value, labels, template: ui.template.value, image: page.imageParam }, keep);
  history.replaceState(null, '', q);
}

/** A label in the template: the kit's fillTemplate; an empty template leaves labels as written ("{}"). */
const prompt = (template: string, label: string) => fillTemplate(template || '{}', label);

/** Classifies the current image among the typed labels and draws the bars (and the map when it is shown). */
async function classifyOnce(): Promise<void> {
  const m = page.current;
  const labels = parseLabels(ui.labels.value);
  const template = ui.template.value;
  const pixels = page.pixels;
  if (!m || !pixels) return;
  if (labels.length === 0) {
    ui.bars.replaceChildren();
    ui.bars.dataset.state = 'empty';
    ui.summary.textContent = 'Type at least one label.';
    return;
  }
  const prompts = labels.map((l) => prompt(template, l));
  const start = performance.now();
  const out = await exclusive(async () => m.model.run(prompts, pixels));
  if (pendingAgain || m !== page.current) return;
  const probs = softmax(Array.from(out.logits_per_image.data));
  const textEmbeds = rows(out.text_embeds, labels.length);
  page.timings.inferenceMs = performance.now() - start;
  const unknown = prompts.map((p) => m.unknownWords?.(p) ?? []);
  const templateUnknown = m.unknownWords && template ? m.unknownWords(template.split('{}').join(' ')) : [];
  ui.templateNote.hidden = templateUnknown.length === 0;
  ui.templateNote.textContent = templateUnknown.length ? `The template has words this model never saw (read as [UNK]): ${templateUnknown.join(', ')}` : '';
  page.last = { labels, template, probs, textEmbeds };
  const winner = renderBars(ui.bars, labels, probs, unknown);
  ui.summary.textContent = `Best: ${labels[winner]} (${(probs[winner] * 100).toFixed(1)} %)`;
  if (page.timings.firstResultMs === null) {
    page.timings.firstResultMs = performance.now();
    document.body.dataset.firstResultMs = page.timings.firstResultMs.toFixed(0);
  }
  setStatus();
  if (!ui.viewMap.hidden) await showMap();
}

// Typing fires faster than the model answers: one run at a time, and one more when inputs changed meanwhile.
let running = false;
let pendingAgain = false;
async function update(): Promise<void> {
  markPending(ui.bars);
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

function fail(err: unknown): void {
  console.error(err);
  ui.bars.dataset.state = 'error';
  setStatus(`Error: ${(err as Error)?.message ?? err}`);
}

// Pictures chosen in quick succession (arrow keys through the gallery) load in any order: only the last one counts.
let imageRequest = 0;

/** Shows an image and makes it the model's input; `param` is what the URL keeps (undefined for a local file). */
async function setImage(src: string, param: string | undefined): Promise<void> {
  const request = ++imageRequest;
  markPending(ui.bars);
  markChosen(ui.gallery, param);
  const img = await loadImg(src);
  if (request !== imageRequest) return;
  page.image = img;
  page.imageParam = param;
  ui.preview.src = src;
  ui.preview.alt = param ? `the image ${param}` : 'your image';
  if (page.current) page.pixels = pixelValues([img], page.current);
  await update();
}

async function setModel(name: string): Promise<void> {
  const info = page.models.find((m) => m.name === name) ?? page.models[0];
  markPending(ui.bars);
  setStatus(`Loading ${info.name}…`);
  const m = await loadModel(info);
  page.current = m;
  ui.model.value = info.name;
  ui.modelNote.textContent = modelNote(info);
  if (page.image) page.pixels = pixelValues([page.image], m);
  setStatus();
  await update();
}

const modelNote = (info: ModelInfo) => `${info.description}${info.toy ? ' — a toy model: it knows only the words of its training captions.' : ''}`;

function useFile(file: File | undefined): void {
  if (!file || !file.type.startsWith('image/')) {
    setStatus('That is not an image file; choose a PNG, JPEG, WebP, GIF or SVG.');
    return;
  }
  setImage(URL.createObjectURL(file), undefined).catch(fail);
}

/** The gallery's image embeddings under model `m`, computed once per model. */
async function imageEmbeddings(m: LoadedModel): Promise<number[][]> {
  const known = page.imageEmbeds.get(m.info.name);
  if (known) return known;
  const imgs = await Promise.all(page.gallery.map((g) => loadImg(g.file)));
  const out = await exclusive(async () => m.model.run(['a'], pixelValues(imgs, m)));
  const embeds = rows(out.image_embeds, page.gallery.length);
  page.imageEmbeds.set(m.info.name, embeds);
  return embeds;
}

async function showMap(): Promise<void> {
  const m = page.current;
  const last = page.last;
  if (!m || !last) return;
  drawMap(ui, page.gallery, await imageEmbeddings(m), last.labels, last.textEmbeds);
}

function selectTab(which: 'bars' | 'map'): void {
  const map = which === 'map';
  ui.tabBars.setAttribute('aria-selected', String(!map));
  ui.tabMap.setAttribute('aria-selected', String(map));
  ui.tabBars.tabIndex = map ? -1 : 0;
  ui.tabMap.tabIndex = map ? 0 : -1;
  ui.viewBars.hidden = map;
  ui.viewMap.hidden = !map;
  (map ? ui.tabMap : ui.tabBars).focus();
  if (map) showMap().catch(fail);
}

function wire(): void {
  ui.labels.addEventListener('input', update);
  ui.template.addEventListener('input', update);
  ui.model.addEventListener('change', () => setModel(ui.model.value).catch(fail));
  ui.file.addEventListener('change', () => useFile(ui.file.files?.[0]));
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
    useFile(e.dataTransfer?.files[0]);
  });
  document.addEventListener('paste', (e) => {
    const file = Array.from(e.clipboardData?.files ?? []).find((f) => f.type.startsWith('image/'));
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

async function main(): Promise<void> {
  wire();
  const state = readState(location.search);
  const galleryP = fetchJson<GalleryItem[]>('gallery.json');
  page.models = await fetchJson<ModelInfo[]>('models.json');
  // A model the Train view trained in this tab comes first in the list.
  const tab = readTabModel();
  if (tab) page.models.unshift({ name: TAB_MODEL, description: tab.description, imageSize: tab.imageSize, toy: true, dtype: 'fp32', template: tab.template });
  if (page.models.length === 0) throw new Error('this build has no models; build it again with clip-workshop web --model DIR');
  const wanted = state.model && page.models.find((m) => m.name === state.model) ? state.model : page.models[0].name;
  const info = page.models.find((x) => x.name === wanted)!;
  // The model and the image load while the rest of the page is laid out, ahead of the gallery's thumbnails.
  const modelP = loadModel(info);
  const firstImage = state.image ?? info.example?.image;
  const imgP = firstImage ? loadImg(firstImage) : null;
  imgP?.catch(() => undefined); // its error is reported once awaited below
  page.gallery = await galleryP;
  ui.model.replaceChildren(...page.models.map((m) => new Option(`${m.name}${m.toy ? ' (toy)' : ''}`, m.name)));
  renderGallery(ui.gallery, page.gallery, (file) => setImage(file, file).catch(fail));
  ui.labels.value = (state.labels ?? info.example?.labels ?? []).join('\n');
  // The template the kit's loader resolved for this model, unless the link names one.
  ui.template.value = state.template ?? info.template ?? '';
  if (state.model && state.model !== wanted) ui.modelNote.textContent = `No model "${state.model}" in this build; showing ${wanted}.`;
  const imageSrc = firstImage ?? page.gallery[0]?.file;
  const [img, m] = await Promise.all([imgP ?? (imageSrc ? loadImg(imageSrc) : null), modelP]);
  page.current = m;
  ui.model.value = wanted;
  ui.modelNote.textContent ||= modelNote(m.info);
  if (img) {
    page.image = img;
    page.imageParam = imageSrc;
    ui.preview.src = imageSrc!;
    markChosen(ui.gallery, imageSrc);
    page.pixels = pixelValues([img], m);
  }
  setStatus();
  await update();
}

main().catch(fail).finally(() => showThumbnails(ui.gallery));
