/**
 * Fitting the effort → CES mapping on survey answers: pure arithmetic over (effort score, CES) pairs,
 * with the agreement figures before and after. `voc calibrate effort` reads the pairs from the store
 * and saves what this returns.
 */
import { CES_MAX, CES_MIN, predictCes, type CesMapping } from './ces.ts';

export interface EffortSample {
  /** The stored effort score, 0-100. */
  effort: number;
  /** The customer's CES survey answer, 1-7. */
  ces: number;
}

export interface Agreement {
  /** Pearson correlation of predicted and answered CES; null when either is constant. */
  pearson: number | null;
  /** Spearman rank correlation (Pearson on average ranks); null when either is constant. */
  spearman: number | null;
  /** Mean absolute error in CES points. */
  mae: number;
}

export interface Calibration {
  method: 'isotonic' | 'linear';
  knots: [number, number][];
  n: number;
  /** The mapping in use before, on all samples. */
  before: Agreement;
  /** The fitted mapping on the samples it was fitted on. */
  after: Agreement;
  /** The same fit made on four fifths and scored on the fifth left out, five times: what to expect on new data. */
  cross_validated: Agreement;
}

/** Fewer answers than this and there is nothing to fit: a mapping from a handful of surveys is noise. */
export const MIN_SAMPLES = 10;
/** Below this many answers a straight line is fitted; above, the monotone step fit (isotonic regression). */
export const MIN_ISOTONIC = 50;
/** Folds of the cross-validation. */
const FOLDS = 5;

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

export function pearson(x: number[], y: number[]): number | null {
  const n = x.length;
  if (n < 2) return null;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
}

/** Average ranks (ties share the mean of their positions), 1-based. */
function ranks(x: number[]): number[] {
  const order = x.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(x.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) out[order[k]![1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

export function spearman(x: number[], y: number[]): number | null {
  return pearson(ranks(x), ranks(y));
}

export function agreementOf(predicted: number[], answered: number[]): Agreement {
  const p = pearson(predicted, answered);
  const s = spearman(predicted, answered);
  const mae = predicted.reduce((acc, v, i) => acc + Math.abs(v - answered[i]!), 0) / Math.max(1, predicted.length);
  return { pearson: p === null ? null : round(p), spearman: s === null ? null : round(s), mae: round(mae) };
}

const clampCes = (y: number) => Math.min(CES_MAX, Math.max(CES_MIN, y));

/** Least squares CES = a + b·effort, with the slope kept ≥ 0 (more effort never predicts an easier answer). */
function fitLinear(samples: EffortSample[]): [number, number][] {
  const x = samples.map((s) => s.effort);
  const y = samples.map((s) => s.ces);
  const n = samples.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
  }
  const b = sxx > 0 ? Math.max(0, sxy / sxx) : 0;
  const a = my - b * mx;
  return [[0, round(clampCes(a), 3)], [100, round(clampCes(a + 100 * b), 3)]];
}

/**
 * Isotonic regression by pool-adjacent-violators: the non-decreasing step function of x closest to the
 * y values in squared error, turned into knots at each block's mean x (y clamped to `lo` … `hi`).
 */
export function isotonicKnots(points: readonly { x: number; y: number }[], lo: number, hi: number): [number, number][] {
  // One point per distinct x value, weighted by how many answers it has.
  const byX = new Map<number, { sum: number; w: number }>();
  for (const p of points) {
    const e = byX.get(p.x) ?? { sum: 0, w: 0 };
    e.sum += p.y;
    e.w++;
    byX.set(p.x, e);
  }
  const blocks: { x: number; y: number; w: number }[] = [];
  for (const [x, { sum, w }] of [...byX].sort((a, b) => a[0] - b[0])) {
    blocks.push({ x: x * w, y: sum, w });
    // Merge backwards while the block means fall.
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1]!;
      const a = blocks[blocks.length - 2]!;
      if (a.y / a.w <= b.y / b.w) break;
      blocks.splice(-2, 2, { x: a.x + b.x, y: a.y + b.y, w: a.w + b.w });
    }
  }
  const clamp = (y: number) => Math.min(hi, Math.max(lo, y));
  const knots = blocks.map((b) => [round(b.x / b.w, 3), round(clamp(b.y / b.w), 3)] as [number, number]);
  if (knots.length === 1) {
    const y = knots[0]![1];
    return [[0, y], [100, y]];
  }
  return knots;
}

const fitIsotonic = (samples: EffortSample[]) => isotonicKnots(samples.map((s) => ({ x: s.effort, y: s.ces })), CES_MIN, CES_MAX);

function fit(samples: EffortSample[]): { method: Calibration['method']; knots: [number, number][] } {
  return samples.length >= MIN_ISOTONIC ? { method: 'isotonic', knots: fitIsotonic(samples) } : { method: 'linear', knots: fitLinear(samples) };
}

const predictAll = (samples: EffortSample[], mapping: CesMapping) => samples.map((s) => predictCes(s.effort, mapping));

/**
 * Fits the mapping on `samples` and measures it against `current`. Throws a RangeError with fewer than
 * MIN_SAMPLES samples.
 */
export function calibrateEffort(samples: EffortSample[], current: CesMapping): Calibration {
  if (samples.length < MIN_SAMPLES) {
    throw new RangeError(`${samples.length} interactions with a CES answer and an effort score; at least ${MIN_SAMPLES} are needed`);
  }
  const answered = samples.map((s) => s.ces);
  const { method, knots } = fit(samples);
  const fitted: CesMapping = { knots, id: 'fitted' };

  // Cross-validation: deterministic folds by position, so the same data gives the same figures.
  const cvPredicted = new Array<number>(samples.length);
  for (let f = 0; f < FOLDS; f++) {
    const train = samples.filter((_, i) => i % FOLDS !== f);
    const m: CesMapping = { ...fit(train), id: `fold ${f}` };
    samples.forEach((s, i) => {
      if (i % FOLDS === f) cvPredicted[i] = predictCes(s.effort, m);
    });
  }
  return {
    method,
    knots,
    n: samples.length,
    before: agreementOf(predictAll(samples, current), answered),
    after: agreementOf(predictAll(samples, fitted), answered),
    cross_validated: agreementOf(cvPredicted, answered),
  };
}
