/**
 * `voc ingest`: stream a file, validate each row, store interactions in batches, queue the new and
 * changed ones for scoring in chunks, and report every rejected row with its line and reason, and every
 * row stored with a warning (a bad optional field dropped). One bad row never costs another: what
 * validation misses and the database refuses is isolated by halving the batch (store/isolate.ts).
 * Idempotent: a second run of the same file stores nothing, queues nothing and lists the same rejects.
 */
import { basename } from 'node:path';
import type { RecordOptions } from './validate.ts';
import type { Interaction } from '../pipeline/types.ts';
import type { Db } from '../store/db.ts';
import type { Queryable } from '../store/db.ts';
import { createStaging, rememberSeen, storeStaged } from '../store/ingest-batch.ts';
import { writeIsolating } from '../store/isolate.ts';
import { clearRejects, writeRejects, type Reject } from '../store/rejects.ts';
import { chunks, type ScoreQueue } from '../queue/jobs.ts';
import { resolveEncoding, type Encoding } from './decode.ts';
import { formatOf, readRecords, type InputFormat } from './records.ts';
import { RejectsFile } from './rejects-file.ts';
import { readableId, RecordError, validateRecord } from './validate.ts';

export interface IngestOptions extends RecordOptions {
  file: string;
  format?: string;
  /** The file's character encoding; `auto` tells UTF-8, GB18030 and Big5 apart from the first 64 KB. @defaultValue "auto" */
  encoding?: Encoding;
  db: Db;
  queue: ScoreQueue;
  /** Where rejected rows are listed. */
  rejectsPath: string;
  /** Interactions per database batch. @defaultValue 500 */
  batchSize?: number;
  /** Interactions per queued job (`Config.chunkSize`). */
  chunkSize: number;
  onProgress?(s: IngestSummary): void;
  /** Aborting it stops reading after the row in hand; what was read is stored and queued. */
  signal?: AbortSignal;
}

export interface IngestSummary {
  file: string;
  /** Rows read, good and bad. */
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Rows stored with a bad optional field dropped or control characters removed (listed in the rejects file). */
  warned: number;
  /** Interactions queued for scoring. */
  queued: number;
  rejectsPath: string | null;
  /** How many rows had each kind of reject reason or warning (the value a row had left out), for the summary. */
  issues: Record<string, number>;
}

/** A reject reason or warning without the row's own value: what many rows can have in common. */
export function issueKind(text: string): string {
  return text
    .replace(/,? got (?:"(?:[^"\\]|\\.)*"…?|.*?)(?=; dropped$|$)/, '')
    .replace(/\(first on line \d+\)/, '')
    .replace(/ is [\d,]+ characters long/, ' is too long')
    .replace(/^(broken CSV quoting): .*/, '$1')
    .replace(/^the rest of line \d+, whose quoting broke.*/, 'the rest of a row whose quoting broke')
    .replace(/^(invalid JSON): .*/, '$1')
    .replace(/^(text: removed) \d+ control characters?/, '$1 control characters')
    .replace(/^expected \d+ columns, found \d+/, 'the wrong number of columns')
    .trim();
}

/** A valid row waiting for its batch to be stored. */
interface Pending {
  interaction: Interaction;
  line: number;
  raw: string;
  warnings: string[];
}

/** What is handed from reading to storing: a batch of valid rows, and the rows rejected while it was read. */
interface Unit {
  batch: Pending[];
  rejects: Reject[];
}

/**
 * Rows per batch: one COPY into the staging table on a server, one multi-row INSERT on the embedded
 * database. COPY itself gains little past a thousand rows a statement (PERF.md), but each statement
 * that stores a batch has a cost of its own (the summary trigger on interactions runs once per
 * statement, each batch commits): 2,500 rows took the 100,000-row ingest ≈ 20% less time than 1,000,
 * for ≈ 10–20 MB more peak memory (two batches are held).
 */
export const BATCH_ROWS = { postgres: 2500, pglite: 500 } as const;

/**
 * Reading and storing overlap: while one batch is written (the database works on it), the next is
 * read and validated, and the batch before is queued. At most one batch is written and one queued at
 * a time, so memory stays flat whatever the file's size: a slow database or queue slows the reading.
 */
