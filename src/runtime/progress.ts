/** Reports progress of long work: a live bar on a terminal, plain lines in a notebook or a CI log. */
export interface Progress {
  /** Advances by `n` steps; `note` is a short status such as "loss 0.42". */
  tick(n?: number, note?: string): void;
  /** Finishes the bar with a final note. */
  done(note?: string): void;
}

export interface ProgressOptions {
  /** Where to write; defaults to stderr so that --json output on stdout stays clean. */
  stream?: NodeJS.WriteStream;
  /** Silences all output (tests, --quiet). */
  silent?: boolean;
  /** Plain lines at most this often, in milliseconds. */
  intervalMs?: number;
}

const WIDTH = 24;

/** True where a redrawn bar is readable: an interactive terminal outside CI. */
function isLiveTerminal(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && !process.env.CI;
}

/** Creates a progress reporter for `total` steps of `label` (total 0 = unknown). */
export function createProgress(label: string, total: number, options: ProgressOptions = {}): Progress {
  const silent = options.silent ?? process.env.CLIP_WORKSHOP_SILENT === '1';
  // Silent progress touches no stream: it also runs where there is no process (the browser's Train view).
  if (silent) return { tick: () => undefined, done: () => undefined };
  const stream = options.stream ?? process.stderr;
  const live = isLiveTerminal(stream);
  const interval = options.intervalMs ?? (live ? 100 : 5000);
  const start = Date.now();
  let count = 0;
  let last = 0;
  let lastNote = '';

  const line = (note: string): string => {
    const secs = ((Date.now() - start) / 1000).toFixed(1);
    if (total > 0) {
      const frac = Math.min(1, count / total);
      const bar = live ? '[' + '#'.repeat(Math.round(frac * WIDTH)).padEnd(WIDTH, '.') + '] ' : '';
      return `${label} ${bar}${count}/${total} (${Math.round(frac * 100)}%) ${secs}s${note ? ' ' + note : ''}`;
    }
    return `${label} ${count} ${secs}s${note ? ' ' + note : ''}`;
  };
  const write = (text: string, final: boolean) => {
    if (silent) return;
    if (live) stream.write('\r\x1b[K' + text + (final ? '\n' : ''));
    else stream.write(text + '\n');
  };

  return {
    tick(n = 1, note) {
      count += n;
      if (note !== undefined) lastNote = note;
      const now = Date.now();
      if (now - last >= interval) {
        last = now;
        write(line(lastNote), false);
      }
    },
    done(note) {
      write(line(note ?? lastNote), true);
    },
  };
}
