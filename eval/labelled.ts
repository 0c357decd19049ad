/** Reading `text,label` CSV files and the agreement measures every eval prints. */
import { parseFile } from 'fast-csv';
import { UsageError } from '../lib/errors.ts';

export interface LabelledRow {
  text: string;
  label: string;
  /** The turn the text answers, from an optional `customer` column. */
  customer?: string;
}

/** Reads a CSV with a header that has `text` and `label` columns (and `optional` ones when present). Rows with no text are skipped. */
export async function readLabelled(file: string, optional: readonly 'customer'[] = []): Promise<LabelledRow[]> {
  const rows: LabelledRow[] = [];
  await new Promise<void>((resolve, reject) => {
    let checked = false;
    parseFile(file, { headers: true, ignoreEmpty: true })
      .on('error', (err) => reject(new UsageError(`cannot read ${file}: ${err.message}`)))
      .on('data', (row: Record<string, string>) => {
        if (!checked) {
          checked = true;
          if (!('text' in row) || !('label' in row)) {
            reject(new UsageError(`${file} needs columns text,label (found: ${Object.keys(row).join(',')})`));
          }
        }
        if (row.text?.trim()) {
          const r: LabelledRow = { text: row.text, label: String(row.label ?? '').trim() };
          if (optional.includes('customer') && row.customer?.trim()) r.customer = row.customer;
          rows.push(r);
        }
      })
      .on('end', () => resolve());
  });
  return rows;
}

export interface LabelScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Agreement {
  n: number;
  accuracy: number;
  macro_f1: number;
  labels: Record<string, LabelScores>;
}

const round = (x: number) => Math.round(x * 10000) / 10000;

/** Accuracy, per-label precision / recall / F1 and their macro average over `labels`. */
export function agreement(gold: string[], predicted: string[], labels = [...new Set(gold)].sort()): Agreement {
  let correct = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) correct++;
  const per: Record<string, LabelScores> = {};
  for (const label of labels) {
    let tp = 0, fp = 0, fn = 0;
    for (let i = 0; i < gold.length; i++) {
      const g = gold[i] === label, p = predicted[i] === label;
      if (g && p) tp++;
      else if (p) fp++;
      else if (g) fn++;
    }
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    per[label] = { precision: round(precision), recall: round(recall), f1: round(f1), support: tp + fn };
  }
  const f1s = labels.map((l) => per[l]!.f1);
  return {
    n: gold.length,
    accuracy: round(gold.length ? correct / gold.length : 0),
    macro_f1: round(f1s.length ? f1s.reduce((a, b) => a + b, 0) / f1s.length : 0),
    labels: per,
  };
}

/** Texts per second over a timed call of `fn` on every text. */
export function throughput<T>(texts: string[], fn: (text: string) => T): { results: T[]; texts_per_second: number } {
  const t0 = performance.now();
  const results = texts.map(fn);
  const seconds = (performance.now() - t0) / 1000;
  return { results, texts_per_second: Math.round(texts.length / Math.max(seconds, 1e-9)) };
}
