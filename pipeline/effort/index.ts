/**
 * Customer effort for one interaction: what the customer says they had to do and how it felt (cues in
 * their turns), joined with what the records say (transfers, hold time, earlier contacts), summed into
 * a 0-100 score with its drivers, and mapped to a predicted CES answer.
 */
import { sortSmall } from '../match/order.ts';
import type { Rules } from '../passes/rules.ts';
import type { Doc } from '../text/document.ts';
import type { EffortDriver, EffortResult, Evidence, Kpis, ScoringContext, SentimentResult } from '../types.ts';
import { DEFAULT_CES_MAPPING, predictCes, type CesMapping } from './ces.ts';
import { findEffortCues, type EffortCue } from './cues.ts';

type EffortRules = Rules['effort'];

/**
 * Days within which an earlier contact by the same customer is a repeat: an effort cue here, and the
 * window every report counts repeat contacts and FCR with. A deployment may set another
 * (`Config.repeatWindowDays`); the scorer version then says so. @defaultValue 7
 */
export const REPEAT_WINDOW_DAYS = 7;

/** A spoken driver and the record that says the same thing: when both are present the text counts less. */
const CORROBORATED_BY: Record<string, 'transfers' | 'hold_time' | 'prior_contacts'> = {
  transfer: 'transfers',
  waiting: 'hold_time',
  repeat_contact: 'prior_contacts',
};

/** Evidence for a driver that comes from the records, not the text: `turn` is −1 and the offsets 0. */
function recordEvidence(text: string, cue: string, weight: number): Evidence {
  return { text, turn: -1, start: 0, end: 0, cue, weight };
}

function recordDrivers(kpis: Kpis, context: ScoringContext, rules: EffortRules): EffortDriver[] {
  const R = rules.scoring.records;
  const out: EffortDriver[] = [];
  const transfers = kpis.transfers ?? 0;
  if (transfers > 0) {
    const weight = R.transfers.per_unit * Math.min(transfers, R.transfers.max_units);
    out.push({ driver: 'transfers', kind: 'record', weight, evidence: [recordEvidence(`${transfers} transfer${transfers === 1 ? '' : 's'}`, 'kpis.transfers', weight)] });
  }
  const hold = kpis.hold_time_s ?? 0;
  if (hold > R.hold_time.threshold_s) {
    const weight = Math.min(R.hold_time.max, R.hold_time.base + (R.hold_time.per_minute * (hold - R.hold_time.threshold_s)) / 60);
    out.push({ driver: 'hold_time', kind: 'record', weight: round(weight), evidence: [recordEvidence(`${Math.round(hold)} s on hold`, 'kpis.hold_time_s', round(weight))] });
  }
  const prior = context.priorContacts ?? 0;
  if (prior > 0) {
    const weight = R.prior_contacts.per_unit * Math.min(prior, R.prior_contacts.max_units);
    out.push({ driver: 'prior_contacts', kind: 'record', weight, evidence: [recordEvidence(`${prior} earlier contact${prior === 1 ? '' : 's'}`, 'context.priorContacts', weight)] });
  }
  return out;
}

/** Spoken cues grouped by driver: the first mention at full weight, the next ones at REPEAT_FACTOR, up to REPEAT_MAX. */
function textDrivers(cues: readonly EffortCue[], recorded: Set<string>, rules: EffortRules): EffortDriver[] {
  const { corroboratedTextFactor: CORROBORATED_TEXT_FACTOR, repeatFactor: REPEAT_FACTOR, repeatMax: REPEAT_MAX } = rules;
  const byName = new Map<string, EffortCue[]>();
  for (const c of cues) {
    const list = byName.get(c.driver.name);
    if (list) list.push(c);
    else byName.set(c.driver.name, [c]);
  }
  return [...byName.values()].map((list) => {
    const d = list[0]!.driver;
    const record = CORROBORATED_BY[d.name];
    const factor = record && recorded.has(record) ? CORROBORATED_TEXT_FACTOR : 1;
    let weight = 0;
    list.slice(0, REPEAT_MAX).forEach((_, i) => (weight += d.weight * factor * (i === 0 ? 1 : REPEAT_FACTOR)));
    return { driver: d.name, kind: d.kind, weight: round(weight), evidence: list.map((c) => c.evidence) };
  });
}

function sentimentDriver(sentiment: SentimentResult, rules: EffortRules): EffortDriver | null {
  const S = rules.scoring.sentiment;
  const customer = sentiment.speakers.customer;
  if (!customer || customer.score > S.threshold) return null;
  const turns = new Set(sentiment.turns.filter((t) => t.speaker === 'customer').map((t) => t.turn));
  return { driver: 'negative_sentiment', kind: 'feel', weight: S.weight, evidence: sentiment.evidence.filter((e) => turns.has(e.turn)) };
}

const round = (x: number) => Math.round(x * 100) / 100;

/**
 * Scores the customer's effort. `mapping` turns the score into a predicted CES; the default comes from
 * lexicons/en/effort-ces.json, a fitted one from `voc calibrate effort`.
 */
export function scoreEffort(
  doc: Doc, kpis: Kpis, context: ScoringContext, sentiment: SentimentResult, mapping: CesMapping = DEFAULT_CES_MAPPING,
  cues: readonly EffortCue[] = doc.turns.filter((t) => t.speaker === 'customer').flatMap((t) => findEffortCues(t)),
): EffortResult {
  const rules = doc.language.rules.effort;
  const curve = rules.scoring.curve;
  const records = recordDrivers(kpis, context, rules);
  const feel = sentimentDriver(sentiment, rules);
  const drivers = sortSmall([...records, ...textDrivers(cues, new Set(records.map((r) => r.driver)), rules), ...(feel ? [feel] : [])], (a, b) => b.weight - a.weight);
  const sum = drivers.reduce((acc, d) => acc + d.weight, 0);
  const score = sum > 0 ? round(100 * (1 - Math.exp(-sum / curve.scale))) : 0;
  return { score, predicted_ces: predictCes(score, mapping), drivers };
}
