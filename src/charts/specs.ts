import type { StepRecord } from '../train/loop';
import { barChart } from '../viz/barChart';
import type { ChartSpec } from '../viz/common';
import { groupedBars } from '../viz/groupedBars';
import { heatmap } from '../viz/heatmap';
import { lineChart } from '../viz/lineChart';
import { ChartResults } from './results';

/** Averages of consecutive windows so that a curve of thousands of steps stays a small SVG. */
export function downsample(points: { x: number; y: number }[], maxPoints = 150): { x: number; y: number }[] {
  const w = Math.max(1, Math.ceil(points.length / maxPoints));
  const out: { x: number; y: number }[] = [];
  for (let i = 0; i < points.length; i += w) {
    const chunk = points.slice(i, i + w);
    out.push({ x: chunk[chunk.length - 1].x, y: chunk.reduce((a, p) => a + p.y, 0) / chunk.length });
  }
  return out;
}

/** The training curve: loss and learned temperature over steps, one panel each. */
export function trainingSpec(steps: ReadonlyArray<Pick<StepRecord, 'step' | 'loss' | 'temperature'>>): ChartSpec {
  const loss = downsample(steps.map((s) => ({ x: s.step, y: s.loss })));
  const temperature = downsample(steps.map((s) => ({ x: s.step, y: s.temperature ?? NaN })));
  return lineChart(
    [
      { name: 'contrastive loss', points: loss },
      { name: 'temperature', points: temperature },
    ],
    { separate: true, xTitle: 'training step', width: 460, height: 150, points: false },
  );
}

/** A batch's cosine-similarity matrix: images (thumbnails) down, their texts across; the diagonal outlined. */
export function similaritySpec(values: number[][], texts: string[], thumbnails: string[], title: string): ChartSpec {
  return heatmap({
    rows: texts,
    cols: texts,
    values,
    rowImages: thumbnails,
    rowTitle: 'image',
    colTitle: 'text',
    // Blues over the whole cosine range: the dark cells are the high similarities, and cell text stays readable.
    domain: [-1, 1],
    scheme: 'blues',
    format: '.2f',
    diagonal: true,
    cellSize: 44,
    title,
  });
}

const pctFormat = '.0%';

/** Traditional classifier vs zero-shot on seen and never-seen colour–shape combinations, with chance. */
export function comparisonSpec(r: ChartResults): ChartSpec {
  const seen = `seen (${r.data.seenClasses})`;
  const unseen = `never seen (${r.data.heldoutClasses})`;
  return groupedBars(
    [
      { group: seen, series: 'traditional classifier', value: r.traditional.test.top1 },
      { group: seen, series: 'zero-shot CLIP', value: r.zeroShot.test.top1 },
      { group: seen, series: 'chance', value: r.chance.test },
      { group: unseen, series: 'traditional classifier', value: r.traditional.heldout.top1 },
      { group: unseen, series: 'zero-shot CLIP', value: r.zeroShot.heldout.top1 },
      { group: unseen, series: 'chance', value: r.chance.heldout },
    ],
    { groupTitle: 'colour–shape combinations', valueTitle: 'top-1 accuracy', format: pctFormat, domain: [0, 1], height: 260 },
  );
}

/** Zero-shot accuracy on never-seen combinations per prompt variant, the best one highlighted. */
export function promptsSpec(r: ChartResults): ChartSpec {
  return barChart(
    Object.entries(r.prompts).map(([key, p]) => ({ label: p.label, value: p.heldout, highlight: key === r.promptsBest.key })),
    { horizontal: true, valueTitle: 'zero-shot top-1, never-seen combinations', format: '.1%', domain: [0, 1], width: 300 },
  );
}

/** Traditional classifier vs zero-shot on the training styles and on a style never seen. */
export function unseenStyleSpec(r: ChartResults): ChartSpec {
  const u = r.unseenStyle;
  const seen = 'seen styles';
  const unseen = `unseen: ${u.heldoutStyle}`;
  return groupedBars(
    [
      { group: seen, series: 'traditional classifier', value: u.traditionalSeenStyle.top1 },
      { group: seen, series: 'zero-shot CLIP', value: u.zeroShotSeenStyle.top1 },
      { group: seen, series: 'chance', value: u.chance },
      { group: unseen, series: 'traditional classifier', value: u.traditional.top1 },
      { group: unseen, series: 'zero-shot CLIP', value: u.zeroShot.top1 },
      { group: unseen, series: 'chance', value: u.chance },
    ],
    { groupTitle: `${u.classes} emoji classes`, valueTitle: 'top-1 accuracy', format: pctFormat, domain: [0, 1], height: 260 },
  );
}
