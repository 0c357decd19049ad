/**
 * The cue lexicons' reading of the automaton's matches: a match stands unless a negator cancels it,
 * and of overlapping matches the longest stands.
 */
import type { CompiledPattern, Match } from './automaton.ts';
import type { CanonToken } from './canonical.ts';

/** How a lexicon's negation is applied: its negator words and how far back they reach. */
export interface NegationRule {
  negators: ReadonlySet<string>;
  window: number;
}

/**
 * True when a negator stands within `window` words before token `from`, in the same clause: "I'm not
 * sorry", "I do not understand" are not an apology or an acknowledgement.
 */
export function negatedBefore(toks: readonly CanonToken[], from: number, negators: ReadonlySet<string>, window: number): boolean {
  const clause = toks[from]?.clause;
  for (let k = from - 1; k >= 0 && k >= from - window; k--) {
    const t = toks[k]!;
    if (t.clause !== clause) return false;
    if (negators.has(t.word)) return true;
  }
  return false;
}

/** A match that stands, with the character offsets of its words in the turn text. */
export interface PhraseMatch<T> extends Match<T> {
  start: number;
  end: number;
}

/**
 * Where a first-word-indexed search meets a pattern among those starting at one word: the ones whose
 * second element is one required word (or class) first, the rest after. Overlap ties go to the first.
 */
function searchOrder(p: CompiledPattern): number {
  const e2 = p.elements[1];
  return e2 && !e2.optional && !e2.gap && e2.atoms.every((a) => a.kind === 'word' || a.kind === 'class') ? 0 : 1;
}

function hasOwnNegator(literals: ReadonlySet<string>, negators: ReadonlySet<string>): boolean {
  for (const n of negators) if (literals.has(n)) return true;
  return false;
}

/**
 * The matches of `family` in a turn that stand: negated ones dropped (a negator just before the match,
 * or inside it when the pattern has none of its own), and of overlapping matches only the longest kept
 * (on a tie, the one `prefer` ranks higher), in text order.
 */
export function standingMatches<T>(
  matches: readonly Match<T>[], family: string, toks: readonly CanonToken[], negation: NegationRule, prefer: (data: T) => number = () => 0,
): PhraseMatch<T>[] {
  const standing: PhraseMatch<T>[] = [];
  next: for (const m of matches) {
    if (m.pattern.family !== family) continue;
    if (!hasOwnNegator(m.pattern.literals, negation.negators)) {
      if (negatedBefore(toks, m.from, negation.negators, negation.window)) continue;
      for (let k = m.from; k < m.to; k++) if (negation.negators.has(toks[k]!.word)) continue next;
    }
    standing.push({ ...m, start: toks[m.from]!.start, end: toks[m.to - 1]!.end });
  }
  // The automaton reports matches by where they end; resolve overlaps as a left-to-right search would.
  standing.sort((a, b) => a.from - b.from || searchOrder(a.pattern) - searchOrder(b.pattern) || a.pattern.id - b.pattern.id);
  if (standing.length < 2) return standing;
  standing.sort((a, b) => (b.to - b.from) - (a.to - a.from) || prefer(b.pattern.data) - prefer(a.pattern.data) || a.start - b.start);
  const kept: PhraseMatch<T>[] = [];
  for (const m of standing) {
    if (!kept.some((k) => m.start < k.end && k.start < m.end)) kept.push(m);
  }
  return kept.sort((a, b) => a.start - b.start);
}
