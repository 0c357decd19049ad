/**
 * Finding effort cues in the customer's words: the drivers of lexicons/effort-cues.json matched with
 * negation and overlaps resolved. Shared with the empathy scorer, for which a repeat contact, a
 * transfer or a long wait is a turn that calls for empathy.
 */
import lexicon from '../../lexicons/effort-cues.json' with { type: 'json' };
import { canonical, findPhrases, LexiconError, PhraseIndex, type CanonToken, type NegationRule } from '../empathy/phrases.ts';
import type { DocTurn } from '../text/document.ts';
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

function loadDrivers(): Map<string, EffortCueDriver> {
  const out = new Map<string, EffortCueDriver>();
  for (const [name, d] of Object.entries(lexicon.drivers)) {
    if (d.kind !== 'do' && d.kind !== 'feel') throw new LexiconError(`effort-cues: ${name}: kind must be do or feel`);
    if (typeof d.weight !== 'number' || !Number.isFinite(d.weight)) throw new LexiconError(`effort-cues: ${name}: weight must be a number`);
    out.set(name, { name, kind: d.kind, weight: d.weight });
  }
  return out;
}

export const EFFORT_DRIVERS = loadDrivers();

const INDEX = new PhraseIndex<EffortCueDriver>(
  Object.entries(lexicon.drivers).flatMap(([name, d]) => d.patterns.map((pattern) => ({ pattern, data: EFFORT_DRIVERS.get(name)! }))),
  lexicon.classes,
);
const NEGATION: NegationRule = { negators: new Set(lexicon.negation.negators), window: lexicon.negation.window };

/** On a tie between overlapping matches, the heavier driver wins: do effort over feel, feel over ease. */
const preferHeavier = (d: EffortCueDriver) => d.weight;

/** Cues already found: the empathy triggers and the effort score read the same customer turns. */
const FOUND = new WeakMap<DocTurn, EffortCue[]>();

/** The effort cues in one turn, in text order. Pass `toks` when the canonical stream is already built. */
export function findEffortCues(turn: DocTurn, toks?: CanonToken[]): EffortCue[] {
  let cues = FOUND.get(turn);
  if (!cues) FOUND.set(turn, (cues = matchCues(turn, toks ?? canonical(turn))));
  return cues;
}

function matchCues(turn: DocTurn, toks: CanonToken[]): EffortCue[] {
  return findPhrases(INDEX, toks, NEGATION, preferHeavier).map((m) => ({
    driver: m.pattern.data,
    evidence: { text: turn.text.slice(m.start, m.end), turn: turn.index, start: m.start, end: m.end, cue: m.pattern.source, weight: m.pattern.data.weight },
  }));
}

/** How a spoken driver is weighed against a record of the same thing, and how repeats add up. */
export const CORROBORATED_TEXT_FACTOR = lexicon.corroboration.text_factor;
export const REPEAT_FACTOR = lexicon.repeats.factor;
export const REPEAT_MAX = lexicon.repeats.max_matches;
