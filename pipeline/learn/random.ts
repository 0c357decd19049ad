/**
 * A seeded pseudo-random generator, so that training, the demo data and the bench corpus are
 * repeatable: the same seed gives the same sequence on every machine, which `Math.random` cannot promise.
 */

/** Mulberry32: a 32-bit generator, fast and good enough for shuffling and simulation, not for secrets. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle of `a[0 .. n)` in place. */
export function shuffle(a: Int32Array | number[], random: () => number, n = a.length): void {
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}
