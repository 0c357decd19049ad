/**
 * Contact reason (intent): why the customer got in touch. The built-in taxonomy matches the cue
 * patterns of lexicons/intents.json on the customer's turns; a trained model (`voc intent train`),
 * when given, decides the primary reason and the patterns still supply evidence.
 */
import type { Doc } from '../text/document.ts';
import type { Evidence, IntentMatch, IntentResult } from '../types.ts';
import { elementMatches, INTENTS, type IntentLexicon, type IntentPattern } from './patterns.ts';
import type { IntentPredictor } from './predictor.ts';

export type { IntentPredictor } from './predictor.ts';

/** The answer when no reason fits. */
export const OTHER = 'other';

/** Candidate patterns per word, found once: by the word itself and by each of its indexed prefixes. */
const candidateCache = new WeakMap<IntentLexicon, Map<string, readonly IntentPattern[]>>();
/** Words remembered per lexicon; past this the cache starts again (a bound, not a tuning knob). */
const CACHE_WORDS = 50_000;
const NONE: readonly IntentPattern[] = [];

function candidates(lex: IntentLexicon, word: string): readonly IntentPattern[] {
  let cache = candidateCache.get(lex);
  if (!cache) candidateCache.set(lex, (cache = new Map()));
  let found = cache.get(word);
  if (found) return found;
  const list = [...(lex.byWord.get(word) ?? [])];
  for (const len of lex.prefixLengths) {
    if (len > word.length) break;
    list.push(...(lex.byPrefix.get(word.slice(0, len)) ?? []));
  }
  found = list.length ? list : NONE;
  if (cache.size >= CACHE_WORDS) cache.clear();
  cache.set(word, found);
  return found;
}

/** Every pattern match on the customer's turns, the first match of each pattern only. */
function matchPatterns(doc: Doc, lex: IntentLexicon): Map<IntentPattern, Evidence> {
  const found = new Map<IntentPattern, Evidence>();
  for (const turn of doc.turns) {
    if (turn.speaker !== 'customer') continue;
    for (const sentence of turn.sentences) {
      // Patterns run over words; punctuation inside a sentence doesn't break a phrase.
      const words = sentence.tokens.filter((t) => t.kind !== 'punct');
      for (let i = 0; i < words.length; i++) {
        for (const p of candidates(lex, words[i]!.lower)) {
          if (found.has(p) || i + p.elements.length > words.length) continue;
          let ok = true;
          for (let k = 1; k < p.elements.length && ok; k++) ok = elementMatches(p.elements[k]!, words[i + k]!.lower);
          if (!ok) continue;
          const start = words[i]!.start;
          const end = words[i + p.elements.length - 1]!.end;
          found.set(p, { text: turn.text.slice(start, end), turn: turn.index, start, end, cue: `${p.intent}: ${p.source}`, weight: p.weight });
        }
      }
    }
  }
  return found;
}

/** Confidence from the summed weights of an intent's cues: 1 − e^(−sum), so cues add up but saturate below 1. */
const confidenceOf = (sum: number) => 1 - Math.exp(-sum);

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Rule-based matches per intent, best first, including those below the threshold. */
function lexiconMatches(doc: Doc, lex: IntentLexicon): IntentMatch[] {
  const byIntent = new Map<string, { sum: number; evidence: Evidence[] }>();
  for (const [p, ev] of matchPatterns(doc, lex)) {
    const entry = byIntent.get(p.intent) ?? { sum: 0, evidence: [] };
    entry.sum += p.weight;
    entry.evidence.push(ev);
    byIntent.set(p.intent, entry);
  }
  return [...byIntent.entries()]
    .map(([intent, e]) => ({
      intent,
      confidence: round(confidenceOf(e.sum)),
      evidence: e.evidence.sort((a, b) => a.turn - b.turn || a.start - b.start),
    }))
    .sort((a, b) => b.confidence - a.confidence || a.intent.localeCompare(b.intent));
}

/** The customer's words, one turn a line: what a trained model reads. */
function customerText(doc: Doc): string {
  return doc.turns.filter((t) => t.speaker === 'customer').map((t) => t.text).join('\n');
}

/**
 * The contact reasons of a prepared interaction, multi-label, best first, with the words that matched.
 * With `model`, its prediction is primary (`other` below its out-of-scope threshold).
 */
export function scoreIntent(doc: Doc, model?: IntentPredictor, lex: IntentLexicon = INTENTS): IntentResult {
  const all = lexiconMatches(doc, lex);
  const matches = all.filter((m) => m.confidence >= lex.minConfidence);
  if (!model) {
    const top = matches[0];
    return top ? { primary: top.intent, confidence: top.confidence, intents: matches } : { primary: OTHER, confidence: 0, intents: [] };
  }
  const text = customerText(doc);
  if (!text.trim()) return { primary: OTHER, confidence: 0, intents: [] };
  const p = model.predict(text);
  if (!p.inScope) return { primary: OTHER, confidence: round(1 - p.confidence), intents: matches };
  // The model's label may also be a taxonomy intent: its cues, matched or weak, are the evidence.
  const evidence = all.find((m) => m.intent === p.label)?.evidence ?? [];
  return {
    primary: p.label,
    confidence: round(p.confidence),
    intents: [{ intent: p.label, confidence: round(p.confidence), evidence }, ...matches.filter((m) => m.intent !== p.label)],
  };
}
