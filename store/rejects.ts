import type { Queryable } from './db.ts';

export interface Reject {
  source: string;
  line: number;
  interaction_id: string | null;
  /** Why the row was not stored; null for a row that was stored with a warning. */
  reason: string | null;
  /** Optional fields dropped or text cleaned on a row (stored or not), one per line. */
  warning?: string | null;
  raw: string;
}

/** Longest raw row text kept with a reject, in characters. */
const MAX_RAW = 10_000;

/**
 * Text any PostgreSQL column takes: NUL (which no text column can hold) and the other C0 control
 * characters become their visible symbols (U+2400 …), so a reject is always recordable.
 */
function storable(s: string | null | undefined): string | null {
  if (s == null) return null;
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, (c) => (c === '\u007F' ? '\u2421' : String.fromCharCode(0x2400 + c.charCodeAt(0))));
}

/** Records rejected rows; the same file, line and reason again is a no-op. */
export async function writeRejects(db: Queryable, rejects: Reject[]): Promise<void> {
  if (rejects.length === 0) return;
  await db.query(
    `INSERT INTO rejects (source, line, interaction_id, reason, warning, raw)
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[])
     ON CONFLICT (source, line) DO UPDATE SET interaction_id = EXCLUDED.interaction_id, reason = EXCLUDED.reason,
       warning = EXCLUDED.warning, raw = EXCLUDED.raw, rejected_at = now()`,
    [rejects.map((r) => storable(r.source)), rejects.map((r) => r.line), rejects.map((r) => storable(r.interaction_id)),
      rejects.map((r) => storable(r.reason)), rejects.map((r) => storable(r.warning)), rejects.map((r) => storable(r.raw.slice(0, MAX_RAW)))],
  );
}

/** Forgets earlier rejects of a source before it is read again, so fixed rows stop counting. */
export async function clearRejects(db: Queryable, source: string): Promise<void> {
  await db.query('DELETE FROM rejects WHERE source = $1', [source]);
}
