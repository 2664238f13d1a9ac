import { Command } from 'commander';
import { loadRecipe, recipeHash, recipeNames } from '../../recipes';
import { Recipe } from '../../recipes/types';
import { isQuick } from '../../runtime/quick';
import { emit } from '../output';

/** `clip-workshop recipes`: every recipe of recipes/ as it would run, with its content hash. */
export function register(program: Command): void {
  program
    .command('recipes')
    .description('list the recipes: everything each workshop model\'s training depends on, and the hash its cached model is keyed by')
    .option('--quick', 'the quick versions (also CLIP_WORKSHOP_QUICK=1)')
    .option('--json', 'print one JSON object: {"recipes": [{"name", "hash", …fields}]}')
    .action((opts: { quick?: boolean; json?: boolean }) => {
      const quick = Boolean(opts.quick) || isQuick();
      const all = recipeNames().map((n) => loadRecipe<Recipe>(n, {}, { quick }));
      const rows = all.map((r) => ({ ...r, hash: recipeHash(r) }));
      emit({ quick, recipes: rows }, opts.json, () =>
        rows
          .map((r) => {
            const t = r as Recipe & { hash: string };
            if (t.kind === 'probe') return `${t.name.padEnd(24)} ${t.hash}  probe: ${t.steps} steps, lr ${t.learningRate}, l2 ${t.l2}`;
            const budget = t.steps !== undefined ? `${t.steps} steps` : `${t.epochs} epochs`;
            return `${t.name.padEnd(24)} ${t.hash}  ${t.kind} ${t.modelSize} on ${t.dataset.name}, batch ${t.batchSize}, ${budget}${t.maxSeconds ? ` (≤ ${t.maxSeconds} s)` : ''}, lr ${t.learningRate}, decay ${t.weightDecay}, augment ${t.augment}, seed ${t.seed}, template "${t.template}"`;
          })
          .join('\n'),
      );
    });
}
