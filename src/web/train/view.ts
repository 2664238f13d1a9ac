// The Train view (?view=train): trains the shapes-clip recipe in a Web Worker as soon as it opens, draws the loss
// and temperature live, the first batch's similarity matrix before and after, the held-out zero-shot top-1, then
// classifies pictures with the trained model and saves it as a model folder `clip-workshop classify --model` reads.
import { domReady } from '../page/domReady';
import { storeTabModel, TAB_MODEL } from '../page/tabModel';
import { drawChart } from './chart';
import { FromWorker, ToWorker, TrainOverrides } from './messages';
import { TRAIN_STYLE } from './style';

/** The recipe the view trains (recipes/shapes-clip.json, copied beside the bundle by tools/build-page.js). */
const RECIPE = 'shapes-clip';
/** The address parameters that override the recipe, as `clip-workshop train` options do. */
const OVERRIDES = ['epochs', 'seed', 'batchSize'] as const;

/** The folder of the view's files (views/train/: its worker, the wasm backend, the recipe), beside its module. */
const here = new URL('train/', import.meta.url);

/** Overrides from the address: whole numbers only; anything else is reported and left out. */
function readOverrides(search: string): { overrides: TrainOverrides; problems: string[] } {
  const p = new URLSearchParams(search);
  const overrides: TrainOverrides = {};
  const problems: string[] = [];
  for (const k of OVERRIDES) {
    const v = p.get(k);
    if (v === null || v === '') continue;
    if (!/^\d+$/.test(v)) problems.push(`${k}=${v} is not a whole number; the recipe's value is used`);
    else overrides[k] = Number(v);
  }
  return { overrides, problems };
}

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

