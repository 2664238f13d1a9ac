import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Page } from 'puppeteer-core';
import sharp from 'sharp';
import { loadShapes } from '../../src/data';
import { readTar } from '../../src/data/tar';
import { serveStatic } from '../../src/web';
import { cli } from '../helpers/cli';
import { finalBars, launchChromium, openPage } from '../helpers/browser';
import { TorchStack } from './python-env';

/** What the page is asked: labels and a template ("" = none, labels as written, which is open_clip's "{}"). */
interface LabelSet {
  labels: string[];
  template: string;
}

/** Seen and held-out combinations with a template, then free wording without one. */
export const PLAYGROUND_LABEL_SETS: readonly LabelSet[] = [
  { labels: ['red triangle', 'green star', 'blue circle', 'yellow square', 'purple cross'], template: 'a picture of a {}' },
  { labels: ['a large orange diamond', 'a small blue cross', 'a circle', 'something green'], template: '' },
];

/** open_clip's own probabilities (its transforms, tokenizer and model in PyTorch): one row per image. */
export function openClipProbs(stack: TorchStack, checkpoint: string, config: string, template: string, images: string[], labels: string[]): number[][] {
  const r = spawnSync(stack.python, [path.join(__dirname, 'open_clip_probs.py'), checkpoint, config, template, ...images, '--', ...labels], { env: stack.env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`open_clip_probs.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!).probs;
}

/** The page's address for a model, an image (relative to the page) and a label set, as the page writes it. */
function query(model: string, image: string, set: LabelSet): string {
  const p = new URLSearchParams({ model, image, labels: set.labels.join('|') });
  if (set.template) p.set('template', set.template);
  return `index.html?${p.toString().replace(/%7C/g, '|').replace(/%2F/g, '/')}`;
}

/** Replaces the labels and the template in an open page as a user's edit would (input events), then waits for its address to say so. */
async function edit(page: Page, set: LabelSet): Promise<void> {
  for (const [id, value] of [['labels', set.labels.join('\n')], ['template', set.template]]) {
    await page.$eval(`#${id}`, (el, v) => {
      (el as HTMLInputElement).value = v as string;
      el.dispatchEvent(new Event('input'));
    }, value);
  }
  await page.waitForFunction(
    (labels, template) => {
      const q = new URL(location.href).searchParams;
      return q.get('labels') === labels && (q.get('template') ?? '') === template;
    },
    {},
    set.labels.join('|'),
    set.template,
  );
}

export interface PlaygroundCheck {
  /** Largest |page − open_clip| over every image at the model's input size and every label. */
  worst: number;
  /** Largest difference between one label's probability and another's in open_clip: the bars are not uniform. */
  spread: number;
  /** Largest |page − open_clip| for a picture at twice the input size (the page scales in a canvas, open_clip with PIL's bicubic). */
  resized: number;
  cases: string;
}

/**
 * Builds the playground with an imported open_clip folder (`clip-workshop web --model`), serves it, and reads the
 * bars headless Chromium shows for a few images (at the model's input size) and label sets, against open_clip's own.
 */
export async function playgroundAgainstOpenClip(stack: TorchStack, o: { checkpoint: string; config: string; model: string; shard: string; work: string }): Promise<PlaygroundCheck> {
  const site = path.join(o.work, 'site');
  const built = cli(['web', '--model', o.model, '--out', site, '--json']);
  if (built.status !== 0) throw new Error(`clip-workshop web failed: ${built.stderr}`);
  const name: string = built.json().models[0].name;
  // Two training pictures straight from a shard, copied into the build, and a held-out combination from its gallery.
  const images = readTar(fs.readFileSync(o.shard), 'shard')
    .filter((e) => e.name.endsWith('.png'))
    .slice(0, 2)
    .map((e) => {
      fs.writeFileSync(path.join(site, e.name), e.data);
      return e.name;
    });
  const gallery: Array<{ file: string; set: string; split: string }> = JSON.parse(fs.readFileSync(path.join(site, 'gallery.json'), 'utf8'));
  images.push(gallery.find((g) => g.set === 'shapes' && g.split === 'heldout')!.file);
  // The same kind of picture at 64×64, measured apart: resizing differs between a canvas and PIL.
  const big = loadShapes({ size: 64, perClass: 0, testPerClass: 0, heldoutPerClass: 1, seed: 9 });
  await sharp(Buffer.from(big.pixels.subarray(0, 64 * 64 * 3)), { raw: { width: 64, height: 64, channels: 3 } }).png().toFile(path.join(site, 'big.png'));
  const all = [...images, 'big.png'];
  const want = PLAYGROUND_LABEL_SETS.map((s) => openClipProbs(stack, o.checkpoint, o.config, s.template || '{}', all.map((f) => path.join(site, f)), s.labels));
  const spread = Math.max(...want.flatMap((rows) => rows.map((r) => Math.max(...r) - Math.min(...r))));

  const server = await serveStatic(site, 0, '127.0.0.1');
  const browser = await launchChromium(o.work);
  const errors: string[] = [];
  let worst = 0;
  let resized = 0;
  try {
    for (const [k, image] of all.entries()) {
      // One page per image (each load starts ONNX Runtime Web again); the second label set is typed into it.
      const page = await openPage(browser, `${server.url}${query(name, image, PLAYGROUND_LABEL_SETS[0])}`, errors);
      for (const [j, set] of PLAYGROUND_LABEL_SETS.entries()) {
        if (j > 0) await edit(page, set);
        const bars = await finalBars(page);
        expect(bars.map((b) => b.label)).toEqual(set.labels);
        const diff = Math.max(...bars.map((b, i) => Math.abs(b.prob - want[j][k][i])));
        if (image === 'big.png') resized = Math.max(resized, diff);
        else worst = Math.max(worst, diff);
      }
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  expect(errors).toEqual([]);
  return { worst, spread, resized, cases: `${images.length} images × ${PLAYGROUND_LABEL_SETS.length} label sets (${PLAYGROUND_LABEL_SETS.map((s) => s.labels.length).join(' and ')} labels)` };
}
