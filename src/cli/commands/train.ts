import { Command } from 'commander';
import * as path from 'path';
import { initBackend } from '../../runtime/backend';
import { checkModelOutput, CHECKPOINTS, saveModel } from '../../models/io';
import { ToyClip } from '../../models/clip';
import { recipeHash, trainFromRecipe } from '../../recipes';
import { emit, FORCE_HELP, positiveInt } from '../output';
import { addRecipeOptions, recipeFromCli, RecipeCliOptions } from '../recipeOptions';

export { list } from '../recipeOptions';

/** `clip-workshop train`: contrastive training of the toy CLIP from a recipe, saved to a folder. */
export function register(program: Command): void {
  const cmd = program
    .command('train')
    .description('train the toy CLIP contrastively on a dataset\'s image–caption pairs (a recipe, or a dataset with the workshop\'s settings) and save it to a folder')
    .requiredOption('--out <dir>', 'model folder to write (the kit\'s files in it replaced atomically; checkpoints go to OUT/checkpoints/epoch-N)');
  addRecipeOptions(cmd, 'clip')
    .option('--template <text>', 'the prompt template to record with the model ("{}" marks the label; default: the recipe\'s)')
    .option('--checkpoint-every <n>', 'also save the model every n epochs, to OUT/checkpoints/epoch-N', positiveInt('--checkpoint-every'))
    .option('--force', FORCE_HELP)
    .option('--json', 'print one JSON object: steps, batchSize, epochs, seconds, msPerStep, finalLoss, backend, out, recipe, hash, modelSize, dataset, seed, weightDecay, template')
    .action(async (opts: RecipeCliOptions & { out: string; checkpointEvery?: number; force?: boolean; json?: boolean }) => {
      // A bad --out fails now, not after the whole training budget.
      checkModelOutput(opts.out, opts.force);
      const backend = await initBackend();
      const r = recipeFromCli('clip', opts);
      const out = path.resolve(opts.out);
      const { model, run, dataset } = await trainFromRecipe(r, { silent: false, checkpointDir: opts.checkpointEvery ? path.join(out, CHECKPOINTS) : undefined, checkpointEvery: opts.checkpointEvery });
      try {
        const hash = recipeHash(r);
        const result = {
          steps: run.steps, batchSize: run.batchSize, epochs: run.epochs, seconds: run.seconds, msPerStep: run.msPerStep, finalLoss: run.finalLoss,
          backend: backend.name, out, recipe: r.name, hash, modelSize: r.modelSize, dataset: dataset.name, seed: r.seed, weightDecay: r.weightDecay, template: r.template,
        };
        saveModel(out, model, { ...result, effectiveRecipe: r, config: model.config, history: run.history, stoppedBy: run.stoppedBy }, { template: r.template, recipe: { name: r.name, hash }, force: opts.force });
        const desc = model instanceof ToyClip ? model.description : 'model';
        emit(result, opts.json, () => `trained ${desc}\n${run.steps} steps of ${run.batchSize} (${run.epochs} epochs) in ${run.seconds.toFixed(1)} s on ${backend.name}, ${run.msPerStep.toFixed(1)} ms/step, final loss ${run.finalLoss.toFixed(3)}\nrecipe ${r.name} (${hash}), prompt template "${r.template}"\nsaved to ${out}`);
      } finally {
        model.dispose();
      }
    });
}
