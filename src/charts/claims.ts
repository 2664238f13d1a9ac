import { percent } from '../viz/common';

/**
 * The slide's sentence about the prompt variants, true of the numbers whichever way they fall: a variant is
 * called best only when its lead over the runner-up exceeds the run-to-run spread.
 */
export function promptsClaim(best: { label: string; lead: number; beyondSpread: boolean }, heldout: readonly number[], spread: number): string {
  const pts = (x: number) => `${(x * 100).toFixed(1)} points`;
  if (best.beyondSpread) return `${best.label} is best, ${pts(best.lead)} ahead of the next prompt: more than the ${pts(spread)} that training runs differ by.`;
  return `No prompt is clearly best: all lie between ${percent(Math.min(...heldout))} and ${percent(Math.max(...heldout))}, within the ${pts(spread)} that training runs differ by.`;
}
