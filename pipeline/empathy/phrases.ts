/**
 * Phrase patterns over tokens, found with a first-token index: the cue matcher shared by the empathy
 * and effort scorers. A text is walked once; at each word only the patterns whose first element can
 * be that word (and, where they have one, whose rarest later word stands within reach) are tried, so
 * the cost grows with the text, not with the size of the lexicon.
 *
 * Pattern syntax (documented for lexicon editors in lexicons/README.md): words separated by spaces;
 * `a|b` alternatives; a trailing `?` makes an element optional; `@name` is any word of the lexicon's
 * class `name`; `#` is any number; `*` is any one word; `...` is a gap of zero to GAP_MAX words; a leading `^` ties
 * the pattern to the start of a clause. The first element must be a word, a class or `#`, and not
 * optional. Patterns are written on the
 * canonical form of the text: lower case with contractions expanded ("i'm" → "i am"), punctuation
 * ignored inside a sentence.
 */
import type { DocTurn } from '../text/document.ts';
import contractions from '../../lexicons/empathy-contractions.json' with { type: 'json' };

/** The most words a `...` gap may skip: enough for "I'm (so very) sorry", short enough to stay in one idea. */
const GAP_MAX = 3;

/** One word of the canonical stream, pointing back at the written token. */
export interface CanonToken {
  word: string;
  isNumber: boolean;
  /** Character offsets of the written token in the turn text. */
  start: number;
  end: number;
  /** Which clause of the sentence it is in: punctuation and contrast words start a new one. */
  clause: number;
  /** Which sentence of the turn it is in. */
  sentence: number;
  /** The first word of its clause (so of its sentence too). */
  first: boolean;
}

type Atom = { kind: 'word'; word: string } | { kind: 'class'; name: string } | { kind: 'number' } | { kind: 'any' };
interface Element {
  atoms: Atom[];
  optional: boolean;
  gap: boolean;
  atStart: boolean;
  /** Every word the element accepts (its literal words and its classes' words), for one lookup per token. */
  words: Set<string>;
  number: boolean;
  any: boolean;
}

/** A lexicon pattern compiled for matching, with whatever the lexicon attached to it. */
export interface CompiledPattern<T> {
  source: string;
  elements: Element[];
  data: T;
  /** Every word the pattern spells out literally. */
  literals: Set<string>;
  /**
   * The words of the pattern's most selective required element after the second (the one with the
   * fewest words, if it has few): when none of them stands within the pattern's reach of a start
   * position, the pattern is not tried there.
   */
  probe: Set<string> | null;
  /** The fewest tokens before the probed element in a match (its required elements before it). */
  probeFrom: number;
  /** The most tokens a match can cover. */
  span: number;
}

/** An element with more words than this (a big class) is not worth probing for. */
const PROBE_MAX_WORDS = 12;

/** The required element after the second that accepts the fewest words (few, all literal), with how many required elements precede it. */
function probeOf(elements: Element[]): { probe: Set<string> | null; probeFrom: number } {
  let best = -1;
  elements.forEach((el, k) => {
    if (k < 2 || el.optional || el.gap || el.any || el.number || el.atoms.some((a) => a.kind !== 'word') || el.words.size > PROBE_MAX_WORDS) return;
    if (best < 0 || el.words.size < elements[best]!.words.size) best = k;
  });
  if (best < 0) return { probe: null, probeFrom: 0 };
  return { probe: elements[best]!.words, probeFrom: elements.slice(0, best).filter((e) => !e.optional && !e.gap).length };
}

export interface PhraseMatch<T> {
  pattern: CompiledPattern<T>;
  /** Index of the first and one past the last canonical token matched. */
  from: number;
  to: number;
  /** Character offsets in the turn text. */
  start: number;
  end: number;
}

export class LexiconError extends Error {
  override name = 'LexiconError';
}

const EXPAND = new Map<string, string[]>(Object.entries(contractions.expand).map(([k, v]) => [k, v.split(' ')]));
const SUFFIXES = Object.entries(contractions.suffixes).map(([k, v]) => [k, v.split(' ')] as const);
const CONTRAST = new Set(contractions.contrast);

/** The canonical words of a word token: contractions expanded, possessive 's left on the word. */
function canonWords(lower: string): string[] {
  const whole = EXPAND.get(lower);
  if (whole) return whole;
  if (lower.includes("'")) {
    for (const [suffix, words] of SUFFIXES) {
      if (lower.endsWith(suffix) && lower.length > suffix.length) return [lower.slice(0, -suffix.length), ...words];
    }
  }
  return [lower];
}

