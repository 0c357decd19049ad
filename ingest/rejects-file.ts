/**
 * The rejects file beside a run: one CSV row per rejected input row (with its reason) and per row
 * stored with a warning (no reason), safe to open in a spreadsheet.
 */
import { format, type CsvFormatterStream } from 'fast-csv';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { inert } from '../lib/csv-cell.ts';
import type { Reject } from '../store/rejects.ts';

/** A cell a spreadsheet shows as it is: no formula, control characters as visible marks. */
const cell = (v: string | null | undefined) => String(inert(v));

export class RejectsFile {
  private stream: CsvFormatterStream<Record<string, string>, Record<string, string>> | null = null;
  private done: Promise<void> | null = null;
  count = 0;

  constructor(readonly path: string) {
    rmSync(path, { force: true }); // a rerun replaces the previous run's list
  }

  write(r: Reject): void {
    if (!this.stream) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.stream = format({ headers: ['line', 'interaction_id', 'reason', 'warning', 'raw'] });
      const out = createWriteStream(this.path);
      this.done = new Promise((resolve, reject) => out.on('finish', resolve).on('error', reject));
      this.stream.pipe(out);
    }
    this.count++;
    this.stream.write({
      line: String(r.line),
      interaction_id: cell(r.interaction_id),
      reason: cell(r.reason),
      warning: cell(r.warning),
      raw: cell(r.raw.slice(0, 2000)),
    });
  }

  async close(): Promise<void> {
    this.stream?.end();
    await this.done;
  }
}
