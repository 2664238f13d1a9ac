import { splitIndices } from '../data/batch';
import { zeroShotEvaluate } from '../eval/zeroshot';
import { ToyClip } from '../models/clip';
import { loadRecipeDataset, trainRecipe, workshopModel, workshopRun } from '../recipes';
import { accuracyOf, Accuracy, ExperimentMeta, ExperimentOptions, metaOf, quickOf, roundTo, thin } from './common';

/** One training run of the curve: its loss and temperature per step and its zero-shot accuracy after. */
export interface CurveRun {
  label: string;
  maskSameConcept: boolean;
  batchSize: number;
  steps: number;
  epochs: number;
  /** Training time when the model was trained (not reproducible: it depends on the machine). */
  seconds: number;
  finalLoss: number;
  heldout: Accuracy;
  test: Accuracy;
  curve: { step: number; loss: number; temperature: number }[];
}

export interface TrainingCurveResult extends ExperimentMeta {
  /** Distinct concepts (colour–shape combinations) in training: a batch larger than this repeats some. */
  trainConcepts: number;
  template: string;
  chance: number;
  runs: CurveRun[];
}

/**
 * The shapes CLIP's training, with and without the same-concept mask: a batch of 64 over 30 training
 * combinations repeats concepts, and without the mask each image is pushed away from texts that describe it.
 */
export async function trainingCurve(options: ExperimentOptions = {}): Promise<TrainingCurveResult> {
  const quick = quickOf(options);
  const withMask = trainRecipe('shapes-clip', {}, { quick });
  const withoutMask = trainRecipe('shapes-clip', { maskSameConcept: false }, { quick });
  const ds = await loadRecipeDataset(withMask.dataset);
  const heldIdx = splitIndices(ds, 'heldout');
  const testIdx = splitIndices(ds, 'test');
  const runs: CurveRun[] = [];
  for (const [label, r] of [['with the mask', withMask], ['without the mask', withoutMask]] as const) {
    const run = await workshopRun(r, {}, { data: ds, hooks: { silent: options.silent } });
    const model = (await workshopModel(r, {}, { data: ds })) as ToyClip;
    try {
      const heldout = await zeroShotEvaluate(model, ds, { indices: heldIdx, templates: [r.template] });
      const test = await zeroShotEvaluate(model, ds, { indices: testIdx, templates: [r.template] });
      runs.push({
        label,
        maskSameConcept: r.maskSameConcept !== false,
        batchSize: run.batchSize,
        steps: run.steps,
        epochs: run.epochs,
        seconds: roundTo(run.seconds, 1),
        finalLoss: roundTo(run.finalLoss),
        heldout: accuracyOf(heldout),
        test: accuracyOf(test),
        curve: thin(run.history.steps).map((s) => ({ step: s.step, loss: roundTo(s.loss), temperature: roundTo(s.temperature ?? NaN) })),
      });
    } finally {
      model.dispose();
    }
  }
  const trainConcepts = new Set(splitIndices(ds, 'train').map((i) => ds.meta[i].concept)).size;
  return { ...metaOf('training-curve', quick, [withMask, withoutMask]), trainConcepts, template: withMask.template, chance: roundTo(1 / ds.classNames.length), runs };
}