/** The canonical stream of a turn: every sentence's words, expanded, with clause and sentence numbers. */
export function canonical(turn: DocTurn): CanonToken[] {
  const out: CanonToken[] = [];
  let clause = 0;
  turn.sentences.forEach((s, sentence) => {
    clause++;
    for (const t of s.tokens) {
      if (t.kind === 'punct' || t.kind === 'emoji' || t.kind === 'emoticon') {
        clause++;
        continue;
      }
      if (t.kind === 'number') {
        out.push({ word: t.lower, isNumber: true, start: t.start, end: t.end, clause, sentence, first: out.length === 0 || out[out.length - 1]!.clause !== clause });
        continue;
      }
      if (CONTRAST.has(t.lower)) clause++;
      for (const word of canonWords(t.lower)) {
        out.push({ word, isNumber: false, start: t.start, end: t.end, clause, sentence, first: out.length === 0 || out[out.length - 1]!.clause !== clause });
      }
    }
  });
  return out;
}

function parseElement(raw: string, classes: Record<string, string[]>, source: string): Element {
  if (raw === '...') return { atoms: [{ kind: 'any' }], optional: true, gap: true, atStart: false, words: new Set(), number: false, any: true };
  const atStart = raw.startsWith('^');
  const optional = raw.endsWith('?') && raw.length > 1;
  const body = raw.slice(atStart ? 1 : 0, optional ? -1 : undefined);
  const atoms = body.split('|').map((a): Atom => {
    if (a === '*') return { kind: 'any' };
    if (a === '#') return { kind: 'number' };
    if (a.startsWith('@')) {
      if (!classes[a.slice(1)]) throw new LexiconError(`pattern "${source}": unknown class ${a}`);
      return { kind: 'class', name: a.slice(1) };
    }
    if (!/^[a-z0-9'-]+$/.test(a)) throw new LexiconError(`pattern "${source}": bad word "${a}"`);
    return { kind: 'word', word: a };
  });
  const words = new Set(atoms.flatMap((a) => (a.kind === 'word' ? [a.word] : a.kind === 'class' ? classes[a.name]! : [])));
  return { atoms, optional, gap: false, atStart, words, number: atoms.some((a) => a.kind === 'number'), any: atoms.some((a) => a.kind === 'any') };
}

/**
 * A set of patterns compiled into a first-token index. Build it once at module load (lexicons are
 * validated there: a bad pattern fails at start, not mid-batch).
 */
export class PhraseIndex<T> {
  /**
   * First word → the patterns that can start with it, split by the word that must follow when their
   * second element is a plain required one (most are: "i will", "that must"), so that a common first
   * word ("i", "you", "that") costs one more lookup instead of a try of every pattern it starts.
   */
  private readonly byFirst = new Map<string, { bySecond: Map<string, CompiledPattern<T>[]>; rest: CompiledPattern<T>[] }>();

  constructor(entries: Iterable<{ pattern: string; data: T }>, classes: Record<string, string[]> = {}) {
    for (const { pattern, data } of entries) {
      const elements = pattern.trim().split(/\s+/).map((e) => parseElement(e, classes, pattern));
      const first = elements[0]!;
      if (first.optional || first.atoms.some((a) => a.kind === 'any') || elements.slice(1).some((e) => e.atStart)) {
        throw new LexiconError(`pattern "${pattern}": the first element must be a word, a class or #, and only it may carry ^`);
      }
      const literals = new Set(elements.flatMap((e) => e.atoms.flatMap((a) => (a.kind === 'word' ? [a.word] : []))));
      const compiled: CompiledPattern<T> = { source: pattern, elements, data, literals, ...probeOf(elements), span: elements.reduce((n, e) => n + (e.gap ? GAP_MAX : 1), 0) };
      const e2 = elements[1];
      const second = e2 && !e2.optional && !e2.gap && !e2.any && !e2.number ? e2.words : null;
      for (const atom of first.atoms) {
        const keys = atom.kind === 'word' ? [atom.word] : atom.kind === 'number' ? ['#'] : atom.kind === 'class' ? classes[atom.name]! : [];
        for (const key of keys) {
          let bucket = this.byFirst.get(key);
          if (!bucket) this.byFirst.set(key, (bucket = { bySecond: new Map(), rest: [] }));
          if (!second) bucket.rest.push(compiled);
          else {
            for (const w of second) {
              const list = bucket.bySecond.get(w);
              if (list) list.push(compiled);
              else bucket.bySecond.set(w, [compiled]);
            }
          }
        }
      }
    }
  }

  /** The end (exclusive) of the longest match of `els[e..]` from token `i`, or -1; stays in one sentence. */
  private matchFrom(els: Element[], e: number, toks: CanonToken[], i: number, sentence: number): number {
    if (e === els.length) return i;
    const el = els[e]!;
    if (el.gap) {
      for (let skip = 0; skip <= GAP_MAX; skip++) {
        const j = i + skip;
        if (j > toks.length || (skip > 0 && toks[j - 1]!.sentence !== sentence)) break;
        const end = this.matchFrom(els, e + 1, toks, j, sentence);
        if (end >= 0) return end;
      }
      return -1;
    }
    const t = toks[i];
    if (t && t.sentence === sentence && (!el.atStart || t.first) && (el.any || (t.isNumber ? el.number : el.words.has(t.word)))) {
      const end = this.matchFrom(els, e + 1, toks, i + 1, sentence);
      if (end >= 0) return end;
    }
    return el.optional ? this.matchFrom(els, e + 1, toks, i, sentence) : -1;
  }

  /** True when a word of the pattern's probe stands where a match from token `i` could put it, in the same sentence. */
  private reachable(p: CompiledPattern<T>, toks: CanonToken[], i: number): boolean {
    const probe = p.probe!;
    const sentence = toks[i]!.sentence;
    const end = Math.min(toks.length, i + p.span);
    for (let k = i + p.probeFrom; k < end; k++) {
      const t = toks[k]!;
      if (t.sentence !== sentence) return false;
      if (probe.has(t.word)) return true;
    }
    return false;
  }

  private tryAll(patterns: CompiledPattern<T>[], toks: CanonToken[], i: number, out: PhraseMatch<T>[]): void {
    const t = toks[i]!;
    for (const p of patterns) {
      if (p.probe && !this.reachable(p, toks, i)) continue;
      const end = this.matchFrom(p.elements, 0, toks, i, t.sentence);
      if (end > i) out.push({ pattern: p, from: i, to: end, start: t.start, end: toks[end - 1]!.end });
    }
  }

  /**
   * Every pattern's longest match at every start position, left to right. Overlapping matches are all
   * returned; `findPhrases` drops negated ones and resolves overlaps.
   */
  find(toks: CanonToken[]): PhraseMatch<T>[] {
    const out: PhraseMatch<T>[] = [];
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i]!;
      const bucket = this.byFirst.get(t.isNumber ? '#' : t.word);
      if (!bucket) continue;
      const next = toks[i + 1];
      const seconds = next && next.sentence === t.sentence ? bucket.bySecond.get(next.word) : undefined;
      if (seconds) this.tryAll(seconds, toks, i, out);
      if (bucket.rest.length) this.tryAll(bucket.rest, toks, i, out);
    }
    return out;
  }
}

