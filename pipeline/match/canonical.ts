/**
 * The canonical word stream of a document's turns: every sentence's words in the language's canonical form
 * (English: lower case, contractions expanded), punctuation, emoji and emoticons skipped but ending a
 * clause, each word pointing back at its written token. The automaton reads this stream; the passes
 * read its clause and sentence numbers and negator bits, computed here once, for negation scope.
 * Parallel typed arrays, one entry per canonical word.
 */
import type { Segmenter } from '../text/segmenter.ts';
import type { Token, WordLookup } from '../text/tokens.ts';
import type { Automaton, WordStream } from './automaton.ts';

export interface CanonStream extends WordStream {
  /** The turn's words are `begin` … `length` (exclusive) of the document's arrays. */
  begin: number;
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
  /** Per sentence of the turn, its first canonical word and one past its last. */
  sentenceFrom: number[];
  sentenceTo: number[];
}

/**
 * What pass 1 needs to know of a written word, looked up once: its canonical words, their ids and
 * negator bits; and its sentiment entry, which pass 1 leaves on the token for the sentiment pass.
 */
export interface WordInfo extends WordLookup {
  parts: readonly string[];
  ids: Int32Array;
  negators: Uint8Array;
  /** A contrast word: it opens a clause. */
  contrast: boolean;
}

/**
 * Words → their entries, in flat tables: open addressing over a 32-bit FNV-1a hash of the word, the
 * hashes beside the slots, so that a look-up reads one small array and compares one string. A `Map`
 * keyed by strings costs about twice as much per word in pass 1: it hashes the fresh token string in
 * the engine and its buckets, entries and keys are spread over the heap.
 */
export class WordIndex<V> {
  /**
   * Per slot, side by side (one cache line per probe): entry number (-1 for none), hash, and where
   * the key's characters start in `chars` and how many there are, so that a hit is confirmed by
   * comparing characters in one flat array rather than by reading the key string from the heap.
   */
  private readonly slots: Int32Array;
  private readonly chars: Uint16Array;
  private readonly mask: number;
  private readonly count: number;
  private readonly values: V[] = [];
  constructor(entries: ReadonlyMap<string, V>) {
    let size = 16;
    while (size < entries.size * 2) size *= 2;
    this.mask = size - 1;
    this.count = entries.size;
    this.slots = new Int32Array(4 * size).fill(-1);
    let length = 0;
    for (const key of entries.keys()) length += key.length;
    this.chars = new Uint16Array(length);
    let at = 0;
    for (const [key, value] of entries) {
      const h = WordIndex.hash(key);
      let slot = h & this.mask;
      while (this.slots[4 * slot] !== -1) slot = (slot + 1) & this.mask;
      this.slots[4 * slot] = this.values.length;
      this.slots[4 * slot + 1] = h;
      this.slots[4 * slot + 2] = at;
      this.slots[4 * slot + 3] = key.length;
      for (let i = 0; i < key.length; i++) this.chars[at++] = key.charCodeAt(i);
      this.values.push(value);
    }
  }
  static hash(word: string): number {
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
    return h ^ (h >>> 15);
  }
  get size(): number {
    return this.count;
  }
  /** The entry number of `word` (0 … size − 1, in the order given), or -1. */
  find(word: string): number {
    return this.findHashed(word, WordIndex.hash(word));
  }
  /** `find`, given the word's `hash` (computed as it was read). */
  findHashed(word: string, h: number): number {
    const slots = this.slots, mask = this.mask, chars = this.chars, n = word.length;
    let slot = h & mask;
    for (;;) {
      const at = 4 * slot;
      const k = slots[at]!;
      if (k === -1) return -1;
      if (slots[at + 1] === h && slots[at + 3] === n) {
        const from = slots[at + 2]!;
        let i = 0;
        while (i < n && chars[from + i] === word.charCodeAt(i)) i++;
        if (i === n) return k;
      }
      slot = (slot + 1) & mask;
    }
  }
  /** The value of entry `k` (from `find`). */
  value(k: number): V {
    return this.values[k]!;
  }
  get(word: string): V | undefined {
    const k = this.find(word);
    return k < 0 ? undefined : this.values[k];
  }
  has(word: string): boolean {
    return this.get(word) !== undefined;
  }
}

/**
 * What pass 1 looks words up in. Beside each entry, flat: the automaton id and negator bits of a word
 * that is its own single canonical word (-1 when it is not), and whether it is a contrast word, so
 * that the common word is handled without reading its `WordInfo`.
 */
export class WordTable extends WordIndex<WordInfo> {
  /**
   * Per entry, for a word that is its own single canonical word: automaton id << 9 | negator bits
   * << 1 | contrast; -1 for any other word (read its `WordInfo`).
   */
  readonly plain: Int32Array;
  constructor(entries: ReadonlyMap<string, WordInfo>) {
    super(entries);
    this.plain = new Int32Array(entries.size);
    let k = 0;
    for (const [word, info] of entries) {
      const plain = info.parts.length === 1 && info.parts[0] === word && info.ids[0]! < 1 << 22;
      this.plain[k++] = plain ? (info.ids[0]! << 9) | (info.negators[0]! << 1) | (info.contrast ? 1 : 0) : -1;
    }
  }
}

