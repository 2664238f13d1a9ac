import * as tf from '@tensorflow/tfjs-core';
import { UserError } from '../runtime/errors';
import { createProgress } from '../runtime/progress';
import { childSeed, Rng, seededRandom } from '../runtime/seed';
import { Adam } from './adam';
import { learningRateAt } from './schedule';

/**
 * What every trainer needs, complete: the recipes layer resolves it (a recipe, or `trainSettings` with
 * recipes/defaults.json for what a caller leaves out); nothing below that layer picks a default.
 */
export interface TrainSettings {
  /** Passes over the data; Infinity when `seconds` or `maxSteps` is the budget. */
  epochs: number;
  batchSize: number;
  /** Peak learning rate after warm-up. */
  learningRate: number;
  warmupSteps: number;
  weightDecay: number;
  /** Same seed, same backend → same numbers (batches, captions picked, augmentation). */
  seed: number;
}

/** Options shared by every trainer: the settings, budgets that end a run early (whichever comes first), and hooks. */
export interface TrainOptions extends TrainSettings {
  /** Stop after this many seconds of training (the learning-rate schedule follows the clock). */
  seconds?: number;
  /** Hard cap on optimisation steps (tests, benchmarks). */
  maxSteps?: number;
  /** Called after every step with plain numbers. */
  onStep?: (record: StepRecord) => void;
  /** Called after every epoch (after validation and checkpointing). */
  onEpoch?: (record: EpochRecord) => void | Promise<void>;
  /** Validation metrics computed after each epoch (e.g. zero-shot top-1), stored in the history. */
  validate?: () => Record<string, number> | Promise<Record<string, number>>;
  /** Where checkpoints go: one model folder per checkpoint, `<checkpointDir>/epoch-N/`. */
  checkpointDir?: string;
  /** Checkpoint every this many epochs (default 1 when checkpointDir is set). */
  checkpointEvery?: number;
  /**
   * What `seconds` and the history's times measure: 'wall' (default) clock time, or 'cpu' — this
   * process's CPU time, which on a shared machine approximates what a quiet one would allow.
   */
  clock?: 'wall' | 'cpu';
  /** Stop when training diverges (see {@link DIVERGENCE}); on by default. */
  divergence?: boolean;
  /** Label of the progress line on stderr; `silent` turns it off. */
  progressLabel?: string;
  silent?: boolean;
}

/** One optimisation step, as plain numbers. */
export interface StepRecord {
  step: number;
  epoch: number;
  loss: number;
  /** In-batch accuracy: matching accuracy (CLIP) or classification accuracy. */
  accuracy: number;
  learningRate: number;
  /** CLIP only: the logit scale exp(logit_scale) and temperature 1/scale. */
  logitScale?: number;
  temperature?: number;
  /** Seconds since training started. */
  seconds: number;
}

/** One epoch: means over its steps, plus validation metrics. */
export interface EpochRecord {
  epoch: number;
  steps: number;
  loss: number;
  accuracy: number;
  temperature?: number;
  seconds: number;
  validation?: Record<string, number>;
}

export interface TrainHistory {
  steps: StepRecord[];
  epochs: EpochRecord[];
}

export interface TrainResult {
  steps: number;
  /** Images per batch, as trained. */
  batchSize: number;
  epochs: number;
  seconds: number;
  /** Mean loss of the last 10 steps (one step is noisy). */
  finalLoss: number;
  /** Why training stopped. */
  stoppedBy: 'epochs' | 'seconds' | 'maxSteps';
  history: TrainHistory;
  /** Mean milliseconds per optimisation step. */
  msPerStep: number;
}

/** What a kind of training gives the loop: its variables, its batches and its forward pass. */
export interface TrainTask<B> {
  variables: tf.Variable[];
  /** One epoch of batches, deterministic given `rng`. */
  batches(rng: Rng): B[];
  /** Loss and accuracy of a batch; runs under tf.variableGrads, so intermediate tensors are freed. */
  forward(batch: B): { loss: tf.Scalar; accuracy: tf.Scalar };
  /** Current logit scale (CLIP). */
  logitScale?(): number;
  /** Saves a checkpoint. */
  save?(dir: string, metadata: Record<string, unknown>, checkpoint: { epoch: number; step: number }): void;
  /** The loss of a model that has learnt nothing (guessing): ln(batch) for CLIP, ln(classes) for a classifier. */
  chanceLoss?(): number;
  /** Training examples the batches draw from, named when they are too few for one batch. */
  examples?: number;
}

/**
 * When training counts as diverged (besides a NaN or infinite loss, which always stops it): `minSteps` steps past
 * warm-up, the mean loss of the last `window` steps is still at least `fraction` of the chance loss, and no lower
 * than the mean of the `window` steps `minSteps` earlier minus `progress` × chance (it is not slowly learning
 * either). A healthy run leaves chance within its first epoch; a 1-epoch shapes run is too short to be judged.
 */
export const DIVERGENCE = { window: 50, fraction: 0.97, minSteps: 300, progress: 0.01 }; // literal-ok: a safety threshold, not a hyperparameter

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/**
 * The training loop: Adam, warm-up then cosine learning rate, epochs and/or a time budget,
 * per-step and per-epoch callbacks, a stop with a clear message on a NaN or infinite loss,
 * checkpoints, and no tensor left behind (the optimiser state is freed at the end).
 */
