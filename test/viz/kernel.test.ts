import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeFailure, executeNotebook, readNotebook } from '../../src/jupyter/execute';
import { VEGA_LITE_MIME } from '../../src/viz';
import sharp from 'sharp';

/**
 * show(), showImages() and liveChart() in the real Jupyter + tslab kernel (needs `npm run build`:
 * the fixture notebook imports ../dist as the workshop notebooks do).
 */
type Output = { output_type: string; data?: Record<string, any> };

const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-viz-kernel-'));
afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

let outputs: Output[][] = [];
let htmlFile: string | undefined;
beforeAll(async () => {
  const run = await executeNotebook(path.join(__dirname, 'fixtures', 'show_in_kernel.ipynb'), { outDir });
  if (!run.ok) throw new Error(describeFailure(run));
  outputs = readNotebook(run.executed).cells.map((c) => (c.outputs ?? []) as Output[]);
  htmlFile = run.html;
}, 300000);

/** The one display output of a cell, checked to carry exactly the three MIME types. */
function onlyDisplay(cell: number): Record<string, any> {
  const displays = outputs[cell].filter((o) => o.output_type === 'display_data');
  expect(displays).toHaveLength(1);
  expect(Object.keys(displays[0].data ?? {}).sort()).toEqual(['image/png', 'text/plain', VEGA_LITE_MIME].sort());
  return displays[0].data!;
}

/** Joins a notebook's multi-line string (a list of lines) back into one string. */
const text = (v: string | string[]) => (Array.isArray(v) ? v.join('') : v);

describe('charts in a tslab kernel', () => {
  it('show() puts one output with the spec, its PNG and the title in the calling cell', async () => {
    const data = onlyDisplay(0);
    expect(data[VEGA_LITE_MIME].title).toBe('Zero-shot check');
    expect(data[VEGA_LITE_MIME].data.values.map((r: any) => r.label)).toEqual(['a cat', 'a dog']);
    const meta = await sharp(Buffer.from(text(data['image/png']), 'base64')).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBeGreaterThan(100);
    expect(text(data['text/plain'])).toBe('Zero-shot check');
  });

  it('showImages() sends the grid with its image in the spec and as a PNG', async () => {
    const data = onlyDisplay(1);
    expect(JSON.stringify(data[VEGA_LITE_MIME])).toMatch(/data:image\/png;base64,/);
    expect(JSON.stringify(data[VEGA_LITE_MIME])).toContain('grey tile');
    expect((await sharp(Buffer.from(text(data['image/png']), 'base64')).metadata()).format).toBe('png');
  });

  it('liveChart() updates from a later cell replace the first display, ending with the final chart', () => {
    const data = onlyDisplay(2);
    expect(text(data['text/plain'])).toBe('Loss after 5');
    expect(data[VEGA_LITE_MIME].data.values).toHaveLength(5);
    expect(outputs[3].filter((o) => o.output_type === 'display_data')).toEqual([]);
  });

  it('the HTML page of the executed notebook shows every chart as an image', async () => {
    // Both runners write the page themselves: no nbconvert, so there is always one.
    expect(htmlFile).toBeDefined();
    const html = fs.readFileSync(htmlFile!, 'utf8');
    const images = [...html.matchAll(/<img src="data:image\/png;base64,([A-Za-z0-9+/=]+)"/g)].map((m) => Buffer.from(m[1], 'base64'));
    expect(images.length).toBeGreaterThanOrEqual(3);
    // A drawn chart is not a blank canvas: its pixels vary.
    for (const png of images) expect((await sharp(png).stats()).channels[0].stdev).toBeGreaterThan(5);
  });
});
