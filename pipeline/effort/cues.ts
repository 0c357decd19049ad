/**
 * Finding effort cues in the customer's words: the drivers of lexicons/<lang>/effort-cues.json, read
 * from the automaton's matches with negation and overlaps resolved. Shared with the empathy scorer,
 * for which a repeat contact, a transfer or a long wait is a turn that calls for empathy.
 */
import { standingMatches } from '../match/negation.ts';
import type { DocTurn } from '../text/document.ts';
import { ENGLISH, type Language } from '../text/languages.ts';
import type { Evidence } from '../types.ts';

export type EffortKind = 'do' | 'feel';

export interface EffortCueDriver {
  name: string;
  kind: EffortKind;
  /** Effort points for the first mention; negative for ease. */
  weight: number;
}

export interface EffortCue {
  driver: EffortCueDriver;
  evidence: Evidence;
}

/** The cue drivers of a language's effort-cues.json. */
export function driversOf(language: Language): Map<string, EffortCueDriver> {
  const out = new Map<string, EffortCueDriver>();
  for (const [name, d] of Object.entries(language.files['effort-cues.json'].drivers)) out.set(name, { name, kind: d.kind as EffortKind, weight: d.weight });
  return out;
}

export const EFFORT_DRIVERS = driversOf(ENGLISH);

/** The effort cues in one turn, in text order. */
export function findEffortCues(turn: DocTurn): EffortCue[] {
  const lexicon = turn.language.files['effort-cues.json'];
  const drivers = turn.language === ENGLISH ? EFFORT_DRIVERS : driversOf(turn.language);
  const negation = { negators: new Set(lexicon.negation.negators), window: lexicon.negation.window };
  // On a tie between overlapping matches, the heavier driver wins: do effort over feel, feel over ease.
  return standingMatches(turn.matches, 'effort', turn.canon.tokens, negation, (name) => drivers.get(name)!.weight).map((m) => {
    const driver = drivers.get(m.pattern.data)!;
    return { driver, evidence: { text: turn.text.slice(m.start, m.end), turn: turn.index, start: m.start, end: m.end, cue: m.pattern.source, weight: driver.weight } };
  });
}

/** How a spoken driver is weighed against a record of the same thing, and how repeats add up. */
const E = ENGLISH.files['effort-cues.json'];
export const CORROBORATED_TEXT_FACTOR = E.corroboration.text_factor;
export const REPEAT_FACTOR = E.repeats.factor;
export const REPEAT_MAX = E.repeats.max_matches;
