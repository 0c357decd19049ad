/**
 * A stored demo contact centre for the report tests: generated records in a fresh PostgreSQL
 * database, scored either by the real scorer or by an "oracle" that reads the generator's truth
 * (which agent turns were empathic, which triggers were answered), so report tests do not depend on
 * how far the text scorers have come.
 */
import { generateDemoWithTruth, type DemoRecord, type DemoTruth } from '../demo/generate.ts';
import { EMPATHY_EXPERIENCED } from '../demo/model.ts';
import * as T from '../demo/templates.ts';
import { toInteraction } from '../ingest/validate.ts';
import { createScorer } from '../pipeline/score.ts';
import type { EmpathyCue, EmpathyTrigger, Interaction, InteractionScores } from '../pipeline/types.ts';
import { SCORER_VERSION } from '../pipeline/version.ts';
import type { Db } from '../store/db.ts';
import { upsertInteractions } from '../store/ingest-batch.ts';
import { openStore } from '../store/open.ts';
import { writeResults } from '../store/scores.ts';
import { freshDatabase } from './services.ts';

export interface DemoStore {
  db: Db;
  /** The database's URL, for running `voc` against it. */
  url: string;
  records: { record: DemoRecord; truth: DemoTruth }[];
  close(): Promise<void>;
}

/** Generates `n` records, stores them in a new database and scores them. */
export async function demoStore(n: number, seed: number, scorer: 'oracle' | 'real' = 'oracle'): Promise<DemoStore> {
  const fresh = await freshDatabase();
  const db = await openStore({ databaseUrl: fresh.url, dataDir: '/tmp' });
  const records = [...generateDemoWithTruth({ n, seed })];
  const interactions = records.map((r) => toInteraction(r.record as unknown as Record<string, unknown>));
  const real = createScorer();
  for (let i = 0; i < interactions.length; i += 500) {
    const batch = interactions.slice(i, i + 500);
    await upsertInteractions(db, batch, 'demo');
    const scores = batch.map((x, k) => (scorer === 'real' ? real.score(x, { priorContacts: records[i + k]!.truth.prior_contacts }) : oracle(x, records[i + k]!.truth)));
    await writeResults(db, SCORER_VERSION, scores, []);
  }
  return {
    db,
    url: fresh.url,
    records,
    async close() {
      await db.close();
      await fresh.drop();
    },
  };
}

const has = (text: string, phrases: readonly string[]) => phrases.find((p) => text.includes(p));

/** Scores as a perfect reader of the demo templates would give them. */
export function oracle(x: Interaction, truth: DemoTruth): InteractionScores {
  const cues: EmpathyCue[] = [];
  let ownership = 0;
  x.turns.forEach((t, turn) => {
    if (t.speaker !== 'agent') return;
    const text = t.text.replace(/^>.*$/gm, '');
    const emp = has(text, T.AGENT_EMPATHY);
    const cold = has(text, T.AGENT_DISMISSIVE);
    const own = has(text, T.AGENT_OWNERSHIP);
    const ev = (p: string) => ({ text: p, turn, start: text.indexOf(p), end: text.indexOf(p) + p.length });
    if (emp) cues.push({ turn, category: 'empathy_statement', polarity: 'positive', evidence: ev(emp) });
    if (cold) cues.push({ turn, category: 'dismissive', polarity: 'negative', evidence: ev(cold) });
    if (own) {
      ownership++;
      cues.push({ turn, category: 'ownership', polarity: 'positive', evidence: ev(own) });
    }
  });
  const conversational = x.channel === 'call' || x.channel === 'chat' || x.channel === 'email';
  const triggers: EmpathyTrigger[] = conversational
    ? truth.triggers.map((tr) => ({
        turn: tr.turn,
        reason: /second time|called last week|already explained/.test(x.turns[tr.turn]?.text ?? '') ? 'repeat_contact' : 'frustration',
        evidence: [],
        response: tr.response,
        answered_by: tr.response === 'missing' ? null : tr.turn + (tr.response === 'timely' ? 1 : 3),
      }))
    : [];
  const applicable = triggers.length > 0;
  // The empathy the generator says the customer experienced, on voc's 0-100 scale.
  const empathy = applicable ? truth.empathy_z! * EMPATHY_EXPERIENCED.sd + EMPATHY_EXPERIENCED.mean : null;
  const resolvedClose = x.turns.some((t) => t.speaker === 'customer' && has(t.text, T.CUSTOMER_CLOSE_RESOLVED));
  const shift = conversational ? (resolvedClose ? 0.8 : -0.2) - (triggers.length ? 0.4 : 0) : null;
  const effort = Math.min(100, 20 + 15 * (x.kpis.transfers ?? 0) + 20 * truth.prior_contacts + (x.kpis.resolved ? 0 : 15));
  return {
    interaction_id: x.interaction_id,
    scorer_version: SCORER_VERSION,
    language: { language: 'en', script: 'Latn', confidence: 1, turns: [] },
    not_scored: null,
    sentiment: {
      score: 0,
      label: 'neutral',
      sentences: [],
      turns: x.turns.map((t, turn) => ({ turn, speaker: t.speaker, score: 0, label: 'neutral' as const })),
      speakers: {},
      customer_start: shift === null ? null : 0,
      customer_end: shift,
      customer_shift: shift,
      trajectory: null,
      evidence: [],
    },
    empathy: { applicable, score: empathy, empathy_statements: applicable ? cues.filter((c) => c.category === 'empathy_statement').length : null, ownership_statements: applicable ? ownership : null, triggers, cues },
    effort: { score: effort, predicted_ces: 1 + (6 * effort) / 100, drivers: [] },
    intent: { primary: truth.reason ?? 'other', confidence: 1, intents: truth.reason ? [{ intent: truth.reason, confidence: 1, evidence: openingEvidence(x) }] : [] },
  };
}

/** The customer's opening sentence: what the generator wrote to state the reason. */
function openingEvidence(x: Interaction): InteractionScores['intent']['intents'][number]['evidence'] {
  const turn = x.turns.findIndex((t) => t.speaker === 'customer');
  if (turn < 0) return [];
  const text = x.turns[turn]!.text;
  const start = text.search(/[A-Z]/);
  const stop = text.slice(Math.max(0, start)).search(/[.!?]/);
  if (start < 0 || stop < 0) return [];
  return [{ text: text.slice(start, start + stop), turn, start, end: start + stop }];
}
