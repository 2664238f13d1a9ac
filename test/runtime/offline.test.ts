import { offlineAwareFetch, offlineReason } from '../../src/runtime/offline';
import { networkFailureReason } from '../../src/pretrained/hub';

describe('CLIP_WORKSHOP_OFFLINE', () => {
  const prior = process.env.CLIP_WORKSHOP_OFFLINE;
  afterEach(() => {
    if (prior === undefined) delete process.env.CLIP_WORKSHOP_OFFLINE;
    else process.env.CLIP_WORKSHOP_OFFLINE = prior;
  });

  it('makes fetches fail at once, the way fetch fails without network, without calling the real fetch', async () => {
    process.env.CLIP_WORKSHOP_OFFLINE = '1';
    const inner = jest.fn();
    const err = await offlineAwareFetch(inner as any)('https://example.invalid/x').catch((e: unknown) => e);
    expect(inner).not.toHaveBeenCalled();
    expect(networkFailureReason(err)).toBe('CLIP_WORKSHOP_OFFLINE is set');
  });

  it('passes requests through when unset or 0', async () => {
    for (const value of [undefined, '0']) {
      if (value === undefined) delete process.env.CLIP_WORKSHOP_OFFLINE;
      else process.env.CLIP_WORKSHOP_OFFLINE = value;
      expect(offlineReason()).toBeUndefined();
      const inner = jest.fn().mockResolvedValue('response');
      await expect(offlineAwareFetch(inner as any)('u')).resolves.toBe('response');
      expect(inner).toHaveBeenCalledWith('u', undefined);
    }
  });
});