export async function runTraining<B>(task: TrainTask<B>, options: TrainOptions): Promise<TrainResult> {
  const { seconds, epochs, learningRate: peak, warmupSteps: warmup } = options;
  const rng = seededRandom(options.seed);
  const optimizer = new Adam({ weightDecay: options.weightDecay });
  const history: TrainHistory = { steps: [], epochs: [] };
  const cpuSeconds = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const now = options.clock === 'cpu' ? cpuSeconds : () => Date.now() / 1000;
  const start = now();
  const elapsed = () => now() - start;
  let step = 0;
  let epoch = 0;
  let stoppedBy: TrainResult['stoppedBy'] = 'epochs';
  let totalSteps = Infinity;
  let progress: ReturnType<typeof createProgress> | undefined;

  try {
    let stop = false;
    while (epoch < epochs && !stop) {
      const batches = task.batches(seededRandom(childSeed(rng)));
      if (batches.length === 0) {
        const have = task.examples === undefined ? '' : `: ${task.examples} training images for batches of ${options.batchSize}`;
        throw new UserError(`There is not enough training data for one full batch${have}; use a smaller batch size or more images.`);
      }
      if (epoch === 0) {
        totalSteps = Math.min(epochs * batches.length, options.maxSteps ?? Infinity);
        // A known step count gives a bar; a pure time budget counts steps.
        progress = createProgress(options.progressLabel ?? 'training', Number.isFinite(totalSteps) && seconds === undefined ? totalSteps : 0, { silent: options.silent });
      }
      const losses: number[] = [];
      const accs: number[] = [];
      for (const batch of batches) {
        if (seconds !== undefined && elapsed() >= seconds) stoppedBy = 'seconds';
        else if (options.maxSteps !== undefined && step >= options.maxSteps) stoppedBy = 'maxSteps';
        if (stoppedBy !== 'epochs') {
          stop = true;
          break;
        }
        const p = seconds !== undefined ? Math.max(elapsed() / seconds, Number.isFinite(totalSteps) ? step / totalSteps : 0) : step / totalSteps;
        const lr = learningRateAt(peak, step, warmup, p);
        let accuracy: tf.Scalar | undefined;
        const { value, grads } = tf.variableGrads(() => {
          const out = task.forward(batch);
          accuracy = tf.keep(out.accuracy);
          return out.loss;
        }, task.variables);
        const loss = value.dataSync()[0];
        const acc = accuracy!.dataSync()[0];
        accuracy!.dispose();
        if (!Number.isFinite(loss)) {
          value.dispose();
          tf.dispose(grads);
          throw new UserError(`Training stopped: the loss became ${loss} at step ${step + 1} (epoch ${epoch + 1}); lower the learning rate or check the data for broken images.`);
        }
        optimizer.apply(task.variables, task.variables.map((v) => grads[v.name]), lr);
        value.dispose();
        tf.dispose(grads);
        step++;
        const scale = task.logitScale?.();
        const record: StepRecord = { step, epoch: epoch + 1, loss, accuracy: acc, learningRate: lr, seconds: elapsed() };
        if (scale !== undefined) Object.assign(record, { logitScale: scale, temperature: 1 / scale });
        history.steps.push(record);
        if (options.divergence !== false) checkDivergence(epoch + 1);
        losses.push(loss);
        accs.push(acc);
        options.onStep?.(record);
        progress?.tick(1, `epoch ${epoch + 1} loss ${loss.toFixed(3)} acc ${(acc * 100).toFixed(0)}%${seconds !== undefined ? ` ${elapsed().toFixed(0)}/${seconds}s` : ''}`);
      }
      // A partial last epoch (time budget, step cap) still gets its record.
      if (losses.length > 0) {
        epoch++;
        await finishEpoch(epoch, losses, accs);
      }
    }
    return result();
  } finally {
    optimizer.dispose();
  }

  async function finishEpoch(e: number, losses: number[], accs: number[]): Promise<void> {
    const scale = task.logitScale?.();
    const record: EpochRecord = { epoch: e, steps: losses.length, loss: mean(losses), accuracy: mean(accs), seconds: elapsed() };
    if (scale !== undefined) record.temperature = 1 / scale;
    if (options.validate) record.validation = await options.validate();
    history.epochs.push(record);
    const every = options.checkpointEvery ?? 1;
    if (options.checkpointDir && task.save && e % every === 0) task.save(`${options.checkpointDir}/epoch-${e}`, { checkpoint: true, epoch: e, step, history }, { epoch: e, step });
    await options.onEpoch?.(record);
  }

  /** Stops a run whose loss sits at chance long after warm-up (see DIVERGENCE). */
  function checkDivergence(e: number): void {
    const chance = task.chanceLoss?.();
    if (chance === undefined || !(chance > 0) || step < warmup + DIVERGENCE.minSteps) return;
    const losses = history.steps.map((r) => r.loss);
    const recent = losses.slice(-DIVERGENCE.window);
    const before = losses.slice(Math.max(0, losses.length - DIVERGENCE.minSteps - DIVERGENCE.window), losses.length - DIVERGENCE.minSteps);
    if (recent.length < DIVERGENCE.window || before.length === 0) return;
    const m = mean(recent);
    if (m >= DIVERGENCE.fraction * chance && m >= mean(before) - DIVERGENCE.progress * chance) {
      throw new UserError(`Training stopped: after ${step} steps (epoch ${e}) the loss is still ${m.toFixed(3)}, no better than guessing (${chance.toFixed(3)}), so the model learnt nothing and was not saved; lower the learning rate (--lr, now ${peak}) or check the data.`);
    }
  }

  function result(): TrainResult {
    const s = elapsed();
    progress?.done(`${step} steps in ${s.toFixed(1)} s`);
    const last = history.steps.slice(-10).map((r) => r.loss);
    return { steps: step, batchSize: options.batchSize, epochs: epoch, seconds: s, finalLoss: mean(last), stoppedBy, history, msPerStep: step ? (s * 1000) / step : NaN };
  }
}
