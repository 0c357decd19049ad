/**
 * CSV output for reports and exports, through fast-csv, every cell made inert (`lib/csv-cell.ts`) so a
 * spreadsheet never reads customer or agent text as a formula.
 */
import { format, writeToString } from 'fast-csv';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { inert } from '../lib/csv-cell.ts';

type Row = Record<string, unknown>;

/** Rows as a CSV string with a header line, every cell made inert. */
export function toCsv(columns: readonly string[], rows: readonly Row[]): Promise<string> {
  return writeToString(rows.map((r) => columns.map((c) => inert(r[c]))), { headers: [...columns], writeHeaders: true, alwaysWriteHeaders: true });
}

/** Rows to a CSV file, streamed, every cell made inert. */
export async function writeCsvFile(path: string, columns: readonly string[], rows: Iterable<Row>, headers: readonly string[] = columns): Promise<void> {
  const out = createWriteStream(path);
  const csv = format({ headers: [...headers], writeHeaders: true, alwaysWriteHeaders: true });
  csv.pipe(out);
  for (const r of rows) csv.write(columns.map((c) => inert(r[c])));
  csv.end();
  await finished(out);
}
