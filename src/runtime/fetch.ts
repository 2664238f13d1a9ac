import { offlineAwareFetch } from './offline';

/**
 * How long a download may wait: for the server to answer (connection and response headers), and between two
 * pieces of its body. $CLIP_WORKSHOP_TIMEOUT (seconds) overrides the default of 20 s; never more than 30 s.
 */
export function networkTimeoutMs(): number {
  const s = Number(process.env.CLIP_WORKSHOP_TIMEOUT);
  return Number.isFinite(s) && s > 0 ? Math.min(s, 30) * 1000 : 20000;
}

/** A download that failed for a reason worth one clause: timeout, too large, network error. */
export class DownloadError extends Error {
  constructor(message: string, readonly retriable: boolean) {
    super(message);
    this.name = 'DownloadError';
  }
}

export interface BoundedFetchOptions {
  /** Refuse bodies larger than this many bytes (from Content-Length, or as they arrive). */
  maxBytes?: number;
  /** Receives the body piece by piece instead of collecting it (large files go straight to disk). */
  sink?: (chunk: Uint8Array) => void;
  /** Called with the bytes received so far and the announced total (0 when unknown). */
  onProgress?: (received: number, total: number) => void;
}

/** The reason a fetch() rejected, in a few words (the system error code when there is one). */
function reasonOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (err as Error)?.message ?? String(err);
}

/**
 * Downloads `url` whole, bounded in time and size: the server must answer within {@link networkTimeoutMs} and
 * never pause longer than that, and the body may not exceed `maxBytes`. Failures are DownloadErrors with a short
 * reason; HTTP errors say their status (retriable when the server erred, 5xx).
 */
export async function fetchBounded(url: string, options: BoundedFetchOptions = {}): Promise<Uint8Array> {
  const ms = networkTimeoutMs();
  const controller = new AbortController();
  let why = '';
  let timer = setTimeout(() => ((why = `no answer within ${ms / 1000} s`), controller.abort()), ms);
  const reset = () => {
    clearTimeout(timer);
    timer = setTimeout(() => ((why = `no data for ${ms / 1000} s`), controller.abort()), ms);
  };
  try {
    let res: Response;
    try {
      res = await offlineAwareFetch(fetch)(url, { signal: controller.signal });
    } catch (err) {
      // No server or no network at all is not worth a retry; a timeout or a dropped connection may pass.
      const reason = why || reasonOf(err);
      throw new DownloadError(reason, Boolean(why) || !/^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|CLIP_WORKSHOP_OFFLINE)/.test(reason));
    }
    if (!res.ok || !res.body) {
      await res.body?.cancel().catch(() => undefined);
      throw new DownloadError(`HTTP ${res.status}`, res.status >= 500 || res.status === 429);
    }
    const total = Number(res.headers.get('content-length') ?? 0);
    const cap = options.maxBytes ?? Infinity;
    const tooLarge = (n: number) => new DownloadError(`larger than the limit of ${(cap / 1e6).toFixed(0)} MB (${n > cap ? `${(n / 1e6).toFixed(1)} MB` : 'and still growing'})`, false);
    if (total > cap) {
      controller.abort();
      throw tooLarge(total);
    }
    reset();
    const chunks: Uint8Array[] = [];
    let got = 0;
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        reset();
        got += chunk.length;
        if (got > cap) {
          controller.abort();
          throw tooLarge(got);
        }
        if (options.sink) options.sink(chunk);
        else chunks.push(chunk);
        options.onProgress?.(got, total);
      }
    } catch (err) {
      // Errors of the sink (a full disk) are not the network's.
      if (err instanceof DownloadError || (err as NodeJS.ErrnoException)?.syscall) throw err;
      throw new DownloadError(why || reasonOf(err), true);
    }
    const out = new Uint8Array(got);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  } finally {
    clearTimeout(timer);
  }
}

/** Waits `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

