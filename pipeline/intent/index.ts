/**
 * Contact reason (intent): why the customer got in touch. The built-in taxonomy matches the cue
 * patterns of lexicons/en/intents.json on the customer's turns; a trained model (`voc intent train`),
 * when given, decides the primary reason and the patterns still supply evidence.
 */
import { sortSmall } from '../match/order.ts';
import { maskQuoted } from '../text/email.ts';
import type { Doc } from '../text/document.ts';
import type { Evidence, IntentMatch, IntentResult } from '../types.ts';
import type { CompiledPattern, Match } from '../match/automaton.ts';
import { familyMatches } from '../passes/02-phrases.ts';
import { INTENTS, intentsOf, type IntentLexicon } from './patterns.ts';
import type { IntentPredictor } from './predictor.ts';

export type { IntentPredictor } from './predictor.ts';

/** The answer when no reason fits. */
export const OTHER = 'other';

/** Every pattern match on the customer's turns, the first match of each pattern only. */
function matchPatterns(doc: Doc, lex: IntentLexicon): Map<CompiledPattern<string>, Evidence> {
  const found = new Map<CompiledPattern<string>, Evidence>();
  for (const turn of doc.turns) {
    if (turn.speaker !== 'customer') continue;
    let matches: readonly Match<string>[] = familyMatches(turn, 'intent');
    const canon = turn.canon;
    if (lex.automaton !== null) {
      const a = lex.automaton;
      const own: Match[][] = a.families.map(() => []);
      const stream = { ...canon, ids: Int32Array.from(canon.words, (w, i) => (canon.numbers[i] ? 0 : a.idOf(w))) };
      for (let k = 0; k < turn.sentences.length; k++) a.scan(stream, canon.sentenceFrom[k]!, canon.sentenceTo[k]!, own);
      matches = (own[a.families.indexOf('intent')] ?? []) as Match<string>[];
    }
    if (matches.length === 0) continue;
    // The earliest match of each pattern in the turn, in reading order.
    const first = new Map<CompiledPattern<string>, Match<string>>();
    for (const m of matches) {
      if (found.has(m.pattern)) continue;
      const seen = first.get(m.pattern);
      if (seen === undefined || m.from < seen.from) first.set(m.pattern, m);
    }
    const ordered = sortSmall([...first.values()], (x, y) => x.from - y.from || x.pattern.id - y.pattern.id);
    for (const m of ordered) {
      const p = m.pattern;
      const start = canon.start[m.from]!;
      const end = canon.end[m.to - 1]!;
      const weight = lex.weights.get(p.data)!.get(p.source)!;
      found.set(p, { text: turn.text.slice(start, end), turn: turn.index, start, end, cue: `${p.data}: ${p.source}`, weight });
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
    const entry = byIntent.get(p.data) ?? { sum: 0, evidence: [] };
    entry.sum += ev.weight!;
    entry.evidence.push(ev);
    byIntent.set(p.data, entry);
  }
  return sortSmall([...byIntent.entries()]
    .map(([intent, e]) => ({
      intent,
      confidence: round(confidenceOf(e.sum)),
      evidence: sortSmall(e.evidence, (a, b) => a.turn - b.turn || a.start - b.start),
    })), (a, b) => b.confidence - a.confidence || a.intent.localeCompare(b.intent));
}

/** The customer's own words (quoted text blanked), one turn a line: what a trained model reads. */
function customerText(doc: Doc): string {
  return doc.turns.filter((t) => t.speaker === 'customer').map((t) => maskQuoted(t.text)).join('\n');
}

/**
 * The contact reasons of a prepared interaction, multi-label, best first, with the words that matched.
 * With `model`, its prediction is primary (`other` below its out-of-scope threshold).
 */
export function scoreIntent(doc: Doc, model?: IntentPredictor, lex: IntentLexicon = doc.language.code === 'en' ? INTENTS : intentsOf(doc.language)): IntentResult {
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