/** A canvas showing uint8 RGB pixels [size, size, 3], scaled up without smoothing. */
function pictureOf(pixels: Uint8Array, size: number, alt: string, scale = 3): HTMLCanvasElement {
  const c = h('canvas', { role: 'img', 'aria-label': alt, width: String(size), height: String(size) });
  c.style.width = c.style.height = `${size * scale}px`;
  const ctx = c.getContext('2d')!;
  const img = ctx.createImageData(size, size);
  for (let i = 0; i < size * size; i++) {
    img.data.set(pixels.subarray(i * 3, i * 3 + 3), i * 4);
    img.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return c;
}

/** The cell colour of a similarity: white at ≤ 0, blue (30, 80, 200) at 1. */
function cellColour(v: number): [number, number, number] {
  const a = Math.max(0, Math.min(1, v));
  return [30, 80, 200].map((c) => Math.round(255 * (1 - a) + c * a)) as [number, number, number];
}

/** WCAG contrast ratio of two sRGB colours. */
function contrast(a: readonly number[], b: readonly number[]): number {
  const lum = (c: readonly number[]) => {
    const [r, g, bl] = c.map((x) => {
      const s = x / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** A similarity matrix as a table: rows images, columns captions, each cell's value written and shaded. */
function matrixTable(sim: number[], n: number, captions: string[], title: string): HTMLTableElement {
  const t = h('table', { class: 'matrix' }, h('caption', {}, title));
  const head = h('tr', {}, h('th', { scope: 'col' }, 'image ↓ caption →'), ...captions.slice(0, n).map((c, j) => h('th', { scope: 'col', title: c }, String(j + 1))));
  t.append(h('thead', {}, head));
  const body = h('tbody');
  for (let i = 0; i < n; i++) {
    const row = h('tr', {}, h('th', { scope: 'row' }, `image ${i + 1}`));
    for (let j = 0; j < n; j++) {
      const v = sim[i * n + j];
      const td = h('td', { 'data-sim': v.toFixed(4) }, v.toFixed(2));
      // Blue for similar pairs, opaque; the text black or white, whichever contrasts more with the cell.
      const bg = cellColour(v);
      td.style.background = `rgb(${bg.join(', ')})`;
      td.style.color = contrast(bg, [0, 0, 0]) >= contrast(bg, [255, 255, 255]) ? '#000' : '#fff';
      if (i === j) td.classList.add('diag');
      row.append(td);
    }
    body.append(row);
  }
  t.append(body);
  return t;
}

/** Pixels [size, size, 3] of a picture file, its central square scaled to `size` (no scaling at that size already). */
async function filePixels(file: Blob, size: number): Promise<Uint8Array> {
  const bmp = await createImageBitmap(file, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  const c = h('canvas', { width: String(size), height: String(size) });
  const ctx = c.getContext('2d', { willReadFrequently: true })!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size, size);
  const s = Math.min(bmp.width, bmp.height);
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bmp, (bmp.width - s) / 2, (bmp.height - s) / 2, s, s, 0, 0, size, size);
  const rgba = ctx.getImageData(0, 0, size, size).data;
  const out = new Uint8Array(size * size * 3);
  for (let i = 0; i < size * size; i++) out.set(rgba.subarray(i * 4, i * 4 + 3), i * 3);
  return out;
}

/** Builds the view into the page and starts training. */
export function startTrainView(): void {
  document.title = 'Train a CLIP in this tab';
  const style = h('style');
  style.textContent = TRAIN_STYLE;
  document.head.append(style);
  const { overrides, problems } = readOverrides(location.search);

  const inputs = Object.fromEntries(OVERRIDES.map((k) => [k, h('input', { id: `train-${k}`, name: k, type: 'number', min: k === 'seed' ? '0' : '1', step: '1', value: overrides[k] !== undefined ? String(overrides[k]) : '' })])) as Record<(typeof OVERRIDES)[number], HTMLInputElement>;
  const form = h('form', { class: 'overrides', 'aria-labelledby': 'recipe-heading' },
    ...OVERRIDES.flatMap((k) => [h('label', { for: `train-${k}` }, k), inputs[k]]),
    h('button', { type: 'submit' }, 'Train again with these'));
  const progress = h('progress', { id: 'train-progress', max: '1', value: '0', 'aria-label': 'training progress', 'data-train-status': 'starting', 'data-train-step': '0', 'data-train-loss': '' });
  const progressText = h('p', { id: 'train-progress-text', role: 'status' }, 'Starting the worker…');
  const runtime = h('p', { id: 'train-runtime', class: 'note' });
  const chart = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  chart.setAttribute('role', 'img');
  chart.setAttribute('aria-labelledby', 'chart-heading');
  chart.id = 'train-chart';
  const chartNote = h('p', { class: 'note', id: 'chart-note' });
  const batchBox = h('ul', { id: 'train-batch', class: 'batch', 'aria-labelledby': 'batch-heading' });
  const matrices = h('div', { id: 'train-matrices', class: 'matrices' });
  const heldout = h('p', { id: 'train-heldout', 'aria-live': 'polite' }, 'Held-out zero-shot top-1: after training.');
  const heldoutList = h('ul', { id: 'train-heldout-classes' });
  const labels = h('textarea', { id: 'train-labels', rows: '4', spellcheck: 'false' });
  labels.value = '';
  const template = h('input', { id: 'train-template', type: 'text', spellcheck: 'false', autocomplete: 'off' });
  const file = h('input', { id: 'train-file', type: 'file', accept: 'image/*' });
  const imageBox = h('div', { id: 'train-image', class: 'image' });
  const classifyButton = h('button', { id: 'train-classify', type: 'button', disabled: '' }, 'Classify');
  const bars = h('ol', { id: 'train-bars', class: 'bars', 'data-state': 'pending' });
  const saveButton = h('button', { id: 'train-save', type: 'button', disabled: '' }, 'Save the model folder (.tar)');
  const saveNote = h('p', { id: 'train-save-note', class: 'note' });
  const toClassify = h('button', { id: 'train-to-classify', type: 'button', disabled: '' }, 'Classify with this model in the classify view');
  const toClassifyNote = h('p', { id: 'train-to-classify-note', class: 'note' });

  document.body.replaceChildren(
    h('header', {},
      h('h1', {}, 'Train a CLIP in this tab'),
      h('p', { class: 'lead' }, 'The workshop\'s tiny CLIP learns to match pictures of shapes with their captions, here in your browser with nothing installed. It never sees six colour–shape combinations; at the end it names them from words alone.')),
    h('main', {},
      h('section', { class: 'panel', 'aria-labelledby': 'recipe-heading' },
        h('h2', { id: 'recipe-heading' }, `Recipe ${RECIPE}`),
        h('p', { class: 'note', id: 'recipe-note' }, 'Loading the recipe…'),
        form, runtime, progress, progressText,
        h('h3', { id: 'chart-heading' }, 'Loss and temperature, step by step'), chart, chartNote),
      h('section', { class: 'panel', 'aria-labelledby': 'batch-heading' },
        h('h2', { id: 'batch-heading' }, 'The first batch: pictures and their captions'),
        batchBox,
        h('h3', {}, 'Cosine similarity of its first pairs, before and after training'),
        h('p', { class: 'note' }, 'Row i is picture i, column j is caption j. Training pulls the diagonal (matching pairs) up and the rest down.'),
        matrices),
      h('section', { class: 'panel', 'aria-labelledby': 'heldout-heading' },
        h('h2', { id: 'heldout-heading' }, 'Never-seen combinations'),
        heldout, heldoutList),
      h('section', { class: 'panel', 'aria-labelledby': 'classify-heading' },
        h('h2', { id: 'classify-heading' }, 'Classify with the model you just trained'),
        imageBox,
        h('label', { for: 'train-file' }, 'Another picture'), file,
        h('label', { for: 'train-labels' }, 'One label per line'), labels,
        h('label', { for: 'train-template' }, 'Template ({} marks the label)'), template,
        classifyButton, bars, toClassify, toClassifyNote,
        h('h3', {}, 'Keep the model'),
        saveButton, saveNote)),
    h('footer', {}, h('p', { class: 'note' }, 'Runs in your browser (TensorFlow.js on WebAssembly in a worker); nothing leaves this page. ', h('a', { href: '?' }, 'Back to the playground'))),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const p = new URLSearchParams({ view: 'train' });
    for (const k of OVERRIDES) if (inputs[k].value !== '') p.set(k, inputs[k].value);
    location.search = p.toString();
  });

  const state = { losses: [] as number[], temperatures: [] as number[], stepCount: 1, firstCaptions: [] as string[], size: 32, pixels: null as Uint8Array | null, nextId: 1 };
  const view = { overrides, problems, steps: state.losses, temperatures: state.temperatures, firstBatch: null as null | { size: number; pixels: number[]; captions: string[] }, runtime: null as unknown, recipe: null as unknown, trainSeconds: NaN, pageSeconds: NaN, heldoutTop1: NaN };
  (window as unknown as { trainView: typeof view }).trainView = view;

  const worker = new Worker(new URL('worker.js', here), { type: 'module' });
  const send = (m: ToWorker) => worker.postMessage(m);
  let redraw = 0;
  const draw = () => {
    redraw = 0;
    drawChart(chart, state.losses, state.temperatures, state.stepCount);
  };
  const showImage = (pixels: Uint8Array, size: number, alt: string) => {
    state.pixels = pixels;
    state.size = size;
    imageBox.replaceChildren(pictureOf(pixels, size, alt, 4));
  };
  const pending = new Map<number, string[]>();
  const classify = () => {
    const ls = labels.value.split('\n').map((l) => l.trim()).filter(Boolean);
    if (!state.pixels || ls.length < 2) {
      bars.dataset.state = 'pending';
      bars.replaceChildren(h('li', {}, 'Give at least two labels.'));
      return;
    }
    const id = state.nextId++;
    pending.set(id, ls);
    bars.dataset.state = 'pending';
    send({ type: 'classify', id, pixels: state.pixels, size: state.size, labels: ls, template: template.value });
  };
  classifyButton.addEventListener('click', classify);
  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    if (!f) return;
    showImage(await filePixels(f, state.size), state.size, `the picture ${f.name}`);
    if (!classifyButton.disabled) classify();
  });
  saveButton.addEventListener('click', () => send({ type: 'save' }));
  toClassify.addEventListener('click', () => send({ type: 'export' }));

  worker.onerror = (e) => {
    progress.dataset.trainStatus = 'error';
    progressText.textContent = `The worker failed: ${e.message}`;
  };
  worker.onmessage = (e: MessageEvent<FromWorker>) => {
    const m = e.data;
    switch (m.type) {
      case 'runtime': {
        view.runtime = m.info;
        runtime.textContent = `TensorFlow.js ${m.info.backend} backend, ${m.info.threads} thread${m.info.threads === 1 ? '' : 's'} (${m.info.isolated ? 'cross-origin isolated' : 'not cross-origin isolated: one thread'}); ${m.info.kernels}.`;
        break;
      }
      case 'recipe': {
        view.recipe = m.recipe;
        state.stepCount = Math.max(1, m.totalSteps);
        progress.max = state.stepCount;
        for (const k of OVERRIDES) if (inputs[k].value === '') inputs[k].value = String(m.recipe[k]);
        const changed = OVERRIDES.filter((k) => overrides[k] !== undefined).map((k) => `${k} ${overrides[k]}`);
        (document.getElementById('recipe-note') as HTMLElement).textContent =
          `recipes/${RECIPE}.json: ${m.recipe.epochs} epoch${m.recipe.epochs === 1 ? '' : 's'} of batches of ${m.recipe.batchSize} (${state.stepCount} steps) over ${m.trainImages} pictures, seed ${m.recipe.seed}, template "${m.recipe.template}"` +
          (changed.length ? `; changed in the address: ${changed.join(', ')}` : '; as in the notebook') + (problems.length ? `. ${problems.join('; ')}.` : '.');
        progress.dataset.trainStatus = 'running';
        progressText.textContent = 'Training…';
        break;
      }
      case 'firstBatch': {
        view.firstBatch = { size: m.size, pixels: Array.from(m.pixels), captions: m.captions };
        state.firstCaptions = m.captions;
        const bytes = m.size * m.size * 3;
        batchBox.replaceChildren(...m.captions.slice(0, 8).map((c, i) => h('li', {}, h('figure', {}, pictureOf(m.pixels.subarray(i * bytes, (i + 1) * bytes), m.size, `picture ${i + 1}: ${m.concepts[i]}`), h('figcaption', {}, `${i + 1}. ${c}`)))));
        break;
      }
      case 'matrix': {
        matrices.append(matrixTable(m.similarity, m.n, state.firstCaptions, m.when === 'before' ? 'Before training' : 'After training'));
        break;
      }
      case 'step': {
        state.losses.push(m.loss);
        state.temperatures.push(m.temperature);
        progress.value = m.step;
        progress.dataset.trainStep = String(m.step);
        progress.dataset.trainLoss = String(m.loss);
        if (m.step % 10 === 0 || m.step === state.stepCount) {
          progressText.textContent = `Step ${m.step} of ${state.stepCount} (epoch ${m.epoch}): loss ${m.loss.toFixed(3)}, temperature ${m.temperature.toFixed(4)}`;
          chartNote.textContent = `Latest: loss ${m.loss.toFixed(3)} at step ${m.step}, temperature ${m.temperature.toFixed(4)} (it starts at 0.07 and is learnt).`;
        }
        if (!redraw) redraw = requestAnimationFrame(draw);
        break;
      }
      case 'heldout': {
        view.heldoutTop1 = m.top1;
        heldout.dataset.heldoutTop1 = String(m.top1);
        heldout.textContent = `Held-out zero-shot top-1 ${(m.top1 * 100).toFixed(1)} % (chance ${(100 / 36).toFixed(1)} %) on the six colour–shape combinations never seen in training: ${m.classes.join(', ')}.`;
        heldoutList.replaceChildren(...m.perClass.map((c) => h('li', {}, `${c.name}: ${(c.top1 * 100).toFixed(0)} %`)));
        showImage(m.example.pixels, m.example.size, `a held-out picture: ${m.example.concept}`);
        labels.value = [m.example.concept, ...m.classes.filter((c) => c !== m.example.concept).slice(0, 3)].join('\n');
        template.value = String((view.recipe as { template: string }).template);
        break;
      }
      case 'done': {
        view.trainSeconds = m.trainSeconds;
        view.pageSeconds = performance.now() / 1000;
        draw();
        progress.dataset.trainSeconds = m.trainSeconds.toFixed(2);
        progress.dataset.pageSeconds = view.pageSeconds.toFixed(2);
        progress.dataset.trainStatus = 'done';
        progressText.textContent = `Done: ${m.steps} steps in ${m.trainSeconds.toFixed(1)} s of training (${view.pageSeconds.toFixed(1)} s since the page opened); final loss ${m.finalLoss.toFixed(3)}.`;
        classifyButton.disabled = false;
        saveButton.disabled = false;
        toClassify.disabled = false;
        classify();
        break;
      }
      case 'classified': {
        const ls = pending.get(m.id);
        pending.delete(m.id);
        if (!ls || m.id !== state.nextId - 1) break;
        const best = m.probs.indexOf(Math.max(...m.probs));
        bars.replaceChildren(...ls.map((l, i) => {
          const li = h('li', { 'data-label': l, 'data-prob': String(m.probs[i]) }, h('span', { class: 'label' }, l), h('span', { class: 'bar', style: `width:${(m.probs[i] * 100).toFixed(1)}%` }), h('span', { class: 'value' }, `${(m.probs[i] * 100).toFixed(1)} %`));
          if (i === best) li.classList.add('winner');
          return li;
        }));
        bars.dataset.state = 'final';
        break;
      }
      case 'saved': {
        const url = URL.createObjectURL(new Blob([m.tar as Uint8Array<ArrayBuffer>], { type: 'application/x-tar' }));
        const a = h('a', { href: url, download: `${m.name}.tar`, id: 'train-download' }, `${m.name}.tar`);
        saveNote.replaceChildren('Download ', a, `, then: tar xf ${m.name}.tar && npx clip-workshop classify --model ${m.name} --image picture.png --labels "red triangle" "blue circle"`);
        a.click();
        (view as Record<string, unknown>).savedTar = Array.from(m.tar);
        break;
      }
      case 'exported': {
        const f = m.files;
        const text = (name: string) => JSON.parse(f[name] as string);
        const stored = storeTabModel({
          description: `the shapes CLIP trained in this tab (${state.losses.length} steps)`,
          imageSize: m.imageSize,
          template: m.template,
          onnx: f['onnx/model.onnx'] as Uint8Array,
          tokenizer: text('tokenizer.json'),
          tokenizerConfig: text('tokenizer_config.json'),
          preprocessor: text('preprocessor_config.json'),
        });
        if (!stored) {
          toClassifyNote.textContent = 'This browser would not keep the model for the classify view (its storage is full or turned off); save the folder instead.';
          break;
        }
        // The classify view opens on the model, with the labels and template of the panel above.
        const p = new URLSearchParams({ model: TAB_MODEL, labels: labels.value.split('\n').map((l) => l.trim()).filter(Boolean).join('|'), template: template.value });
        location.href = `?${p.toString().replace(/%7C/g, '|').replace(/%7B%7D/g, '{}')}`;
        break;
      }
      case 'error': {
        progress.dataset.trainStatus = 'error';
        progressText.textContent = `Training stopped: ${m.message}`;
        break;
      }
    }
  };
  fetch(new URL(`${RECIPE}.json`, here))
    .then((r) => {
      if (!r.ok) throw new Error(`${RECIPE}.json: HTTP ${r.status}`);
      return r.json();
    })
    .then((recipe) => send({ type: 'start', recipe, overrides, wasmBase: here.href }))
    .catch((err: Error) => {
      progress.dataset.trainStatus = 'error';
      progressText.textContent = `Could not load the recipe: ${err.message}`;
    });
}

await domReady();
startTrainView();
