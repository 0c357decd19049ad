import type { Queryable } from './db.ts';

export interface Reject {
  source: string;
  line: number;
  interaction_id: string | null;
  reason: string;
  raw: string;
}

/** Records rejected rows; the same file, line and reason again is a no-op. */
export async function writeRejects(db: Queryable, rejects: Reject[]): Promise<void> {
  if (rejects.length === 0) return;
  await db.query(
    `INSERT INTO rejects (source, line, interaction_id, reason, raw)
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[])
     ON CONFLICT (source, line) DO UPDATE SET interaction_id = EXCLUDED.interaction_id, reason = EXCLUDED.reason,
       raw = EXCLUDED.raw, rejected_at = now()`,
    [rejects.map((r) => r.source), rejects.map((r) => r.line), rejects.map((r) => r.interaction_id),
      rejects.map((r) => r.reason), rejects.map((r) => r.raw.slice(0, 10_000))],
  );
}

/** Forgets earlier rejects of a source before it is read again, so fixed rows stop counting. */
export async function clearRejects(db: Queryable, source: string): Promise<void> {
  await db.query('DELETE FROM rejects WHERE source = $1', [source]);
}
