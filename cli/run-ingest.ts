/** `voc ingest`: the command around ingest/ingest.ts, with progress and a summary a person can read. */
import { existsSync, statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { basename, join } from 'node:path';
import { fmt, Progress } from '../ingest/progress.ts';
import { ingestFile, type IngestSummary } from '../ingest/ingest.ts';
import type { Encoding } from '../ingest/decode.ts';
import { InputFileError } from '../ingest/records.ts';
import type { Config } from '../store/config.ts';
import { unscoredIds } from '../store/interactions.ts';
import { chunks } from '../queue/jobs.ts';
import { openRuntime, type Runtime } from '../workers/runtime.ts';

/** The run was stopped by SIGINT / SIGTERM: what was read is stored, and a rerun finishes the rest. */
export class InterruptedError extends Error {
  override name = 'InterruptedError';
  readonly exitCode = 130;
}

export interface IngestCliOptions {
  format?: string;
  /** `auto` (default), `utf8`, `gb18030`, `gbk`, `big5`, `utf16le`, `utf16be`. */
  encoding?: Encoding;
  concurrency?: number;
  redact?: boolean;
  json?: boolean;
  /** No progress lines (the demo prints its own). */
  quiet?: boolean;
}

export interface IngestOutcome extends IngestSummary {
  scored: number;
  failed: number;
  /** Without Redis: interactions an earlier, interrupted run stored but did not score, scored now. */
  leftover?: number;
}

/**
 * How far the JavaScript heap may grow past what a full collection left alive, in percent. The ingest
 * keeps about two batches alive, but each batch outlives the young generation (it waits for the
 * database) and V8 by default lets the old generation grow to up to four times its live size before
 * collecting it: the peak memory then grew with the file (≈ 40 MB alive, 170 MB of heap at 100,000
 * rows). At 1.5× the heap stays near its live size, for a few more full collections of a small heap.
 */
export const HEAP_GROWING_PERCENT = 50;

export async function runIngest(file: string, config: Config, opts: IngestCliOptions = {}): Promise<IngestOutcome> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new InputFileError(`cannot read ${file}: no such file`);
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  const progress = new Progress(process.stderr, 1000, opts.quiet || opts.json);
  // SIGINT / SIGTERM: stop reading, store and queue the batch in hand, finish the chunks being scored,
  // close the database. A second signal exits at once.
  const stop = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (stop.signal.aborted) process.exit(130);
    console.error(`\nvoc ingest: ${name}: storing the rows read so far, then stopping (again to exit at once)`);
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const rt = await openRuntime(config, { concurrency: opts.concurrency, signal: stop.signal });
  try {
    const line = (s: IngestSummary) => () =>
      `ingest ${basename(file)}: ${fmt(s.read)} ${s.read === 1 ? 'row' : 'rows'} read, ${fmt(s.inserted + s.updated)} stored, ${fmt(s.rejected)} rejected` +
      (rt.inProcess ? `, ${fmt(rt.totals.scored)} scored` : `, ${fmt(s.queued)} queued`);
    const summary = await ingestFile({
      file,
      format: opts.format,
      encoding: opts.encoding,
      db: rt.db,
      queue: rt.queue,
      chunkSize: config.chunkSize,
      redact: opts.redact,
      ces: { max: config.cesScale, high: config.cesHigh },
      rejectsPath: join(config.dataDir, 'rejects', `${basename(file)}.rejects.csv`),
      onProgress: (s) => progress.update(line(s)),
      signal: stop.signal,
    });
    if (stop.signal.aborted) {
      throw new InterruptedError(
        `stopped after ${fmt(summary.read)} rows of ${basename(file)} (${fmt(summary.inserted + summary.updated)} stored); ` +
          'run the same command again to finish: stored rows are skipped, and unscored ones are scored',
      );
    }
    await drainWithProgress(rt, progress, () => line(summary)());
    // Without Redis, nothing else will score what an interrupted earlier run stored: do it now.
    let leftover = 0;
    if (rt.inProcess && !stop.signal.aborted) {
      for await (const page of unscoredIds(rt.db, rt.scorer.version)) {
        leftover += page.length;
        await rt.queue.add([...chunks(page, config.chunkSize)]);
        await drainWithProgress(rt, progress, () => line(summary)());
      }
    }
    progress.final(line(summary));
    progress.done();
    const outcome: IngestOutcome = { ...summary, scored: rt.totals.scored, failed: rt.totals.failed };
    if (leftover > 0) outcome.leftover = leftover;
    if (opts.json) console.log(JSON.stringify(outcome));
    else if (!opts.quiet) printSummary(outcome, rt);
    return outcome;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
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

/** Kinds of reject reason or warning listed in the summary, most frequent first. */
const ISSUES_SHOWN = 5;

/** The summary `voc ingest` prints at the end. */
export function printSummary(o: IngestOutcome, rt: Pick<Runtime, 'inProcess' | 'totals'>): void {
  console.log(
    `${o.file}: ${fmt(o.read)} ${o.read === 1 ? 'row' : 'rows'} read — ${fmt(o.inserted)} new, ${fmt(o.updated)} changed, ` +
      `${fmt(o.unchanged)} unchanged, ${fmt(o.rejected)} rejected`,
  );
  if (o.read === 0) console.log('  the file has no rows (a header only, or blank lines): nothing to store');
  if (o.warned) console.log(`  ${fmt(o.warned)} stored with a warning (a bad optional field dropped, or control characters removed)`);
  const issues = Object.entries(o.issues ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  for (const [kind, n] of issues.slice(0, ISSUES_SHOWN)) console.log(`    ${fmt(n)} × ${kind}`);
  if (issues.length > ISSUES_SHOWN) console.log(`    … and ${issues.length - ISSUES_SHOWN} other ${issues.length - ISSUES_SHOWN === 1 ? 'kind' : 'kinds'}`);
  if (o.rejectsPath) console.log(`  ${o.rejected ? 'rejected rows, with line and reason' : 'warnings, with line'}: ${o.rejectsPath}`);
  if (o.leftover) console.log(`  scored ${fmt(o.leftover)} stored earlier but left unscored (an interrupted run)`);
  if (o.queued === 0) {
    if (!o.leftover) console.log('  nothing new to score');
  } else if (rt.inProcess) {
    console.log(`  scored ${fmt(o.scored)} in this process${o.failed ? `, ${fmt(o.failed)} failed (see voc status)` : ''}`);
  } else {
    console.log(`  queued ${fmt(o.queued)} for scoring in Redis; run \`voc worker\` to score them, \`voc status\` to follow`);
  }
  if (rt.totals.chunkErrors) console.log(`  ${rt.totals.chunkErrors} chunk(s) could not be scored after retries; run \`voc requeue\` once the cause is fixed`);
}
