/**
 * CLIP_WORKSHOP_OFFLINE=1 makes every network fetch of the kit (hub weights, dataset archives) fail at once,
 * as on a machine without network; the tests set it so that they never download, even where a network exists.
 */
export function offlineReason(): string | undefined {
  const v = process.env.CLIP_WORKSHOP_OFFLINE;
  return v && v !== '0' && v.toLowerCase() !== 'false' ? 'CLIP_WORKSHOP_OFFLINE is set' : undefined;
}

/** A fetch that rejects like fetch() without network when {@link offlineReason} says so. */
export function offlineAwareFetch<F extends (input: any, init?: any) => Promise<any>>(inner: F): F {
  return ((input: any, init?: any) => {
    const reason = offlineReason();
    if (reason) return Promise.reject(new TypeError('fetch failed', { cause: { code: reason } }));
    return inner(input, init);
  }) as F;
}
