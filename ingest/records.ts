/**
 * Streaming readers for the two input formats, one record at a time with the line it started on, so
 * that a bad row is reported by line and never stops the rows after it.
 *
 * CSV: records are cut at newlines outside quotes, then each record is parsed by fast-csv's row
 * parser; a record that fast-csv cannot parse (broken quoting) becomes a reject, and a quote left open
 * to the end of the file rejects only the line it opened on, after which reading resumes.
 * JSONL: one JSON object a line.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { decodedStream, encodingLabel, type Encoding } from './decode.ts';

type TextEncoding = Exclude<Encoding, 'auto'>;
import { ParserOptions } from '@fast-csv/parse';
// fast-csv's row parser, used directly so that one broken record cannot end the stream. The package
// exports no public entry for it (only the streams around it), hence the deep import; @fast-csv/parse
// is pinned to the version fast-csv uses so the path cannot move under us.
import { Parser } from '@fast-csv/parse/build/src/parser/Parser.js';
import { readableId } from './validate.ts';

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
  /** The row's interaction_id, when it can be read in spite of the fault. */
  interaction_id: string | null;
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

/** How much of the start of a file is looked at to tell text from a binary file. */
const SNIFF_BYTES = 8192;
/** Share of control characters and invalid UTF-8 in the first bytes above which a file is not text. */
const BINARY_SHARE = 0.1;

/**
 * Refuses a file that is not UTF-8 text (a spreadsheet, an archive, UTF-16) before reading it row by
 * row, which would only list every line as a reject.
 */
