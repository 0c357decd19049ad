import { describe, expect, it } from 'vitest';
import { createRandom } from '../lib/random.ts';
import { compareEffects, mean, ols, pearson, quantile, sd, standardizedRegression } from '../report/stats.ts';

describe('descriptive statistics', () => {
  it('computes mean, sample SD, quantiles and Pearson r', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(sd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138, 3);
    expect(quantile([5, 1, 3], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75);
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1);
    expect(pearson([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1);
    expect(pearson([1, 2, 3], [5, 5, 5])).toBeNull();
    expect(pearson([1, 2], [1, 2])).toBeNull();
  });
});

describe('ols', () => {
  it('recovers exact coefficients from noiseless data', () => {
    const x1 = [1, 2, 3, 4, 5, 6];
    const x2 = [2, 1, 4, 3, 6, 5];
    const y = x1.map((a, i) => 1 + 2 * a - 0.5 * x2[i]!);
    const fit = ols(y, [x1, x2])!;
    expect(fit.intercept).toBeCloseTo(1);
    expect(fit.coef[0]).toBeCloseTo(2);
    expect(fit.coef[1]).toBeCloseTo(-0.5);
    expect(fit.r2).toBeCloseTo(1);
  });

  it('returns null for a singular design', () => {
    const x = [1, 2, 3, 4];
    expect(ols([1, 2, 3, 5], [x, x.map((v) => 2 * v)])).toBeNull();
  });
});

describe('standardizedRegression', () => {
  const rng = createRandom(42);
  const n = 2000;
  const a = Array.from({ length: n }, () => 10 + 3 * rng.normal()); // SD 3
  const b = Array.from({ length: n }, () => 100 + 50 * rng.normal()); // SD 50
  const c = Array.from({ length: n }, () => rng.normal());
  // Per standard deviation: a → +0.6, b → −0.3, c → 0.
  const y = a.map((x, i) => 2 + (0.6 / 3) * x - (0.3 / 50) * b[i]! + 0.5 * rng.normal());

  it('recovers known standardized effects inside their 95% intervals', () => {
    const reg = standardizedRegression(y, { a, b, c }, { bootstrap: 300, seed: 7 })!;
    const byName = Object.fromEntries(reg.effects.map((e) => [e.driver, e]));
    for (const [name, truth] of [['a', 0.6], ['b', -0.3], ['c', 0]] as const) {
      const e = byName[name]!;
      expect(e.ci[0]).toBeLessThan(truth);
      expect(e.ci[1]).toBeGreaterThan(truth);
      expect(e.ci[1] - e.ci[0]).toBeLessThan(0.1);
    }
    expect(byName.a!.sd).toBeCloseTo(3, 0);
    expect(reg.r2).toBeGreaterThan(0.5);
    expect(reg.warnings).toEqual([]);
  });

  it('is reproducible for a seed', () => {
    const r1 = standardizedRegression(y, { a, b }, { bootstrap: 50, seed: 3 })!;
    const r2 = standardizedRegression(y, { a, b }, { bootstrap: 50, seed: 3 })!;
    expect(r1.effects).toEqual(r2.effects);
  });

  it('says a matters about twice as much as b, distinguishably', () => {
    const reg = standardizedRegression(y, { a, b }, { bootstrap: 300, seed: 7 })!;
    const cmp = compareEffects(reg, 'a', 'b')!;
    expect(cmp.ratio).toBeGreaterThan(1.6);
    expect(cmp.ratio).toBeLessThan(2.5);
    expect(cmp.distinguishable).toBe(true);
  });

  it('does not call two equal effects distinguishable', () => {
    const y2 = a.map((x, i) => 0.1 * x + 0.1 * 3 * c[i]! + rng.normal());
    const reg = standardizedRegression(y2, { a, c }, { bootstrap: 300, seed: 7 })!;
    expect(compareEffects(reg, 'a', 'c')!.distinguishable).toBe(false);
  });

  it('warns on small n and drops constant drivers', () => {
    const reg = standardizedRegression(y.slice(0, 20), { a: a.slice(0, 20), k: new Array(20).fill(1) }, { bootstrap: 20 })!;
    expect(reg.warnings.join(' ')).toMatch(/only 20 interactions/);
    expect(reg.dropped).toEqual([{ driver: 'k', reason: 'the same value in every row' }]);
    const few = standardizedRegression(y.slice(0, 60), { a: a.slice(0, 60), b: b.slice(0, 60), c: c.slice(0, 60), d: a.slice(60, 120), e: b.slice(60, 120), f: c.slice(60, 120), g: a.slice(120, 180) }, { bootstrap: 20 })!;
    expect(few.warnings.join(' ')).toMatch(/per driver/);
  });
});
