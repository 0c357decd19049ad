/**
 * Scoring one chunk: load the chunk's unscored interactions from PostgreSQL (the source of truth),
 * score each with the pure core, write all results in one transaction. An interaction whose data
 * makes the scorer throw is recorded as failed and not retried; a database error fails the whole
 * chunk so the queue retries it.
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
      failures.push({ interaction_id: interaction.interaction_id, error: (err as Error).message || String(err) });
    }
  }
  await writeResults(opts.db, opts.scorer.version, scores, failures);
  return { scored: scores.length, failed: failures.length, skipped: ids.length - loaded.length };
}
