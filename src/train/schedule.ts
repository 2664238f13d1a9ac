/**
 * Learning rate: linear warm-up over the first `warmupSteps` steps, times a cosine decay from the
 * peak to 0 over training. `progress` is the fraction of training done (steps or seconds), 0–1.
 */
export function learningRateAt(peak: number, step: number, warmupSteps: number, progress: number): number {
  const warm = warmupSteps > 0 ? Math.min(1, (step + 1) / warmupSteps) : 1;
  const p = Math.min(1, Math.max(0, progress));
  return peak * warm * 0.5 * (1 + Math.cos(Math.PI * p));
}
