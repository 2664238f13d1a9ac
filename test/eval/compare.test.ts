import { probeShotsClaim, styleChangeClaims, unseenStyleClaim } from '../../src/charts/claims';
import { chanceSentence, changeSentence, compareAccuracies, comparisonSentence, confidenceSentence, confusionSentence, interval95, rankingSentence } from '../../src/eval/compare';
import type { UnseenStyleResult } from '../../src/experiments/unseenStyle';

const acc = (top1: number, n = 108) => ({ top1, n, classes: 10 });

describe('the one comparison rule', () => {
  test('a 95 % interval for the difference shrinks with more images and is larger than either alone', () => {
    const a = { label: 'a', top1: 0.5, n: 100 };
    const wide = interval95(a, { label: 'b', top1: 0.5, n: 100 });
    expect(wide).toBeCloseTo(1.96 * Math.sqrt(0.005 + 0.25 / 1e4 * 2), 6);
    expect(interval95({ ...a, n: 10000 }, { label: 'b', top1: 0.5, n: 10000 })).toBeLessThan(wide / 5);
    expect(interval95(a, { label: 'chance', top1: 0.1, n: Infinity })).toBeLessThan(wide);
  });

  test('the same within noise unless the difference exceeds the larger of the spread and the interval', () => {
    const a = { label: 'a', top1: 0.7, n: 1000 };
    const b = { label: 'b', top1: 0.6, n: 1000 };
    expect(compareAccuracies(a, b).verdict).toBe('higher');
    expect(compareAccuracies(b, a).verdict).toBe('lower');
    expect(compareAccuracies(a, b).basis).toBe('interval');
    const spread = compareAccuracies(a, b, 0.12);
    expect([spread.verdict, spread.basis]).toEqual(['same', 'seed spread']);
    expect(compareAccuracies({ ...a, n: 50 }, { ...b, n: 50 }).verdict).toBe('same');
  });
});

