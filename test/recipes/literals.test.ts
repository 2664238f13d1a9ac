import * as fs from 'fs';
import * as path from 'path';

/**
 * One source of truth: no training batch size, learning rate, weight decay or step / epoch count is
 * written as a number in src/ or in the notebooks' code; they come from recipes/*.json. Allowed: an
 * override passed visibly to recipe(…) / workshopModel(…) (an exercise), and lines marked
 * `literal-ok:` with the reason (inference batch sizes, timed benchmark steps).
 */
const ROOT = path.join(__dirname, '..', '..');
// Object keys (`key: 3`), assignments and default parameters (`key = 3`), also through quickOr(…).
const HYPER = /\b(batchSize|batch|learningRate|lr|weightDecay|epochs|maxSteps|steps|warmupSteps|warmup|[a-zA-Z]*(Steps|Epochs|BatchSize)|[A-Z_]*(STEPS|EPOCHS|BATCH_SIZE|LEARNING_RATE|WEIGHT_DECAY))(:|\s*=(?!=))\s*(cw\.)?(quickOr\()?\s*-?[0-9]/;
const ALLOWED = /\b(recipe|trainRecipe|workshopModel|trainWorkshopModel|workshopRun)\(|literal-ok:/;

function* files(dir: string, ext: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* files(p, ext);
    else if (p.endsWith(ext)) yield p;
  }
}

function offending(lines: string[], where: string): string[] {
  return lines.flatMap((line, k) => (HYPER.test(line) && !ALLOWED.test(line) ? [`${where}:${k + 1}: ${line.trim()}`] : []));
}

describe('hyperparameters live in recipes/ only', () => {
  test('the pattern catches what it must and lets the allowed forms through', () => {
    expect(offending(['const s = { epochs: cw.quickOr(25, 3), batchSize: 64 };'], 'x')).toHaveLength(1);
    expect(offending(['trainClip(m, ds, { learningRate: 3e-3 })'], 'x')).toHaveLength(1);
    expect(offending(['const r = cw.recipe("shapes-clip", { batchSize: 8 });'], 'x')).toHaveLength(0);
    expect(offending(['evaluate(ds, batchSize = 256) // literal-ok: inference'], 'x')).toHaveLength(0);
    expect(offending(['const { batchSize } = recipe;', 'const n = totalSteps ? 1 : 0;', 'if (steps === 0) return;'], 'x')).toHaveLength(0);
    expect(offending(['function f(steps = 20) {}', 'const CLIP_STEPS = 300;'], 'x')).toHaveLength(2);
  });

  test('src/ has no such literal outside the recipe files', () => {
    const bad = [...files(path.join(ROOT, 'src'), '.ts')].flatMap((f) => offending(fs.readFileSync(f, 'utf8').split('\n'), path.relative(ROOT, f)));
    expect(bad).toEqual([]);
  });

  test("the notebooks' code cells have none either", () => {
    const bad = fs
      .readdirSync(path.join(ROOT, 'notebooks'))
      .filter((f) => f.endsWith('.ipynb'))
      .flatMap((f) => {
        const nb = JSON.parse(fs.readFileSync(path.join(ROOT, 'notebooks', f), 'utf8'));
        return nb.cells.flatMap((c: { cell_type: string; source: string[] | string }, i: number) =>
          c.cell_type === 'code' ? offending((Array.isArray(c.source) ? c.source.join('') : c.source).split('\n'), `${f} cell ${i}`) : [],
        );
      });
    expect(bad).toEqual([]);
  });
});
