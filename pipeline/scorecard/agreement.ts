/**
 * How often the automatic scorecard answers agree with people's, and people with each other: per item
 * and overall the share of exact agreement and Cohen's kappa with n, and for the total score the mean
 * absolute difference and Spearman's correlation, each with a 95% bootstrap interval (resampling
 * interactions, so that the items of one interaction stay together). Pure: the bootstrap is seeded.
 */
import { seededRandom } from '../../lib/random.ts';
import { spearman } from '../effort/calibrate.ts';
import { total, type Answer } from './evaluate.ts';
import type { Scorecard } from './scorecard.ts';

/** One human answer beside the automatic one for the same interaction and item. */
export interface ReviewPair {
  interaction_id: string;
  reviewer: string;
  item: string;
  auto: Answer;
  human: Answer;
}

export type Interval = [number, number] | null;

export interface AgreementStat {
  n: number;
  exact_agreement: number | null;
  exact_ci: Interval;
  kappa: number | null;
  kappa_ci: Interval;
}

export interface ItemAgreement extends AgreementStat {
  item: string;
  /** Below the threshold (or too few reviews to tell): do not trust the automatic answer yet. */
  trusted: boolean;
}

export interface TotalAgreement {
  /** Reviewed evaluations (interaction × reviewer) with a total on both sides. */
  n: number;
  mean_abs_diff: number | null;
  mean_abs_diff_ci: Interval;
  spearman: number | null;
  spearman_ci: Interval;
}

export interface ScorecardAgreement {
  scorecard_version: string;
  threshold: number;
  min_n: number;
  interactions: number;
  reviewers: string[];
  overall: AgreementStat;
  items: ItemAgreement[];
  total: TotalAgreement;
  /** Between reviewers, on the interaction items scored by two or more of them (every pair counted once). */
  between_reviewers: AgreementStat;
  /** Per reviewer against the automatic answers. */
  per_reviewer: (AgreementStat & { reviewer: string })[];
}

export interface AgreementOptions {
  /** Items whose exact agreement is below this share are flagged. @defaultValue 0.8 */
  threshold?: number;
  /** Items with fewer reviewed answers are flagged as not yet known. @defaultValue 20 */
  minN?: number;
  /** Bootstrap resamples. @defaultValue 1000 */
  resamples?: number;
  seed?: number;
}

/** Cohen's kappa of two raters' answers; null when there is nothing to measure. */
export function cohenKappa(pairs: readonly (readonly [Answer, Answer])[]): number | null {
  const n = pairs.length;
  if (n === 0) return null;
  const a = new Map<Answer, number>();
  const b = new Map<Answer, number>();
  let agree = 0;
  for (const [x, y] of pairs) {
    if (x === y) agree++;
    a.set(x, (a.get(x) ?? 0) + 1);
    b.set(y, (b.get(y) ?? 0) + 1);
  }
  const po = agree / n;
  let pe = 0;
  for (const [k, v] of a) pe += (v / n) * ((b.get(k) ?? 0) / n);
  if (pe === 1) return po === 1 ? 1 : null;
  return (po - pe) / (1 - pe);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(p * sorted.length)))]!;

/**
 * A 95% percentile bootstrap interval of `measure` over groups (interactions) drawn with replacement.
 */
function bootstrap<G>(groups: readonly G[], measure: (sample: G[]) => number | null, resamples: number, random: () => number): Interval {
  if (groups.length < 2) return null;
  const values: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const sample: G[] = [];
    for (let i = 0; i < groups.length; i++) sample.push(groups[Math.floor(random() * groups.length)]!);
    const v = measure(sample);
    if (v !== null && Number.isFinite(v)) values.push(v);
  }
  if (values.length < resamples / 2) return null;
  values.sort((x, y) => x - y);
  return [percentile(values, 0.025), percentile(values, 0.975)];
}

function groupBy<T>(rows: readonly T[], key: (r: T) => string): T[][] {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return [...m.values()];
}

const CODE: Record<Answer, number> = { yes: 0, no: 1, na: 2 };

/** Exact agreement and kappa from a 3 × 3 table of counts (row: first rater, column: second). */
function fromTable(t: ArrayLike<number>): { n: number; exact: number | null; kappa: number | null } {
  let n = 0, agree = 0, pe = 0;
  for (let i = 0; i < 9; i++) n += t[i]!;
  if (n === 0) return { n, exact: null, kappa: null };
  for (let i = 0; i < 3; i++) {
    agree += t[i * 3 + i]!;
    const row = t[i * 3]! + t[i * 3 + 1]! + t[i * 3 + 2]!;
    const col = t[i]! + t[3 + i]! + t[6 + i]!;
    pe += (row / n) * (col / n);
  }
  const po = agree / n;
  return { n, exact: po, kappa: pe === 1 ? (po === 1 ? 1 : null) : (po - pe) / (1 - pe) };
}

