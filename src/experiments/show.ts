import { kernelDisplayWriter } from '../viz/kernel';

/**
 * Shows an experiment's result in a notebook as an application/json output (JupyterLab draws it as a
 * tree; tests read it to compare the notebook with `clip-workshop experiments`), with a one-line text.
 * Outside a notebook it prints that line. Returns the result, for chaining.
 */
export function showResult<T extends { experiment: string }>(result: T): T {
  const writer = kernelDisplayWriter();
  const line = `experiment ${result.experiment}: ${Object.keys(result).filter((k) => k !== 'experiment').join(', ')}`;
  if (!writer) console.log(line);
  else writer({ data: { 'application/json': result, 'text/plain': line }, metadata: {}, transient: {} }, false);
  return result;
}
