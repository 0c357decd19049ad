/**
 * `voc report reviews`: the contacts with no agent — app-store reviews and survey answers — in a view
 * of their own: the distribution of ratings (review stars, or the survey's CSAT), the weekly trend of
 * rating, sentiment and effort, the reasons customers write about, and the most negative and most
 * positive things they wrote.
 */
import type { Queryable } from '../store/db.ts';
import type { ReportFilters } from '../store/filters.ts';
import { feedbackRatings, feedbackReasons, feedbackSentences, feedbackWeeks } from '../store/reports-reviews.ts';

export interface ReviewReport {
  /** Per channel (review, survey): answers 1–5 and how many gave each. */
  ratings: Record<string, Record<number, number>>;
  weeks: Awaited<ReturnType<typeof feedbackWeeks>>;
  reasons: Awaited<ReturnType<typeof feedbackReasons>>;
  sentences: Awaited<ReturnType<typeof feedbackSentences>>;
}

export async function reviewReport(db: Queryable, opts: ReportFilters & { scorerVersion: string }): Promise<ReviewReport> {
  const [r, weeks, reasons, sentences] = await Promise.all([
    feedbackRatings(db, opts), feedbackWeeks(db, opts.scorerVersion, opts), feedbackReasons(db, opts.scorerVersion, opts), feedbackSentences(db, opts.scorerVersion, opts),
  ]);
  const ratings: ReviewReport['ratings'] = {};
  for (const x of r) (ratings[x.channel] ??= { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 })[x.answer] = x.n;
  return { ratings, weeks, reasons, sentences };
}
