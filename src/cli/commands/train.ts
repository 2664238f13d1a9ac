import { Command } from 'commander';
import * as path from 'path';
import { initBackend } from '../../runtime/backend';
import { DEFAULT_SEED } from '../../runtime/seed';
import { UserError } from '../../runtime/errors';
import { MODEL_SIZES } from '../../models/configs';
import { saveModel } from '../../models/io';
import { createToyClip, defaultBatchSize, defaultWeightDecay, trainClip } from '../../train/clipTrainer';
import { openDataset } from '../../train/datasets';
import { emit, nonNegativeNumber, positiveInt, positiveNumber, wholeNumber } from '../output';

/** Default model size per dataset (the sizes calibrated in issue 4). */
export function defaultModelSize(dataset: string): string {
  return dataset === 'emoji' ? 'emoji' : 'shapes';
}

/** Splits a comma-separated option value (undefined stays undefined). */
export const list = (v?: string): string[] | undefined => v?.split(',').map((s) => s.trim()).filter(Boolean);

/** `clip-workshop train`: contrastive training of the toy CLIP, saved to a folder. */
export function register(program: Command): void {
  program
    .command('train')
    .description('train the toy CLIP contrastively on a dataset\'s image–caption pairs and save it to a folder')
    .requiredOption('--dataset <name>', 'shapes, emoji, cifar10, cifar100 or an image folder')
    .requiredOption('--out <dir>', 'model folder to write (replaced atomically if it holds a model)')
    .option('--epochs <n>', 'passes over the training images', positiveInt('--epochs'))
    .option('--seconds <s>', 'time budget in seconds (default 60 when --epochs is not given)', positiveNumber('--seconds'))
    .option('--seed <k>', 'seed of weights, batches and captions', wholeNumber('--seed'), DEFAULT_SEED)
    .option('--model-size <name>', `model size: ${Object.keys(MODEL_SIZES).join(', ')} (default: shapes, emoji for emoji)`)
    .option('--batch-size <n>', 'images per batch (default: the model size\'s)', positiveInt('--batch-size'))
    .option('--lr <rate>', 'peak learning rate', positiveNumber('--lr'))
    .option('--weight-decay <w>', "AdamW's decoupled weight decay of the weight matrices (default: the model size's; 0.2 for emoji, else 0)", nonNegativeNumber('--weight-decay'))
    .option('--styles <list>', 'emoji: comma-separated styles to use')
    .option('--test-styles <list>', 'emoji: comma-separated styles held out of training (the test split)')
    .option('--size <px>', 'image side in pixels (default 32)', positiveInt('--size'))
    .option('--checkpoint-every <n>', 'also save the model every n epochs', positiveInt('--checkpoint-every'))
    .option('--augment', 'random zoom, shift, mirror and grey on training images (always on for emoji)')
    .option('--json', 'print one JSON object')
    .action(async (opts: TrainCliOptions) => {
      const backend = await initBackend();
      const size = opts.modelSize ?? defaultModelSize(opts.dataset);
      if (!MODEL_SIZES[size]) throw new UserError(`Unknown model size "${size}": use one of ${Object.keys(MODEL_SIZES).join(', ')}.`);
      const ds = await openDataset({ name: opts.dataset, styles: list(opts.styles), testStyles: list(opts.testStyles), size: opts.size, seed: opts.seed });
      const model = createToyClip(ds, { size, seed: opts.seed });
      const seconds = opts.seconds ?? (opts.epochs === undefined ? 60 : undefined);
      const weightDecay = opts.weightDecay ?? defaultWeightDecay(size);
      try {
        const r = await trainClip(model, ds, {
          epochs: opts.epochs,
          seconds,
          seed: opts.seed,
          batchSize: opts.batchSize ?? defaultBatchSize(size),
          learningRate: opts.lr,
          weightDecay,
          augment: opts.augment || opts.dataset === 'emoji',
          checkpointDir: opts.checkpointEvery ? opts.out : undefined,
          checkpointEvery: opts.checkpointEvery,
          silent: false,
        });
        const out = path.resolve(opts.out);
        const result = { steps: r.steps, seconds: r.seconds, backend: backend.name, finalLoss: r.finalLoss, out, epochs: r.epochs, msPerStep: r.msPerStep, modelSize: size, dataset: ds.name, seed: opts.seed, weightDecay };
        saveModel(out, model, { ...result, config: model.config, history: r.history, stoppedBy: r.stoppedBy });
        emit(result, opts.json, () => `trained ${model.description}\n${r.steps} steps (${r.epochs} epochs) in ${r.seconds.toFixed(1)} s on ${backend.name}, ${r.msPerStep.toFixed(1)} ms/step, final loss ${r.finalLoss.toFixed(3)}\nsaved to ${out}`);
      } finally {
        model.dispose();
      }
    });
}

interface TrainCliOptions {
  dataset: string;
  out: string;
  epochs?: number;
  seconds?: number;
  seed: number;
  modelSize?: string;
  batchSize?: number;
  lr?: number;
  weightDecay?: number;
  styles?: string;
  testStyles?: string;
  size?: number;
  checkpointEvery?: number;
  augment?: boolean;
  json?: boolean;
}
