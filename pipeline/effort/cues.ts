/**
 * Finding effort cues in the customer's words: the drivers of lexicons/<lang>/effort-cues.json, read
 * from the automaton's matches with negation and overlaps resolved. Pass 4 finds them once per
 * customer turn; the triggers (pass 5) and the effort score (pass 7) read them.
 */
import { standingMatches } from '../match/negation.ts';
import { familyMatches } from '../passes/02-phrases.ts';
import type { EffortCueDriver } from '../passes/rules.ts';
import type { DocTurn } from '../text/document.ts';
import { ENGLISH } from '../text/languages.ts';
import type { Evidence } from '../types.ts';

export type { EffortCueDriver, EffortKind } from '../passes/rules.ts';

export interface EffortCue {
  driver: EffortCueDriver;
  evidence: Evidence;
}

/** The English drivers. */
export const EFFORT_DRIVERS = ENGLISH.rules.effort.drivers;

/** The effort cues in one turn, in text order. */
export function findEffortCues(turn: DocTurn): EffortCue[] {
  const { drivers, negation } = turn.language.rules.effort;
  // On a tie between overlapping matches, the heavier driver wins: do effort over feel, feel over ease.
  return standingMatches(familyMatches(turn, 'effort'), turn.canon, negation, (name) => drivers.get(name)!.weight).map((m) => {
    const driver = drivers.get(m.pattern.data)!;
    return { driver, evidence: { text: turn.text.slice(m.start, m.end), turn: turn.index, start: m.start, end: m.end, cue: m.pattern.source, weight: driver.weight } };
  });
}
