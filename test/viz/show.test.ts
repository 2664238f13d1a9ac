import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import sharp from 'sharp';
import { chartTitle, displayBundle, DisplayBundle, kernelDisplayWriter, liveChart, PNG_SCALE, probabilityBars, renderSvg, show, showImages, VEGA_LITE_MIME } from '../../src/viz';
import { svgSize } from './helpers';

// The module the running tslab kernel keeps its current cell's writer in (null outside a kernel).
// eslint-disable-next-line @typescript-eslint/no-var-requires
const tslabJupyter = require('tslab/dist/jupyter') as { lastWriteDisplayData: ((b: DisplayBundle, update: boolean) => void) | null };

const spec = probabilityBars(['a dog', 'a cat'], [0.3, 0.7], { title: 'Zero-shot' });
const IMG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';

/** Installs a fake kernel writer that records what it is sent. */
function fakeKernel(): Array<{ bundle: DisplayBundle; update: boolean }> {
  const sent: Array<{ bundle: DisplayBundle; update: boolean }> = [];
  tslabJupyter.lastWriteDisplayData = (bundle, update) => sent.push({ bundle, update });
  return sent;
}

afterEach(() => {
  tslabJupyter.lastWriteDisplayData = null;
  delete process.env.CLIP_WORKSHOP_CHART_DIR;
  jest.restoreAllMocks();
});

describe('displayBundle', () => {
  it('carries the spec under the Vega-Lite 5 type, the PNG shown at chart size, and the title as plain text', async () => {
    const png = await sharp({ create: { width: 200, height: 100, channels: 3, background: 'white' } }).png().toBuffer();
    const b = displayBundle(spec, png, 'abc');
    expect(Object.keys(b.data).sort()).toEqual([VEGA_LITE_MIME, 'image/png', 'text/plain'].sort());
    expect(VEGA_LITE_MIME).toBe('application/vnd.vegalite.v5+json');
    expect(b.data[VEGA_LITE_MIME]).toBe(spec);
    expect(Buffer.from(b.data['image/png'] as string, 'base64').equals(png)).toBe(true);
    expect(b.metadata).toEqual({ 'image/png': { width: 200 / PNG_SCALE } });
    expect(b.data['text/plain']).toBe('Zero-shot');
    expect(b.transient).toEqual({ display_id: 'abc' });
    expect(displayBundle(spec, png).transient).toEqual({});
  });

  it('names untitled charts and reads object titles', () => {
    expect(chartTitle({ mark: 'bar', data: { values: [] } })).toBe('Vega-Lite chart');
    expect(chartTitle({ mark: 'bar', title: { text: 'Loss' }, data: { values: [] } })).toBe('Loss');
  });
});

describe('show in a kernel', () => {
  it('finds the kernel writer only while one is set', () => {
    expect(kernelDisplayWriter()).toBeNull();
    fakeKernel();
    expect(typeof kernelDisplayWriter()).toBe('function');
  });

  it('sends ONE display with the spec, its rendered PNG and the title', async () => {
    const sent = fakeKernel();
    await show(spec);
    expect(sent).toHaveLength(1);
    const { bundle, update } = sent[0];
    expect(update).toBe(false);
    expect(bundle.data[VEGA_LITE_MIME]).toEqual(spec);
    const meta = await sharp(Buffer.from(bundle.data['image/png'] as string, 'base64')).metadata();
    const size = svgSize(await renderSvg(spec));
    expect([meta.format, meta.width, meta.height]).toEqual(['png', size.width * PNG_SCALE, size.height * PNG_SCALE]);
    expect(bundle.data['text/plain']).toBe('Zero-shot');
  });

  it('showImages sends an image grid whose SVG holds the images', async () => {
    const sent = fakeKernel();
    await showImages([{ image: IMG, caption: 'one pixel' }], { title: 'Grid' });
    expect(sent).toHaveLength(1);
    expect(sent[0].bundle.data[VEGA_LITE_MIME]).toEqual(expect.objectContaining({ data: { values: [expect.objectContaining({ image: IMG })] } }));
    expect((await sharp(Buffer.from(sent[0].bundle.data['image/png'] as string, 'base64')).metadata()).format).toBe('png');
    expect(sent[0].bundle.data['text/plain']).toBe('Grid');
  });

  it('uses the writer of the cell that called it, even if the next cell starts meanwhile', async () => {
    const first = fakeKernel();
    const pending = show(spec);
    const second = fakeKernel();
    await pending;
    expect([first.length, second.length]).toEqual([1, 0]);
  });
});

describe('show outside a kernel', () => {
  it('prints one line naming the chart and never throws, even for a broken spec', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await show(spec);
    process.env.CLIP_WORKSHOP_CHART_DIR = path.join(os.tmpdir(), 'never-created-' + process.pid);
    await expect(show({ mark: 'nonsense' } as any)).resolves.toBeUndefined();
    expect(log).toHaveBeenCalledTimes(2);
    expect(log.mock.calls[0][0]).toMatch(/^\[chart\] Zero-shot \(2 data rows; save it with writeChart/);
    expect(log.mock.calls[1][0]).toMatch(/not rendered/);
    expect(fs.existsSync(process.env.CLIP_WORKSHOP_CHART_DIR)).toBe(false);
  });

  it('writes the SVG into CLIP_WORKSHOP_CHART_DIR when set, and nothing else', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'viz-show-'));
    try {
      process.env.CLIP_WORKSHOP_CHART_DIR = dir;
      const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
      await show(spec);
      const files = fs.readdirSync(dir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/^zero-shot-\d+\.svg$/);
      expect(fs.readFileSync(path.join(dir, files[0]), 'utf8')).toMatch(/^<svg/);
      expect(log.mock.calls[0][0]).toContain(path.join(dir, files[0]));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('liveChart', () => {
  const step = (p: number) => probabilityBars(['a dog', 'a cat'], [1 - p, p], { title: `p=${p}` });

  it('shows once, then replaces that display (same id) at most once per interval, and finish sends the last one', async () => {
    const sent = fakeKernel();
    const live = await liveChart(step(0.1), { intervalMs: 60_000 });
    expect(sent).toHaveLength(1);
    await live.update(step(0.2)); // within the interval: kept, not sent
    await live.update(step(0.3));
    expect(sent.map((s) => s.bundle.data['text/plain'])).toEqual(['p=0.1']);
    await live.finish();
    await live.update(step(0.4), true);
    expect(sent.map((s) => s.bundle.data['text/plain'])).toEqual(['p=0.1', 'p=0.3', 'p=0.4']);
    expect(sent.map((s) => s.update)).toEqual([false, true, true]);
    expect(new Set(sent.map((s) => s.bundle.transient.display_id))).toEqual(new Set([live.displayId]));
    expect(live.displayId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('sends every update when the interval has passed, in order', async () => {
    const sent = fakeKernel();
    const live = await liveChart(step(0.1), { intervalMs: 0 });
    await Promise.all([live.update(step(0.2)), live.update(step(0.3))]);
    await live.finish();
    expect(sent.map((s) => s.bundle.data['text/plain'])).toEqual(['p=0.1', 'p=0.2', 'p=0.3']);
  });

  it('outside a kernel skips updates and prints only the final chart', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const live = await liveChart(step(0.1));
    await live.update(step(0.2), true);
    await live.finish(step(0.9));
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0][0]).toMatch(/^\[chart\] p=0.9/);
    const other = await liveChart(step(0.1), { intervalMs: 0 });
    await other.update(step(0.5));
    await other.finish();
    expect(log.mock.calls[1][0]).toMatch(/^\[chart\] p=0.5/);
  });
});
