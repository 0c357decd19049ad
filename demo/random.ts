/**
 * A small seeded random source for the demo data and the bootstrap: the same seed gives the same
 * sequence on every machine, which `Math.random` cannot promise.
 */
import { seededRandom } from '../pipeline/learn/random.ts';

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** Standard normal draw (Box–Muller). */
  normal(): number;
}

/** The demo's generator: `seededRandom` (mulberry32) with the draws a simulation needs. */
export function createRandom(seed: number): Random {
  const next = seededRandom(seed);
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    normal: () => {
      const u = 1 - next(); // (0, 1], so the log is finite
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
  };
}
