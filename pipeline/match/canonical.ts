/**
 * The canonical word stream of a turn: every sentence's words in the language's canonical form
 * (English: lower case, contractions expanded), punctuation, emoji and emoticons skipped but ending a
 * clause, each word pointing back at its written token. The automaton reads this stream; the passes
 * read its clause and sentence numbers and negator bits, computed here once, for negation scope.
 * Parallel typed arrays, one entry per canonical word.
 */
import type { Segmenter } from '../text/segmenter.ts';
import type { Token } from '../text/tokens.ts';
import type { Automaton, WordStream } from './automaton.ts';

export interface CanonStream extends WordStream {
  length: number;
  words: string[];
  /** Character offsets of the written token in the turn text. */
  start: Int32Array;
  end: Int32Array;
  /** Which clause of the turn each word is in: punctuation and contrast words start a new one. */
  clause: Int32Array;
  /** Which sentence of the turn each word is in. */
  sentence: Int32Array;
  /** Index of the written token in its sentence's tokens. */
  tok: Int32Array;
  /** Bits of the cue families for which the word is a negator (pipeline/passes/rules.ts). */
  negators: Uint8Array;
  /** Per sentence, the first canonical word and one past its last. */
  sentenceFrom: Int32Array;
  sentenceTo: Int32Array;
}

/** What pass 1 needs to know of a written word, looked up once: its canonical words, their ids and negator bits. */
export interface WordInfo {
  parts: readonly string[];
  ids: Int32Array;
  negators: Uint8Array;
  /** A contrast word: it opens a clause. */
  contrast: boolean;
}

/**
 * Every written word whose canonical form, automaton id, negator bits or contrast role is not the
 * default (itself, 0, none, no): the words of the patterns, the contractions, negators and contrast
 * words. Built once per language; a word outside it costs one more lookup.
 */
export function wordTable(segmenter: Segmenter, automaton: Automaton, negatorBits: ReadonlyMap<string, number>, extra: Iterable<string> = []): Map<string, WordInfo> {
  const table = new Map<string, WordInfo>();
  const add = (lower: string) => {
    if (table.has(lower)) return;
    const parts = segmenter.canonical(lower);
    table.set(lower, {
      parts,
      ids: Int32Array.from(parts, (w) => automaton.idOf(w)),
      negators: Uint8Array.from(parts, (w) => negatorBits.get(w) ?? 0),
      contrast: segmenter.contrast.has(lower),
    });
  };
  for (const w of automaton.vocabulary.keys()) add(w);
  for (const w of negatorBits.keys()) add(w);
  for (const w of segmenter.contrast) add(w);
  for (const w of extra) add(w);
  return table;
}

/** The canonical stream of a turn's sentences, with each word's automaton id and negator bits. */
export function canonicalStream(
  sentences: readonly { tokens: readonly Token[] }[], segmenter: Segmenter, automaton: Automaton,
  negatorBits: ReadonlyMap<string, number> = new Map(), table: ReadonlyMap<string, WordInfo> = new Map(),
): CanonStream {
  let cap = 0;
  for (const s of sentences) cap += s.tokens.length;
  cap = cap * 2 + 4;
  let s: CanonStream = allocate(cap, sentences.length);
  const words = s.words;
  let n = 0;
  let clause = 0;
  let lastClause = -1;
  for (let si = 0; si < sentences.length; si++) {
    clause++;
    s.sentenceFrom[si] = n;
    const toks = sentences[si]!.tokens;
    for (let k = 0; k < toks.length; k++) {
      const t = toks[k]!;
      const kind = t.kind;
      if (kind === 'punct' || kind === 'emoji' || kind === 'emoticon') {
        clause++;
        continue;
      }
      if (kind === 'number') {
        if (n === cap) s = grow(s, (cap *= 2));
        words.push(t.lower);
        s.ids[n] = 0;
        s.numbers[n] = 1;
        s.firsts[n] = clause !== lastClause ? 1 : 0;
        lastClause = clause;
        s.start[n] = t.start;
        s.end[n] = t.end;
        s.clause[n] = clause;
        s.sentence[n] = si;
        s.tok[n] = k;
        s.negators[n] = 0;
        n++;
        continue;
      }
      const lower = t.lower;
      const info = table.get(lower);
      let parts: readonly string[];
      let count: number;
      if (info !== undefined) {
        if (info.contrast) clause++;
        parts = info.parts;
        count = parts.length;
      } else {
        parts = segmenter.canonical(lower);
        count = parts.length;
      }
      for (let p = 0; p < count; p++) {
        if (n === cap) s = grow(s, (cap *= 2));
        const word = parts[p]!;
        words.push(word);
        if (info !== undefined) {
          s.ids[n] = info.ids[p]!;
          s.negators[n] = info.negators[p]!;
        } else if (count === 1 && word === lower) {
          s.ids[n] = 0;
          s.negators[n] = 0;
        } else {
          s.ids[n] = automaton.idOf(word);
          s.negators[n] = negatorBits.get(word) ?? 0;
        }
        s.numbers[n] = 0;
        s.firsts[n] = clause !== lastClause ? 1 : 0;
        lastClause = clause;
        s.start[n] = t.start;
        s.end[n] = t.end;
        s.clause[n] = clause;
        s.sentence[n] = si;
        s.tok[n] = k;
        n++;
      }
    }
    s.sentenceTo[si] = n;
  }
  s.length = n;
  return s;
}

function allocate(cap: number, sentences: number): CanonStream {
  return {
    length: 0, words: [], ids: new Int32Array(cap), numbers: new Uint8Array(cap), firsts: new Uint8Array(cap),
    start: new Int32Array(cap), end: new Int32Array(cap), clause: new Int32Array(cap), sentence: new Int32Array(cap),
    tok: new Int32Array(cap), negators: new Uint8Array(cap), sentenceFrom: new Int32Array(sentences), sentenceTo: new Int32Array(sentences),
  };
}

function grow(s: CanonStream, cap: number): CanonStream {
  const g = allocate(cap, s.sentenceFrom.length);
  g.words = s.words;
  g.ids.set(s.ids); g.numbers.set(s.numbers); g.firsts.set(s.firsts); g.start.set(s.start); g.end.set(s.end);
  g.clause.set(s.clause); g.sentence.set(s.sentence); g.tok.set(s.tok); g.negators.set(s.negators);
  g.sentenceFrom.set(s.sentenceFrom); g.sentenceTo.set(s.sentenceTo);
  return g;
}
