/** CLIP_WORKSHOP_QUICK=1 scales data sizes and epochs down for quick runs; it never skips work. */
export function isQuick(): boolean {
  const v = process.env.CLIP_WORKSHOP_QUICK;
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/** Picks the full or the quick value of a size. */
export function quickOr<T>(full: T, quick: T): T {
  return isQuick() ? quick : full;
}
