/**
 * CSV output for reports and exports, through fast-csv. Cells holding customer or agent text can be
 * opened in a spreadsheet, so any cell that a spreadsheet would read as a formula is made inert.
 */
import { format, writeToString } from 'fast-csv';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { visible } from './safe-text.ts';

/** Spreadsheets treat a cell starting with one of these as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The value as a CSV-safe cell: formula-like text gets a leading `'`, control and bidirectional
 * characters are shown as visible marks (report/safe-text.ts); null is empty.
 */
export function inert(value: unknown): string | number | boolean {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  if (typeof value === 'boolean') return value;
  const s = visible(String(value));
  return FORMULA_START.test(s) ? `'${s}` : s;
}

type Row = Record<string, unknown>;

/** Rows as a CSV string with a header line, every cell made inert. */
export function toCsv(columns: readonly string[], rows: readonly Row[]): Promise<string> {
  return writeToString(rows.map((r) => columns.map((c) => inert(r[c]))), { headers: [...columns], writeHeaders: true, alwaysWriteHeaders: true });
}

/** Rows to a CSV file, streamed, every cell made inert. */
export async function writeCsvFile(path: string, columns: readonly string[], rows: Iterable<Row>): Promise<void> {
  const out = createWriteStream(path);
  const csv = format({ headers: [...columns], writeHeaders: true, alwaysWriteHeaders: true });
  csv.pipe(out);
  for (const r of rows) csv.write(columns.map((c) => inert(r[c])));
  csv.end();
  await finished(out);
}