/** Exact agreement and kappa with bootstrap intervals; each interaction's answers are resampled together. */
function agreementStat(rows: readonly ReviewPair[], pairOf: (r: ReviewPair) => readonly [Answer, Answer], resamples: number, random: () => number): AgreementStat {
  const groups = groupBy(rows, (r) => r.interaction_id).map((g) => {
    const t = new Float64Array(9);
    for (const r of g) {
      const [a, b] = pairOf(r);
      t[CODE[a] * 3 + CODE[b]]! += 1;
    }
    return t;
  });
  const all = new Float64Array(9);
  for (const t of groups) for (let i = 0; i < 9; i++) all[i]! += t[i]!;
  const s = fromTable(all);
  const exacts: number[] = [];
  const kappas: number[] = [];
  if (groups.length >= 2) {
    const sum = new Float64Array(9);
    for (let r = 0; r < resamples; r++) {
      sum.fill(0);
      for (let i = 0; i < groups.length; i++) {
        const t = groups[Math.floor(random() * groups.length)]!;
        for (let k = 0; k < 9; k++) sum[k]! += t[k]!;
      }
      const b = fromTable(sum);
      if (b.exact !== null) exacts.push(b.exact);
      if (b.kappa !== null && Number.isFinite(b.kappa)) kappas.push(b.kappa);
    }
  }
  const interval = (v: number[]): Interval => {
    if (v.length < resamples / 2) return null;
    v.sort((x, y) => x - y);
    return [percentile(v, 0.025), percentile(v, 0.975)];
  };
  return { n: s.n, exact_agreement: s.exact, exact_ci: interval(exacts), kappa: s.kappa, kappa_ci: interval(kappas) };
}

const autoHuman = (r: ReviewPair) => [r.auto, r.human] as const;

export function scorecardAgreement(card: Scorecard, pairs: readonly ReviewPair[], opts: AgreementOptions = {}): ScorecardAgreement {
  const threshold = opts.threshold ?? 0.8;
  const minN = opts.minN ?? 20;
  const resamples = opts.resamples ?? 1000;
  const random = seededRandom(opts.seed ?? 15);
  const known = new Set(card.items.map((i) => i.id));
  const rows = pairs.filter((p) => known.has(p.item));

  const items = card.items.map((item): ItemAgreement => {
    const mine = rows.filter((r) => r.item === item.id);
    const s = agreementStat(mine, autoHuman, resamples, random);
    return { item: item.id, ...s, trusted: s.n >= minN && s.exact_agreement !== null && s.exact_agreement >= threshold };
  });

  // Totals: per interaction and reviewer, the automatic and the human total over the items the reviewer answered.
  const evaluations = groupBy(rows, (r) => `${r.interaction_id}\u0000${r.reviewer}`)
    .map((g) => ({ id: g[0]!.interaction_id, auto: total(card, g.map((r) => ({ item: r.item, answer: r.auto }))).score, human: total(card, g.map((r) => ({ item: r.item, answer: r.human }))).score }))
    .filter((e): e is { id: string; auto: number; human: number } => e.auto !== null && e.human !== null);
  const mad = (es: typeof evaluations) => (es.length ? es.reduce((s, e) => s + Math.abs(e.auto - e.human), 0) / es.length : null);
  const rho = (es: typeof evaluations) => spearman(es.map((e) => e.auto), es.map((e) => e.human));
  const evalGroups = groupBy(evaluations, (e) => e.id);

  // Between reviewers: every pair of reviewers on the same interaction item.
  const between: ReviewPair[] = [];
  for (const g of groupBy(rows, (r) => `${r.interaction_id}\u0000${r.item}`)) {
    for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) between.push({ ...g[i]!, auto: g[i]!.human, human: g[j]!.human });
  }

  const reviewers = [...new Set(rows.map((r) => r.reviewer))].sort();
  return {
    scorecard_version: card.version,
    threshold,
    min_n: minN,
    interactions: new Set(rows.map((r) => r.interaction_id)).size,
    reviewers,
    overall: agreementStat(rows, autoHuman, resamples, random),
    items,
    total: {
      n: evaluations.length,
      mean_abs_diff: mad(evaluations),
      mean_abs_diff_ci: bootstrap(evalGroups, (g) => mad(g.flat()), resamples, random),
      spearman: rho(evaluations),
      spearman_ci: bootstrap(evalGroups, (g) => rho(g.flat()), resamples, random),
    },
    between_reviewers: agreementStat(between, autoHuman, resamples, random),
    per_reviewer: reviewers.map((reviewer) => ({ reviewer, ...agreementStat(rows.filter((r) => r.reviewer === reviewer), autoHuman, resamples, random) })),
  };
}
