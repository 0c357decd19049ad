/**
 * Satisfaction suite for `npm run eval`: the STC-3 helpdesk dialogues (English translation, labelled
 * part), split once into two fixed halves by dialogue id. Rules and phrases are tuned looking at half A
 * only; half B is reported beside it, so a change that only fits A shows.
 */
import { join } from 'node:path';
import { readStc3, type RatedInteraction } from './conversations.ts';
import { satisfactionAgreement } from './satisfaction.ts';
import type { EvalRow, EvalSuite } from './suite.ts';

/** FNV-1a of the id: a fixed half for each dialogue, the same in every run. */
export function half(id: string): 'A' | 'B' {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % 2 === 0 ? 'A' : 'B';
}

const SHOWN = ['customer sentiment (interaction score)', 'customer sentiment, end', 'empathy', 'ownership', 'effort'];
const GOALS: Record<string, string> = { 'customer sentiment (interaction score)': '≥ 0.50', empathy: '> 0' };

export const suite: EvalSuite = async (dataDir) => {
  const rated = await readStc3(join(dataDir, 'stc3-dialogues-en', 'train_data_en.json'));
  const rows: EvalRow[] = [];
  for (const h of ['A', 'B'] as const) {
    const part: RatedInteraction[] = rated.filter((r) => half(r.interaction.interaction_id) === h);
    const r = satisfactionAgreement(part);
    const set = `stc3-dialogues-en (half ${h}${h === 'A' ? ', tuning' : ', held out'})`;
    const task = 'Spearman with annotated satisfaction (voc eval satisfaction)';
    for (const name of SHOWN) {
      const a = r.scores[name]!;
      rows.push({ set, task, metric: name, value: a.spearman ?? 0, goal: GOALS[name], n: a.n });
    }
    rows.push({ set, task, metric: 'empathy, partial on opening sentiment', value: r.empathy_partial.spearman ?? 0, goal: '> 0', n: r.empathy_partial.n });
  }
  return rows;
};