const EMPTY_TABLE = new WordTable(new Map());

/**
 * Every written word whose canonical form, automaton id, negator bits or contrast role is not the
 * default (itself, 0, none, no): the words of the patterns, the contractions, negators and contrast
 * words; and every word of the `sentiment` index, with its entry. Built once per language; a word
 * outside it costs one more lookup for its canonical form, and none for its sentiment (it has none).
 */
export function wordTable(
  segmenter: Segmenter, automaton: Automaton, negatorBits: ReadonlyMap<string, number>, extra: Iterable<string> = [],
  sentiment: ReadonlyMap<string, unknown> | null = null,
  /** The agent's sympathy words of the sentiment rules: every one is in the table, marked. */
  sympathy: ReadonlySet<string> = new Set(),
): WordTable {
  const table = new Map<string, WordInfo>();
  const add = (lower: string) => {
    if (table.has(lower)) return;
    const parts = segmenter.canonical(lower);
    table.set(lower, {
      parts,
      ids: Int32Array.from(parts, (w) => automaton.idOf(w)),
      negators: Uint8Array.from(parts, (w) => negatorBits.get(w) ?? 0),
      contrast: segmenter.contrast.has(lower),
      sentimentIndex: sentiment,
      sentiment: sentiment?.get(lower),
      agentSympathy: sympathy.has(lower),
    });
  };
  for (const w of automaton.vocabulary.keys()) add(w);
  for (const w of negatorBits.keys()) add(w);
  for (const w of segmenter.contrast) add(w);
  for (const w of extra) add(w);
  for (const w of sympathy) add(w);
  if (sentiment !== null) for (const w of sentiment.keys()) add(w);
  return new WordTable(table);
}

/** The look-up result of a word outside a table built with the `sentiment` index: no entry in it. */
export const unlisted = (sentiment: ReadonlyMap<string, unknown> | null): WordLookup => ({ sentimentIndex: sentiment, sentiment: undefined, agentSympathy: false });

/**
 * The canonical streams of a document's turns: one set of arrays for the whole document (a few
 * allocations per interaction, not per turn), and per turn a view with its range and sentences.
 * Indexes are into the shared arrays; clause numbers never repeat across turns.
 */
