// Principal component analysis for the map: the two directions along which the points spread most.

type Row = ArrayLike<number>;

/** Rows (arrays of equal length) → their mean-centred copies. */
function centre(rows: readonly Row[]): Float64Array[] {
  const d = rows[0].length;
  const mean = new Float64Array(d);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] += r[j] / rows.length;
  return rows.map((r) => Float64Array.from(r, (v, j) => v - mean[j]));
}

/** The top `k` principal directions of `rows` by power iteration on the covariance, with deflation. */
export function principalAxes(rows: readonly Row[], k = 2, iterations = 200): Float64Array[] {
  const centred = centre(rows);
  const d = centred[0].length;
  const cov = Array.from({ length: d }, () => new Float64Array(d));
  for (const r of centred) for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) cov[i][j] += r[i] * r[j];
  const axes: Float64Array[] = [];
  for (let a = 0; a < k; a++) {
    // A fixed start keeps the map the same from one run to the next.
    let v = Float64Array.from({ length: d }, (_, j) => 1 + ((j * 7919) % 13) / 13);
    for (let it = 0; it < iterations; it++) {
      const w = new Float64Array(d);
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) w[i] += cov[i][j] * v[j];
      for (const u of axes) {
        const dot = w.reduce((s, x, j) => s + x * u[j], 0);
        for (let j = 0; j < d; j++) w[j] -= dot * u[j];
      }
      const n = Math.hypot(...w) || 1;
      v = w.map((x) => x / n);
    }
    // Sign convention: the largest coordinate is positive, so the picture does not flip between updates.
    let big = 0;
    for (let j = 1; j < d; j++) if (Math.abs(v[j]) > Math.abs(v[big])) big = j;
    if (v[big] < 0) v = v.map((x) => -x);
    axes.push(v);
  }
  return axes;
}

/** Projects `rows` on the top two principal axes of `rows`: an array of [x, y]. */
export function pca2d(rows: readonly Row[]): Array<[number, number]> {
  const centred = centre(rows);
  const [u, w] = principalAxes(rows, 2);
  const dot = (r: Float64Array, a: Float64Array) => r.reduce((s, x, j) => s + x * a[j], 0);
  return centred.map((r) => [dot(r, u), dot(r, w)]);
}
