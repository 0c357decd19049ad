/** The rejects file beside a run: one CSV row per rejected input row, safe to open in a spreadsheet. */
import { format, type CsvFormatterStream } from 'fast-csv';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { inert } from '../lib/csv-cell.ts';
import type { Reject } from '../store/rejects.ts';


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
      this.stream = format({ headers: ['line', 'interaction_id', 'reason', 'raw'] });
      const out = createWriteStream(this.path);
      this.done = new Promise((resolve, reject) => out.on('finish', resolve).on('error', reject));
      this.stream.pipe(out);
    }
    this.count++;
    this.stream.write({ line: String(r.line), interaction_id: String(inert(r.interaction_id)), reason: String(inert(r.reason)), raw: String(inert(r.raw.slice(0, 2000))) });
  }

  async close(): Promise<void> {
    this.stream?.end();
    await this.done;
  }
}
