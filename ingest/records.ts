/**
 * Streaming readers for the two input formats, one record at a time with the line it started on, so
 * that a bad row is reported by line and never stops the rows after it.
 *
 * CSV: records are cut at newlines outside quotes, then each record is parsed by fast-csv's row
 * parser; a record that fast-csv cannot parse (broken quoting) becomes a reject, and a quote left open
 * to the end of the file rejects only the line it opened on, after which reading resumes.
 * JSONL: one JSON object a line.
 */
import { decodedStream, encodingLabel, type Encoding } from './decode.ts';
import { createInterface } from 'node:readline';
import { ParserOptions } from '@fast-csv/parse';

type TextEncoding = Exclude<Encoding, 'auto'>;

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

/**
 * Lines of a file with their numbers, decoded as `encoding` (ingest/decode.ts; UTF-8 by default); a
 * byte that does not decode shows up as U+FFFD and its row is rejected later.
 */
async function* lines(file: string, encoding: TextEncoding = 'utf8'): AsyncGenerator<Line> {
  const { source, text: stream } = decodedStream(file, encoding);
  const opened = new Promise<void>((resolve, reject) => {
    source.once('open', () => resolve());
    source.once('error', (err: Error) => reject(new InputFileError(`cannot read ${file}: ${err.message}`, { cause: err })));
  });
  await opened;
  let n = 0;
  for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
    // A UTF-8 byte-order mark (spreadsheet exports write one) is not part of the first column's name.
    yield { n: ++n, text: n === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  }
}

const hasInvalidUtf8 = (s: string) => s.includes('\uFFFD');
/** The reject reason for a line with bytes that do not decode. */
const invalid = (e: TextEncoding) => `invalid ${encodingLabel(e)}${e === 'utf8' ? ' (if the file is GBK, GB18030 or Big5, pass --encoding)' : ''}`;

export async function* readJsonl(file: string, encoding: TextEncoding = 'utf8'): AsyncGenerator<ReadItem> {
  for await (const { n, text } of lines(file, encoding)) {
    if (!text.trim()) continue;
    if (hasInvalidUtf8(text)) {
      yield { ok: false, line: n, reason: invalid(encoding), raw: text };
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

export async function* readCsv(file: string, encoding: TextEncoding = 'utf8'): AsyncGenerator<ReadItem> {
  const parser = new Parser(new ParserOptions({}));
  let header: string[] | null = null;
  // Lines of a record that is still inside quotes, kept so a quote left open can be re-read.
  let pending: Line[] = [];
  let parity = 0;

  /** Parses one record; a structural failure comes back as a reason instead of a row. */
  function parseRecord(text: string): string[] | string {
    if (hasInvalidUtf8(text)) return invalid(encoding);
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

  yield* feed(lines(file, encoding));
  while (pending.length > 0) {
    const record = pending;
    pending = [];
    parity = 0;
    yield* complete(record, 'broken CSV quoting: a quoted field is never closed');
  }
  if (!header) throw new InputFileError(`${file} has no header row: the first line must name the columns (interaction_id,channel,text,…)`);
}

export function readRecords(file: string, format: InputFormat, encoding: TextEncoding = 'utf8'): AsyncGenerator<ReadItem> {
  return format === 'csv' ? readCsv(file, encoding) : readJsonl(file, encoding);
}
