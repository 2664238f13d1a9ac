import * as fs from 'fs';
import * as path from 'path';
import { writeFileAtomic } from '../runtime/atomic';
import { UserError } from '../runtime/errors';
import { readJsonIfValid } from '../runtime/json';
import { trainRecipe } from '../recipes/load';
import { resultsDir } from './resultPaths';

/** The markers around the README's generated figures table. */
/** Generated from results/ by `clip-workshop figures --write` (a full `experiments` run does it too); never edited by hand. */
export const FIGURES_START = '<!-- figures:start -->';
export const FIGURES_END = '<!-- figures:end -->';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/**
 * The README's figures as a Markdown table, every number read from results/ and every row with the
 * command that regenerates it. A row whose result is missing says so instead of a number.
 */
export function figuresTable(dir = resultsDir()): string {
  const rows: string[] = ['| what | figure | command |', '|---|---|---|'];
  const row = (what: string, name: string, figure: (r: any) => string) => {
    const r = readJsonIfValid<any>(path.join(dir, `${name}.json`));
    rows.push(`| ${what} | ${r ? figure(r) : 'not measured yet'} | \`clip-workshop experiments ${name}\` |`);
  };
  row('Tiny CLIP on shapes (recipe `shapes-clip`: batches of 64 over 30 combinations, 12 epochs): final loss and held-out zero-shot top-1, with the same-concept mask / without', 'training-curve', (r) => {
    const [m, u] = r.runs;
    return `loss **${m.finalLoss.toFixed(3)}** / ${u.finalLoss.toFixed(3)}; held-out **${pct(m.heldout.top1)}** / ${pct(u.heldout.top1)} (chance ${pct(r.chance)})`;
  });
  row('Combinations never seen in training (36-way): zero-shot vs the traditional classifier', 'shapes-zero-shot', (r) => `**${pct(r.zeroShot.heldout.top1)}** vs ${pct(r.traditional.heldout.top1)} (seen: ${pct(r.zeroShot.test.top1)} vs ${pct(r.traditional.test.top1)})`);
  row('Prompt variants on held-out shapes, three training seeds', 'prompt-variants', (r) =>
    `highest: ${r.best.label} ${pct(r.best.heldoutMean)}, ${r.best.beyondSpread ? 'beyond' : 'within'} noise of the next (seed spread ${(r.spread * 100).toFixed(1)} points)`);
  row('Emoji concepts never trained on, in a style never seen (recipes `emoji-clip`, `emoji-classifier`)', 'unseen-style', (r) => {
    const u = r.groups.unseenStyle;
    return `classifier ${pct(u['traditional classifier'].top1)}, linear probe ${pct(u['linear probe'].top1)}, zero-shot: class names ${pct(u['zero-shot: class names'].top1)}, member prompts (training labels) ${pct(u['zero-shot: member concepts'].top1)} (${u['traditional classifier'].n} images, chance ${pct(r.chance)})`;
  });
  row('Labels per class a linear probe needs to beat zero-shot with class names beyond noise (unseen style)', 'probe-shots', (r) => (r.probeBeatsZeroShotFrom === null ? `none of ${r.probe[0]?.k}–${r.probe[r.probe.length - 1]?.k} does` : `from **${r.probeBeatsZeroShotFrom}** per class (zero-shot ${pct(r.zeroShot)})`));
  row(`Shapes benchmark: held-out top-1 after ≤ ${trainRecipe('shapes-bench').maxSeconds} CPU-s (target ≥ 90 %)`, 'shapes-benchmark', (r) => `**${pct(r.heldoutTop1)}** (${r.steps} steps of ${r.batch})`);
  row('Emoji benchmark (recipe `emoji-clip-bench`): openmoji-color over all concepts (targets top-1 ≥ 25 %, top-5 ≥ 50 %), 10-class zero-shot vs classifier (within 10 points)', 'emoji-benchmark', (r) => {
    const s = r.perStyle.find((p: any) => p.style === 'openmoji-color') ?? r.perStyle[0];
    return `top-1 **${pct(s.conceptTop1)}**, top-5 **${pct(s.conceptTop5)}**; ${pct(s.tenClassZeroShotTop1)} vs ${pct(s.tenClassClassifierTop1)}`;
  });
  return rows.join('\n');
}

/** The README with its figures block regenerated; throws when the markers are missing. */
export function readmeWithFigures(readme: string, table: string): string {
  const a = readme.indexOf(FIGURES_START);
  const b = readme.indexOf(FIGURES_END);
  if (a < 0 || b < a) throw new UserError(`The README has no figures block (${FIGURES_START} … ${FIGURES_END}); add the two markers where the table goes.`);
  return `${readme.slice(0, a + FIGURES_START.length)}\n${table}\n${readme.slice(b)}`;
}

/** Rewrites the README's figures block from results/ (atomically); returns whether it changed. */
export function writeReadmeFigures(readmeFile: string, dir = resultsDir()): boolean {
  const old = fs.readFileSync(readmeFile, 'utf8');
  const next = readmeWithFigures(old, figuresTable(dir));
  if (next !== old) writeFileAtomic(readmeFile, next);
  return next !== old;
}
