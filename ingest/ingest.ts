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
import { upsertInteractions } from '../store/interactions.ts';
import { writeIsolating } from '../store/isolate.ts';
import { clearRejects, writeRejects, type Reject } from '../store/rejects.ts';
import { chunks, type ScoreQueue } from '../queue/jobs.ts';
import { resolveEncoding, type Encoding } from './decode.ts';
import { formatOf, readRecords } from './records.ts';
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
}

/** A valid row waiting for its batch to be stored. */
interface Pending {
  interaction: Interaction;
  line: number;
  raw: string;
  warnings: string[];
}

export async function ingestFile(opts: IngestOptions): Promise<IngestSummary> {
  const format = formatOf(opts.file, opts.format);
  const encoding = await resolveEncoding(opts.file, opts.encoding);
  const source = basename(opts.file);
  const batchSize = opts.batchSize ?? 500;
  const chunkSize = opts.chunkSize;
  const rejectsFile = new RejectsFile(opts.rejectsPath);
  const summary: IngestSummary = { file: opts.file, read: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, warned: 0, queued: 0, rejectsPath: null };
  const firstLine = new Map<string, number>();
  let batch: Pending[] = [];
  let rejects: Reject[] = [];

  const flush = async () => {
    if (batch.length > 0) {
      // A row the database refuses in spite of validation is rejected with the database's reason;
      // the rest of the batch is stored (store/isolate.ts).
      const refused = new Set<Pending>();
      const results = await writeIsolating(
        batch,
        (part) => upsertInteractions(opts.db, part.map((p) => p.interaction), source),
        (p, err) => {
          refused.add(p);
          firstLine.delete(p.interaction.interaction_id);
          rejects.push(rowReject(source, p, `the database refused the row: ${err.message}`));
        },
      );
      const inserted = results.flatMap((r) => r.inserted);
      const updated = results.flatMap((r) => r.updated);
      const revisions = new Map(results.flatMap((r) => [...r.revisions]));
      summary.inserted += inserted.length;
      summary.updated += updated.length;
      summary.unchanged += batch.length - refused.size - inserted.length - updated.length;
      for (const p of batch) if (!refused.has(p) && p.warnings.length > 0) rejects.push(rowReject(source, p, null));
      const fresh = [...inserted, ...updated];
      await opts.queue.add([...chunks(fresh, chunkSize)], { revisions });
      summary.queued += fresh.length;
      batch = [];
    }
    if (rejects.length > 0) {
      rejects.sort((a, b) => a.line - b.line);
      for (const r of rejects) {
        rejectsFile.write(r);
        if (r.reason === null) summary.warned++;
        else summary.rejected++;
      }
      await writeRejects(opts.db, rejects);
      rejects = [];
    }
    opts.onProgress?.(summary);
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
          const seen = firstLine.get(id);
          if (seen !== undefined) throw new RecordError(`duplicate interaction_id (first on line ${seen})`);
          firstLine.set(id, item.line);
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
  } finally {
    await rejectsFile.close();
  }
  summary.rejectsPath = rejectsFile.count > 0 ? opts.rejectsPath : null;
  return summary;
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
