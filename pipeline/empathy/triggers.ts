/**
 * Customer turns that call for empathy: frustration, distress, a problem or a complaint in the
 * customer's words (lexicons/en/empathy-triggers.json), an effort cue (a repeat contact, a transfer, a
 * long wait), or a sentence the sentiment scorer found clearly negative.
 */
import { sortSmall } from '../match/order.ts';
import { findEffortCues, type EffortCue } from '../effort/cues.ts';
import { standingMatches } from '../match/negation.ts';
import { familyMatches } from '../passes/02-phrases.ts';
import type { DocTurn } from '../text/document.ts';
import type { Evidence, SentenceSentiment } from '../types.ts';

export interface TriggerFinding {
  turn: number;
  /** Every reason found, strongest first, joined: "frustration, repeat_contact". */
  reason: string;
  evidence: Evidence[];
}

/**
 * Why `turn` calls for empathy, or null when it does not. `sentences` are the sentiment scorer's
 * sentences of this turn, `effortCues` its effort cues (pass 4; found here when not given).
 */
export function findTrigger(turn: DocTurn, sentences: SentenceSentiment[] = [], effortCues: readonly EffortCue[] = findEffortCues(turn)): TriggerFinding | null {
  const rules = turn.language.rules.triggers;
  const found: { priority: number; name: string; evidence: Evidence[] }[] = [];
  for (const m of standingMatches(familyMatches(turn, 'trigger'), turn.canon, rules.negation)) {
    found.push({ priority: rules.priority.get(m.pattern.data)!, name: m.pattern.data, evidence: [{ text: turn.text.slice(m.start, m.end), turn: turn.index, start: m.start, end: m.end, cue: m.pattern.source }] });
  }
  for (const c of effortCues) {
    if (rules.effortDrivers.has(c.driver.name)) found.push({ priority: rules.effortPriority, name: c.driver.name, evidence: [c.evidence] });
  }
  for (const s of sentences) {
    // A bare "no" or "not" ("No, I have not tried that yet") answers a question; distress needs an opinion word.
    if (s.score > rules.sentimentThreshold || (s.evidence.length > 0 && s.evidence.every((e) => e.cue?.startsWith('negation:')))) continue;
    const evidence = s.evidence.length > 0 ? s.evidence : [{ text: turn.text.slice(s.start, s.end), turn: turn.index, start: s.start, end: s.end }];
    found.push({ priority: rules.sentimentPriority, name: 'negative_sentiment', evidence: evidence.map((e) => ({ ...e, cue: e.cue ?? 'sentiment' })) });
  }
  if (found.length === 0) return null;
  sortSmall(found, (a, b) => a.priority - b.priority);
  // The same words often carry several reasons ("never arrived": a problem and an unmet expectation); show them once.
  const evidence: Evidence[] = [];
  const names: string[] = [];
  for (const f of found) {
    if (!names.includes(f.name)) names.push(f.name);
    next: for (const e of f.evidence) {
      for (const seen of evidence) if (seen.start === e.start && seen.end === e.end) continue next;
      evidence.push(e);
    }
  }
  return {
    turn: turn.index,
    reason: names.join(', '),
    evidence: sortSmall(evidence, (a, b) => a.start - b.start),
  };
}
