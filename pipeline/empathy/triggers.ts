/**
 * Customer turns that call for empathy: frustration, distress, a problem or a complaint in the
 * customer's words (lexicons/empathy-triggers.json), an effort cue (a repeat contact, a transfer, a
 * long wait), or a sentence the sentiment scorer found clearly negative.
 */
import lexicon from '../../lexicons/empathy-triggers.json' with { type: 'json' };
import { EFFORT_DRIVERS, findEffortCues } from '../effort/cues.ts';
import type { DocTurn } from '../text/document.ts';
import type { Evidence, SentenceSentiment } from '../types.ts';
import { canonical, findPhrases, LexiconError, PhraseIndex, type NegationRule } from './phrases.ts';

interface Reason {
  name: string;
  /** Lower is stronger: the reason named first when a turn has several. */
  priority: number;
}

const INDEX = new PhraseIndex<Reason>(
  Object.entries(lexicon.reasons).flatMap(([name, r]) => r.patterns.map((pattern) => ({ pattern, data: { name, priority: r.priority } }))),
  lexicon.classes,
);
const NEGATION: NegationRule = { negators: new Set(lexicon.negation.negators), window: lexicon.negation.window };
const SENTIMENT_THRESHOLD = lexicon.sentiment_threshold;
const EFFORT_TRIGGERS = new Set(lexicon.effort_drivers);
for (const d of EFFORT_TRIGGERS) if (!EFFORT_DRIVERS.has(d)) throw new LexiconError(`empathy-triggers: unknown effort driver ${d}`);
/** Effort cues rank after the trigger lexicon's own reasons, sentiment last. */
const EFFORT_PRIORITY = 5;
const SENTIMENT_PRIORITY = 6;

export interface TriggerFinding {
  turn: number;
  /** Every reason found, strongest first, joined: "frustration, repeat_contact". */
  reason: string;
  evidence: Evidence[];
}

/**
 * Why `turn` calls for empathy, or null when it does not. `sentences` are the sentiment scorer's
 * sentences of this turn.
 */
export function findTrigger(turn: DocTurn, sentences: SentenceSentiment[] = []): TriggerFinding | null {
  const toks = canonical(turn);
  const found: { priority: number; name: string; evidence: Evidence[] }[] = [];
  for (const m of findPhrases(INDEX, toks, NEGATION)) {
    found.push({ priority: m.pattern.data.priority, name: m.pattern.data.name, evidence: [{ text: turn.text.slice(m.start, m.end), turn: turn.index, start: m.start, end: m.end, cue: m.pattern.source }] });
  }
  for (const c of findEffortCues(turn, toks)) {
    if (EFFORT_TRIGGERS.has(c.driver.name)) found.push({ priority: EFFORT_PRIORITY, name: c.driver.name, evidence: [c.evidence] });
  }
  for (const s of sentences) {
    // A bare "no" or "not" ("No, I have not tried that yet") answers a question; distress needs an opinion word.
    if (s.score > SENTIMENT_THRESHOLD || (s.evidence.length > 0 && s.evidence.every((e) => e.cue?.startsWith('negation:')))) continue;
    const evidence = s.evidence.length > 0 ? s.evidence : [{ text: turn.text.slice(s.start, s.end), turn: turn.index, start: s.start, end: s.end }];
    found.push({ priority: SENTIMENT_PRIORITY, name: 'negative_sentiment', evidence: evidence.map((e) => ({ ...e, cue: e.cue ?? 'sentiment' })) });
  }
  if (found.length === 0) return null;
  found.sort((a, b) => a.priority - b.priority);
  // The same words often carry several reasons ("never arrived": a problem and an unmet expectation); show them once.
  const evidence = new Map<string, Evidence>();
  for (const e of found.flatMap((f) => f.evidence)) {
    const key = `${e.start}:${e.end}`;
    if (!evidence.has(key)) evidence.set(key, e);
  }
  return {
    turn: turn.index,
    reason: [...new Set(found.map((f) => f.name))].join(', '),
    evidence: [...evidence.values()].sort((a, b) => a.start - b.start),
  };
}
