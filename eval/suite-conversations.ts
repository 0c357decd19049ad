/**
 * Real-conversation suite for `npm run eval`: customer-care threads nobody here wrote (IBM's Twitter
 * customer care, 25 brands; the Twitter customer-support excerpt), scored as a new user would score
 * them. They have no labels for these questions, so the figures are rates whose right value is known
 * in direction: how often intent falls back to `other`; how often an agent turn that apologises is
 * scored negative (an apology is the agent being kind, not negative); how many conversations are in a
 * language the scorer declines.
 */
import { join } from 'node:path';
import { createScorer } from '../pipeline/score.ts';
import type { Interaction } from '../pipeline/types.ts';
import { readIbmCustomerCare, readTwcs } from './conversations.ts';
import type { EvalRow, EvalSuite } from './suite.ts';

const APOLOGY = /\b(sorry|apologi[sz]e|apologies)\b/i;

export interface ConversationRates {
  conversations: number;
  not_scored: number;
  other: number;
  apology_turns: number;
  apology_negative: number;
}

export function conversationRates(interactions: readonly Interaction[]): ConversationRates {
  const scorer = createScorer();
  const r: ConversationRates = { conversations: 0, not_scored: 0, other: 0, apology_turns: 0, apology_negative: 0 };
  for (const x of interactions) {
    r.conversations++;
    const s = scorer.score(x);
    if (s.not_scored) {
      r.not_scored++;
      continue;
    }
    if (s.intent.primary === 'other') r.other++;
    for (const t of s.sentiment.turns) {
      if (t.speaker !== 'agent' || !APOLOGY.test(x.turns[t.turn]!.text)) continue;
      r.apology_turns++;
      if (t.label === 'negative') r.apology_negative++;
    }
  }
  return r;
}

const round = (x: number) => Math.round(x * 10000) / 10000;

function rows(set: string, r: ConversationRates): EvalRow[] {
  const scored = r.conversations - r.not_scored;
  const task = 'real conversations, rules only';
  return [
    { set, task, metric: 'intent `other` rate', value: round(r.other / Math.max(1, scored)), goal: '≤ 0.35', n: scored },
    { set, task, metric: 'agent apology turns scored negative', value: round(r.apology_negative / Math.max(1, r.apology_turns)), goal: '≤ 0.10', n: r.apology_turns },
    { set, task, metric: 'conversations not scored (language)', value: round(r.not_scored / Math.max(1, r.conversations)), n: r.conversations },
  ];
}

export const suite: EvalSuite = async (dataDir) => [
  ...rows('ibm-customer-care (dev)', conversationRates(await readIbmCustomerCare(join(dataDir, 'ibm-customer-care', 'dev.json')))),
  ...rows('twcs-excerpt (threads)', conversationRates(await readTwcs(join(dataDir, 'twcs-excerpt', 'twcs_first_rows.csv')))),
];
