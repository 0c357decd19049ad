/**
 * Intent and trained-sentiment eval suite for `npm run eval`: Banking77 (5-fold), CLINC150 (train →
 * val + out-of-scope val) and Bitext (train → dev) converted to `text,label` CSVs in a temporary folder
 * and run through the same code as `voc eval intent --train … --test …`, plus the airline tweets'
 * 5-fold cross-validated macro-F1 of the trained sentiment model (`voc sentiment train`).
 */
import { parseFile } from 'fast-csv';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../lib/errors.ts';
import { stratifiedFolds } from '../pipeline/learn/folds.ts';
import { crossValidate, trainSentimentModel } from '../pipeline/learn/sentiment-model.ts';
import type { SentimentLabel } from '../pipeline/types.ts';
import { evalIntent, OUT_OF_SCOPE, type IntentEval } from './intent.ts';
import type { LabelledRow } from './labelled.ts';
import type { EvalRow, EvalSuite } from './suite.ts';

/** Banking77 has one labelled file here: each row is tested once by a model trained on the other four fifths. */
const BANKING_FOLDS = 5;
const SENTIMENT_FOLDS = 5;

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

async function writeLabelled(file: string, rows: readonly LabelledRow[]): Promise<string> {
  await writeFile(file, ['text,label', ...rows.map((r) => `${quote(r.text)},${quote(r.label)}`)].join('\n') + '\n');
  return file;
}

/** Reads two columns of a CSV as text,label rows. */
async function readCsv(file: string, textColumn: string, labelColumn: string): Promise<LabelledRow[]> {
  if (!existsSync(file)) throw new UsageError(`intent suite: ${file} not found`);
  const rows: LabelledRow[] = [];
  await new Promise<void>((resolve, reject) => {
    parseFile(file, { headers: true })
      .on('error', reject)
      .on('data', (row: Record<string, string>) => {
        if (row[textColumn]?.trim() && row[labelColumn]) rows.push({ text: row[textColumn], label: row[labelColumn] });
      })
      .on('end', () => resolve());
  });
  return rows;
}

const round = (x: number) => Math.round(x * 10000) / 10000;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const speed = (r: IntentEval) => `train ${r.train_seconds.toFixed(1)} s on ${r.train_rows.toLocaleString('en-US')} rows, ${r.texts_per_second.toLocaleString('en-US')} texts/s`;

async function banking77(dataDir: string, dir: string): Promise<EvalRow[]> {
  const rows = await readCsv(join(dataDir, 'banking77', 'train.csv'), 'text', 'category');
  const fold = stratifiedFolds(rows.map((r) => r.label), BANKING_FOLDS);
  const results: IntentEval[] = [];
  for (let k = 0; k < BANKING_FOLDS; k++) {
    const train = await writeLabelled(join(dir, `banking77-train-${k}.csv`), rows.filter((_, i) => fold[i] !== k));
    const test = await writeLabelled(join(dir, `banking77-test-${k}.csv`), rows.filter((_, i) => fold[i] === k));
    results.push(await evalIntent(train, test));
  }
  const set = `banking77 (${BANKING_FOLDS}-fold)`;
  const task = 'intent, trained';
  return [
    {
      set, task, metric: 'accuracy', value: round(mean(results.map((r) => r.closed_set_accuracy))), goal: '≥ 0.92', n: rows.length,
      note: `best label; answering "other" below the out-of-scope threshold: ${round(mean(results.map((r) => r.accuracy)))}`,
    },
    { set, task, metric: 'macro-F1', value: round(mean(results.map((r) => r.macro_f1))), n: rows.length, note: speed(results[0]!) },
  ];
}

async function clinc150(dataDir: string, dir: string): Promise<EvalRow[]> {
  const file = join(dataDir, 'clinc150', 'data.json');
  if (!existsSync(file)) throw new UsageError(`intent suite: ${file} not found`);
  const data = JSON.parse(await readFile(file, 'utf8')) as Record<string, [string, string][]>;
  const toRows = (pairs: [string, string][], label?: string) => pairs.map(([text, l]) => ({ text, label: label ?? l }));
  const test = await writeLabelled(join(dir, 'clinc150-test.csv'), [...toRows(data.val ?? []), ...toRows(data.oos_val ?? [], OUT_OF_SCOPE)]);
  const nOos = data.oos_val?.length ?? 0;
  const out: EvalRow[] = [];
  // Without and with the training file's own out-of-scope rows: in-scope accuracy must hold either way.
  for (const withOos of [false, true]) {
    const train = await writeLabelled(join(dir, `clinc150-train-${withOos}.csv`), [...toRows(data.train ?? []), ...(withOos ? toRows(data.oos_train ?? [], OUT_OF_SCOPE) : [])]);
    const r = await evalIntent(train, test);
    const set = withOos ? 'clinc150 (train + oos_train → val + oos_val)' : 'clinc150 (train → val + oos_val)';
    const task = 'intent, trained';
    out.push(
      { set, task, metric: 'in-scope accuracy', value: r.in_scope_accuracy, goal: '≥ 0.93', n: r.n - nOos, note: `best label: ${r.closed_set_accuracy}` },
      { set, task, metric: 'out-of-scope recall', value: r.oos_recall ?? 0, goal: '≥ 0.70', n: nOos, note: `threshold ${r.threshold} tuned on the training folds${withOos ? ' with the oos rows as negatives' : ' (in scope only)'}` },
      { set, task, metric: 'accuracy', value: r.accuracy, n: r.n, note: speed(r) },
    );
  }
  return out;
}

async function bitext(dataDir: string, dir: string): Promise<EvalRow[]> {
  const read = (split: string) => readCsv(join(dataDir, 'bitext-intent', `${split}.csv`), 'utterance', 'intent');
  const train = await writeLabelled(join(dir, 'bitext-train.csv'), await read('train'));
  const test = await writeLabelled(join(dir, 'bitext-dev.csv'), await read('dev'));
  const r = await evalIntent(train, test);
  const set = 'bitext-intent (train → dev)';
  return [{ set, task: 'intent, trained', metric: 'accuracy', value: r.accuracy, goal: '≥ 0.97', n: r.n, note: `macro-F1 ${r.macro_f1}; ${speed(r)}` }];
}

async function airline(dataDir: string): Promise<EvalRow[]> {
  const rows = (await readCsv(join(dataDir, 'airline-tweets', 'tweets.csv'), 'text', 'airline_sentiment')).map((r) => ({ text: r.text, label: r.label as SentimentLabel }));
  const t0 = performance.now();
  const cv = crossValidate(rows, (train) => trainSentimentModel(train), SENTIMENT_FOLDS);
  const seconds = (performance.now() - t0) / 1000;
  const set = `airline-tweets (${SENTIMENT_FOLDS}-fold)`;
  const task = 'sentiment, trained (n-grams + rules)';
  return [
    { set, task, metric: 'macro-F1', value: cv.macro_f1, goal: '≥ 0.75', n: cv.n, note: `${SENTIMENT_FOLDS} models in ${seconds.toFixed(0)} s` },
    { set, task, metric: 'accuracy', value: cv.accuracy, n: cv.n },
  ];
}

export const suite: EvalSuite = async (dataDir) => {
  const dir = await mkdtemp(join(tmpdir(), 'voc-eval-intent-'));
  try {
    return [...(await banking77(dataDir, dir)), ...(await clinc150(dataDir, dir)), ...(await bitext(dataDir, dir)), ...(await airline(dataDir))];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
