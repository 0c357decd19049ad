/**
 * What the review pages and the review API both read: an interaction's evaluation on the server's
 * scorecard (evaluated on first sight when it is missing), the human answers and disputes beside it,
 * and the agreement of the automatic answers with the reviewers inside a scope.
 */
import { scorecardAgreement, type ScorecardAgreement } from '../pipeline/scorecard/agreement.ts';
import { evaluate, type Answer } from '../pipeline/scorecard/evaluate.ts';
import type { AccessScope } from '../store/scope.ts';
import { listDisputes, type Dispute } from '../store/qa-review.ts';
import { evaluationInput, readEvaluation, readHumanAnswers, readReviewPairs, writeEvaluations, type HumanAnswer, type StoredEvaluation } from '../store/scorecards.ts';
import type { ServeContext } from './context.ts';

export interface ReviewSheet {
  scorecard_version: string;
  /** Null when the interaction is not scored by the server's scorer version. */
  evaluation: StoredEvaluation | null;
  human_answers: HumanAnswer[];
  disputes: Dispute[];
}

/**
 * The scorecard sheet of an interaction already found inside `scope`. An interaction scored but not yet
 * evaluated on this scorecard version is evaluated and stored now.
 */
export async function reviewSheet(ctx: ServeContext, id: string, scope: AccessScope): Promise<ReviewSheet> {
  const card = ctx.scorecard;
  const version = ctx.scorer.version;
  let evaluation = await readEvaluation(ctx.db, id, card.version, version, scope);
  if (!evaluation) {
    const input = await evaluationInput(ctx.db, id, version);
    if (input) {
      await writeEvaluations(ctx.db, version, [evaluate(card, input.interaction, input.scores, input.context)]);
      evaluation = await readEvaluation(ctx.db, id, card.version, version, scope);
    }
  }
  const [human_answers, disputes] = await Promise.all([readHumanAnswers(ctx.db, id), listDisputes(ctx.db, scope, { interaction_id: id })]);
  return { scorecard_version: card.version, evaluation, human_answers, disputes };
}

/** The answer that counts for an item: the latest human answer, else the automatic one. */
export function answerThatCounts(sheet: ReviewSheet, item: string): { answer: Answer; by: string | null } | null {
  const human = sheet.human_answers.filter((h) => h.item === item).sort((a, b) => a.reviewed_at.localeCompare(b.reviewed_at)).at(-1);
  if (human) return { answer: human.answer, by: human.reviewer };
  const auto = sheet.evaluation?.answers.find((a) => a.item === item);
  return auto ? { answer: auto.answer, by: null } : null;
}

/** Agreement of the automatic answers with the reviews inside a scope; null when there is no review yet. */
export async function scopedAgreement(ctx: ServeContext, scope: AccessScope, opts: { threshold?: number; minN?: number } = {}): Promise<ScorecardAgreement | null> {
  const pairs = await readReviewPairs(ctx.db, ctx.scorecard.version, ctx.scorer.version, { scope });
  if (pairs.length === 0) return null;
  return scorecardAgreement(ctx.scorecard, pairs, opts);
}
