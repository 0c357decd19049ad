/**
 * Customer turns that call for empathy: frustration, distress, a problem or a complaint in the
 * customer's words (lexicons/en/empathy-triggers.json), an effort cue (a repeat contact, a transfer, a
 * long wait), or a sentence the sentiment scorer found clearly negative.
 */
import { driversOf, EFFORT_DRIVERS, findEffortCues } from '../effort/cues.ts';
import { LexiconError } from '../lexicon/schema.ts';
import { standingMatches } from '../match/negation.ts';
import type { DocTurn } from '../text/document.ts';
import { ENGLISH, type Language } from '../text/languages.ts';
import type { Evidence, SentenceSentiment } from '../types.ts';


/** The effort drivers a language's empathy-triggers.json names, checked against its effort-cues.json. */
function effortTriggers(language: Language): Set<string> {
  const drivers = language === ENGLISH ? EFFORT_DRIVERS : driversOf(language);
  const names = new Set(language.files['empathy-triggers.json'].effort_drivers);
  for (const d of names) if (!drivers.has(d)) throw new LexiconError(`lexicons/${language.code}/empathy-triggers.json: effort_drivers: unknown effort driver ${d}`);
  return names;
}
const EN_EFFORT_TRIGGERS = effortTriggers(ENGLISH);

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
  const lexicon = turn.language.files['empathy-triggers.json'];
  const negation = { negators: new Set(lexicon.negation.negators), window: lexicon.negation.window };
  const effortTriggerNames = turn.language === ENGLISH ? EN_EFFORT_TRIGGERS : effortTriggers(turn.language);
  const found: { priority: number; name: string; evidence: Evidence[] }[] = [];
  for (const m of standingMatches(turn.matches, 'trigger', turn.canon.tokens, negation)) {
    found.push({ priority: lexicon.reasons[m.pattern.data as keyof typeof lexicon.reasons].priority, name: m.pattern.data, evidence: [{ text: turn.text.slice(m.start, m.end), turn: turn.index, start: m.start, end: m.end, cue: m.pattern.source }] });
  }
  for (const c of findEffortCues(turn)) {
    if (effortTriggerNames.has(c.driver.name)) found.push({ priority: lexicon.effort_priority, name: c.driver.name, evidence: [c.evidence] });
  }
  for (const s of sentences) {
    // A bare "no" or "not" ("No, I have not tried that yet") answers a question; distress needs an opinion word.
    if (s.score > lexicon.sentiment_threshold || (s.evidence.length > 0 && s.evidence.every((e) => e.cue?.startsWith('negation:')))) continue;
    const evidence = s.evidence.length > 0 ? s.evidence : [{ text: turn.text.slice(s.start, s.end), turn: turn.index, start: s.start, end: s.end }];
    found.push({ priority: lexicon.sentiment_priority, name: 'negative_sentiment', evidence: evidence.map((e) => ({ ...e, cue: e.cue ?? 'sentiment' })) });
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
