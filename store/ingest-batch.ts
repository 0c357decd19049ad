/**
 * The ingest's way into the store: each batch is loaded into a temporary staging table — by COPY on a
 * server, by one multi-row INSERT on the embedded database — and moved from there into `interactions`
 * and `turn_blocks` (the turns of up to TURN_BLOCK_SIZE interactions a row, so that PostgreSQL
 * compresses them) by set statements, in one transaction. Rows repeated within a file are found
 * through the database too: the ids stored so far in the run, with their line, sit in a second
 * temporary table, so the ingest holds no structure that grows with the file.
 *
 * An unchanged row is left alone; a changed one is updated (revision + 1), its turns stored anew (its
 * entry leaves its old block) and its scores dropped so it is scored again.
 */
import type { Interaction } from '../pipeline/types.ts';
import { contentHash, type UpsertResult } from './interactions.ts';
import type { Db, Queryable, SessionTx } from './db.ts';

/** The staging table's columns and their types, in COPY order. */
const STAGE: [string, string][] = [
  ['line', 'int'], ['interaction_id', 'text'], ['channel', 'text'], ['agent_id', 'text'], ['team', 'text'],
  ['customer_id', 'text'], ['started_at', 'timestamptz'], ['csat', 'smallint'], ['nps', 'smallint'], ['ces', 'smallint'],
  ['handle_time_s', 'real'], ['wait_time_s', 'real'], ['hold_time_s', 'real'], ['transfers', 'int'], ['resolved', 'boolean'],
  ['rating', 'smallint'], ['metadata', 'jsonb'], ['content_hash', 'text'], ['first_response_s', 'real'],
  ['resolution_time_s', 'real'], ['queue_time_s', 'real'], ['abandoned', 'boolean'], ['escalated', 'boolean'], ['ces_norm', 'real'],
  // The turns as one row: speakers as a string of a/c, texts and (when timed) seconds as arrays.
  ['speakers', 'text'], ['texts', 'text[]'], ['starts', 'real[]'], ['ends', 'real[]'],
];
/** The array columns, passed to the embedded database as JSON (an array of arrays does not unnest). */
const ARRAYS = new Set(['texts', 'starts', 'ends']);
const STAGE_COLUMNS = STAGE.map(([c]) => c).join(', ');
/**
 * Interactions whose turns are stored together in one `turn_blocks` row (migration 014), at most; a
 * block also starts anew past TURN_BLOCK_BYTES of text, so that reading one long transcript does not
 * unpack many others.
 */
export const TURN_BLOCK_SIZE = 32;
export const TURN_BLOCK_BYTES = 32_768;

/** Creates the run's temporary tables on a new connection (dropping any left on it). */
export async function createStaging(tx: Queryable): Promise<void> {
  await tx.exec(`DROP TABLE IF EXISTS pg_temp.ingest_batch, pg_temp.ingest_seen;
    CREATE TEMP TABLE ingest_batch (${STAGE.map(([c, t]) => `${c} ${t}`).join(', ')}, turns_block int) ON COMMIT DELETE ROWS;
    CREATE TEMP TABLE ingest_seen (interaction_id text PRIMARY KEY, line int NOT NULL)`);
}

/**
 * Records ids stored earlier in the run with their line (the first of each kept): how a run whose
 * connection was lost, and its temporary tables with it, knows again what it has stored.
 */