export async function ingestFile(opts: IngestOptions): Promise<IngestSummary> {
  const format = formatOf(opts.file, opts.format);
  const encoding = await resolveEncoding(opts.file, opts.encoding);
  const source = basename(opts.file);
  const batchSize = opts.batchSize ?? BATCH_ROWS[opts.db.kind];
  const chunkSize = opts.chunkSize;
  const rejectsFile = new RejectsFile(opts.rejectsPath);
  const summary: IngestSummary = { file: opts.file, read: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, warned: 0, queued: 0, rejectsPath: null, issues: {} };
  // Ids repeated within the batch being read; across batches the database tells (store/ingest-batch.ts).
  let batchLines = new Map<string, number>();
  let batch: Pending[] = [];
  let rejects: Reject[] = [];
  // Every line before this one is stored: what a lost connection re-reads to know the ids stored.
  let storedBefore = 1;
  const session = opts.db.session(async (tx) => {
    await createStaging(tx);
    if (storedBefore > 1) await rememberStored(tx, opts, format, encoding, storedBefore);
  });

  let queueing: Promise<void> = Promise.resolve();
  const write = async ({ batch, rejects }: Unit) => {
    if (batch.length > 0) {
      storedBefore = batch[0]!.line;
      const byLine = new Map(batch.map((p) => [p.line, p]));
      // A row the database refuses in spite of validation is rejected with the database's reason;
      // the rest of the batch is stored (store/isolate.ts).
      const refused = new Set<Pending>();
      const results = await writeIsolating(
        batch,
        (part) => session.transaction((tx) => storeStaged(tx, part, source)),
        (p, err) => {
          refused.add(p);
          rejects.push(rowReject(source, p, `the database refused the row: ${err.message}`));
        },
      );
      const duplicate = new Set<Pending>();
      for (const d of results.flatMap((r) => r.duplicates)) {
        const p = byLine.get(d.line)!;
        duplicate.add(p);
        rejects.push(rowReject(source, p, `duplicate interaction_id (first on line ${d.first})`));
      }
      const inserted = results.flatMap((r) => r.inserted);
      const updated = results.flatMap((r) => r.updated);
      const revisions = new Map(results.flatMap((r) => [...r.revisions]));
      summary.inserted += inserted.length;
      summary.updated += updated.length;
      summary.unchanged += batch.length - refused.size - duplicate.size - inserted.length - updated.length;
      for (const p of batch) if (!refused.has(p) && !duplicate.has(p) && p.warnings.length > 0) rejects.push(rowReject(source, p, null));
      const fresh = [...inserted, ...updated];
      // The previous batch's chunks are in the queue before this one's are handed over.
      await queueing;
      // The in-process queue scores as it goes: reading waits for it rather than running ahead.
      await opts.queue.ready?.();
      queueing = opts.queue.add([...chunks(fresh, chunkSize)], { revisions }).then(() => {
        summary.queued += fresh.length;
      });
      queueing.catch(() => {}); // awaited with the next batch, or at the end
    }
    if (rejects.length > 0) {
      rejects.sort((a, b) => a.line - b.line);
      for (const r of rejects) {
        rejectsFile.write(r);
        if (r.reason === null) summary.warned++;
        else summary.rejected++;
        for (const t of r.reason !== null ? [r.reason] : (r.warning ?? '').split('\n').filter(Boolean)) {
          const k = r.reason !== null ? `rejected: ${issueKind(t)}` : issueKind(t);
          summary.issues[k] = (summary.issues[k] ?? 0) + 1;
        }
      }
      await writeRejects(opts.db, rejects);
    }
    opts.onProgress?.(summary);
  };

  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    await writing;
    writing = write({ batch, rejects });
    writing.catch(() => {}); // awaited at the next flush, or at the end
    batch = [];
    rejects = [];
    batchLines = new Map();
  };

  await clearRejects(opts.db, source);
  try {
    for await (const item of readRecords(opts.file, format, encoding)) {
      if (opts.signal?.aborted) break;
      summary.read++;
      if (!item.ok) {
        rejects.push({ source, line: item.line, interaction_id: item.interaction_id, reason: item.reason, raw: item.raw });
      } else {
        let warnings: string[] = [];
        try {
          const valid = validateRecord(item.fields, opts);
          warnings = valid.warnings;
          const id = valid.interaction.interaction_id;
          const seen = batchLines.get(id);
          if (seen !== undefined) throw new RecordError(`duplicate interaction_id (first on line ${seen})`);
          batchLines.set(id, item.line);
          batch.push({ interaction: valid.interaction, line: item.line, raw: item.raw, warnings });
        } catch (err) {
          // Whatever a row holds, it costs that row only.
          const reason = err instanceof RecordError ? err.message : `could not be read: ${(err as Error).message}`;
          const warning = warnings.length > 0 ? warnings.join('\n') : null;
          rejects.push({ source, line: item.line, interaction_id: readableId(item.fields.interaction_id), reason, warning, raw: item.raw });
        }
      }
      if (batch.length >= batchSize || rejects.length >= batchSize) await flush();
    }
    await flush();
    await writing;
    await queueing;
  } finally {
    await Promise.allSettled([writing, queueing]);
    await session.close();
    await rejectsFile.close();
  }
  summary.rejectsPath = rejectsFile.count > 0 ? opts.rejectsPath : null;
  return summary;
}

/**
 * Re-reads the file up to `before` and records the ids its valid rows stored, with their first line:
 * after a lost connection, so that a row repeating an id stored before the loss is still a duplicate.
 */
async function rememberStored(tx: Queryable, opts: IngestOptions, format: InputFormat, encoding: Exclude<Encoding, 'auto'>, before: number): Promise<void> {
  let ids: string[] = [];
  let lines: number[] = [];
  for await (const item of readRecords(opts.file, format, encoding)) {
    if (item.line >= before) break;
    if (!item.ok) continue;
    try {
      ids.push(validateRecord(item.fields, opts).interaction.interaction_id);
      lines.push(item.line);
    } catch {
      continue;
    }
    if (ids.length >= 5000) {
      await rememberSeen(tx, ids, lines);
      ids = [];
      lines = [];
    }
  }
  await rememberSeen(tx, ids, lines);
}

function rowReject(source: string, p: Pending, reason: string | null): Reject {
  return {
    source,
    line: p.line,
    interaction_id: p.interaction.interaction_id,
    reason,
    warning: p.warnings.length > 0 ? p.warnings.join('\n') : null,
    raw: p.raw,
  };
}
