/**
 * Text → sparse TF-IDF vector: word unigrams and bigrams plus character n-grams inside words, hashed
 * into a fixed space (no string vocabulary to store), then only the buckets seen in training kept.
 */
import { prepareChineseSegmenter } from '../text/language-zh.ts';
import { hasHan } from '../text/script.ts';
import { tokenizeChinese } from '../text/segment-zh.ts';
import { tokenize, type Token } from '../text/tokens.ts';

export interface FeatureParams {
  /** Word n-grams up to this length (1 = unigrams, 2 = + bigrams). @defaultValue 2 */
  wordNgrams: number;
  /** Shortest character n-gram, counted inside space-padded words. @defaultValue 2 */
  charMin: number;
  /** Longest character n-gram; 0 turns character n-grams off. @defaultValue 5 */
  charMax: number;
  /** The hashed space has 2^hashBits buckets; collisions are rare well below that many terms. @defaultValue 22 */
  hashBits: number;
  /** A term must occur in this many training texts to be kept. @defaultValue 2 */
  minDf: number;
  /**
   * Weight of the character n-gram block against the word block; each block is L2-normalised on its
   * own first, so the many character n-grams don't drown the few words. @defaultValue 1
   */
  charWeight: number;
}

export const DEFAULT_FEATURES: FeatureParams = { wordNgrams: 2, charMin: 2, charMax: 5, hashBits: 22, minDf: 2, charWeight: 1 };

/** Distinct seeds keep a word, a bigram and a character n-gram with the same letters apart. */
const WORD_SEED = 0x811c9dc5;
const BIGRAM_SEED = 0x01234567;
const CHAR_SEED = 0x5bd1e995;

function fnv(seed: number, s: string, from: number, to: number): number {
  let h = seed;
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The words of a text, lower-cased, every digit run written `0` so numbers share their shape. Chinese
 * is cut into words by the Chinese segmenter (traditional read as simplified).
 */
export function words(text: string): string[] {
  const out: string[] = [];
  let tokens: Token[];
  if (hasHan(text)) {
    // The segmenter's dictionary with the Chinese lexicon words, always: whether or not a Chinese text
    // was scored before, training and prediction cut the same words.
    prepareChineseSegmenter();
    tokens = tokenizeChinese(text);
  } else tokens = tokenize(text);
  for (const t of tokens) {
    if (t.kind === 'punct') {
      if (t.text.includes('?') || t.text.includes('!')) out.push(t.text[0]!);
      continue;
    }
    out.push(t.kind === 'number' ? t.lower.replace(/\d+/g, '0') : t.lower);
  }
  return out;
}

/** Hashed term → count for one text. */
export function termCounts(text: string, p: FeatureParams): Map<number, number> {
  // Word terms hash into the lower half of the space, character n-grams into the upper half.
  const half = 2 ** (p.hashBits - 1);
  const counts = new Map<number, number>();
  const add = (h: number, block: number) => {
    const k = (h % half) + block;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  };
  const ws = words(text);
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    add(fnv(WORD_SEED, w, 0, w.length), 0);
    if (p.wordNgrams >= 2 && i + 1 < ws.length) {
      const b = w + ' ' + ws[i + 1];
      add(fnv(BIGRAM_SEED, b, 0, b.length), 0);
    }
    if (p.charMax > 0 && !isHan(w)) {
      const padded = ' ' + w + ' ';
      for (let n = p.charMin; n <= p.charMax; n++) {
        for (let s = 0; s + n <= padded.length; s++) add(fnv(CHAR_SEED + n, padded, s, s + n), half);
      }
    }
  }
  if (p.charMax > 0) hanCharNgrams(ws, p, (h) => add(h, half));
  return counts;
}

const HAN_WORD = /^\p{Script=Han}+$/u;
const isHan = (w: string) => HAN_WORD.test(w);

/**
 * Chinese character n-grams: a Chinese word is one to four characters, so n-grams inside it say little;
 * they run over each run of consecutive Chinese words instead (across the segmenter's cuts, which may
 * be wrong), single characters included, up to three characters long.
 */
