import { UserError, createProgress, Progress } from '../runtime';
import { networkTimeoutMs } from '../runtime/fetch';

/**
 * Hub settings: how long to wait for the hub to answer one request before calling it unreachable (20 s keeps the
 * whole failure under 30 s; tests shorten it), and the hub's address ($HF_ENDPOINT, as the Python hub client reads it).
 */
export const hubSettings = {
  responseTimeoutMs: networkTimeoutMs(),
  endpoint: process.env.HF_ENDPOINT || 'https://huggingface.co/',
};

/** A hub request that got no answer (or no data) in time. */
export class HubTimeoutError extends Error {
  constructor(ms: number, what = 'no answer') {
    super(`${what} within ${ms / 1000} s`);
    this.name = 'HubTimeoutError';
  }
}

/** Network error codes that mean "the hub cannot be reached" rather than "the model is broken". */
const NETWORK_CODES = new Set([
  'ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'CERT_HAS_EXPIRED', 'SELF_SIGNED_CERT_IN_CHAIN',
]);

/** The reason a hub request failed for lack of network, or undefined when the error is something else. */
export function networkFailureReason(err: unknown): string | undefined {
  let fetchFailed = false;
  let deepest = '';
  for (let e: any = err, depth = 0; e && depth < 5; e = e.cause, depth++) {
    if (e instanceof HubTimeoutError || e?.name === 'HubTimeoutError') return e.message;
    if (e?.name === 'AbortError' || e?.name === 'TimeoutError') return 'the request timed out';
    if (typeof e?.code === 'string' && NETWORK_CODES.has(e.code)) return e.code;
    // fetch() itself rejects only when no HTTP answer came (DNS, refused, TLS, a blocked port …).
    // By name, not instanceof: fetch's errors may come from another realm (jest, vm contexts).
    if (e?.name === 'TypeError' && /fetch failed/i.test(e.message)) fetchFailed = true;
    deepest = String(e?.code ?? e?.message ?? '');
  }
  return fetchFailed ? deepest || 'fetch failed' : undefined;
}

/** How to get a hub model onto a machine without network: one clause for the error sentence. */
export function offlineAdvice(id: string): string {
  const name = id.split('/').pop();
  return (
    `on a machine with network run "git clone https://huggingface.co/${id}" (with git-lfs) ` +
    `or "huggingface-cli download ${id} --local-dir ${name}", copy the folder here and pass its path instead, e.g. --model ./${name}`
  );
}

/** Turns a failed load into one sentence for the user (a UserError): unreachable hub, unknown id, hub error, bad model. */
export function explainLoadError(id: string, err: unknown, isHub: boolean): UserError {
  const message = firstLine(err);
  if (!isHub) {
    return new UserError(`Cannot load the CLIP in "${id}" with transformers.js (${message}); check that the folder was written by "clip-workshop export" or downloaded whole.`);
  }
  const reason = networkFailureReason(err);
  if (reason) {
    const where = hubSettings.endpoint.replace(/\/$/, '') === 'https://huggingface.co' ? '' : ` at ${hubSettings.endpoint}`;
    return new UserError(`Cannot reach the Hugging Face hub${where} to download "${id}" (${reason}) and no local folder has that name: ${offlineAdvice(id)}.`);
  }
  // The hub answers 401 (not 404) for a repository that does not exist, as for a private one.
  if ((err as any)?.name === 'ModelFileNotFoundError' || /Could not locate file|Unauthorized access|Forbidden access/i.test(message)) {
    return new UserError(`Neither the Hugging Face hub nor a local folder has a transformers.js CLIP at "${id}" (${message}); pass a toy model folder, an exported folder, or a hub id such as Xenova/clip-vit-base-patch32 (a private model needs HF_TOKEN).`);
  }
  if (/error occurred while trying to load file/i.test(message)) {
    return new UserError(`The Hugging Face hub failed to serve "${id}" (${message}): try again later, or ${offlineAdvice(id)}.`);
  }
  return new UserError(`"${id}" was downloaded but does not load as a CLIP in transformers.js (${message}); use a CLIP repository in the transformers.js format such as Xenova/clip-vit-base-patch32.`);
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0];
}

/**
 * A transformers.js progress_callback that draws one progress bar per downloaded file (in MB) on stderr.
 * Files read from disk or the cache finish at once and draw nothing worth noticing.
 */
export function downloadProgress(silent?: boolean, stream?: NodeJS.WriteStream): (info: any) => void {
  const bars = new Map<string, { bar: Progress; loadedMb: number }>();
  return (info: any) => {
    if (info?.status === 'progress' && info.total > 0) {
      let entry = bars.get(info.file);
      if (!entry) {
        entry = { bar: createProgress(`loading ${info.file}`, Math.max(1, Math.round(info.total / 1e6)), { silent, stream }), loadedMb: 0 };
        bars.set(info.file, entry);
      }
      const mb = Math.round(info.loaded / 1e6);
      if (mb > entry.loadedMb) {
        entry.bar.tick(mb - entry.loadedMb, 'MB');
        entry.loadedMb = mb;
      }
    } else if (info?.status === 'done' && bars.has(info.file)) {
      bars.get(info.file)!.bar.done('MB');
      bars.delete(info.file);
    }
  };
}
