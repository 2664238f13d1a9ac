import { Command } from 'commander';
import { initBackend } from '../../runtime/backend';
import { loadClassifierModel } from '../../models/loader';
import { linearProbeEvaluate } from '../../eval/probe';
import { openDataset, parseSplit, requireSplit } from '../../train/datasets';
import { ALLOW_CHECKPOINT_HELP, MODEL_OPTION_HELP, emit, positiveInt, positiveNumber } from '../output';
import { list } from '../recipeOptions';
import { reportJson, reportText } from './zeroshot';

/** `clip-workshop probe`: the linear probe on frozen image embeddings. */
export function register(program: Command): void {
  program
    .command('probe')
    .description('linear probe: softmax regression with L2 on the frozen image embeddings of the training split, evaluated on another split')
    .requiredOption('--model <dir|id>', MODEL_OPTION_HELP)
    .requiredOption('--dataset <name>', 'shapes, emoji, cifar10, cifar100 or an image folder')
    .option('--split <split>', 'split to evaluate: test or heldout', 'test')
    .option('--l2 <lambda>', 'L2 penalty on the weights', positiveNumber('--l2'), 1e-3)
    .option('--steps <n>', 'full-batch optimisation steps', positiveInt('--steps'), 300)
    .option('--styles <list>', 'emoji: comma-separated styles to use')
    .option('--test-styles <list>', 'emoji: comma-separated styles forming the test split')
    .option('--allow-checkpoint', ALLOW_CHECKPOINT_HELP)
    .option('--json', 'print one JSON object {top1, top5, n, classes, split, dataset, l2, and for ≤ 100 classes classNames, perClass, confusion}')
    .action(async (opts: { model: string; dataset: string; split: string; l2: number; steps: number; styles?: string; testStyles?: string; allowCheckpoint?: boolean; json?: boolean }) => {
      await initBackend();
      const split = parseSplit(opts.split);
      const model = await loadClassifierModel(opts.model, { allowCheckpoint: opts.allowCheckpoint });
      try {
        const ds = await openDataset({ name: opts.dataset, styles: list(opts.styles), testStyles: list(opts.testStyles), size: model.imageSize });
        const report = await linearProbeEvaluate(model, ds, requireSplit(ds, 'train'), requireSplit(ds, split), { l2: opts.l2, steps: opts.steps });
        emit(reportJson(report, { split, dataset: ds.name, l2: opts.l2 }), opts.json, () => reportText(`linear probe on ${ds.name} ${split}`, report));
      } finally {
        model.dispose();
      }
    });
}
