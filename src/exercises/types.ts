/** One exercise of a notebook: what `cw.check(id, answer, context)` needs to say ✓ or give a hint. */
export interface Exercise {
  /** "<notebook>.<number>", e.g. "3.1". */
  id: string;
  /** What the answer is, as the starter cell says it (shown when the answer has the wrong shape). */
  answer: string;
  /**
   * True when `answer` is right. Checks recompute the result from `context` (the model, the data the cell used)
   * and compare; they never print it. They may throw a TypeError for an answer of the wrong shape.
   */
  check(answer: any, context: any): boolean | Promise<boolean>;
  /** A nudge towards the solution that does not give it away. */
  hint: string;
}
