import { Command } from 'commander';
import * as path from 'path';
import { initBackend } from '../../runtime/backend';
import { checkModelOutput, saveModel } from '../../models/io';
import { ToyClassifier } from '../../models/classifier';
import { recipeHash, trainFromRecipe } from '../../recipes';
import { parseSplit, requireSplit } from '../../train/datasets';
import { evaluateClassifier } from '../../eval/classifier';
import { emit, FORCE_HELP } from '../output';
import { addRecipeOptions, recipeFromCli, RecipeCliOptions } from '../recipeOptions';
import { reportJson, reportText } from './zeroshot';

/** `clip-workshop baseline`: the traditional classifier (image encoder + softmax head on class labels). */
export function register(program: Command): void {
  const cmd = program
    .command('baseline')
    .description('train the traditional classifier (same image encoder, softmax over fixed class labels) from a recipe or a dataset, evaluate it and save it')
    .requiredOption('--out <dir>', 'model folder to write')
    .option('--split <split>', 'split to evaluate: train, test or heldout', 'test')
    .option('--force', FORCE_HELP);
  addRecipeOptions(cmd, 'classifier')
    .option('--json', 'print one JSON object {top1, top5, n, classes, split, dataset, recipe, hash, steps, batchSize, seconds, backend, finalLoss, out, and for ≤ 100 classes classNames, perClass, confusion}')
    .action(async (opts: RecipeCliOptions & { out: string; split: string; force?: boolean; json?: boolean }) => {
      // A bad --out fails now, not after the whole training budget.
      checkModelOutput(opts.out, opts.force);
      const backend = await initBackend();
      const split = parseSplit(opts.split);
      const r = recipeFromCli('classifier', opts);
      const { model, run, dataset: ds } = await trainFromRecipe(r, { silent: false });
      try {
        const report = evaluateClassifier(model as ToyClassifier, ds, requireSplit(ds, split));
        const out = path.resolve(opts.out);
        const hash = recipeHash(r);
        const extra = { split, dataset: ds.name, recipe: r.name, hash, steps: run.steps, batchSize: run.batchSize, seconds: run.seconds, backend: backend.name, finalLoss: run.finalLoss, out };
        saveModel(out, model, { ...extra, effectiveRecipe: r, top1: report.top1, top5: report.top5, history: run.history }, { recipe: { name: r.name, hash }, force: opts.force });
        emit(reportJson(report, extra), opts.json, () => `${reportText(`traditional classifier on ${ds.name} ${split}`, report)}\ntrained ${run.steps} steps in ${run.seconds.toFixed(1)} s; saved to ${out}`);
      } finally {
        model.dispose();
      }
    });
}
