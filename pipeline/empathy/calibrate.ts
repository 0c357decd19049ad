/**
 * Agreement of voc's empathy score with a human QA empathy score (the `qa_empathy` column, 0–100 or
 * 1–5), before and after fitting a monotone mapping from the one to the other, cross-validated: pure
 * arithmetic over (empathy, QA) pairs. `voc calibrate empathy` reads the pairs from the store.
 */
import { isotonicKnots, spearman } from '../effort/calibrate.ts';

export interface EmpathySample {
  /** voc's empathy score, 0–100. */
  empathy: number;
  /** The QA reviewer's empathy score as given, 0–100 or 1–5. */
  qa: number;
}

export interface QaAgreement {
  /** Spearman rank correlation; null when either side is constant. */
  spearman: number | null;
  /** Mean absolute error in points of 100. */
  mae: number;
  /** Share of interactions within `band` points of the QA score. */
  within_band: number;
}

export interface EmpathyCalibration {
  n: number;
  /** The QA scale found in the data: every answer a whole number 1–5 reads as 1–5 (mapped 1 → 0, 5 → 100). */
  scale: '0-100' | '1-5';
  /** Points of 100 counted as agreeing. */
  band: number;
  knots: [number, number][];
  before: QaAgreement;
  after: QaAgreement;
  cross_validated: QaAgreement;
}

/** Fewer samples than this and there is nothing to fit. */
export const MIN_QA_SAMPLES = 10;
/** Agreement band: half a step of a 1–5 form (12.5 points of 100). */
export const QA_BAND = 12.5;
const FOLDS = 5;

const round = (x: number) => Math.round(x * 10000) / 10000;

/** QA answers on one 0–100 scale. */
export function qaScale(answers: readonly number[]): { scale: EmpathyCalibration['scale']; to100: (q: number) => number } {
  const fivePoint = answers.every((q) => Number.isInteger(q) && q >= 1 && q <= 5);
  return fivePoint ? { scale: '1-5', to100: (q) => (q - 1) * 25 } : { scale: '0-100', to100: (q) => q };
}

function predict(knots: [number, number][], x: number): number {
  if (x <= knots[0]![0]) return knots[0]![1];
  for (let i = 1; i < knots.length; i++) {
    const [x1, y1] = knots[i]!;
    if (x <= x1) {
      const [x0, y0] = knots[i - 1]!;
      return x1 === x0 ? y1 : y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
    }
  }
  return knots[knots.length - 1]![1];
}

export function qaAgreement(predicted: number[], qa: number[], band = QA_BAND): QaAgreement {
  const s = spearman(predicted, qa);
  let abs = 0, within = 0;
  predicted.forEach((p, i) => {
    const d = Math.abs(p - qa[i]!);
    abs += d;
    if (d <= band) within++;
  });
  const n = Math.max(1, predicted.length);
  return { spearman: s === null ? null : round(s), mae: round(abs / n), within_band: round(within / n) };
}

/** Fits empathy → QA on `samples` and reports agreement before, after and cross-validated. */
export function calibrateEmpathy(samples: readonly EmpathySample[], band = QA_BAND): EmpathyCalibration {
  if (samples.length < MIN_QA_SAMPLES) {
    throw new RangeError(`${samples.length} interactions with a QA empathy score and an empathy score; at least ${MIN_QA_SAMPLES} are needed`);
  }
  const { scale, to100 } = qaScale(samples.map((s) => s.qa));
  const points = samples.map((s) => ({ x: s.empathy, y: to100(s.qa) }));
  const qa = points.map((p) => p.y);
  const knots = isotonicKnots(points, 0, 100);
  // Deterministic folds by position, so the same data gives the same figures.
  const cv = new Array<number>(points.length);
  for (let f = 0; f < FOLDS; f++) {
    const k = isotonicKnots(points.filter((_, i) => i % FOLDS !== f), 0, 100);
    points.forEach((p, i) => {
      if (i % FOLDS === f) cv[i] = predict(k, p.x);
    });
  }
  return {
    n: samples.length,
    scale,
    band,
    knots,
    before: qaAgreement(points.map((p) => p.x), qa, band),
    after: qaAgreement(points.map((p) => predict(knots, p.x)), qa, band),
    cross_validated: qaAgreement(cv, qa, band),
  };
}
