/**
 * Demo reviewers with known disagreement, so that `voc calibrate scorecard` can be checked against a
 * known truth: each reviewer answers a sample of interactions, item by item, starting from the automatic
 * answer and departing from it at known rates — a strict one turns a yes into a no, a lenient one a no
 * into a yes, and both then flip yes ↔ no at a noise rate. N/A stays N/A. From those rates and the
 * automatic answers the expected agreement of every reviewer with the automatic answers and with each
 * other follows exactly; the demo and the tests compare the measured agreement with it.
 */
import { createRandom, shuffle, seededRandom } from '../lib/random.ts';

type Answer = 'yes' | 'no' | 'na';

export interface DemoReviewer {
  name: string;
  /** Probability of answering no where the automatic answer is yes. */
  yesToNo: number;
  /** Probability of answering yes where the automatic answer is no. */
  noToYes: number;
}

export const DEMO_REVIEWERS: readonly DemoReviewer[] = [
  { name: 'strict.reviewer', yesToNo: 0.2, noToYes: 0 },
  { name: 'lenient.reviewer', yesToNo: 0, noToYes: 0.3 },
];
/** Both reviewers also flip yes ↔ no at this rate, after their bias. */
export const DEMO_NOISE = 0.05;

export interface AutoAnswer {
  interaction_id: string;
  item: string;
  answer: Answer;
}

export interface DemoReviews {
  reviews: { interaction_id: string; reviewer: string; item: string; answer: Answer; comment: string }[];
  /** The expected share of exact agreement, from the rates: per reviewer with the automatic answers, overall, and between the reviewers. */
  expected: { per_reviewer: Record<string, number>; overall: number; between: number; per_item: Record<string, number> };
}

/** P(reviewer says yes) given the automatic answer (yes or no). */
function pYes(r: DemoReviewer, auto: 'yes' | 'no', noise: number): number {
  const biased = auto === 'yes' ? 1 - r.yesToNo : r.noToYes;
  return biased * (1 - noise) + (1 - biased) * noise;
}

/** Reviews of `sample` interactions (drawn from those in `answers`) by every reviewer, with the expected agreement. */
export function demoReviews(answers: readonly AutoAnswer[], opts: { sample: number; seed: number; reviewers?: readonly DemoReviewer[]; noise?: number }): DemoReviews {
  const reviewers = opts.reviewers ?? DEMO_REVIEWERS;
  const noise = opts.noise ?? DEMO_NOISE;
  const ids = [...new Set(answers.map((a) => a.interaction_id))].sort();
  const order = ids.map((_, i) => i);
  shuffle(order, seededRandom(opts.seed));
  const chosen = new Set(order.slice(0, opts.sample).map((i) => ids[i]!));
  const rows = answers.filter((a) => chosen.has(a.interaction_id));
  const rng = createRandom(opts.seed + 1);
  const reviews: DemoReviews['reviews'] = [];
  const agreeSum: Record<string, number> = {};
  const itemSum: Record<string, { p: number; n: number }> = {};
  let between = 0;
  for (const a of rows) {
    const probs: number[] = [];
    for (const r of reviewers) {
      let answer: Answer = a.answer;
      let pAgree = 1;
      if (a.answer !== 'na') {
        const p = pYes(r, a.answer, noise);
        answer = rng.chance(p) ? 'yes' : 'no';
        pAgree = a.answer === 'yes' ? p : 1 - p;
        probs.push(p);
      }
      agreeSum[r.name] = (agreeSum[r.name] ?? 0) + pAgree;
      const it = (itemSum[a.item] ??= { p: 0, n: 0 });
      it.p += pAgree;
      it.n += 1;
      reviews.push({ interaction_id: a.interaction_id, reviewer: r.name, item: a.item, answer, comment: answer === a.answer ? '' : `${r.name.split('.')[0]} reading` });
    }
    // Two reviewers agree when both say yes or both say no (they answer independently given the automatic answer).
    if (reviewers.length === 2) between += a.answer === 'na' ? 1 : probs[0]! * probs[1]! + (1 - probs[0]!) * (1 - probs[1]!);
  }
  const n = rows.length || 1;
  const per_reviewer = Object.fromEntries(reviewers.map((r) => [r.name, (agreeSum[r.name] ?? 0) / n]));
  return {
    reviews,
    expected: {
      per_reviewer,
      overall: Object.values(per_reviewer).reduce((s, v) => s + v, 0) / reviewers.length,
      between: between / n,
      per_item: Object.fromEntries(Object.entries(itemSum).map(([k, v]) => [k, v.p / v.n])),
    },
  };
}
