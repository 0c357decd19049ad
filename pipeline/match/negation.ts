/**
 * The cue families' reading of the automaton's matches: a match stands unless a negator cancels it,
 * and of overlapping matches the longest stands. Negators are read from the prepared stream's
 * negator bits and clause numbers (pass 1), computed once for every family.
 */
import type { NegationRule } from '../passes/rules.ts';
import type { CompiledPattern, Match } from './automaton.ts';
import type { CanonStream } from './canonical.ts';
import { sortSmall } from './order.ts';

export type { NegationRule } from '../passes/rules.ts';

/**
 * True when a negator of `rule` stands within `rule.window` words before word `from`, in the same
 * clause: "I'm not sorry", "I do not understand" are not an apology or an acknowledgement.
 */
export function negatedBefore(canon: CanonStream, from: number, rule: NegationRule): boolean {
  const clause = canon.clause[from];
  const bit = rule.bit;
  for (let k = from - 1; k >= 0 && k >= from - rule.window; k--) {
    if (canon.clause[k] !== clause) return false;
    if ((canon.negators[k]! & bit) !== 0) return true;
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

const byStart = (a: { start: number }, b: { start: number }) => a.start - b.start;

/** True when the pattern spells out one of the negators itself (the two sets meet: walk the smaller one). */
function hasOwnNegator(literals: ReadonlySet<string>, negators: ReadonlySet<string>): boolean {
  if (literals.size <= negators.size) {
    for (const w of literals) if (negators.has(w)) return true;
    return false;
  }
  for (const n of negators) if (literals.has(n)) return true;
  return false;
}

/**
 * The `matches` (of one family) that stand: negated ones dropped (a negator just before the match, or
 * inside it when the pattern has none of its own), and of overlapping matches only the longest kept
 * (on a tie, the one `prefer` ranks higher), in text order.
 */
export function standingMatches<T>(
  matches: readonly Match<T>[], canon: CanonStream, negation: NegationRule, prefer: (data: T) => number = () => 0,
): PhraseMatch<T>[] {
  if (matches.length === 0) return [];
  const standing: PhraseMatch<T>[] = [];
  next: for (const m of matches) {
    if (!hasOwnNegator(m.pattern.literals, negation.negators)) {
      if (negatedBefore(canon, m.from, negation)) continue;
      for (let k = m.from; k < m.to; k++) if ((canon.negators[k]! & negation.bit) !== 0) continue next;
    }
    standing.push({ pattern: m.pattern, from: m.from, to: m.to, start: canon.start[m.from]!, end: canon.end[m.to - 1]! });
  }
  if (standing.length < 2) return standing;
  // The automaton reports matches by where they end; order them as a left-to-right search would.
  sortSmall(standing, (a, b) => a.from - b.from || searchOrder(a.pattern) - searchOrder(b.pattern) || a.pattern.id - b.pattern.id);
  sortSmall(standing, (a, b) => (b.to - b.from) - (a.to - a.from) || prefer(b.pattern.data) - prefer(a.pattern.data) || a.start - b.start);
  const kept: PhraseMatch<T>[] = [];
  next: for (const m of standing) {
    for (const k of kept) if (m.start < k.end && k.start < m.end) continue next;
    kept.push(m);
  }
  return sortSmall(kept, byStart);
}
