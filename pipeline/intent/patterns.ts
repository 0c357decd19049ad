/**
 * The contact-reason taxonomy of lexicons/<lang>/intents.json: its patterns are in the language's one
 * automaton (family "intent"); this module holds the weights and the threshold, and compiles a
 * separate automaton for a taxonomy given in code (tests, a user's own taxonomy).
 */
import { Automaton } from '../match/automaton.ts';
import { PatternError } from '../match/pattern.ts';
import { ENGLISH, type Language } from '../text/languages.ts';

export interface IntentLexicon {
  minConfidence: number;
  intents: string[];
  /** Intent → pattern source → weight. */
  weights: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Its own automaton, for a taxonomy that is not a language's built-in one. */
  automaton: Automaton | null;
}

/** Thrown when an intent taxonomy is malformed. */
export class IntentLexiconError extends Error {
  override name = 'IntentLexiconError';
}

interface IntentsJson {
  min_confidence?: unknown;
  intents?: Record<string, { patterns?: Record<string, unknown> }>;
}

function weightsOf(json: unknown, file: string): Pick<IntentLexicon, 'minConfidence' | 'intents' | 'weights'> {
  const j = json as IntentsJson;
  if (typeof j?.min_confidence !== 'number' || j.min_confidence <= 0 || j.min_confidence >= 1) {
    throw new IntentLexiconError(`${file}: min_confidence must be a number in (0, 1)`);
  }
  if (!j.intents || typeof j.intents !== 'object') throw new IntentLexiconError(`${file}: no intents`);
  const weights = new Map<string, Map<string, number>>();
  for (const [intent, def] of Object.entries(j.intents)) {
    if (intent === 'other') throw new IntentLexiconError(`${file}: "other" is the answer when nothing fits, not an intent`);
    if (!def.patterns || !Object.keys(def.patterns).length) throw new IntentLexiconError(`${file}: intent ${intent} has no patterns`);
    const map = new Map<string, number>();
    for (const [source, weight] of Object.entries(def.patterns)) {
      if (typeof weight !== 'number' || !(weight > 0)) throw new IntentLexiconError(`${file}: weight of "${source}" (${intent}) must be a positive number`);
      map.set(source, weight);
    }
    weights.set(intent, map);
  }
  return { minConfidence: j.min_confidence, intents: Object.keys(j.intents), weights };
}

/** A taxonomy given as intents.json-shaped data, with its own automaton (English canonical form). */
export function compileIntentLexicon(json: unknown): IntentLexicon {
  const base = weightsOf(json, 'intents');
  try {
    const automaton = new Automaton(
      [...base.weights].flatMap(([intent, ws]) => [...ws.keys()].map((pattern) => ({ family: 'intent', pattern, data: intent }))),
      { canonical: ENGLISH.segmenter.canonical },
    );
    return { ...base, automaton };
  } catch (e) {
    if (e instanceof PatternError) throw new IntentLexiconError(`intents: ${e.message}`);
    throw e;
  }
}

/** A language's built-in taxonomy (its patterns are already in the language's automaton). */
export function intentsOf(language: Language): IntentLexicon {
  return { ...language.rules.intents, automaton: null };
}

/** The built-in English taxonomy. */
export const INTENTS: IntentLexicon = intentsOf(ENGLISH);
