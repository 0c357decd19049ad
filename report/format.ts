/**
 * Numbers and durations for people: every figure a report prints passes through here, so a reader
 * never meets `−0.0000000000000012`, `3271948:00` or `NaN`. Pure functions, shared by the terminal
 * tables, the HTML report and the chart axes.
 */

/** The value rounded to `digits` decimals, with a value that rounds to zero returned as 0 (never −0). */
export function roundFor(v: number, digits: number): number {
  const r = Number(v.toFixed(digits));
  return r === 0 ? 0 : r;
}

/** A number with `digits` decimals and thousands separators; '–' for null, NaN or ±Infinity. */
export function num(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return roundFor(v, digits).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A signed number with a true minus sign (+0.42, −0.25); a value that rounds to zero is +0.00. */
export function signed(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const r = roundFor(v, digits);
  return `${r < 0 ? '−' : '+'}${Math.abs(r).toFixed(digits)}`;
}

/** A share (0–1) as a whole percentage: 0.423 → "42%". */
export function pct(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return `${roundFor(100 * v, 0)}%`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Seconds for a reader: m:ss under an hour, h:mm:ss under a day, and days beyond ("3.2 days",
 * "37 days"), rounded to the second first so there is never a "10:60".
 */
export function duration(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const neg = v < 0 ? '−' : '';
  const s = Math.round(Math.abs(v));
  if (s >= 86_400) {
    const days = s / 86_400;
    return `${neg}${days < 10 ? roundFor(days, 1).toFixed(1) : Math.round(days).toLocaleString('en-US')} days`;
  }
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${neg}${h}:${pad(m)}:${pad(sec)}` : `${neg}${m}:${pad(sec)}`;
}

/** The q-quantile (0–1) of the values, linear between order statistics; null for none. */
export function quantileOf(values: readonly number[], q: number): number | null {
  const s = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

/** Share of the values clipped: where a chart's axis ends and how many points it drew at the edge. */
export interface Clip {
  /** The axis ends here; values beyond it are drawn at it. Null when nothing is clipped. */
  limit: number | null;
  /** How many values lie beyond the limit. */
  clipped: number;
}

/**
 * Where to end a chart's axis so one outlier cannot squash the rest: at the `q` quantile (default the
 * 99th percentile), but only when some value lies beyond both it and Tukey's far-out fence
 * (Q3 + 3 × IQR); otherwise nothing is clipped and every point keeps its place.
 */
export function clipHigh(values: readonly number[], q = 0.99): Clip {
  const xs = values.filter(Number.isFinite);
  if (xs.length < 4) return { limit: null, clipped: 0 };
  const q1 = quantileOf(xs, 0.25)!;
  const q3 = quantileOf(xs, 0.75)!;
  const fence = q3 + 3 * (q3 - q1);
  const limit = Math.max(quantileOf(xs, q)!, fence);
  const clipped = xs.filter((x) => x > limit).length;
  return clipped > 0 ? { limit, clipped } : { limit: null, clipped: 0 };
}
