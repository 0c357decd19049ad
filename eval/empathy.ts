/**
 * `voc eval empathy FILE.csv`: the agent-empathy cue detector against human labels. Each row is one
 * agent reply (`text`) and whether people judged it to express empathy (`label` 1 or 0). A reply
 * expresses empathy when the detector finds acknowledgement / validation, reassurance, a reflection of
 * feelings or a paraphrase in it (the categories marked `eval` in lexicons/en/empathy-cues.json), or,
 * with `--model`, when a model trained by `voc empathy train` says so (given the `customer` turn, if
 * the file has that column).
 */
import { UsageError } from '../lib/errors.ts';
import { CATEGORIES, findCues } from '../pipeline/empathy/cues.ts';
import { prepareText } from '../pipeline/text/document.ts';
import type { EmpathyPredictor } from '../pipeline/learn/empathy-model.ts';
import { readLabelled, type LabelledRow } from './labelled.ts';

export interface EmpathyEval {
  n: number;
  /** Of the replies the detector called empathic, the share people labelled 1. */
  precision: number;
  /** Of the replies people labelled 1, the share the detector found. */
  recall: number;
  f1: number;
  accuracy: number;
}

/** True when the detector finds an empathy cue of an `eval` category in one agent reply. */
export function expressesEmpathy(text: string): boolean {
  const turn = prepareText(text, 'agent', 'chat').turns[0];
  return turn !== undefined && findCues(turn).some((c) => c.polarity === 'positive' && CATEGORIES.get(c.category)?.eval === true);
}

const round = (x: number) => Math.round(x * 10000) / 10000;

/** Precision, recall and F1 of label 1, and accuracy, over `gold` and `predicted`. */
export function binaryAgreement(gold: boolean[], predicted: boolean[]): EmpathyEval {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  gold.forEach((g, i) => {
    const p = predicted[i];
    if (g && p) tp++;
    else if (p) fp++;
    else if (g) fn++;
    else tn++;
  });
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { n: gold.length, precision: round(precision), recall: round(recall), f1: round(f1), accuracy: round(gold.length ? (tp + tn) / gold.length : 0) };
}

export async function evalEmpathy(file: string, model?: EmpathyPredictor): Promise<EmpathyEval> {
  const rows = await readLabelled(file, ['customer']);
  if (rows.length === 0) throw new UsageError(`${file}: no labelled rows`);
  const bad = rows.find((r) => r.label !== '0' && r.label !== '1');
  if (bad) throw new UsageError(`${file}: label must be 1 (expresses empathy) or 0, found "${bad.label}"`);
  const predict = model ? (r: LabelledRow) => model.predict(r.text, r.customer).empathic : (r: LabelledRow) => expressesEmpathy(r.text);
  return binaryAgreement(rows.map((r) => r.label === '1'), rows.map(predict));
}
