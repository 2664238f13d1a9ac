import { seededRandom, shuffled } from '../../src/runtime/seed';

describe('seeded randomness', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const c = seededRandom(8);
    const sa = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(sa);
    expect(Array.from({ length: 5 }, c)).not.toEqual(sa);
    for (const x of sa) expect(x >= 0 && x < 1).toBe(true);
  });

  it('shuffles into a permutation, deterministically', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const s1 = shuffled(items, seededRandom(1));
    expect(s1).toEqual(shuffled(items, seededRandom(1)));
    expect(s1).not.toEqual(items);
    expect([...s1].sort((x, y) => x - y)).toEqual(items);
  });
});
