/**
 * One-vs-rest linear support vector machines, trained by dual coordinate descent with shrinking
 * (Hsieh et al. 2008, "A dual coordinate descent method for large-scale linear SVM", the LIBLINEAR
 * solver for the L2-regularised squared-hinge loss). It has no learning rate to tune, converges in a
 * few passes on sparse text features, and is deterministic for a given seed.
 */
import type { SparseVector } from './features.ts';
import { seededRandom, shuffle } from '../../lib/random.ts';

export interface SvmParams {
  /** Inverse regularisation strength: larger fits the training rows more closely. @defaultValue 1 */
  c: number;
  /** Stop when the projected gradient spread falls below this (LIBLINEAR's default). @defaultValue 0.1 */
  epsilon: number;
  /** Upper bound on passes over the rows per label. @defaultValue 200 */
  maxPasses: number;
  /** Weight each row by n / (labels × rows of its label), so rare labels count as much as common ones. @defaultValue false */
  balanced: boolean;
  /** Seed of the row order. @defaultValue 1 */
  seed: number;
  /** `squared-hinge` (LIBLINEAR -s 1) or `hinge` (-s 3). @defaultValue "squared-hinge" */
  loss: 'squared-hinge' | 'hinge';
}

export const DEFAULT_SVM: SvmParams = { c: 1, epsilon: 0.1, maxPasses: 200, balanced: false, seed: 1, loss: 'squared-hinge' };

/** The value of the constant feature that carries each label's bias (LIBLINEAR's `-B 1`). */
const BIAS_FEATURE = 1;

/** Weights in feature-major order (`weights[f * labels + l]`), so scoring a sparse vector reads rows. */
export interface LinearModel {
  labels: string[];
  features: number;
  weights: Float32Array;
  bias: Float32Array;
}

/**
 * Trains one binary SVM per label (its rows against all others). `y[i]` indexes `labels`; a negative
 * `y[i]` is a row of no label (out of scope), a negative example for every label.
 */
export function trainOneVsRest(x: SparseVector[], y: Int32Array, labels: string[], features: number, p: SvmParams): LinearModel {
  const n = x.length;
  const L = labels.length;
  const counts = new Float64Array(L);
  for (let i = 0; i < n; i++) if (y[i]! >= 0) counts[y[i]!]!++;
  const cost = new Float64Array(n);
  for (let i = 0; i < n; i++) cost[i] = p.balanced && y[i]! >= 0 ? (p.c * n) / (L * counts[y[i]!]!) : p.c;
  const sqNorm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = BIAS_FEATURE * BIAS_FEATURE;
    const v = x[i]!.val;
    for (let j = 0; j < v.length; j++) s += v[j]! * v[j]!;
    sqNorm[i] = s;
  }
  const weights = new Float32Array(features * L);
  const bias = new Float32Array(L);
  const w = new Float64Array(features + 1);
  const alpha = new Float64Array(n);
  const order = new Int32Array(n);
  const random = seededRandom(p.seed);
  const hinge = p.loss === 'hinge';
  for (let l = 0; l < L; l++) {
    w.fill(0);
    alpha.fill(0);
    for (let i = 0; i < n; i++) order[i] = i;
    let active = n;
    let pgMaxOld = Infinity, pgMinOld = -Infinity;
    for (let pass = 0; pass < p.maxPasses; pass++) {
      let pgMax = -Infinity, pgMin = Infinity;
      shuffle(order, random, active);
      for (let s = 0; s < active; s++) {
        const i = order[s]!;
        const yi = y[i] === l ? 1 : -1;
        const xi = x[i]!;
        // Squared hinge: a diagonal term and no upper bound; hinge: no diagonal, alpha ≤ cost.
        const diag = hinge ? 0 : 0.5 / cost[i]!;
        const upper = hinge ? cost[i]! : Infinity;
        let dot = w[features]! * BIAS_FEATURE;
        for (let j = 0; j < xi.idx.length; j++) dot += w[xi.idx[j]!]! * xi.val[j]!;
        const g = yi * dot - 1 + diag * alpha[i]!;
        let pg = 0;
        if (alpha[i] === 0) {
          if (g > pgMaxOld) {
            // Shrink: this row sits well outside the margin and will stay at zero.
            active--;
            order[s] = order[active]!;
            order[active] = i;
            s--;
            continue;
          }
          if (g < 0) pg = g;
        } else if (alpha[i] === upper) {
          if (g < pgMinOld) {
            active--;
            order[s] = order[active]!;
            order[active] = i;
            s--;
            continue;
          }
          if (g > 0) pg = g;
        } else pg = g;
        if (pg > pgMax) pgMax = pg;
        if (pg < pgMin) pgMin = pg;
        if (Math.abs(pg) > 1e-12) {
          const old = alpha[i]!;
          alpha[i] = Math.min(Math.max(old - g / (sqNorm[i]! + diag), 0), upper);
          const d = (alpha[i]! - old) * yi;
          for (let j = 0; j < xi.idx.length; j++) w[xi.idx[j]!]! += d * xi.val[j]!;
          w[features]! += d * BIAS_FEATURE;
        }
      }
      if (pgMax - pgMin <= p.epsilon) {
        if (active === n) break;
        // Converged on the active rows: check once more over all of them.
        active = n;
        pgMaxOld = Infinity;
        pgMinOld = -Infinity;
        continue;
      }
      pgMaxOld = pgMax <= 0 ? Infinity : pgMax;
      pgMinOld = pgMin >= 0 ? -Infinity : pgMin;
    }
    for (let f = 0; f < features; f++) weights[f * L + l] = w[f]!;
    bias[l] = w[features]! * BIAS_FEATURE;
  }
  return { labels, features, weights, bias };
}

/** Each label's margin for one vector. */
export function margins(m: LinearModel, v: SparseVector): Float64Array {
  const L = m.labels.length;
  const out = Float64Array.from(m.bias);
  for (let j = 0; j < v.idx.length; j++) {
    const f = v.idx[j]!;
    if (f >= m.features) continue;
    const x = v.val[j]!;
    const row = f * L;
    for (let l = 0; l < L; l++) out[l]! += x * m.weights[row + l]!;
  }
  return out;
}
