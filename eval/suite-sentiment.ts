/**
 * Sentiment eval suite for `npm run eval`: the airline tweets (real customer messages, labelled
 * positive / neutral / negative by people) converted to a `text,label` CSV in a temporary folder, then
 * scored by the same code as `voc eval sentiment FILE --peers`.
 */
import { parseFile } from 'fast-csv';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../lib/errors.ts';
import { evalSentiment } from './sentiment.ts';
import type { EvalRow, EvalSuite } from './suite.ts';

const SET = 'airline-tweets (dev)';
const TASK = 'sentiment, rules only';

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Reads tweets.csv and writes its `text` and `airline_sentiment` columns as `text,label`. */
async function convert(source: string, target: string): Promise<void> {
  const lines: string[] = ['text,label'];
  await new Promise<void>((resolve, reject) => {
    parseFile(source, { headers: true })
      .on('error', reject)
      .on('data', (row: Record<string, string>) => {
        if (row.text?.trim() && row.airline_sentiment) lines.push(`${quote(row.text)},${row.airline_sentiment}`);
      })
      .on('end', () => resolve());
  });
  await writeFile(target, lines.join('\n') + '\n');
}

export const suite: EvalSuite = async (dataDir) => {
  const source = join(dataDir, 'airline-tweets', 'tweets.csv');
  if (!existsSync(source)) throw new UsageError(`sentiment suite: ${source} not found`);
  const dir = await mkdtemp(join(tmpdir(), 'voc-eval-sentiment-'));
  try {
    const file = join(dir, 'airline-tweets.csv');
    await convert(source, file);
    const result = await evalSentiment(file, { peers: true });
    const peers = (pick: (a: { macro_f1: number; accuracy: number; texts_per_second: number }) => number) =>
      Object.fromEntries(Object.entries(result.peers ?? {}).map(([name, a]) => [name, pick(a)]));
    const rows: EvalRow[] = [
      { set: SET, task: TASK, metric: 'macro-F1', value: result.macro_f1, goal: '≥ 0.68', n: result.n, peers: peers((a) => a.macro_f1) },
      { set: SET, task: TASK, metric: 'accuracy', value: result.accuracy, n: result.n, peers: peers((a) => a.accuracy) },
      {
        set: SET, task: TASK, metric: 'texts/s', value: result.texts_per_second, n: result.n, peers: peers((a) => a.texts_per_second),
        note: 'one core, short texts; see npm run bench for MB/s',
      },
    ];
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
