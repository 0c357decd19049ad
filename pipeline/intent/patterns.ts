/**
 * The contact-reason patterns of lexicons/intents.json, validated once at import and compiled into an
 * index by first word (and by first-word prefix), so matching a token costs a few `Map` lookups.
 */
import lexicon from '../../lexicons/intents.json' with { type: 'json' };

/** One position of a pattern: any of `words`, or a word starting with any of `prefixes`; `any` = `_`. */
export interface PatternElement {
  words: ReadonlySet<string>;
  prefixes: readonly string[];
  any: boolean;
}

export interface IntentPattern {
  intent: string;
  /** The pattern as written in the lexicon, reported as the evidence's cue. */
  source: string;
  weight: number;
  elements: PatternElement[];
}

export interface IntentLexicon {
  minConfidence: number;
  intents: string[];
  /** Patterns by a literal first word. */
  byWord: ReadonlyMap<string, IntentPattern[]>;
  /** Patterns whose first element is a prefix, by that prefix. */
  byPrefix: ReadonlyMap<string, IntentPattern[]>;
  /** The lengths of those prefixes, to know which slices of a token to look up. */
  prefixLengths: readonly number[];
}

/** Thrown at import when lexicons/intents.json is malformed. */
export class IntentLexiconError extends Error {
  override name = 'IntentLexiconError';
}

function parseElement(part: string, source: string): PatternElement {
  if (part === '_') return { words: new Set(), prefixes: [], any: true };
  const words = new Set<string>();
  const prefixes: string[] = [];
  for (const alt of part.split('|')) {
    if (!alt) throw new IntentLexiconError(`intents.json: empty alternative in "${source}"`);
    if (alt.endsWith('*')) prefixes.push(alt.slice(0, -1));
    else words.add(alt);
  }
  return { words, prefixes, any: false };
}

export function compileIntentLexicon(json: unknown): IntentLexicon {
  const j = json as { min_confidence?: unknown; intents?: Record<string, { patterns?: Record<string, unknown> }> };
  if (typeof j?.min_confidence !== 'number' || j.min_confidence <= 0 || j.min_confidence >= 1) {
    throw new IntentLexiconError('intents.json: min_confidence must be a number in (0, 1)');
  }
  if (!j.intents || typeof j.intents !== 'object') throw new IntentLexiconError('intents.json: no intents');
  const byWord = new Map<string, IntentPattern[]>();
  const byPrefix = new Map<string, IntentPattern[]>();
  const push = (m: Map<string, IntentPattern[]>, k: string, p: IntentPattern) => {
    const list = m.get(k);
    if (list) list.push(p);
    else m.set(k, [p]);
  };
  for (const [intent, def] of Object.entries(j.intents)) {
    if (intent === 'other') throw new IntentLexiconError('intents.json: "other" is the answer when nothing fits, not an intent');
    if (!def.patterns || !Object.keys(def.patterns).length) throw new IntentLexiconError(`intents.json: intent ${intent} has no patterns`);
    for (const [source, weight] of Object.entries(def.patterns)) {
      if (typeof weight !== 'number' || !(weight > 0)) throw new IntentLexiconError(`intents.json: weight of "${source}" (${intent}) must be a positive number`);
      if (source !== source.toLowerCase().trim()) throw new IntentLexiconError(`intents.json: pattern "${source}" must be lower case and trimmed`);
      const elements = source.split(/\s+/).map((part) => parseElement(part, source));
      if (elements[0]!.any) throw new IntentLexiconError(`intents.json: pattern "${source}" cannot start with _`);
      const pattern: IntentPattern = { intent, source, weight, elements };
      for (const w of elements[0]!.words) push(byWord, w, pattern);
      for (const p of elements[0]!.prefixes) push(byPrefix, p, pattern);
    }
  }
  const prefixLengths = [...new Set([...byPrefix.keys()].map((k) => k.length))].sort((a, b) => a - b);
  return { minConfidence: j.min_confidence, intents: Object.keys(j.intents), byWord, byPrefix, prefixLengths };
}

/** The built-in taxonomy. */
export const INTENTS: IntentLexicon = compileIntentLexicon(lexicon);

export function elementMatches(e: PatternElement, word: string): boolean {
  if (e.any || e.words.has(word)) return true;
  for (const p of e.prefixes) if (word.startsWith(p)) return true;
  return false;
}
