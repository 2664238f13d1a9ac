/** Accuracy of one class. */
export interface ClassAccuracy {
  name: string;
  /** Images of this class evaluated. */
  n: number;
  /** Fraction correct at top-1 (NaN when n is 0). */
  accuracy: number;
}

/** A classification result as plain JSON: fractions 0–1, counts, a confusion matrix [true][predicted]. */
export interface ClassificationReport {
  top1: number;
  top5: number;
  /** Images evaluated. */
  n: number;
  /** Number of classes the model chose from. */
  classes: number;
  classNames: string[];
  perClass: ClassAccuracy[];
  confusion: number[][];
  /** Predicted class per image (top-1). */
  predictions: number[];
}

/** Indices of the k largest values of row `r` of a row-major [rows, cols] score matrix, best first. */
export function topK(scores: ArrayLike<number>, cols: number, r: number, k: number): number[] {
  const row = Array.from({ length: cols }, (_, j) => j);
  const base = r * cols;
  row.sort((a, b) => scores[base + b] - scores[base + a] || a - b);
  return row.slice(0, Math.min(k, cols));
}

/**
 * Top-1 / top-5 accuracy, per-class accuracy and the confusion matrix from scores [n, classes]
 * (row-major) and true labels (rows with label < 0 are skipped).
 */
export function classificationReport(scores: ArrayLike<number>, labels: ArrayLike<number>, classNames: readonly string[]): ClassificationReport {
  const C = classNames.length;
  const confusion = classNames.map(() => new Array<number>(C).fill(0));
  const predictions: number[] = [];
  let n = 0;
  let hit1 = 0;
  let hit5 = 0;
  for (let r = 0; r < labels.length; r++) {
    const best = topK(scores, C, r, 5);
    predictions.push(best[0]);
    const y = labels[r];
    if (y < 0) continue;
    n++;
    confusion[y][best[0]]++;
    if (best[0] === y) hit1++;
    if (best.includes(y)) hit5++;
  }
  const perClass = classNames.map((name, c) => {
    const total = confusion[c].reduce((a, b) => a + b, 0);
    return { name, n: total, accuracy: total ? confusion[c][c] / total : NaN };
  });
  return { top1: n ? hit1 / n : NaN, top5: n ? hit5 / n : NaN, n, classes: C, classNames: [...classNames], perClass, confusion, predictions };
}

/** Mean of the per-class accuracies over classes that have images (balanced accuracy). */
export function meanClassAccuracy(report: ClassificationReport): number {
  const xs = report.perClass.filter((c) => c.n > 0).map((c) => c.accuracy);
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