function assertText(file: string): void {
  let head: Buffer;
  try {
    const fd = openSync(file, 'r');
    try {
      head = Buffer.alloc(SNIFF_BYTES);
      head = head.subarray(0, readSync(fd, head, 0, SNIFF_BYTES, 0));
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    throw new InputFileError(`cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new InputFileError(`${file} is UTF-16 text: save it as UTF-8 (CSV UTF-8 in a spreadsheet) and ingest it again`);
  }
  if (head.length === 0) return;
  // A multi-byte character cut at the end of the sample is not a fault of the file.
  const text = new TextDecoder('utf-8').decode(head.subarray(0, head.length === SNIFF_BYTES ? head.length - 4 : head.length));
  const bad = (text.match(/[\u0000-\u0008\u000E-\u001F\uFFFD]/g) ?? []).length;
  if (bad / text.length > BINARY_SHARE) {
    throw new InputFileError(
      `${file} does not look like a text file (${Math.round((100 * bad) / text.length)}% of its first bytes are control characters or not UTF-8): ` +
        'is it compressed, or a spreadsheet? Save it as CSV (UTF-8) or JSONL and ingest that (Chinese text in GBK, GB18030 or Big5: pass --encoding)',
    );
  }
}

/**
 * Lines of a file with their numbers, decoded as `encoding` (ingest/decode.ts; UTF-8 by default); a
 * byte that does not decode shows up as U+FFFD and its row is rejected later.
 */
async function* lines(file: string, encoding: TextEncoding = 'utf8'): AsyncGenerator<Line> {
  if (encoding === 'utf8') assertText(file);
  const { source, text: stream } = decodedStream(file, encoding);
  const opened = new Promise<void>((resolve, reject) => {
    source.once('open', () => resolve());
    source.once('error', (err: Error) => reject(new InputFileError(`cannot read ${file}: ${err.message}`, { cause: err })));
  });
  await opened;
  let n = 0;
  for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
    // A byte order mark (Excel's "CSV UTF-8", some JSONL writers) is not part of the first row.
    yield { n: ++n, text: n === 1 && text.startsWith('\uFEFF') ? text.slice(1) : text };
  }
}

const hasInvalidUtf8 = (s: string) => s.includes('\uFFFD');
/** The reject reason for a line with bytes that do not decode. */
const invalid = (e: TextEncoding) => `invalid ${encodingLabel(e)}${e === 'utf8' ? ' (if the file is GBK, GB18030 or Big5, pass --encoding)' : ''}`;

/** The interaction_id of a JSON line that does not parse, when it is there as a plain string. */
function jsonId(text: string): string | null {
  const m = /"interaction_id"\s*:\s*"((?:[^"\\]|\\.){1,256}?)"/.exec(text);
  if (!m) return null;
  try {
    return readableId(JSON.parse(`"${m[1]}"`));
  } catch {
    return null;
  }
}

const jsonFailure = (line: number, text: string, reason: string): ReadItem => ({ ok: false, line, reason, raw: text, interaction_id: jsonId(text) });

export async function* readJsonl(file: string, encoding: TextEncoding = 'utf8'): AsyncGenerator<ReadItem> {
  for await (const { n, text } of lines(file, encoding)) {
    if (!text.trim()) continue;
    if (hasInvalidUtf8(text)) {
      yield jsonFailure(n, text, invalid(encoding));
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      yield jsonFailure(n, text, `invalid JSON: ${(err as Error).message}`);
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield jsonFailure(n, text, 'not a JSON object');
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
  let idColumn = -1;
  // Lines of a record that is still inside quotes, kept so a quote left open can be re-read.
  let pending: Line[] = [];
  let parity = 0;

  /** The interaction_id of a record, read from its cells or, when it does not parse, from its text. */
  const idOf = (cells: string[] | null, text: string): string | null => {
    if (idColumn < 0) return null;
    if (cells) return readableId(cells[idColumn]);
    // Up to the id's column, a line with no quotes splits at its commas.
    const parts = text.split(',');
    return parts.length > idColumn && !parts.slice(0, idColumn + 1).join(',').includes('"') ? readableId(parts[idColumn]) : null;
  };

  // The line of the last row rejected for its quoting: the line right after it that is no row either
  // is most likely that row's rest, and its reject says so rather than naming its text as an id.
  let brokenAt = -1;
  const reject = (line: number, reason: string, raw: string, id: string | null): ReadItem => {
    const rest = brokenAt >= 0 && line === brokenAt + 1;
    if (rest || reason.startsWith('broken CSV quoting')) brokenAt = line;
    return rest
      ? { ok: false, line, reason: `the rest of line ${line - 1}, whose quoting broke (${reason})`, raw, interaction_id: null }
      : { ok: false, line, reason, raw, interaction_id: id };
  };

  type Parsed = { row: string[] } | { quoting: string } | { columns: string; row: string[] };
  /** Parses one record: a row, a quoting failure, or a row with the wrong number of cells. */
  function parseRecord(text: string): Parsed {
    if (hasInvalidUtf8(text)) return { quoting: invalid(encoding) };
    let rows: string[][];
    try {
      rows = parser.parse(text, false).rows;
    } catch (err) {
      return { quoting: `broken CSV quoting: ${(err as Error).message.replace(/^Parse Error: /, '')}` };
    }
    // More than one row: the quotes did not pair up as the line breaks suggested; never drop the rest.
    if (rows.length > 1) return { quoting: 'broken CSV quoting: a quote opens a cell that runs into the rows after it' };
    const row = rows[0] ?? [];
    if (header && row.length !== header.length) return { columns: `expected ${header.length} columns, found ${row.length}`, row };
    return { row };
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

  /** Whether a line is a whole row by itself: it parses alone, to one row of the header's width. */
  const wholeRow = (text: string) => {
    const p = parseRecord(text);
    return 'row' in p && !('columns' in p) && header !== null;
  };

  /**
   * A record that cannot be parsed and spans several lines is most likely a stray quote that swallowed
   * the rows after it: reject the line it started on and read the lines after it again. A quote inside
   * an unquoted cell (`a "b`) is text, so a first line that parses alone is a row by itself. A record
   * that parses but has the wrong number of cells is one reject, however many lines its quoted cells
   * span — unless lines inside it are whole rows, which a stray quote swallowed.
   */
  async function* complete(record: Line[], failure: string | null): AsyncGenerator<ReadItem> {
    const first = record[0]!;
    if (record.length > 1 && header !== null && wholeRow(first.text)) {
      yield* complete([first], null);
      yield* feed(record.slice(1));
      return;
    }
    const text = record.map((x) => x.text).join('\n');
    if (failure === null && !text.trim()) return;
    let parsed: Parsed = failure !== null ? { quoting: failure } : parseRecord(text);
    if ('columns' in parsed && record.slice(1, -1).some((l) => wholeRow(l.text))) parsed = { quoting: 'broken CSV quoting: a quoted cell is never closed on its line' };
    if ('columns' in parsed) {
      yield reject(first.n, parsed.columns, text, idOf(parsed.row, text));
      return;
    }
    if ('quoting' in parsed) {
      if (record.length === 1) {
        yield reject(first.n, parsed.quoting, text, idOf(null, text));
        return;
      }
      const alone = parseRecord(first.text);
      const reason = 'quoting' in alone ? alone.quoting : 'columns' in alone ? alone.columns : parsed.quoting;
      yield reject(first.n, reason, first.text, idOf('row' in alone ? alone.row : null, first.text));
      yield* feed(record.slice(1));
      return;
    }
    if (!header) {
      header = parsed.row.map((h) => h.trim());
      idColumn = header.indexOf('interaction_id');
      return;
    }
    const row = parsed.row;
    const fields = Object.fromEntries(header.map((h, i) => [h, row[i]]));
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
