/**
 * CSV cells that are safe to open in a spreadsheet. Cells holding customer or agent text can be
 * opened in a spreadsheet, so any cell that a spreadsheet would read as a formula is made inert.
 */

import { visible } from './safe-text.ts';

/** Spreadsheets treat a cell starting with one of these as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The value as a CSV-safe cell: formula-like text gets a leading `'`, control and bidirectional
 * characters are shown as visible marks (lib/safe-text.ts); null is empty.
 */
export function inert(value: unknown): string | number | boolean {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  if (typeof value === 'boolean') return value;
  const s = visible(String(value), { keepReturns: true });
  return FORMULA_START.test(s) ? `'${s}` : s;
}
