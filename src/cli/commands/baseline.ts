import { Command } from 'commander';
import * as path from 'path';
import { initBackend } from '../../runtime/backend';
import { DEFAULT_SEED } from '../../runtime/seed';
import { saveModel } from '../../models/io';
import { createToyClassifier, trainClassifier } from '../../train/classifierTrainer';
import { defaultBatchSize } from '../../train/clipTrainer';
import { openDataset, parseSplit, requireSplit } from '../../train/datasets';
import { evaluateClassifier } from '../../eval/classifier';
import { emit, positiveInt, positiveNumber, wholeNumber } from '../output';
import { defaultModelSize, list } from './train';
import { reportJson, reportText } from './zeroshot';

/** `clip-workshop baseline`: the traditional classifier (image encoder + softmax head on class labels). */
export function register(program: Command): void {
  program
    .command('baseline')
    .description('train the traditional classifier (same image encoder, softmax over fixed class labels), evaluate it and save it')
    .requiredOption('--dataset <name>', 'shapes, emoji, cifar10, cifar100 or an image folder')
    .requiredOption('--out <dir>', 'model folder to write')
    .option('--epochs <n>', 'passes over the training images', positiveInt('--epochs'))
    .option('--seconds <s>', 'time budget in seconds (default 60 when --epochs is not given)', positiveNumber('--seconds'))
    .option('--seed <k>', 'seed of weights and batches', wholeNumber('--seed'), DEFAULT_SEED)
    .option('--split <split>', 'split to evaluate: train, test or heldout', 'test')
    .option('--model-size <name>', 'image encoder size (default: shapes, emoji for emoji)')
    .option('--lr <rate>', 'peak learning rate', positiveNumber('--lr'))
    .option('--styles <list>', 'emoji: comma-separated styles to use')
    .option('--test-styles <list>', 'emoji: comma-separated styles held out of training (the test split)')
    .option('--size <px>', 'image side in pixels (default 32)', positiveInt('--size'))
    .option('--augment', 'random zoom, shift, mirror and grey on training images (always on for emoji)')
    .option('--json', 'print one JSON object')
    .action(async (opts: { dataset: string; out: string; epochs?: number; seconds?: number; seed: number; split: string; modelSize?: string; lr?: number; styles?: string; testStyles?: string; size?: number; augment?: boolean; json?: boolean }) => {
      const backend = await initBackend();
      const split = parseSplit(opts.split);
      const size = opts.modelSize ?? defaultModelSize(opts.dataset);
      const ds = await openDataset({ name: opts.dataset, styles: list(opts.styles), testStyles: list(opts.testStyles), size: opts.size, seed: opts.seed });
      const evalIdx = requireSplit(ds, split);
      const model = createToyClassifier(ds, { size, seed: opts.seed });
      try {
        const r = await trainClassifier(model, ds, {
          epochs: opts.epochs,
          seconds: opts.seconds ?? (opts.epochs === undefined ? 60 : undefined),
          seed: opts.seed,
          batchSize: defaultBatchSize(size),
          learningRate: opts.lr,
          augment: opts.augment || opts.dataset === 'emoji',
        });
        const report = evaluateClassifier(model, ds, evalIdx);
        const out = path.resolve(opts.out);
        const extra = { split, dataset: ds.name, steps: r.steps, seconds: r.seconds, backend: backend.name, finalLoss: r.finalLoss, out };
        saveModel(out, model, { ...extra, top1: report.top1, top5: report.top5, history: r.history });
        emit(reportJson(report, extra), opts.json, () => `${reportText(`traditional classifier on ${ds.name} ${split}`, report)}\ntrained ${r.steps} steps in ${r.seconds.toFixed(1)} s; saved to ${out}`);
      } finally {
        model.dispose();
      }
    });
}
