/**
 * `voc eval satisfaction FILE`: do voc's scores agree with how satisfied people judged the customer?
 * FILE is the STC-3 JSON format (dialogues with `turns` and annotators' `quality.S`), or a CSV of
 * interactions (`text` with Agent: / Customer: lines) with a `satisfaction` column. For each score,
 * the Spearman correlation with satisfaction over the interactions that have it; and the partial
 * correlation of empathy controlling for the customer's opening sentiment: whether empathy adds to
 * what the opening already predicts (a dialogue that starts angry tends to end unhappy whatever the
 * agent does).
 */
import { parseFile } from 'fast-csv';
import { existsSync } from 'node:fs';
import { UsageError } from '../lib/errors.ts';
import { spearman } from '../pipeline/effort/calibrate.ts';
import { createScorer, type Scorer } from '../pipeline/score.ts';
import { splitSpeakerLines } from '../pipeline/text/turns.ts';
import type { InteractionScores } from '../pipeline/types.ts';
import { readStc3, type RatedInteraction } from './conversations.ts';

/** The scores read, each as a number of one interaction (null when it does not apply). */
export const SATISFACTION_SCORES: Record<string, (s: InteractionScores) => number | null> = {
  /** The interaction's sentiment figure: the customer's, the end weighed more. */
  'customer sentiment (interaction score)': (s) => s.sentiment.score,
  'customer sentiment, mean of turns': (s) => s.sentiment.speakers.customer?.score ?? null,
  'customer sentiment, end': (s) => s.sentiment.customer_end,
  'customer sentiment, start': (s) => s.sentiment.customer_start,
  'customer shift': (s) => s.sentiment.customer_shift,
  empathy: (s) => (s.empathy.applicable ? s.empathy.score : null),
  'empathy statements': (s) => (s.empathy.applicable ? s.empathy.empathy_statements : null),
  ownership: (s) => (s.empathy.applicable ? s.empathy.ownership_statements : null),
  effort: (s) => s.effort.score,
};

export interface ScoreAgreement {
  /** Spearman with satisfaction; null when a side is constant. */
  spearman: number | null;
  n: number;
}

export interface SatisfactionEval {
  n: number;
  scores: Record<string, ScoreAgreement>;
  /** Empathy's Spearman partial correlation with satisfaction, controlling for the customer's opening sentiment. */
  empathy_partial: ScoreAgreement;
  /** Interactions the scorer declined (language), left out. */
  not_scored: number;
}

const round = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);

/** Partial correlation of x and y given z from the three pairwise correlations. */
export function partialCorrelation(rxy: number, rxz: number, ryz: number): number | null {
  const d = Math.sqrt((1 - rxz * rxz) * (1 - ryz * ryz));
  return d > 0 ? (rxy - rxz * ryz) / d : null;
}

/** The agreement figures over already-rated interactions. */
export function satisfactionAgreement(rated: readonly RatedInteraction[], scorer: Scorer = createScorer()): SatisfactionEval {
  const scored = rated.map((r) => ({ s: scorer.score(r.interaction), y: r.satisfaction })).filter((x) => !x.s.not_scored);
  const scores: Record<string, ScoreAgreement> = {};
  for (const [name, pick] of Object.entries(SATISFACTION_SCORES)) {
    const pairs = scored.map((x) => [pick(x.s), x.y] as const).filter((p): p is readonly [number, number] => p[0] !== null);
    scores[name] = { spearman: round(spearman(pairs.map((p) => p[0]), pairs.map((p) => p[1]))), n: pairs.length };
  }
  const triples = scored
    .map((x) => [SATISFACTION_SCORES.empathy!(x.s), x.y, x.s.sentiment.customer_start] as const)
    .filter((t): t is readonly [number, number, number] => t[0] !== null && t[2] !== null);
  const e = triples.map((t) => t[0]), y = triples.map((t) => t[1]), z = triples.map((t) => t[2]);
  const [rxy, rxz, ryz] = [spearman(e, y), spearman(e, z), spearman(y, z)];
  const partial = rxy === null || rxz === null || ryz === null ? null : partialCorrelation(rxy, rxz, ryz);
  return { n: scored.length, scores, empathy_partial: { spearman: round(partial), n: triples.length }, not_scored: rated.length - scored.length };
}

/** A CSV of interactions with `text` (Agent: / Customer: lines) and `satisfaction`. */
async function readRatedCsv(file: string): Promise<RatedInteraction[]> {
  const out: RatedInteraction[] = [];
  let line = 1;
  await new Promise<void>((resolve, reject) => {
    parseFile(file, { headers: true })
      .on('error', (err) => reject(new UsageError(`cannot read ${file}: ${err.message}`)))
      .on('data', (row: Record<string, string>) => {
        line++;
        if (!('satisfaction' in row) || !('text' in row)) {
          reject(new UsageError(`${file} needs columns text and satisfaction (found: ${Object.keys(row).join(',')})`));
          return;
        }
        const y = Number(row.satisfaction);
        if (row.satisfaction?.trim() === '' || !Number.isFinite(y)) {
          reject(new UsageError(`${file} line ${line}: satisfaction "${row.satisfaction}" is not a number`));
          return;
        }
        const turns = splitSpeakerLines(row.text ?? '') ?? [{ speaker: 'customer' as const, text: row.text ?? '' }];
        out.push({ interaction: { interaction_id: row.interaction_id || `line ${line}`, channel: 'chat', turns, kpis: {} }, satisfaction: y });
      })
      .on('end', () => resolve());
  });
  return out;
}

/** Reads FILE in either format. */
export async function readRated(file: string): Promise<RatedInteraction[]> {
  if (!existsSync(file)) throw new UsageError(`${file} not found`);
  const rated = /\.json$/i.test(file) ? await readStc3(file) : await readRatedCsv(file);
  if (rated.length < 3) throw new UsageError(`${file}: ${rated.length} rated interactions; a correlation needs at least 3`);
  return rated;
}

export async function evalSatisfaction(file: string, scorer?: Scorer): Promise<SatisfactionEval> {
  return satisfactionAgreement(await readRated(file), scorer);
}
