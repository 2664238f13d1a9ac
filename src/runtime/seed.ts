/** A seeded random source: the same seed gives the same sequence on every machine. */
export type Rng = () => number;

// A local alias: global lookups such as Math.imul are ~60× slower inside jest's vm sandbox.
const imul = Math.imul;

/** mulberry32: small, fast and good enough for shuffles, splits and augmentation. Returns [0, 1). */
export function seededRandom(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, n). */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** A new array with the items in a seeded random order (Fisher–Yates). */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** A seed for tf initialisers and random ops derived from a seeded source. */
export function childSeed(rng: Rng): number {
  return randomInt(rng, 2 ** 31 - 1);
}

/** The default seed of every command and notebook. */
export const DEFAULT_SEED = 42;
