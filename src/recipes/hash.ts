import * as crypto from 'crypto';
import { stableJson } from '../runtime/stableJson';

export { stableJson };

/** 16 lowercase hex digits of sha256 over the stable JSON of `value`: a content hash. */
export function contentHash(value: unknown): string {
  return crypto.createHash('sha256').update(stableJson(value)).digest('hex').slice(0, 16);
}