function hanCharNgrams(ws: string[], p: FeatureParams, add: (h: number) => void): void {
  const maxN = Math.min(p.charMax, ZH_CHAR_MAX);
  let run = '';
  const flush = () => {
    if (!run) return;
    const padded = ' ' + run + ' ';
    for (let n = 1; n <= maxN; n++) {
      for (let s = 0; s + n <= padded.length; s++) if (n > 1 || padded[s] !== ' ') add(fnv(CHAR_SEED + 16 + n, padded, s, s + n));
    }
    run = '';
  };
  for (const w of ws) {
    if (isHan(w)) run += w;
    else flush();
  }
  flush();
}

/** The longest Chinese character n-gram. */
const ZH_CHAR_MAX = 3;

/** The kept buckets and their inverse document frequencies. */
export interface Vocabulary {
  /** Bucket of feature i, ascending. */
  buckets: Uint32Array;
  idf: Float32Array;
  index: Map<number, number>;
  /** Features from here on are character n-grams. */
  firstChar: number;
  charWeight: number;
}

export function vocabularyFrom(buckets: Uint32Array, idf: Float32Array, p: FeatureParams): Vocabulary {
  const index = new Map<number, number>();
  const half = 2 ** (p.hashBits - 1);
  let firstChar = buckets.length;
  for (let i = 0; i < buckets.length; i++) {
    index.set(buckets[i]!, i);
    if (buckets[i]! >= half && firstChar === buckets.length) firstChar = i;
  }
  return { buckets, idf, index, firstChar, charWeight: p.charWeight };
}

/** Document frequencies over the training texts → kept buckets with smoothed idf = ln((1+n)/(1+df)) + 1. */
export function fitVocabulary(docs: Map<number, number>[], p: FeatureParams): Vocabulary {
  const df = new Map<number, number>();
  for (const d of docs) for (const k of d.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  const kept = [...df.entries()].filter(([, c]) => c >= p.minDf).map(([k]) => k).sort((a, b) => a - b);
  const buckets = Uint32Array.from(kept);
  const idf = new Float32Array(buckets.length);
  const n = docs.length;
  for (let i = 0; i < buckets.length; i++) idf[i] = Math.log((1 + n) / (1 + df.get(buckets[i]!)!)) + 1;
  return vocabularyFrom(buckets, idf, p);
}

/** A sparse vector: feature indices (ascending not required) and their values. */
export interface SparseVector {
  idx: Int32Array;
  val: Float64Array;
}

/**
 * Sublinear TF (1 + ln tf) × idf; the word and character blocks each L2-normalised, weighted, and the
 * whole L2-normalised again; `extra` dense values (already scaled) follow at indices vocabulary size + j.
 */
export function vectorize(counts: Map<number, number>, vocab: Vocabulary, extra: readonly number[] = []): SparseVector {
  const idx: number[] = [];
  const val: number[] = [];
  let wordNorm = 0, charNorm = 0;
  for (const [k, c] of counts) {
    const i = vocab.index.get(k);
    if (i === undefined) continue;
    const v = (1 + Math.log(c)) * vocab.idf[i]!;
    idx.push(i);
    val.push(v);
    if (i < vocab.firstChar) wordNorm += v * v;
    else charNorm += v * v;
  }
  const wScale = wordNorm > 0 ? 1 / Math.sqrt(wordNorm) : 0;
  const cScale = charNorm > 0 ? vocab.charWeight / Math.sqrt(charNorm) : 0;
  const total = Math.sqrt((wordNorm > 0 ? 1 : 0) + cScale * cScale * charNorm) || 1;
  for (let j = 0; j < val.length; j++) val[j] = (val[j]! * (idx[j]! < vocab.firstChar ? wScale : cScale)) / total;
  const base = vocab.buckets.length;
  for (let j = 0; j < extra.length; j++) {
    if (extra[j] === 0) continue;
    idx.push(base + j);
    val.push(extra[j]!);
  }
  return { idx: Int32Array.from(idx), val: Float64Array.from(val) };
}
