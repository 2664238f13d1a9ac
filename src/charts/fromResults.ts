import type { PromptVariantsResult } from '../experiments/promptVariants';
import type { ShapesZeroShotResult } from '../experiments/shapesZeroShot';
import type { SimilarityResult } from '../experiments/similarity';
import type { TrainingCurveResult } from '../experiments/trainingCurve';
import type { UnseenStyleResult } from '../experiments/unseenStyle';
import { promptsClaim, unseenStyleClaim } from './claims';
import { ChartResults } from './results';

/** The experiments the slides draw on, by name. */
export interface SlideExperiments {
  'training-curve': TrainingCurveResult;
  similarity: SimilarityResult;
  'shapes-zero-shot': ShapesZeroShotResult;
  'prompt-variants': PromptVariantsResult;
  'unseen-style': UnseenStyleResult;
}

/** The slides' results.json, every figure taken from an experiment's result (nothing is trained here). */
export function chartResultsFrom(x: SlideExperiments, meta: ChartResults['meta']): Omit<ChartResults, 'charts'> {
  const run = x['training-curve'].runs.find((r) => r.maskSameConcept)!;
  const first = run.curve.slice(0, 1)[0];
  const last = run.curve[run.curve.length - 1];
  const z = x['shapes-zero-shot'];
  const p = x['prompt-variants'];
  const u = x['unseen-style'];
  // Zero-shot on the slides is the class names' (no labels); member prompts use training labels.
  const zs: keyof UnseenStyleResult['groups']['seenStyle'] = 'zero-shot: class names';
  return {
    meta,
    data: { dataset: 'shapes', imageSize: 32, ...z.data },
    training: {
      model: x['training-curve'].recipes['shapes-clip'] ? 'shapes-clip' : 'shapes',
      batchSize: run.batchSize,
      steps: run.steps,
      epochs: run.epochs,
      seconds: run.seconds,
      lossStart: first.loss,
      lossEnd: run.finalLoss,
      temperatureStart: first.temperature,
      temperatureEnd: last.temperature,
    },
    similarity: { n: x.similarity.indices.length, before: x.similarity.stats.before, after: x.similarity.stats.after },
    traditional: { test: z.traditional.test, heldout: z.traditional.heldout },
    zeroShot: { ...z.zeroShot, template: z.template },
    chance: z.chance,
    prompts: Object.fromEntries(p.variants.map((v) => [v.key, { label: v.label, templates: v.templates, heldout: v.heldoutMean, test: v.testMean }])),
    promptsBest: { key: p.best.key, label: p.best.label, heldout: p.best.heldoutMean, lead: p.best.lead, spread: p.spread, beyondSpread: p.best.beyondSpread },
    promptsClaim: promptsClaim(p, z.zeroShot.heldout.n, true),
    unseenStyleClaim: unseenStyleClaim(u, true).join(' '),
    unseenStyle: {
      dataset: 'emoji',
      trainStyles: u.trainStyles,
      trainStyleList: u.trainStyles.join(', '),
      heldoutStyle: u.heldoutStyle,
      classes: u.classes,
      classList: u.classList,
      concepts: u.concepts,
      zeroShot: u.groups.unseenStyle[zs],
      zeroShotSeenStyle: u.groups.seenStyle[zs],
      classNames: u.groups.unseenStyle['zero-shot: class names'],
      classNamesSeenStyle: u.groups.seenStyle['zero-shot: class names'],
      traditional: u.groups.unseenStyle['traditional classifier'],
      traditionalSeenStyle: u.groups.seenStyle['traditional classifier'],
      probe: u.groups.unseenStyle['linear probe'],
      probeSeenStyle: u.groups.seenStyle['linear probe'],
      chance: u.chance,
    },
  };
}
