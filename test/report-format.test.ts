/** Numbers and durations as people read them. */
import { describe, expect, it } from 'vitest';
import { clipHigh, duration, num, pct, signed } from '../report/format.ts';

describe('report numbers for people', () => {
  it.each([
    [null, '–'], [59.6, '1:00'], [599.5, '10:00'], [3599.4, '59:59'], [3600, '1:00:00'], [86_399, '23:59:59'],
    [864_000, '10 days'], [302_400, '3.5 days'], [3_271_948 * 60, '2,272 days'], [Number.NaN, '–'],
  ])('duration(%s) is %s', (s, shown) => expect(duration(s as number | null)).toBe(shown));

  it('rounds away float noise and never prints a negative zero', () => {
    expect(num(-0.0000000000000012, 2)).toBe('0.00');
    expect(signed(-0.0000000000000012)).toBe('+0.00');
    expect(signed(-0.254)).toBe('−0.25');
    expect(num(1234567.891, 0)).toBe('1,234,568');
    expect(pct(0.4249)).toBe('42%');
    expect(num(Number.POSITIVE_INFINITY)).toBe('–');
  });

  it('clips one far outlier and leaves ordinary spread alone', () => {
    const ordinary = Array.from({ length: 200 }, (_, i) => 300 + i);
    expect(clipHigh(ordinary)).toEqual({ limit: null, clipped: 0 });
    const withOutlier = [...ordinary, 864_000];
    const clip = clipHigh(withOutlier);
    expect(clip.clipped).toBe(1);
    expect(clip.limit).toBeLessThan(1000);
  });
});
