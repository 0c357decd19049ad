/** A hand-made interaction and score for the `voc show` tests. */
import type { Interaction, InteractionScores } from '../pipeline/types.ts';
import { SCORER_VERSION } from '../pipeline/version.ts';

export const INTERACTION: Interaction = {
  interaction_id: 'SHOW-1',
  channel: 'chat',
  agent_id: 'A7',
  team: 'North',
  customer_id: 'C9',
  started_at: '2026-09-01T10:00:00.000Z',
  kpis: { csat: 2, ces: 6, transfers: 1 },
  turns: [
    { speaker: 'customer', text: 'Third time calling, my parcel never came.' },
    { speaker: 'agent', text: "I understand, but there's nothing I can do." },
    { speaker: 'customer', text: 'That is ridiculous.' },
    { speaker: 'agent', text: "I'm sorry. I'll send a new one today." },
  ],
};

export const SCORES: InteractionScores = {
  interaction_id: 'SHOW-1',
  scorer_version: SCORER_VERSION,
  language: { language: 'en', script: 'Latn', confidence: 1, turns: [] },
  not_scored: null,
  sentiment: {
    score: -0.4, label: 'negative', sentences: [],
    turns: [
      { turn: 0, speaker: 'customer', score: -0.5, label: 'negative' },
      { turn: 1, speaker: 'agent', score: 0, label: 'neutral' },
      { turn: 2, speaker: 'customer', score: -0.6, label: 'negative' },
      { turn: 3, speaker: 'agent', score: 0.1, label: 'positive' },
    ],
    speakers: {}, customer_start: -0.5, customer_end: -0.6, customer_shift: -0.1, trajectory: 'negative', evidence: [],
  },
  empathy: {
    applicable: true, score: 35, empathy_statements: 35, ownership_statements: 50,
    triggers: [
      { turn: 0, reason: 'repeat_contact, problem', evidence: [{ text: 'Third time', turn: 0, start: 0, end: 10 }, { text: 'never came', turn: 0, start: 30, end: 40 }], response: 'missing', answered_by: null },
      { turn: 2, reason: 'frustration', evidence: [{ text: 'ridiculous', turn: 2, start: 8, end: 18 }], response: 'timely', answered_by: 3 },
    ],
    cues: [
      { turn: 1, category: 'dismissal', polarity: 'negative', evidence: { text: 'I understand', turn: 1, start: 0, end: 12, cue: 'hollow acknowledgement: i|we @know_verb' } },
      { turn: 1, category: 'dismissal', polarity: 'negative', evidence: { text: "there's nothing I can do", turn: 1, start: 18, end: 42 } },
      { turn: 3, category: 'apology', polarity: 'positive', evidence: { text: "I'm sorry", turn: 3, start: 0, end: 9 } },
      { turn: 3, category: 'ownership', polarity: 'positive', evidence: { text: "I'll send", turn: 3, start: 11, end: 20 } },
    ],
  },
  effort: {
    score: 55, predicted_ces: 4.75,
    drivers: [
      { driver: 'transfers', kind: 'record', weight: 12, evidence: [{ text: '1 transfer', turn: -1, start: 0, end: 0, cue: 'kpis.transfers' }] },
      { driver: 'repeat_contact', kind: 'do', weight: 20, evidence: [{ text: 'Third time', turn: 0, start: 0, end: 10 }] },
    ],
  },
  intent: { primary: 'delivery', confidence: 0.8, intents: [{ intent: 'delivery', confidence: 0.8, evidence: [] }, { intent: 'refund', confidence: 0.4, evidence: [] }] },
};
