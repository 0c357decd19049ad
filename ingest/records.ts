/**
 * Streaming readers for the two input formats, one record at a time with the line it started on, so
 * that a bad row is reported by line and never stops the rows after it.
 *
 * CSV: records are cut at newlines outside quotes, then each record is parsed by fast-csv's row
 * parser; a record that fast-csv cannot parse (broken quoting) becomes a reject, and a quote left open
 * to the end of the file rejects only the line it opened on, after which reading resumes.
 * JSONL: one JSON object a line.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ParserOptions } from '@fast-csv/parse';
// fast-csv's row parser, used directly so that one broken record cannot end the stream. The package
// exports no public entry for it (only the streams around it), hence the deep import; @fast-csv/parse
// is pinned to the version fast-csv uses so the path cannot move under us.
import { Parser } from '@fast-csv/parse/build/src/parser/Parser.js';

export type InputFormat = 'csv' | 'jsonl';

export interface RawRecord {
  line: number;
  fields: Record<string, unknown>;
  /** The record's text as read, for the rejects file. */
  raw: string;
}

export interface RawError {
  line: number;
  reason: string;
  raw: string;
}

export type ReadItem = ({ ok: true } & RawRecord) | ({ ok: false } & RawError);

export class InputFileError extends Error {
  override name = 'InputFileError';
  readonly exitCode = 1;
}

export function formatOf(file: string, explicit?: string): InputFormat {
  const f = (explicit ?? file.split('.').pop() ?? '').toLowerCase();
  if (f === 'csv') return 'csv';
  if (f === 'jsonl' || f === 'ndjson' || f === 'json') return 'jsonl';
  throw new InputFileError(`cannot tell the format of ${file}: name it .csv or .jsonl, or pass --format csv|jsonl`);
}

interface Line {
  n: number;
  text: string;
}

/** Lines of a UTF-8 file with their numbers; invalid UTF-8 shows up as U+FFFD and is rejected later. */
async function* lines(file: string): AsyncGenerator<Line> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (err) => reject(new InputFileError(`cannot read ${file}: ${err.message}`, { cause: err })));
  });
  await opened;
  let n = 0;
  for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) yield { n: ++n, text };
}

const hasInvalidUtf8 = (s: string) => s.includes('\uFFFD');

export async function* readJsonl(file: string): AsyncGenerator<ReadItem> {
  for await (const { n, text } of lines(file)) {
    if (!text.trim()) continue;
    if (hasInvalidUtf8(text)) {
      yield { ok: false, line: n, reason: 'invalid UTF-8', raw: text };
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      yield { ok: false, line: n, reason: `invalid JSON: ${(err as Error).message}`, raw: text };
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield { ok: false, line: n, reason: 'not a JSON object', raw: text };
      continue;
    }
    yield { ok: true, line: n, fields: value as Record<string, unknown>, raw: text };
  }
}

/** Counts the double quotes in a line: an odd count toggles whether a record continues. */
function quoteParity(s: string): number {
  let q = 0;
  for (let i = s.indexOf('"'); i !== -1; i = s.indexOf('"', i + 1)) q++;
  return q & 1;
}

/** Longest a quoted field may run before the quote is taken as broken. */
const MAX_RECORD_LINES = 10_000;

export async function* readCsv(file: string): AsyncGenerator<ReadItem> {
  const parser = new Parser(new ParserOptions({}));
  let header: string[] | null = null;
  // Lines of a record that is still inside quotes, kept so a quote left open can be re-read.
  let pending: Line[] = [];
  let parity = 0;

  /** Parses one record; a structural failure comes back as a reason instead of a row. */
  function parseRecord(text: string): string[] | string {
    if (hasInvalidUtf8(text)) return 'invalid UTF-8';
    let row: string[];
    try {
      row = parser.parse(text, false).rows[0] ?? [];
    } catch (err) {
      return `broken CSV quoting: ${(err as Error).message.replace(/^Parse Error: /, '')}`;
    }
    if (header && row.length !== header.length) return `expected ${header.length} columns, found ${row.length}`;
    return row;
  }

  async function* feed(source: AsyncIterable<Line> | Iterable<Line>): AsyncGenerator<ReadItem> {
    for await (const l of source) {
      pending.push(l);
      parity ^= quoteParity(l.text);
      const open = parity === 1;
      if (open && pending.length < MAX_RECORD_LINES) continue;
      const record = pending;
      pending = [];
      parity = 0;
      yield* complete(record, open ? 'broken CSV quoting: a quoted field is never closed' : null);
    }
  }

  /**
   * A record that cannot be parsed and spans several lines is most likely a stray quote that swallowed
   * the rows after it: reject the line it started on and read the lines after it again.
   */
  async function* complete(record: Line[], failure: string | null): AsyncGenerator<ReadItem> {
    const first = record[0]!;
    const text = record.map((x) => x.text).join('\n');
    const parsed = failure ?? (text.trim() ? parseRecord(text) : null);
    if (parsed === null) return;
    if (typeof parsed === 'string') {
      if (record.length === 1) {
        yield { ok: false, line: first.n, reason: parsed, raw: text };
        return;
      }
      const alone = parseRecord(first.text);
      yield { ok: false, line: first.n, reason: typeof alone === 'string' ? alone : parsed, raw: first.text };
      yield* feed(record.slice(1));
      return;
    }
    if (!header) {
      header = parsed.map((h) => h.trim());
      return;
    }
    const fields: Record<string, unknown> = {};
    header.forEach((h, i) => (fields[h] = parsed[i]));
    yield { ok: true, line: first.n, fields, raw: text };
  }

  yield* feed(lines(file));
  while (pending.length > 0) {
    const record = pending;
    pending = [];
    parity = 0;
    yield* complete(record, 'broken CSV quoting: a quoted field is never closed');
  }
  if (!header) throw new InputFileError(`${file} has no header row: the first line must name the columns (interaction_id,channel,text,…)`);
}

export function readRecords(file: string, format: InputFormat): AsyncGenerator<ReadItem> {
  return format === 'csv' ? readCsv(file) : readJsonl(file);
}
