/**
 * `voc ingest`: stream a file, validate each row, store interactions in batches, queue the new and
 * changed ones for scoring in chunks, and report every rejected row with its line and reason.
 * Idempotent: a second run of the same file stores nothing, queues nothing and lists the same rejects.
 */
import { basename } from 'node:path';
import type { NormaliseOptions } from '../pipeline/text/normalise.ts';
import type { Interaction } from '../pipeline/types.ts';
import type { Db } from '../store/db.ts';
import { upsertInteractions } from '../store/interactions.ts';
import { clearRejects, writeRejects, type Reject } from '../store/rejects.ts';
import { chunks, type ScoreQueue } from '../queue/jobs.ts';
import { formatOf, readRecords } from './records.ts';
import { RejectsFile } from './rejects-file.ts';
import { RecordError, toInteraction } from './validate.ts';

export interface IngestOptions extends NormaliseOptions {
  file: string;
  format?: string;
  db: Db;
  queue: ScoreQueue;
  /** Where rejected rows are listed. */
  rejectsPath: string;
  /** Interactions per database batch. @defaultValue 500 */
  batchSize?: number;
  /** Interactions per queued job (`Config.chunkSize`). */
  chunkSize: number;
  onProgress?(s: IngestSummary): void;
}

export interface IngestSummary {
  file: string;
  /** Rows read, good and bad. */
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Interactions queued for scoring. */
  queued: number;
  rejectsPath: string | null;
}

export async function ingestFile(opts: IngestOptions): Promise<IngestSummary> {
  const format = formatOf(opts.file, opts.format);
  const source = basename(opts.file);
  const batchSize = opts.batchSize ?? 500;
  const chunkSize = opts.chunkSize;
  const rejectsFile = new RejectsFile(opts.rejectsPath);
  const summary: IngestSummary = { file: opts.file, read: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, queued: 0, rejectsPath: null };
  const firstLine = new Map<string, number>();
  let batch: Interaction[] = [];
  let rejects: Reject[] = [];

  const flush = async () => {
    if (batch.length > 0) {
      const { inserted, updated } = await upsertInteractions(opts.db, batch, source);
      summary.inserted += inserted.length;
      summary.updated += updated.length;
      summary.unchanged += batch.length - inserted.length - updated.length;
      const fresh = [...inserted, ...updated];
      await opts.queue.add([...chunks(fresh, chunkSize)]);
      summary.queued += fresh.length;
      batch = [];
    }
    if (rejects.length > 0) {
      await writeRejects(opts.db, rejects);
      rejects = [];
    }
    opts.onProgress?.(summary);
  };
  const reject = (r: Omit<Reject, 'source'>) => {
    const full = { source, ...r };
    rejects.push(full);
    rejectsFile.write(full);
    summary.rejected++;
  };

  await clearRejects(opts.db, source);
  try {
    for await (const item of readRecords(opts.file, format)) {
      summary.read++;
      if (!item.ok) {
        reject({ line: item.line, interaction_id: null, reason: item.reason, raw: item.raw });
      } else {
        const id = item.fields.interaction_id == null ? null : String(item.fields.interaction_id).trim() || null;
        try {
          const interaction = toInteraction(item.fields, opts);
          const seen = firstLine.get(interaction.interaction_id);
          if (seen !== undefined) throw new RecordError(`duplicate interaction_id (first on line ${seen})`);
          firstLine.set(interaction.interaction_id, item.line);
          batch.push(interaction);
        } catch (err) {
          if (!(err instanceof RecordError)) throw err;
          reject({ line: item.line, interaction_id: id, reason: err.message, raw: item.raw });
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
