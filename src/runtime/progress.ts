import { DisplayWriter, kernelDisplayWriter } from './kernelDisplay';

/**
 * Reports progress of long work: a live bar with rate and time left on a terminal, one display updated in place in
 * a notebook, and plain lines (at least one every 10 s) in a CI log or any other output that is not a terminal.
 */
export interface Progress {
  /** Advances by `n` steps; `note` is a short status such as "loss 0.42". */
  tick(n?: number, note?: string): void;
  /** Finishes the bar with a final note. */
  done(note?: string): void;
}

export interface ProgressOptions {
  /** Where to write outside a notebook; defaults to stderr so that --json output on stdout stays clean. */
  stream?: NodeJS.WriteStream;
  /** Silences all output (tests, --quiet). */
  silent?: boolean;
  /** Redraws at most this often, in milliseconds (default: 100 on a terminal, 1000 in a notebook, 5000 in a log). */
  intervalMs?: number;
  /** Longest silence of every bar, in milliseconds, before this one repeats its state without news (default 8000, so
   * that a log hears something at least every 10 s even while the timer waits for its next check). */
  heartbeatMs?: number;
}

const WIDTH = 24;
/** When any bar last wrote: a heartbeat speaks only after every bar has been silent for its interval. */
let lastOutputAt = 0;
/** A heartbeat stops after this long without a tick: work that ended by an error never calls done(). */
const ABANDONED_MS = 5 * 60 * 1000;

/** True where a redrawn bar is readable: an interactive terminal outside CI. */
function isLiveTerminal(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && !process.env.CI;
}

/** Seconds as "42s", "3m05s" or "1h02m". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** A rate with enough digits to read: 0.42/s, 3.1/s, 120/s. */
function formatRate(perSecond: number): string {
  return `${perSecond >= 100 ? perSecond.toFixed(0) : perSecond >= 10 ? perSecond.toFixed(1) : perSecond.toFixed(2)}/s`;
}

/** The state of a bar as one line: count, share, elapsed time, rate and time left (when the total is known). */
export function progressLine(label: string, count: number, total: number, elapsedSec: number, note: string, bar = false): string {
  const rate = elapsedSec > 0 && count > 0 ? count / elapsedSec : 0;
  const tail = `${formatDuration(elapsedSec)}${rate > 0 ? ` ${formatRate(rate)}` : ''}`;
  if (total > 0) {
    const frac = Math.min(1, count / total);
    const drawn = bar ? '[' + '#'.repeat(Math.round(frac * WIDTH)).padEnd(WIDTH, '.') + '] ' : '';
    const left = rate > 0 && count < total ? `, ${formatDuration((total - count) / rate)} left` : '';
    return `${label} ${drawn}${count}/${total} (${Math.round(frac * 100)}%) ${tail}${left}${note ? ' · ' + note : ''}`;
  }
  return `${label} ${count} ${tail}${note ? ' · ' + note : ''}`;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A notebook's progress display: the line, and a bar where the front end shows HTML. */
function displayBundle(text: string, count: number, total: number, id: string) {
  const bar = total > 0 ? `<progress value="${Math.min(count, total)}" max="${total}" style="width: 12rem; vertical-align: middle"></progress> ` : '';
  return { data: { 'text/plain': text, 'text/html': `<div>${bar}<code>${escapeHtml(text)}</code></div>` }, metadata: {}, transient: { display_id: id } };
}

/** Displays made by this process: their ids stay distinct within a notebook. */
let displays = 0;

/** Creates a progress reporter for `total` steps of `label` (total 0 = unknown). */
export function createProgress(label: string, total: number, options: ProgressOptions = {}): Progress {
  const silent = options.silent ?? (typeof process !== 'undefined' && process.env.CLIP_WORKSHOP_SILENT === '1');
  // Silent progress touches no stream: it also runs where there is no process (the browser's Train view).
  if (silent) return { tick: () => undefined, done: () => undefined };
  const stream = options.stream ?? process.stderr;
  // In a notebook kernel: one display, updated in place, instead of a stream of lines on stderr.
  const display: DisplayWriter | null = kernelDisplayWriter();
  const start = Date.now();
  const live = !display && isLiveTerminal(stream);
  const interval = options.intervalMs ?? (live ? 100 : display ? 1000 : 5000);
  const heartbeat = options.heartbeatMs ?? 8000;
  const id = `clip-workshop-progress-${start.toString(36)}-${++displays}`;
  let count = 0;
  let lastWrite = 0;
  let lastTick = start;
  let shown = false;
  let finished = false;
  let note = '';

  const write = (final: boolean) => {
    lastWrite = Date.now();
    lastOutputAt = lastWrite;
    const text = progressLine(label, count, total, (lastWrite - start) / 1000, note, live);
    if (display) {
      display(displayBundle(text, count, total, id), shown);
      shown = true;
    } else if (live) stream.write('\r\x1b[K' + text + (final ? '\n' : ''));
    else stream.write(text + '\n');
  };
  // The first state at once, so that a waiting reader knows what runs; then news at least every `heartbeat`.
  write(false);
  const timer = setInterval(() => {
    const now = Date.now();
    if (now - lastTick > ABANDONED_MS) clearInterval(timer);
    else if (now - Math.max(lastWrite, lastOutputAt) >= heartbeat) write(false);
  }, Math.min(1000, heartbeat));
  timer.unref();

  return {
    tick(n = 1, text) {
      count += n;
      lastTick = Date.now();
      if (text !== undefined) note = text;
      if (lastTick - lastWrite >= interval) write(false);
    },
    done(text) {
      if (finished) return;
      finished = true;
      clearInterval(timer);
      if (text !== undefined) note = text;
      write(true);
    },
  };
}
