/**
 * The transformers.js module, typed. Kept out of the package's public types (src/pretrained/index.ts does not
 * re-export this file) because its declarations pull in some 500 files that every notebook kernel would parse.
 */
import * as path from 'path';
import type * as Transformers from '@huggingface/transformers';
import { cacheDir } from '../runtime';
import { offlineAwareFetch } from '../runtime/offline';
import { hubSettings, HubTimeoutError } from './hub';

export type TransformersModule = typeof Transformers;

let configured: TransformersModule | undefined;

/**
 * The transformers.js module, loaded on first use (the CLI starts faster without it) and configured once:
 * downloads cached under {@link cacheDir}('transformers'), the hub at $HF_ENDPOINT when set, and every hub request
 * given up after {@link hubSettings}.responseTimeoutMs without an answer (a firewall that drops packets would
 * otherwise hang for minutes).
 */
export function transformers(): TransformersModule {
  // Read on every call: the cache follows CLIP_WORKSHOP_CACHE even when it changes (tests, prepare-class --from).
  if (configured) {
    configured.env.cacheDir = cacheDir('transformers') + path.sep;
    return configured;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const t: TransformersModule = require('@huggingface/transformers');
  t.env.cacheDir = cacheDir('transformers') + path.sep;
  const inner = offlineAwareFetch(t.env.fetch);
  applyEndpoint(t);
  t.env.fetch = ((input: any, init?: any) => {
    const ms = hubSettings.responseTimeoutMs;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new HubTimeoutError(ms)), ms);
    // The first timer covers waiting for the response headers; then each piece of the body must come within the
    // same time, so a long download goes on as long as data flows and a stalled one stops.
    return inner(input, { ...init, signal: controller.signal })
      .then((res: Response) => withIdleTimeout(res, controller, ms))
      .finally(() => clearTimeout(timer));
  }) as typeof t.env.fetch;
  configured = t;
  return t;
}

/** Points transformers.js at {@link hubSettings}.endpoint (call again after changing it). */
export function applyEndpoint(t: TransformersModule = transformers()): void {
  t.env.remoteHost = hubSettings.endpoint.endsWith('/') ? hubSettings.endpoint : hubSettings.endpoint + '/';
}

/** `res` with a body that aborts `controller` when no data comes for `ms` milliseconds. */
function withIdleTimeout(res: Response, controller: AbortController, ms: number): Response {
  if (!res.body) return res;
  const reader = res.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(out) {
      const timer = setTimeout(() => controller.abort(new HubTimeoutError(ms, 'no data')), ms);
      try {
        const { done, value } = await reader.read();
        if (done) out.close();
        else out.enqueue(value);
      } catch (err) {
        out.error(err);
      } finally {
        clearTimeout(timer);
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
  const wrapped = new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  Object.defineProperty(wrapped, 'url', { value: res.url });
  return wrapped;
}