describe('every generated comparison changes its words when the order flips and when the two tie', () => {
  test('two accuracies', () => {
    const up = comparisonSentence({ label: 'X', top1: 0.8, n: 500 }, { label: 'Y', top1: 0.5, n: 500 });
    const down = comparisonSentence({ label: 'X', top1: 0.5, n: 500 }, { label: 'Y', top1: 0.8, n: 500 });
    const tie = comparisonSentence({ label: 'X', top1: 0.58, n: 108 }, { label: 'Y', top1: 0.58, n: 108 });
    expect(up).toMatch(/^X \(80\.0 %\) scores higher than Y \(50\.0 %\)/);
    expect(down).toMatch(/^Y \(80\.0 %\) scores higher than X \(50\.0 %\)/);
    expect(tie).toMatch(/X \(58\.0 %\) and Y \(58\.0 %\) are the same within noise: a difference of 0\.0 points, within the 13\.\d points of a 95 % interval for 108 images\./);
    expect(new Set([up, down, tie]).size).toBe(3);
  });

  test('a ranking of several', () => {
    const items = (a: number, b: number, c: number) => [{ label: 'A', top1: a, n: 400 }, { label: 'B', top1: b, n: 400 }, { label: 'C', top1: c, n: 400 }];
    expect(rankingSentence(items(0.9, 0.5, 0.4))).toMatch(/^A \(90\.0 %\) scores highest, above B \(50\.0 %\)/);
    expect(rankingSentence(items(0.4, 0.5, 0.9))).toMatch(/^C \(90\.0 %\) scores highest, above B/);
    const tie = rankingSentence(items(0.6, 0.6, 0.3));
    expect(tie).toMatch(/^A \(60\.0 %\) and B \(60\.0 %\) are the same within noise/);
    expect(tie).toMatch(/C \(30\.0 %\) scores lower, beyond noise/);
    expect(rankingSentence(items(0.6, 0.6, 0.6))).toMatch(/^No method is clearly best/);
    // The slides' brief form: names without figures, the same verdicts.
    expect(rankingSentence(items(0.6, 0.6, 0.6), 0, { brief: true, noun: 'prompt' })).toMatch(/^No prompt is clearly best: all 3 are the same within noise \(0\.0 points apart, under the/);
    expect(rankingSentence(items(0.9, 0.5, 0.4), 0, { brief: true })).toMatch(/^A scores highest, above B: 40\.0 points apart, over the/);
    expect(rankingSentence(items(0.6, 0.6, 0.3), 0, { brief: true })).toMatch(/^A and B are the same within noise .*C scores lower, beyond noise\.$/);
  });

  test('a change between two groups of images, and chance', () => {
    expect(changeSentence('zero-shot', { label: 'seen', top1: 0.9, n: 500 }, { label: 'unseen', top1: 0.5, n: 500 })).toMatch(/^Zero-shot drops from 90\.0 %/);
    expect(changeSentence('zero-shot', { label: 'seen', top1: 0.5, n: 500 }, { label: 'unseen', top1: 0.9, n: 500 })).toMatch(/^Zero-shot rises/);
    expect(changeSentence('zero-shot', { label: 'seen', top1: 0.6, n: 100 }, { label: 'unseen', top1: 0.58, n: 100 })).toMatch(/stays the same within noise/);
    expect(chanceSentence('the classifier', { top1: 0.6, n: 500 }, 0.1)).toMatch(/above chance \(10\.0 %\)/);
    expect(chanceSentence('the classifier', { top1: 0.02, n: 500 }, 0.1)).toMatch(/below chance/);
    expect(chanceSentence('the classifier', { top1: 0.12, n: 20 }, 0.1)).toMatch(/at chance/);
  });

  test('the unseen-style sentences follow the result, whatever its values', () => {
    const result = (clf: number, probe: number, members: number, names: number, n = 300) => ({
      heldoutStyle: 'openmoji-color',
      groups: {
        seenStyle: { 'traditional classifier': acc(0.6, 500), 'linear probe': acc(0.6, 500), 'zero-shot: member concepts': acc(0.6, 500), 'zero-shot: class names': acc(0.6, 500) },
        unseenStyle: { 'traditional classifier': acc(clf, n), 'linear probe': acc(probe, n), 'zero-shot: member concepts': acc(members, n), 'zero-shot: class names': acc(names, n) },
      },
    }) as unknown as UnseenStyleResult;
    const clfAhead = unseenStyleClaim(result(0.8, 0.5, 0.5, 0.3));
    expect(clfAhead[0]).toMatch(/^On the unseen style \(openmoji-color\), the traditional classifier \(80\.0 %\) scores highest/);
    const namesAhead = unseenStyleClaim(result(0.3, 0.5, 0.5, 0.8));
    expect(namesAhead[0]).toMatch(/zero-shot with class names \(80\.0 %\) scores highest/);
    expect(namesAhead[0]).not.toMatch(/traditional classifier scores highest/);
    const tie = unseenStyleClaim(result(0.5833, 0.5185, 0.5833, 0.3056, 108));
    expect(tie[0]).toMatch(/the traditional classifier \(58\.3 %\).*prompting with member concepts from training labels \(58\.3 %\).*the same within noise/);
    expect(tie[0]).toMatch(/Zero-shot with class names \(30\.6 %\) scores lower, beyond noise\./);
    expect(tie[0]).not.toMatch(/wins|tie\b/);
    expect(styleChangeClaims(result(0.3, 0.6, 0.6, 0.6))[0]).toMatch(/^The traditional classifier drops/);
    expect(styleChangeClaims(result(0.9, 0.6, 0.6, 0.6))[0]).toMatch(/^The traditional classifier rises/);
    expect(styleChangeClaims(result(0.6, 0.6, 0.6, 0.6))[0]).toMatch(/stays the same within noise/);
  });

  test('labels per class the probe needs', () => {
    const probe = (tops: number[]) => tops.map((top1, j) => ({ k: 2 ** j, top1 }));
    expect(probeShotsClaim({ probe: probe([0.3, 0.5, 0.8, 0.85]), zeroShot: 0.5, n: 300 })).toMatch(/^From 4 labelled images per class on/);
    expect(probeShotsClaim({ probe: probe([0.3, 0.5, 0.6, 0.7]), zeroShot: 0.9, n: 300 })).toMatch(/^No number of labels per class up to 8 .* 70\.0 %: 20\.0 points apart, more than/);
    expect(probeShotsClaim({ probe: probe([0.3, 0.5, 0.51, 0.52]), zeroShot: 0.5, n: 300 })).toMatch(/52\.0 %: a difference of 2\.0 points, within/);
  });

  test('confusions and confidence', () => {
    const r = { classNames: ['a', 'b', 'c'], confusion: [[5, 1, 0], [7, 3, 0], [0, 2, 9]] };
    expect(confusionSentence(r, 2)).toBe('Its largest confusions (true → predicted): b → a (7 images), c → b (2 images).');
    expect(confusionSentence({ classNames: ['a', 'b'], confusion: [[3, 0], [0, 4]] })).toMatch(/No image was confused/);
    expect(confidenceSentence({ label: 'strangers', mean: 0.55 }, { label: 'test', mean: 0.66 })).toMatch(/66\.0 % on test, higher than the 55\.0 % on strangers/);
    expect(confidenceSentence({ label: 'strangers', mean: 0.8 }, { label: 'test', mean: 0.66 })).toMatch(/80\.0 % on strangers, higher/);
    expect(confidenceSentence({ label: 'strangers', mean: 0.66 }, { label: 'test', mean: 0.66 })).toMatch(/about equal/);
  });
});
