import { splitIndices } from '../data/batch';
import { evaluateClassifier } from '../eval/classifier';
import { zeroShotEvaluate } from '../eval/zeroshot';
import { loadRecipeDataset, trainRecipe, workshopModel } from '../recipes';
import { ShapesDataset } from '../data/shapes';
import { accuracyOf, Accuracy, ExperimentMeta, ExperimentOptions, metaOf, quickOf, roundTo } from './common';

export interface ShapesZeroShotResult extends ExperimentMeta {
  data: { classes: number; seenClasses: number; heldoutClasses: number; heldoutList: string; trainImages: number; testImages: number; heldoutImages: number };
  template: string;
  zeroShot: { test: Accuracy; heldout: Accuracy };
  traditional: { test: Accuracy; heldout: Accuracy };
  chance: { test: number; heldout: number };
}

/**
 * The traditional classifier against zero-shot on the shapes: on seen combinations both can answer; on
 * the held-out ones the classifier has no output for the right class, zero-shot only needs its words.
 */
export async function shapesZeroShot(options: ExperimentOptions = {}): Promise<ShapesZeroShotResult> {
  const quick = quickOf(options);
  const rc = trainRecipe('shapes-clip', {}, { quick });
  const rk = trainRecipe('shapes-classifier', {}, { quick });
  const ds = (await loadRecipeDataset(rc.dataset)) as ShapesDataset;
  const [train, test, heldout] = (['train', 'test', 'heldout'] as const).map((s) => splitIndices(ds, s));
  const clip = await workshopModel(rc, {}, { data: ds });
  let zs;
  try {
    zs = { test: accuracyOf(await zeroShotEvaluate(clip, ds, { indices: test, templates: [rc.template] })), heldout: accuracyOf(await zeroShotEvaluate(clip, ds, { indices: heldout, templates: [rc.template] })) };
  } finally {
    clip.dispose();
  }
  const clf = await workshopModel(rk as typeof rk & { kind: 'classifier' }, {}, { data: ds });
  let trad;
  try {
    trad = { test: accuracyOf(evaluateClassifier(clf, ds, test)), heldout: accuracyOf(evaluateClassifier(clf, ds, heldout)) };
  } finally {
    clf.dispose();
  }
  return {
    ...metaOf('shapes-zero-shot', quick, [rc, rk]),
    data: {
      classes: ds.classNames.length,
      seenClasses: ds.classNames.length - ds.heldout.length,
      heldoutClasses: ds.heldout.length,
      heldoutList: ds.heldout.join(', '),
      trainImages: train.length,
      testImages: test.length,
      heldoutImages: heldout.length,
    },
    template: rc.template,
    zeroShot: zs,
    traditional: trad,
    chance: { test: roundTo(1 / zs.test.classes), heldout: roundTo(1 / zs.heldout.classes) },
  };
}
