/** `voc ingest`: the command around ingest/ingest.ts, with progress and a summary a person can read. */
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fmt, Progress } from '../ingest/progress.ts';
import { ingestFile, type IngestSummary } from '../ingest/ingest.ts';
import { InputFileError } from '../ingest/records.ts';
import type { Config } from '../store/config.ts';
import { openRuntime, type Runtime } from '../workers/runtime.ts';

export interface IngestCliOptions {
  format?: string;
  concurrency?: number;
  redact?: boolean;
  json?: boolean;
  /** No progress lines (the demo prints its own). */
  quiet?: boolean;
}

export interface IngestOutcome extends IngestSummary {
  scored: number;
  failed: number;
}

export async function runIngest(file: string, config: Config, opts: IngestCliOptions = {}): Promise<IngestOutcome> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new InputFileError(`cannot read ${file}: no such file`);
  const progress = new Progress(process.stderr, 1000, opts.quiet || opts.json);
  const rt = await openRuntime(config, { concurrency: opts.concurrency });
  try {
    const line = (s: IngestSummary) => () =>
      `ingest ${basename(file)}: ${fmt(s.read)} rows read, ${fmt(s.inserted + s.updated)} stored, ${fmt(s.rejected)} rejected` +
      (rt.inProcess ? `, ${fmt(rt.totals.scored)} scored` : `, ${fmt(s.queued)} queued`);
    const summary = await ingestFile({
      file,
      format: opts.format,
      db: rt.db,
      queue: rt.queue,
      chunkSize: config.chunkSize,
      redact: opts.redact,
      rejectsPath: join(config.dataDir, 'rejects', `${basename(file)}.rejects.csv`),
      onProgress: (s) => progress.update(line(s)),
    });
    await drainWithProgress(rt, progress, () => line(summary)());
    progress.done();
    const outcome = { ...summary, scored: rt.totals.scored, failed: rt.totals.failed };
    if (opts.json) console.log(JSON.stringify(outcome));
    else if (!opts.quiet) printSummary(outcome, rt);
    return outcome;
  } finally {
    await rt.close();
  }
}

/** Waits for the in-process queue, reporting progress; a Redis queue is left to the workers. */
export async function drainWithProgress(rt: Runtime, progress: Progress, message: () => string): Promise<void> {
  if (!rt.inProcess) return;
  const timer = setInterval(() => progress.update(message), 1000);
  try {
    await rt.queue.drain();
  } finally {
    clearInterval(timer);
  }
}

function printSummary(o: IngestOutcome, rt: Runtime): void {
  console.log(
    `${o.file}: ${fmt(o.read)} rows read — ${fmt(o.inserted)} new, ${fmt(o.updated)} changed, ` +
      `${fmt(o.unchanged)} unchanged, ${fmt(o.rejected)} rejected`,
  );
  if (o.rejectsPath) console.log(`  rejected rows, with line and reason: ${o.rejectsPath}`);
  if (o.queued === 0) {
    console.log('  nothing new to score');
  } else if (rt.inProcess) {
    console.log(`  scored ${fmt(o.scored)} in this process${o.failed ? `, ${fmt(o.failed)} failed (see voc status)` : ''}`);
  } else {
    console.log(`  queued ${fmt(o.queued)} for scoring in Redis; run \`voc worker\` to score them, \`voc status\` to follow`);
  }
  if (rt.totals.chunkErrors) console.log(`  ${rt.totals.chunkErrors} chunk(s) could not be scored after retries; run \`voc requeue\` once the cause is fixed`);
}
