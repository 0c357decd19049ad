/**
 * Chinese eval suite for `npm run eval`:
 * - the review sets zh-waimai, zh-hotel, zh-shopping (labelled positive / negative): accuracy of the
 *   rules reading of lexicons/zh (eval/zh-sentiment.ts; score ≥ 0 is positive), beside the AFINN-style
 *   word sum over the same lexicon, and of `voc sentiment train` trained on one half and tested on the
 *   other;
 * - zh-intent (SMP2017): `voc intent train` on train.csv → dev.csv;
 * - STC-3 Chinese dialogues (zh-dialogues, the labelled train file): Spearman of the customer's
 *   sentiment with the annotators' mean satisfaction (S), beside the English scorer on the organisers'
 *   English translation of the same dialogues (stc3-dialogues-en).
 *
 * Every set is split once into two fixed halves by a hash of the review text or the dialogue id: half
 * A is the one the lexicons are developed on, half B the check; both are reported.
 */
import { parseFile } from 'fast-csv';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../lib/errors.ts';
import { trainSentimentModel } from '../pipeline/learn/sentiment-model.ts';
import { createScorer } from '../pipeline/score.ts';
import type { Interaction } from '../pipeline/types.ts';
import { evalIntent } from './intent.ts';
import type { EvalRow, EvalSuite } from './suite.ts';
import { rulesScore, scoreChinese, wordSum } from './zh-sentiment.ts';

/** FNV-1a of a string: the fixed half a row belongs to. */
function half(key: string): 'A' | 'B' {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % 2 === 0 ? 'A' : 'B';
}

interface Review {
  text: string;
  positive: boolean;
}

async function readReviews(file: string): Promise<Review[]> {
  if (!existsSync(file)) throw new UsageError(`zh suite: ${file} not found`);
  const rows: Review[] = [];
  await new Promise<void>((resolve, reject) => {
    parseFile(file, { headers: true })
      .on('error', reject)
      .on('data', (r: Record<string, string>) => {
        if (r.review?.trim() && (r.label === '0' || r.label === '1')) rows.push({ text: r.review, positive: r.label === '1' });
      })
      .on('end', () => resolve());
  });
  return rows;
}

const accuracy = (rows: Review[], positive: (text: string) => boolean) => rows.filter((r) => positive(r.text) === r.positive).length / rows.length;

async function reviewRows(dataDir: string, set: string): Promise<EvalRow[]> {
  const rows = await readReviews(join(dataDir, set, 'reviews.csv'));
  const a = rows.filter((r) => half(r.text) === 'A');
  const b = rows.filter((r) => half(r.text) === 'B');
  const out: EvalRow[] = [];
  for (const [name, part] of [['A, developed on', a], ['B', b]] as const) {
    out.push({
      set: `${set} (half ${name})`, task: 'sentiment, scorer (zh rules)', metric: 'accuracy',
      value: accuracy(part, (t) => rulesScore(t) >= 0), goal: '≥ 0.85', n: part.length,
      peers: { 'word sum': accuracy(part, (t) => wordSum(t) >= 0) },
    });
  }
  const model = trainSentimentModel(a.map((r) => ({ text: r.text, label: r.positive ? 'positive' : 'negative' })), { calibrationFolds: 0 });
  out.push({
    set: `${set} (A → B)`, task: 'sentiment, trained (voc sentiment train)', metric: 'accuracy',
    value: accuracy(b, (t) => model.predict(t).label === 'positive'), goal: '≥ 0.90', n: b.length, note: `trained on half A (${a.length})`,
  });
  return out;
}

interface Dialogue {
  id: string;
  turns: { sender: string; utterances: string[] }[];
  annotations?: { quality: { S: number } }[];
}

const meanS = (d: Dialogue) => d.annotations!.reduce((s, a) => s + a.quality.S, 0) / d.annotations!.length;

/** The customer's sentiment as the scorer weighs it: the whole dialogue scored, the agent's turns as the agent's. */
function zhCustomerSentiment(d: Dialogue): number {
  return scoreChinese(d.turns.map((t) => ({ speaker: t.sender === 'customer' ? 'customer' : 'agent', text: t.utterances.join('。') })));
}

function ranks(xs: number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
  const r = new Array<number>(xs.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) r[order[k]![1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

export function spearman(x: number[], y: number[]): number {
  const rx = ranks(x), ry = ranks(y);
  const n = x.length;
  const mx = rx.reduce((a, b) => a + b, 0) / n, my = ry.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (rx[i]! - mx) * (ry[i]! - my);
    sxx += (rx[i]! - mx) ** 2;
    syy += (ry[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

async function readDialogues(file: string): Promise<Dialogue[]> {
  if (!existsSync(file)) throw new UsageError(`zh suite: ${file} not found`);
  return (JSON.parse(await readFile(file, 'utf8')) as Dialogue[]).filter((d) => d.annotations?.length);
}

async function stc3Rows(dataDir: string): Promise<EvalRow[]> {
  const zh = await readDialogues(join(dataDir, 'zh-dialogues', 'train_data_cn.json'));
  const en = new Map((await readDialogues(join(dataDir, 'stc3-dialogues-en', 'train_data_en.json'))).map((d) => [d.id, d]));
  const scorer = createScorer();
  const enSentiment = (d: Dialogue) => {
    const interaction: Interaction = {
      interaction_id: d.id, channel: 'chat', kpis: {},
      turns: d.turns.map((t) => ({ speaker: t.sender === 'customer' ? 'customer' : 'agent', text: t.utterances.join(' ') })),
    };
    return scorer.score(interaction).sentiment.score;
  };
  const out: EvalRow[] = [];
  for (const h of ['A', 'B'] as const) {
    const part = zh.filter((d) => half(d.id) === h);
    const both = part.filter((d) => en.has(d.id));
    const zhBoth = spearman(both.map(zhCustomerSentiment), both.map(meanS));
    const enBoth = spearman(both.map((d) => enSentiment(en.get(d.id)!)), both.map((d) => meanS(en.get(d.id)!)));
    out.push({
      set: `zh-dialogues STC-3 (half ${h}${h === 'A' ? ', developed on' : ''})`, task: "customer sentiment vs satisfaction S (rules, zh lexicon)", metric: 'Spearman',
      value: spearman(part.map(zhCustomerSentiment), part.map(meanS)), goal: '≥ 0.50', n: part.length,
    });
    out.push({
      set: `STC-3 translated ids (half ${h})`, task: 'same dialogues: Chinese vs English scorer', metric: 'Spearman zh',
      value: zhBoth, goal: '|zh − en| ≤ 0.05', n: both.length, note: `English ${enBoth.toFixed(3)}, difference ${(zhBoth - enBoth).toFixed(3)}`,
    });
  }
  return out;
}

export const suite: EvalSuite = async (dataDir) => {
  const rows: EvalRow[] = [];
  for (const set of ['zh-waimai', 'zh-hotel', 'zh-shopping']) rows.push(...(await reviewRows(dataDir, set)));
  const intent = await evalIntent(join(dataDir, 'zh-intent', 'train.csv'), join(dataDir, 'zh-intent', 'dev.csv'));
  rows.push({ set: 'zh-intent SMP2017 (train → dev)', task: 'intent, trained (voc intent train)', metric: 'accuracy', value: intent.accuracy, goal: '≥ 0.90', n: intent.n, note: `macro-F1 ${intent.macro_f1.toFixed(3)}` });
  rows.push(...(await stc3Rows(dataDir)));
  return rows;
};
