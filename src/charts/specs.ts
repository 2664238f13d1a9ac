import type { StepRecord } from '../train/loop';
import { barChart } from '../viz/barChart';
import type { ChartSpec } from '../viz/common';
import { groupedBars } from '../viz/groupedBars';
import { heatmap } from '../viz/heatmap';
import { lineChart } from '../viz/lineChart';
import { ChartResults } from './results';
import { legendBelow, SLIDE_FONT_SIZE } from './slide-style';

// Every chart here is drawn for a 1280×720 slide: text at SLIDE_FONT_SIZE.

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
  return legendBelow(
    lineChart(
      [
        { name: 'contrastive loss', points: loss },
        { name: 'temperature', points: temperature },
      ],
      { separate: true, xTitle: 'training step', width: 460, height: 200, points: false, fontSize: SLIDE_FONT_SIZE },
    ),
  );
}

/**
 * A batch's cosine-similarity matrix: images (thumbnails) down, their texts across; the diagonal outlined.
 * Slide text is too large for a value in every cell: the slide states the means.
 */
export function similaritySpec(values: number[][], texts: string[], thumbnails: string[], title: string): ChartSpec {
  return heatmap({
    rows: texts,
    cols: texts,
    values,
    rowImages: thumbnails,
    // The thumbnails say what the rows are, the columns' names are the texts; axis titles would only take room.
    rowNames: false,
    // Cosines are signed: white at 0, red below, blue above, so a negative similarity never looks like a small positive one.
    domain: [-1, 1],
    diverging: true,
    format: '.2f',
    showValues: false,
    diagonal: true,
    cellSize: 36,
    title,
    fontSize: SLIDE_FONT_SIZE,
  });
}

const pctFormat = '.0%';

/** Traditional classifier vs zero-shot on seen and never-seen colour–shape combinations, with chance. */
export function comparisonSpec(r: ChartResults): ChartSpec {
  const seen = `seen (${r.data.seenClasses})`;
  const unseen = `never seen (${r.data.heldoutClasses})`;
  return legendBelow(groupedBars(
    [
      { group: seen, series: 'traditional classifier', value: r.traditional.test.top1 },
      { group: seen, series: 'zero-shot CLIP', value: r.zeroShot.test.top1 },
      { group: seen, series: 'chance', value: r.chance.test },
      { group: unseen, series: 'traditional classifier', value: r.traditional.heldout.top1 },
      { group: unseen, series: 'zero-shot CLIP', value: r.zeroShot.heldout.top1 },
      { group: unseen, series: 'chance', value: r.chance.heldout },
    ],
    { groupTitle: 'colour–shape combinations', valueTitle: 'top-1 accuracy', format: pctFormat, domain: [0, 1], width: 440, height: 280, labelAngle: 0, fontSize: SLIDE_FONT_SIZE },
  ));
}

/** Zero-shot accuracy on never-seen combinations per prompt variant; the best one highlighted only when it leads by more than the run-to-run spread. */
export function promptsSpec(r: ChartResults): ChartSpec {
  return barChart(
    Object.entries(r.prompts).map(([key, p]) => ({ label: p.label, value: p.heldout, highlight: r.promptsBest.beyondSpread && key === r.promptsBest.key })),
    { horizontal: true, valueTitle: 'top-1, never-seen combinations', format: '.1%', domain: [0, 1], width: 220, fontSize: SLIDE_FONT_SIZE },
  );
}

/** Traditional classifier vs zero-shot on the training styles and on a style never seen. */
export function unseenStyleSpec(r: ChartResults): ChartSpec {
  const u = r.unseenStyle;
  // The slide names the unseen style; short group names stay level and whole at slide size.
  const seen = 'seen styles';
  const unseen = 'unseen style';
  return legendBelow(groupedBars(
    [
      // Member prompts are built from training labels: they are named so, beside zero-shot with class names alone.
      { group: seen, series: 'traditional classifier', value: u.traditionalSeenStyle.top1 },
      { group: seen, series: 'zero-shot: class names', value: u.classNamesSeenStyle.top1 },
      { group: seen, series: 'member prompts (labels)', value: u.zeroShotSeenStyle.top1 },
      { group: seen, series: 'chance', value: u.chance },
      { group: unseen, series: 'traditional classifier', value: u.traditional.top1 },
      { group: unseen, series: 'zero-shot: class names', value: u.classNames.top1 },
      { group: unseen, series: 'member prompts (labels)', value: u.zeroShot.top1 },
      { group: unseen, series: 'chance', value: u.chance },
    ],
    { groupTitle: `${u.classes} emoji classes`, valueTitle: 'top-1 accuracy', format: pctFormat, domain: [0, 1], width: 440, height: 280, labelAngle: 0, fontSize: SLIDE_FONT_SIZE },
  ));
}