/**
 * True when a negator stands within `window` words before token `from`, in the same clause: "I'm not
 * sorry", "I do not understand" are not an apology or an acknowledgement.
 */
export function negatedBefore(toks: CanonToken[], from: number, negators: ReadonlySet<string>, window: number): boolean {
  const clause = toks[from]?.clause;
  for (let k = from - 1; k >= 0 && k >= from - window; k--) {
    const t = toks[k]!;
    if (t.clause !== clause) return false;
    if (negators.has(t.word)) return true;
  }
  return false;
}

/** How a lexicon's negation is applied: its negator words and how far back they reach. */
export interface NegationRule {
  negators: ReadonlySet<string>;
  window: number;
}

/** True when the pattern itself spells out a negator ("don't worry"), so a negator in its match is part of it. */
function hasOwnNegator(p: CompiledPattern<unknown>, negators: ReadonlySet<string>): boolean {
  for (const n of negators) if (p.literals.has(n)) return true;
  return false;
}

/**
 * The matches of `index` in `toks` that stand: negated ones dropped (a negator just before the match,
 * or inside it when the pattern has none of its own), and of overlapping matches only the longest kept
 * (on a tie, the one `prefer` ranks higher).
 */
export function findPhrases<T>(index: PhraseIndex<T>, toks: CanonToken[], negation: NegationRule, prefer: (data: T) => number = () => 0): PhraseMatch<T>[] {
  const standing: PhraseMatch<T>[] = [];
  next: for (const m of index.find(toks)) {
    if (!hasOwnNegator(m.pattern, negation.negators)) {
      if (negatedBefore(toks, m.from, negation.negators, negation.window)) continue;
      for (let k = m.from; k < m.to; k++) if (negation.negators.has(toks[k]!.word)) continue next;
    }
    standing.push(m);
  }
  if (standing.length < 2) return standing;
  standing.sort((a, b) => (b.to - b.from) - (a.to - a.from) || prefer(b.pattern.data) - prefer(a.pattern.data) || a.start - b.start);
  const kept: PhraseMatch<T>[] = [];
  for (const m of standing) {
    if (!kept.some((k) => m.start < k.end && k.start < m.end)) kept.push(m);
  }
  return kept.sort((a, b) => a.start - b.start);
}
