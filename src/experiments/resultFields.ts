/**
 * The fields of results/<experiment>.json that the README's figures table reads (see figures.ts), with what each
 * must be. Checked before a figure is printed or written, so that a damaged file is named with its field instead of
 * becoming "NaN %" or "not measured yet" in the README.
 */
export type FieldRule = 'fraction' | 'number' | 'count' | 'count-or-null' | 'string' | 'boolean';

/** A field's path: object keys and array indices, '*' for every element of an array. */
export type FieldPath = (string | number)[];

export const FIGURE_FIELDS: Record<string, [FieldPath, FieldRule][]> = {
  'training-curve': [
    [['runs', 0, 'finalLoss'], 'number'],
    [['runs', 1, 'finalLoss'], 'number'],
    [['runs', 0, 'heldout', 'top1'], 'fraction'],
    [['runs', 1, 'heldout', 'top1'], 'fraction'],
    [['chance'], 'fraction'],
  ],
  'shapes-zero-shot': [
    [['zeroShot', 'heldout', 'top1'], 'fraction'],
    [['traditional', 'heldout', 'top1'], 'fraction'],
    [['zeroShot', 'test', 'top1'], 'fraction'],
    [['traditional', 'test', 'top1'], 'fraction'],
  ],
  'prompt-variants': [
    [['best', 'label'], 'string'],
    [['best', 'heldoutMean'], 'fraction'],
    [['best', 'beyondSpread'], 'boolean'],
    [['spread'], 'number'],
  ],
  'unseen-style': [
    [['groups', 'unseenStyle', 'traditional classifier', 'top1'], 'fraction'],
    [['groups', 'unseenStyle', 'traditional classifier', 'n'], 'count'],
    [['groups', 'unseenStyle', 'linear probe', 'top1'], 'fraction'],
    [['groups', 'unseenStyle', 'zero-shot: member concepts', 'top1'], 'fraction'],
    [['chance'], 'fraction'],
  ],
  'probe-shots': [
    [['probeBeatsZeroShotFrom'], 'count-or-null'],
    [['zeroShot'], 'fraction'],
  ],
  'shapes-benchmark': [
    [['heldoutTop1'], 'fraction'],
    [['steps'], 'count'],
    [['batch'], 'count'],
  ],
  'emoji-benchmark': [
    [['perStyle', 0, 'style'], 'string'],
    [['perStyle', '*', 'conceptTop1'], 'fraction'],
    [['perStyle', '*', 'conceptTop5'], 'fraction'],
    [['perStyle', '*', 'tenClassZeroShotTop1'], 'fraction'],
    [['perStyle', '*', 'tenClassClassifierTop1'], 'fraction'],
  ],
};