export async function rememberSeen(tx: Queryable, ids: string[], lines: number[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.query(
    `INSERT INTO ingest_seen SELECT * FROM unnest($1::text[], $2::int[]) ORDER BY 2 ON CONFLICT (interaction_id) DO NOTHING`,
    [ids, lines],
  );
}

export interface StagedRow {
  interaction: Interaction;
  line: number;
}

export interface StagedResult extends UpsertResult {
  /** Rows whose id was stored earlier in the run: their line, and the line the id was first on. */
  duplicates: { line: number; first: number }[];
}

const times = (i: Interaction, k: 'start_s' | 'end_s') => (i.turns.some((t) => t[k] != null) ? i.turns.map((t) => t[k] ?? null) : null);

/** A row's values in STAGE order (arrays as arrays). */
function values(r: StagedRow): unknown[] {
  const i = r.interaction;
  const k = i.kpis;
  let speakers = '';
  for (const t of i.turns) speakers += t.speaker === 'agent' ? 'a' : 'c';
  return [
    r.line, i.interaction_id, i.channel, i.agent_id ?? null, i.team ?? null, i.customer_id ?? null, i.started_at ?? null,
    k.csat ?? null, k.nps ?? null, k.ces ?? null, k.handle_time_s ?? null, k.wait_time_s ?? null, k.hold_time_s ?? null,
    k.transfers ?? null, k.resolved ?? null, k.rating ?? null, JSON.stringify(i.metadata ?? {}), contentHash(i),
    k.first_response_s ?? null, k.resolution_time_s ?? null, k.queue_time_s ?? null, k.abandoned ?? null, k.escalated ?? null,
    k.ces_norm ?? null, speakers, i.turns.map((t) => t.text), times(i, 'start_s'), times(i, 'end_s'),
  ];
}

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

const ARRAY_SPECIAL = /["\\]/;

/** An array literal of strings or numbers (`{"a","b\\"c"}`, `{1.5,NULL}`). */
function arrayLiteral(a: unknown[]): string {
  let out = '{';
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (i > 0) out += ',';
    if (v === null || v === undefined) out += 'NULL';
    else if (typeof v === 'number') out += String(v);
    else {
      const s = String(v);
      out += '"' + (ARRAY_SPECIAL.test(s) ? s.replace(/["\\]/g, '\\$&') : s) + '"';
    }
  }
  return out + '}';
}

/** A value in COPY's text format. */
function copyField(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  const s = Array.isArray(v) ? arrayLiteral(v) : String(v);
  return COPY_SPECIAL.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : s;
}

/** Loads the batch into the (empty) staging table. */
async function stage(tx: SessionTx, rows: readonly StagedRow[]): Promise<void> {
  if (tx.copyFrom) {
    let text = '';
    for (const r of rows) text += values(r).map(copyField).join('\t') + '\n';
    await tx.copyFrom(`COPY ingest_batch (${STAGE_COLUMNS}) FROM STDIN`, text);
    return;
  }
  const cols: unknown[][] = STAGE.map(() => []);
  for (const r of rows) values(r).forEach((v, c) => cols[c]!.push(v != null && ARRAYS.has(STAGE[c]![0]) ? JSON.stringify(v) : v));
  const select = STAGE.map(([c, t]) =>
    ARRAYS.has(c) ? `CASE WHEN u.${c} IS NULL THEN NULL ELSE ARRAY(SELECT json_array_elements_text(u.${c}))::${t} END` : `u.${c}`,
  );
  await tx.query(
    `INSERT INTO ingest_batch (${STAGE_COLUMNS}) SELECT ${select.join(', ')}
     FROM unnest(${STAGE.map(([c, t], i) => `$${i + 1}::${ARRAYS.has(c) ? 'json' : t}[]`).join(', ')}) AS u(${STAGE.map(([c]) => c).join(', ')})`,
    cols,
  );
}

/**
 * Stores a batch of rows of one run (ids unique within the batch) in the caller's transaction: rows
 * whose id an earlier batch of the run stored are set aside as duplicates; the others are upserted.
 */
export async function storeStaged(tx: SessionTx, rows: readonly StagedRow[], source: string): Promise<StagedResult> {
  if (rows.length === 0) return { inserted: [], updated: [], revisions: new Map(), duplicates: [] };
  await stage(tx, rows);
  // The ids new to the run are recorded; any other is a duplicate, set aside with its first line.
  const { rows: fresh } = await tx.query<{ n: number }>(
    `WITH s AS (INSERT INTO ingest_seen SELECT interaction_id, line FROM ingest_batch ON CONFLICT (interaction_id) DO NOTHING RETURNING 1)
     SELECT count(*)::int AS n FROM s`,
  );
  let duplicates: { line: number; first: number }[] = [];
  if (fresh[0]!.n < rows.length) {
    ({ rows: duplicates } = await tx.query<{ line: number; first: number }>(
      `DELETE FROM ingest_batch b USING ingest_seen s WHERE s.interaction_id = b.interaction_id AND s.line <> b.line RETURNING b.line, s.line AS first`,
    ));
  }
  // The turns of the rows that will be written (new, or changed) go into blocks of TURN_BLOCK_SIZE in
  // the batch's order, named before the rows are, so each interaction row is written once.
  await tx.query(
    `WITH r AS (
       SELECT b.interaction_id, b.line, octet_length(array_to_string(b.texts, '')) AS n
       FROM ingest_batch b LEFT JOIN interactions i USING (interaction_id)
       WHERE b.speakers <> '' AND i.content_hash IS DISTINCT FROM b.content_hash),
     c AS (SELECT r.*, (row_number() OVER (ORDER BY line) - 1) / ${TURN_BLOCK_SIZE} AS g FROM r),
     w AS (SELECT interaction_id, g, (sum(n) OVER (PARTITION BY g ORDER BY line) - n) / ${TURN_BLOCK_BYTES} AS h FROM c),
     k AS (SELECT g, h, nextval('turn_blocks_block_id_seq')::int AS block_id FROM (SELECT DISTINCT g, h FROM w) d)
     UPDATE ingest_batch b SET turns_block = k.block_id FROM w JOIN k USING (g, h) WHERE b.interaction_id = w.interaction_id`,
  );
  await tx.query(
    `INSERT INTO turn_blocks (block_id, turns)
     SELECT turns_block, jsonb_object_agg(interaction_id, jsonb_build_array(speakers, to_jsonb(texts), to_jsonb(starts), to_jsonb(ends)))
     FROM ingest_batch WHERE turns_block IS NOT NULL GROUP BY turns_block`,
  );
  // The blocks that hold the turns of rows about to change: their entries go once the rows have moved.
  const { rows: moving } = await tx.query<{ interaction_id: string; turns_block: number }>(
    `SELECT i.interaction_id, i.turns_block FROM ingest_batch b JOIN interactions i USING (interaction_id)
     WHERE i.turns_block IS NOT NULL AND i.content_hash IS DISTINCT FROM b.content_hash`,
  );
  const { rows: written } = await tx.query<{ interaction_id: string; inserted: boolean; revision: number }>(
    `INSERT INTO interactions (interaction_id, channel, agent_id, team, customer_id, started_at, csat, nps, ces,
       handle_time_s, wait_time_s, hold_time_s, transfers, resolved, rating, metadata, source, content_hash,
       first_response_s, resolution_time_s, queue_time_s, abandoned, escalated, ces_norm, turns_block)
     SELECT interaction_id, channel, agent_id, team, customer_id, started_at, csat, nps, ces,
       handle_time_s, wait_time_s, hold_time_s, transfers, resolved, rating, metadata, $1, content_hash,
       first_response_s, resolution_time_s, queue_time_s, abandoned, escalated, ces_norm, turns_block
     FROM ingest_batch
     ON CONFLICT (interaction_id) DO UPDATE SET
       channel = EXCLUDED.channel, agent_id = EXCLUDED.agent_id, team = EXCLUDED.team,
       customer_id = EXCLUDED.customer_id, started_at = EXCLUDED.started_at, csat = EXCLUDED.csat,
       nps = EXCLUDED.nps, ces = EXCLUDED.ces, handle_time_s = EXCLUDED.handle_time_s,
       wait_time_s = EXCLUDED.wait_time_s, hold_time_s = EXCLUDED.hold_time_s, transfers = EXCLUDED.transfers,
       resolved = EXCLUDED.resolved, rating = EXCLUDED.rating, metadata = EXCLUDED.metadata,
       source = EXCLUDED.source, content_hash = EXCLUDED.content_hash, ingested_at = now(),
       first_response_s = EXCLUDED.first_response_s, resolution_time_s = EXCLUDED.resolution_time_s,
       queue_time_s = EXCLUDED.queue_time_s, abandoned = EXCLUDED.abandoned, escalated = EXCLUDED.escalated,
       ces_norm = EXCLUDED.ces_norm, turns_block = EXCLUDED.turns_block,
       revision = interactions.revision + 1
     WHERE interactions.content_hash IS DISTINCT FROM EXCLUDED.content_hash
     RETURNING interaction_id, (xmax = 0) AS inserted, revision`,
    [source],
  );
  const inserted: string[] = [];
  const updated: string[] = [];
  for (const r of written) (r.inserted ? inserted : updated).push(r.interaction_id);
  if (updated.length > 0) {
    await tx.query('DELETE FROM scores WHERE interaction_id = ANY($1::text[])', [updated]);
    await tx.query('DELETE FROM score_failures WHERE interaction_id = ANY($1::text[])', [updated]);
  }
  if (written.length > 0) {
    // A row judged unchanged above but written all the same (another run changed it in between) has
    // no block yet: its turns get one now.
    await tx.query(
      `WITH lost AS (
         SELECT b.interaction_id, b.speakers, b.texts, b.starts, b.ends FROM ingest_batch b JOIN interactions i USING (interaction_id)
         WHERE b.interaction_id = ANY($1::text[]) AND b.speakers <> '' AND i.turns_block IS NULL),
       blk AS (
         INSERT INTO turn_blocks (turns)
         SELECT jsonb_object_agg(interaction_id, jsonb_build_array(speakers, to_jsonb(texts), to_jsonb(starts), to_jsonb(ends)))
         FROM lost HAVING count(*) > 0 RETURNING block_id)
       UPDATE interactions i SET turns_block = blk.block_id FROM blk, lost WHERE i.interaction_id = lost.interaction_id`,
      [written.map((r) => r.interaction_id)],
    );
  }
  if (moving.length > 0) await forgetTurns(tx, moving);
  return { inserted, updated, revisions: new Map(written.map((r) => [r.interaction_id, r.revision])), duplicates };
}

/**
 * Takes the entries of interactions out of the turn blocks they were in, unless the interaction still
 * names that block; drops the blocks left empty.
 */
async function forgetTurns(tx: Queryable, entries: { interaction_id: string; turns_block: number }[]): Promise<void> {
  await tx.query(
    `WITH gone AS (
       SELECT u.turns_block, array_agg(u.interaction_id) AS ids FROM unnest($1::text[], $2::int[]) AS u(interaction_id, turns_block)
       WHERE NOT EXISTS (SELECT 1 FROM interactions i WHERE i.interaction_id = u.interaction_id AND i.turns_block = u.turns_block)
       GROUP BY u.turns_block)
     UPDATE turn_blocks b SET turns = b.turns - gone.ids FROM gone WHERE b.block_id = gone.turns_block`,
    [entries.map((e) => e.interaction_id), entries.map((e) => e.turns_block)],
  );
  await tx.query(`DELETE FROM turn_blocks WHERE block_id = ANY($1::int[]) AND turns = '{}'::jsonb`, [[...new Set(entries.map((e) => e.turns_block))]]);
}

/**
 * Stores one batch of interactions (ids unique within it) the way the ingest does, on a connection of
 * its own: for callers outside a file run.
 */
export async function upsertInteractions(db: Pick<Db, 'session'>, batch: readonly Interaction[], source: string): Promise<UpsertResult> {
  const session = db.session(createStaging);
  try {
    const { inserted, updated, revisions } = await session.transaction((tx) =>
      storeStaged(tx, batch.map((interaction, k) => ({ interaction, line: k + 1 })), source),
    );
    return { inserted, updated, revisions };
  } finally {
    await session.close();
  }
}