export function canonicalStreams(
  turns: readonly (readonly { tokens: readonly Token[] }[])[], segmenter: Segmenter, automaton: Automaton,
  negatorBits: ReadonlyMap<string, number> = new Map(), table: WordTable = EMPTY_TABLE,
  /** Left on the word tokens not in `table` (see `unlisted`). */
  miss?: WordLookup,
  /** A buffer to reuse (see `StreamScratch`). */
  scratch?: StreamScratch,
): CanonStream[] {
  let cap = 4;
  for (const sentences of turns) for (const s of sentences) cap += s.tokens.length;
  cap *= 2;
  let a: Arrays = allocate(cap, scratch);
  const words: string[] = [];
  const out: CanonStream[] = [];
  const ranges: number[] = [];
  const sentences: number[][] = [];
  const mayRewrite = segmenter.mayRewrite;
  const plain = table.plain;
  let n = 0;
  let clause = 0;
  let lastClause = -1;
  for (const turnSentences of turns) {
    const begin = n;
    const sentenceFrom: number[] = [];
    const sentenceTo: number[] = [];
    for (let si = 0; si < turnSentences.length; si++) {
      clause++;
      sentenceFrom.push(n);
      const toks = turnSentences[si]!.tokens;
      for (let k = 0; k < toks.length; k++) {
        const t = toks[k]!;
        const kind = t.kind;
        if (kind === 'punct' || kind === 'emoji' || kind === 'emoticon') {
          clause++;
          continue;
        }
        if (kind === 'number') {
          if (n === cap) a = grow(a, (cap *= 2), scratch);
          words.push(t.lower);
          a.ids[n] = 0;
          a.numbers[n] = 1;
          a.firsts[n] = clause !== lastClause ? 1 : 0;
          lastClause = clause;
          a.start[n] = t.start;
          a.end[n] = t.end;
          a.clause[n] = clause;
          a.sentence[n] = si;
          a.tok[n] = k;
          a.negators[n] = 0;
          n++;
          continue;
        }
        const lower = t.lower;
        const hash = t.hash;
        const entry = hash !== undefined ? table.findHashed(lower, hash) : table.find(lower);
        const plainEntry = entry >= 0 ? plain[entry]! : -1;
        if (plainEntry >= 0) {
          // Its own single canonical word (most listed words): no need to read its entry.
          t.info = table.value(entry);
          if ((plainEntry & 1) === 1) clause++;
          if (n === cap) a = grow(a, (cap *= 2), scratch);
          words.push(lower);
          a.ids[n] = plainEntry >>> 9;
          a.negators[n] = (plainEntry >>> 1) & 0xff;
          a.numbers[n] = 0;
          a.firsts[n] = clause !== lastClause ? 1 : 0;
          lastClause = clause;
          a.start[n] = t.start;
          a.end[n] = t.end;
          a.clause[n] = clause;
          a.sentence[n] = si;
          a.tok[n] = k;
          n++;
          continue;
        }
        const info = entry >= 0 ? table.value(entry) : undefined;
        t.info = info !== undefined ? info : miss;
        if (info === undefined && mayRewrite !== undefined && table.size > 0 && !mayRewrite(lower)) {
          // Not in the language's table and written as it is canonical: no pattern names it and it negates nothing.
          if (n === cap) a = grow(a, (cap *= 2), scratch);
          words.push(lower);
          a.ids[n] = 0;
          a.negators[n] = 0;
          a.numbers[n] = 0;
          a.firsts[n] = clause !== lastClause ? 1 : 0;
          lastClause = clause;
          a.start[n] = t.start;
          a.end[n] = t.end;
          a.clause[n] = clause;
          a.sentence[n] = si;
          a.tok[n] = k;
          n++;
          continue;
        }
        let parts: readonly string[];
        if (info !== undefined) {
          if (info.contrast) clause++;
          parts = info.parts;
        } else {
          parts = segmenter.canonical(lower);
        }
        const count = parts.length;
        for (let p = 0; p < count; p++) {
          if (n === cap) a = grow(a, (cap *= 2), scratch);
          const word = parts[p]!;
          words.push(word);
          if (info !== undefined) {
            a.ids[n] = info.ids[p]!;
            a.negators[n] = info.negators[p]!;
          } else if (count === 1 && word === lower && table.size > 0) {
            // Not in the language's table: no pattern names it and it negates nothing.
            a.ids[n] = 0;
            a.negators[n] = 0;
          } else {
            a.ids[n] = automaton.idOf(word);
            a.negators[n] = negatorBits.get(word) ?? 0;
          }
          a.numbers[n] = 0;
          a.firsts[n] = clause !== lastClause ? 1 : 0;
          lastClause = clause;
          a.start[n] = t.start;
          a.end[n] = t.end;
          a.clause[n] = clause;
          a.sentence[n] = si;
          a.tok[n] = k;
          n++;
        }
      }
      sentenceTo.push(n);
    }
    ranges.push(begin, n);
    sentences.push(sentenceFrom, sentenceTo);
  }
  // Every view shares the final arrays (they may have grown while later turns were added).
  for (let k = 0; k < turns.length; k++) {
    out.push({
      begin: ranges[2 * k]!, length: ranges[2 * k + 1]!, words, sentenceFrom: sentences[2 * k]!, sentenceTo: sentences[2 * k + 1]!,
      ids: a.ids, numbers: a.numbers, firsts: a.firsts, start: a.start, end: a.end, clause: a.clause, sentence: a.sentence, tok: a.tok, negators: a.negators,
    });
  }
  return out;
}

interface Arrays {
  ids: Int32Array; numbers: Uint8Array; firsts: Uint8Array; start: Int32Array; end: Int32Array;
  clause: Int32Array; sentence: Int32Array; tok: Int32Array; negators: Uint8Array;
}

/**
 * A buffer for the arrays of one document's streams, reused from one document to the next by a
 * caller that scores one document at a time and keeps none of its streams (the scorer): no new
 * buffer, zeroed and later collected, per interaction. Every entry a stream exposes is written
 * before it is read.
 */
export interface StreamScratch {
  buffer: ArrayBuffer | null;
}

/** Bytes per word of the arrays: six of 4 bytes, three of 1. */
const BYTES_PER_WORD = 6 * 4 + 3;

/** The arrays of `cap` words, as views of one buffer (one allocation instead of nine), the scratch one when it is large enough. */
function allocate(cap: number, scratch?: StreamScratch): Arrays {
  const words = (cap + 7) & ~7;
  let buffer: ArrayBuffer;
  if (scratch === undefined) buffer = new ArrayBuffer(words * BYTES_PER_WORD);
  else {
    if (scratch.buffer === null || scratch.buffer.byteLength < words * BYTES_PER_WORD) scratch.buffer = new ArrayBuffer(Math.max(words * BYTES_PER_WORD, 1 << 16));
    buffer = scratch.buffer;
  }
  const int = (k: number) => new Int32Array(buffer, k * 4 * words, cap);
  const byte = (k: number) => new Uint8Array(buffer, 6 * 4 * words + k * words, cap);
  return { ids: int(0), start: int(1), end: int(2), clause: int(3), sentence: int(4), tok: int(5), numbers: byte(0), firsts: byte(1), negators: byte(2) };
}

function grow(a: Arrays, cap: number, scratch?: StreamScratch): Arrays {
  // A new buffer (the old arrays are copied from), kept as the scratch one for the next document.
  if (scratch !== undefined) scratch.buffer = null;
  const g = allocate(cap, scratch);
  g.ids.set(a.ids); g.numbers.set(a.numbers); g.firsts.set(a.firsts); g.start.set(a.start); g.end.set(a.end);
  g.clause.set(a.clause); g.sentence.set(a.sentence); g.tok.set(a.tok); g.negators.set(a.negators);
  return g;
}
