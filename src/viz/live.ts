import { randomBytes } from 'crypto';
import type { ChartSpec } from './common';
import { kernelDisplayWriter } from './kernel';
import { displayBundle, notebookPng, show } from './show';

/** A chart that redraws in place while a model trains. */
export interface LiveChart {
  /** The Jupyter display id every redraw replaces. */
  readonly displayId: string;
  /**
   * Redraws with `spec` unless the last redraw was less than the interval ago (then it is kept for
   * {@link finish}); `force` redraws now. Resolves when the redraw is sent.
   */
  update(spec: ChartSpec, force?: boolean): Promise<void>;
  /** The final redraw, with `spec` or the last skipped update; await it before the cell ends. */
  finish(spec?: ChartSpec): Promise<void>;
}

/**
 * Shows `initial` and resolves to a handle that replaces it (update_display_data on one display id),
 * at most once per `intervalMs` (default 1000) because each redraw renders a PNG.
 * Await it: an output sent after its cell has finished is lost in executed notebooks.
 * Outside a notebook, updates are skipped and finish() prints the final chart's one-line summary.
 */
export async function liveChart(initial: ChartSpec, opts: { intervalMs?: number } = {}): Promise<LiveChart> {
  const displayId = randomBytes(8).toString('hex');
  const interval = opts.intervalMs ?? 1000;
  let sent = false;
  let lastSend = -Infinity;
  let pending: ChartSpec | null = null;
  let latest = initial;
  // Redraws run one after another; a failed one does not block the next.
  let queue: Promise<void> = Promise.resolve();

  const send = (spec: ChartSpec): Promise<void> => {
    // The writer of the cell running now: nbclient files outputs under the executing cell.
    const writer = kernelDisplayWriter();
    lastSend = Date.now();
    pending = null;
    if (!writer) return queue;
    const update = sent;
    sent = true;
    const job = queue.then(async () => writer(displayBundle(spec, await notebookPng(spec), displayId), update));
    queue = job.catch(() => undefined);
    return job;
  };

  await send(initial);
  return {
    displayId,
    update(spec, force = false) {
      latest = spec;
      if (!force && Date.now() - lastSend < interval) {
        pending = spec;
        return queue;
      }
      return send(spec);
    },
    finish(spec) {
      if (!kernelDisplayWriter()) return show(spec ?? latest);
      const last = spec ?? pending;
      return last ? send(last) : queue;
    },
  };
}
