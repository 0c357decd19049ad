/**
 * Scoring one chunk: load the chunk's unscored interactions from PostgreSQL (the source of truth),
 * score each with the pure core, write all results in one transaction. An interaction whose data
 * makes the scorer throw is recorded as failed and not retried. A result the database refuses (a data
 * error) is isolated by splitting the write in halves until it stands alone, and recorded as failed,
 * so one bad result never costs the chunk. A lost connection is waited out by the store (store/db.ts);
 * any other database error fails the chunk so the queue retries it.
 */
import type { Scorer } from '../pipeline/score.ts';
import type { InteractionScores } from '../pipeline/types.ts';
import type { Db } from '../store/db.ts';
import { loadUnscored } from '../store/interactions.ts';
import { writeResults, type ScoreFailure } from '../store/scores.ts';
import { PermanentJobError } from '../lib/errors.ts';

export interface ProcessorOptions {
  db: Db;
  scorer: Scorer;
  /** Days within which an earlier contact by the same customer counts as a repeat (`Config.repeatWindowDays`). */
  repeatWindowDays: number;
}

export interface ChunkResult {
  scored: number;
  failed: number;
  /** Ids already scored (a retried or re-queued chunk) or no longer stored. */
  skipped: number;
}

export async function processChunk(opts: ProcessorOptions, ids: unknown): Promise<ChunkResult> {
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) {
    throw new PermanentJobError('job data must hold an array of interaction ids');
  }
  const loaded = await loadUnscored(opts.db, ids, opts.scorer.version, opts.repeatWindowDays);
  const scores: InteractionScores[] = [];
  const failures: ScoreFailure[] = [];
  for (const { interaction, priorContacts } of loaded) {
    try {
      scores.push(opts.scorer.score(interaction, { priorContacts }));
    } catch (err) {
      failures.push({ interaction_id: interaction.interaction_id, error: printable((err as Error)?.message || String(err)) });
    }
  }
  const refused = await writeIsolating(opts.db, opts.scorer.version, scores, failures);
  return { scored: scores.length - refused, failed: failures.length + refused, skipped: ids.length - loaded.length };
}

/** SQLSTATE classes of a value the database refuses: data exception, integrity violation, limit exceeded. */
const DATA_ERROR_CLASSES = new Set(['22', '23', '54']);

export function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && code.length === 5 && DATA_ERROR_CLASSES.has(code.slice(0, 2));
}

/** An error text the database can store (no NUL), of a readable length. */
const printable = (s: string) => s.replaceAll('\u0000', '\\0').slice(0, 2000);

/**
 * Writes the results; when the database refuses them on their data, writes each half on its own,
 * down to the single result that is refused, which is recorded in score_failures instead. Returns how
 * many results were refused.
 */
export async function writeIsolating(db: Db, version: string, scores: InteractionScores[], failures: ScoreFailure[]): Promise<number> {
  try {
    await writeResults(db, version, scores, failures);
    return 0;
  } catch (err) {
    if (!isDataError(err)) throw err;
    if (scores.length === 1 && failures.length === 0) {
      const error = printable(`the database refused the result: ${(err as Error).message}`);
      await writeResults(db, version, [], [{ interaction_id: scores[0]!.interaction_id, error }]);
      return 1;
    }
    if (scores.length === 0 && failures.length === 1) throw err;
    if (scores.length === 0) {
      const half = failures.length >> 1;
      return (await writeIsolating(db, version, [], failures.slice(0, half))) + (await writeIsolating(db, version, [], failures.slice(half)));
    }
    const half = scores.length >> 1;
    return (await writeIsolating(db, version, scores.slice(0, half), failures)) + (await writeIsolating(db, version, scores.slice(half), []));
  }
}
