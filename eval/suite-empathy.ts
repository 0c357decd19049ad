/**
 * Empathy eval suite for `npm run eval`:
 * - ESConv supporter turns, labelled 1 when the supporter's strategy was reflection of feelings,
 *   affirmation and reassurance, or restatement / paraphrasing, converted to a `text,label` CSV in a
 *   temporary folder and scored by the same code as `voc eval empathy`;
 * - how often the "called for empathy" trigger detector fires on RSiCS customer requests people marked
 *   as a rant or an expression of emotion (recall) against the rest (precision), and on airline tweets
 *   by the reason people gave for a negative tweet.
 */
import { parseFile } from 'fast-csv';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../lib/errors.ts';
import { findTrigger } from '../pipeline/empathy/triggers.ts';
import { scoreSentiment } from '../pipeline/sentiment/index.ts';
import { prepareText } from '../pipeline/text/document.ts';
import { trainEmpathyModel } from '../pipeline/learn/empathy-model.ts';
import { evalEmpathy, type EmpathyEval } from './empathy.ts';
import type { EvalRow, EvalSuite } from './suite.ts';

/** The ESConv strategies that count as expressing empathy. */
const EMPATHIC_STRATEGIES = new Set(['Reflection of feelings', 'Affirmation and Reassurance', 'Restatement or Paraphrasing']);

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
const round = (x: number) => Math.round(x * 10000) / 10000;

/** True when a customer's text, scored as one customer turn, calls for empathy (sentiment included, as in scoring). */
export function callsForEmpathy(text: string): boolean {
  const doc = prepareText(text, 'customer', 'chat');
  return findTrigger(doc.turns[0]!, scoreSentiment(doc).sentences) !== null;
}

function need(path: string): string {
  if (!existsSync(path)) throw new UsageError(`empathy suite: ${path} not found`);
  return path;
}

async function readCsv(file: string): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  await new Promise<void>((resolve, reject) => {
    parseFile(file, { headers: true }).on('error', reject).on('data', (r: Record<string, string>) => rows.push(r)).on('end', () => resolve());
  });
  return rows;
}

interface EsconvReply {
  text: string;
  label: '0' | '1';
  customer: string | null;
}

async function esconvReplies(dataDir: string, split: string): Promise<EsconvReply[]> {
  const out: EsconvReply[] = [];
  const raw = await readFile(need(join(dataDir, 'esconv', `${split}.txt`)), 'utf8');
  for (const line of raw.split('\n')) {
    if (!line.trim()) continue;
    const conv = JSON.parse(line) as { dialog: { speaker: string; text: string; strategy?: string }[] };
    let customer: string | null = null;
    for (const t of conv.dialog) {
      if (t.speaker !== 'sys') customer = t.text;
      else if (t.text.trim()) out.push({ text: t.text, label: EMPATHIC_STRATEGIES.has(t.strategy ?? '') ? '1' : '0', customer });
    }
  }
  return out;
}

async function esconv(dataDir: string): Promise<EvalRow[]> {
  const train = await esconvReplies(dataDir, 'train');
  const valid = await esconvReplies(dataDir, 'valid');
  const dir = await mkdtemp(join(tmpdir(), 'voc-eval-empathy-'));
  const write = async (name: string, rows: EsconvReply[]) => {
    const file = join(dir, name);
    await writeFile(file, ['text,label,customer', ...rows.map((r) => `${quote(r.text)},${r.label},${quote(r.customer ?? '')}`)].join('\n') + '\n');
    return file;
  };
  try {
    const task = 'empathy cue detector (voc eval empathy)';
    const note = (r: EmpathyEval) => `label 1: reflection, affirmation, restatement strategies; precision ${r.precision}, recall ${r.recall}`;
    const all = await evalEmpathy(await write('all.csv', [...train, ...valid]));
    const held = await evalEmpathy(await write('valid.csv', valid));
    const t0 = performance.now();
    const model = trainEmpathyModel(train);
    const seconds = (performance.now() - t0) / 1000;
    const trained = await evalEmpathy(join(dir, 'valid.csv'), model);
    return [
      { set: 'esconv (train+valid)', task, metric: 'F1', value: all.f1, goal: '≥ 0.65', n: all.n, note: note(all) },
      { set: 'esconv (train+valid)', task, metric: 'accuracy', value: all.accuracy, n: all.n },
      { set: 'esconv (valid)', task, metric: 'F1', value: held.f1, goal: '≥ 0.65', n: held.n, note: note(held) },
      { set: 'esconv (train → valid)', task: 'empathy, trained (voc empathy train)', metric: 'F1', value: trained.f1, goal: '≥ 0.72', n: trained.n, note: `${note(trained)}; trained on ${train.length.toLocaleString('en-US')} replies in ${seconds.toFixed(0)} s` },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function rsics(dataDir: string): Promise<EvalRow[]> {
  const rows = await readCsv(need(join(dataDir, 'rsics', 'tagged_selections_by_sentence.csv')));
  let tp = 0, fp = 0, fn = 0, n = 0;
  for (const r of rows) {
    // The full request is the merged selections with the reviewers' [brackets] taken out.
    const text = (r.MergedSelections ?? '').replace(/[[\]]/g, '').trim();
    if (!text) continue;
    n++;
    const gold = r.Rant === '1' || r['Express Emotion'] === '1';
    const fired = callsForEmpathy(text);
    if (gold && fired) tp++;
    else if (fired) fp++;
    else if (gold) fn++;
  }
  const set = 'rsics (requests)';
  const task = 'called-for-empathy detector';
  return [
    { set, task, metric: 'recall on Rant / Express Emotion', value: round(tp / Math.max(1, tp + fn)), goal: '≥ 0.80', n: tp + fn },
    { set, task, metric: 'precision', value: round(tp / Math.max(1, tp + fp)), n, note: `fires on ${round((tp + fp) / Math.max(1, n))} of all requests` },
  ];
}

async function airline(dataDir: string): Promise<EvalRow[]> {
  const rows = await readCsv(need(join(dataDir, 'airline-tweets', 'tweets.csv')));
  const byReason = new Map<string, { n: number; fired: number }>();
  for (const r of rows) {
    if (!r.text?.trim()) continue;
    const reason = r.airline_sentiment === 'negative' ? `negative: ${r.negativereason || 'no reason'}` : r.airline_sentiment ?? 'unlabelled';
    const e = byReason.get(reason) ?? { n: 0, fired: 0 };
    e.n++;
    if (callsForEmpathy(r.text)) e.fired++;
    byReason.set(reason, e);
  }
  const negative = [...byReason].filter(([reason]) => reason.startsWith('negative'));
  const all = negative.reduce((acc, [, e]) => ({ n: acc.n + e.n, fired: acc.fired + e.fired }), { n: 0, fired: 0 });
  byReason.set('negative: all reasons', all);
  return [...byReason].sort((a, b) => b[1].n - a[1].n).map(([reason, e]) => ({
    set: 'airline-tweets (dev)', task: 'called-for-empathy detector', metric: `firing rate, ${reason}`, value: round(e.fired / e.n), n: e.n,
  }));
}

export const suite: EvalSuite = async (dataDir) => [...(await esconv(dataDir)), ...(await rsics(dataDir)), ...(await airline(dataDir))];
