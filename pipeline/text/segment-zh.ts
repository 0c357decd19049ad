/**
 * Chinese word segmentation with offsets, in the same Token shape as the English tokenizer.
 *
 * Runs of Chinese characters are cut into words by jieba (`@node-rs/jieba`, a prebuilt native package)
 * with its default dictionary plus the customer-service words of lexicons/zh/segmenter.json, HMM off
 * (new-word guessing glues a negator or a degree adverb to its head: 这不归, 很差). Traditional text is
 * cut in its simplified form (script.ts), so each token's `lower` is simplified and `text` is as
 * written. Everything between the Chinese runs (Latin words, numbers, emoji, emoticons) goes through
 * the English tokenizer, and full-width punctuation becomes punct tokens whose `lower` is the
 * half-width mark, so clause and question rules read both alike.
 *
 * Measured against `Intl.Segmenter('zh')` (built into Node, no user dictionary): see
 * bench/chinese-text.ts.
 */
import { createRequire } from 'node:module';
import segmenterWords from '../../lexicons/zh/segmenter.json' with { type: 'json' };
import { toSimplified } from './script.ts';
import type { Segmenter } from './segmenter.ts';
import { splitSentences, type Span } from './sentences.ts';
import { tokenize, type Token } from './tokens.ts';

interface Jieba {
  cut(sentence: string, hmm?: boolean): string[];
  loadDict(dict: Uint8Array): void;
}

/** Full-width (and CJK) punctuation → the half-width mark the rules are written on. */
const PUNCT: Record<string, string> = {
  '，': ',', '、': ',', '。': '.', '．': '.', '！': '!', '？': '?', '；': ';', '：': ':', '…': '...',
  '（': '(', '）': ')', '【': '(', '】': ')', '《': '"', '》': '"', '“': '"', '”': '"', '‘': "'", '’': "'",
  '「': '"', '」': '"', '『': '"', '』': '"', '～': '~', '—': '-', '～～': '~',
};

/** The frequency given to user-dictionary words: high enough that jieba keeps them whole. */
const USER_WORD_FREQ = 100_000;

let jieba: Jieba | null = null;
let extraWords: readonly string[] = [];

/**
 * Words every later segmentation keeps whole, on top of lexicons/zh/segmenter.json (the lexicon
 * phrases of a language, so that a phrase is found as one token). Call before the first segmentation.
 */
export function addSegmenterWords(words: readonly string[]): void {
  extraWords = [...extraWords, ...words];
  if (jieba) jieba.loadDict(userDictionary(words));
}

function userDictionary(words: readonly string[]): Uint8Array {
  const lines = words.map((w) => w.trim()).filter((w) => w && !/\s/.test(w)).map((w) => `${toSimplified(w)} ${USER_WORD_FREQ}`);
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

/** The segmenter, loaded on first use (the default dictionary takes ~0.5 s to read). */
function segmenter(): Jieba {
  if (jieba) return jieba;
  const require = createRequire(import.meta.url);
  const { Jieba } = require('@node-rs/jieba') as { Jieba: { withDict(d: Uint8Array): Jieba } };
  const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
  const j = Jieba.withDict(dict);
  j.loadDict(userDictionary([...segmenterWords.words, ...extraWords]));
  jieba = j;
  return j;
}

/** A piece of jieba's output is a Chinese word when its first character is in a CJK block (jieba keeps runs apart). */
function isHanPiece(piece: string): boolean {
  const c = piece.charCodeAt(0);
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xd840 && c <= 0xd87e);
}

/** Splits `text` (from `offset` to `end`) into tokens, Chinese words included, with offsets into `text`. */
export function tokenizeChinese(text: string, offset = 0, end = text.length): Token[] {
  const slice = text.slice(offset, end);
  const simplified = toSimplified(slice);
  const pieces = segmenter().cut(simplified, false);
  const same = simplified === slice; // no traditional character: each word is as written
  const out: Token[] = [];
  let pos = 0;
  let otherFrom = -1; // start (in slice) of a run of non-Chinese pieces, tokenized together
  const flushOther = (to: number) => {
    if (otherFrom < 0) return;
    // The English tokenizer reads a word past the end it is given, so it gets the run alone.
    const shift = offset + otherFrom;
    for (const t of tokenize(slice.slice(otherFrom, to))) out.push({ ...t, start: t.start + shift, end: t.end + shift });
    otherFrom = -1;
  };
  for (const piece of pieces) {
    const from = pos;
    pos += piece.length;
    if (isHanPiece(piece)) {
      flushOther(from);
      out.push({ text: same ? piece : slice.slice(from, pos), lower: piece, kind: 'word', start: offset + from, end: offset + pos, info: undefined });
      continue;
    }
    const mark = PUNCT[piece];
    if (mark !== undefined) {
      flushOther(from);
      // Runs of marks (！！, ？！, ……) are one token, as the English tokenizer keeps "!!" whole.
      const last = out[out.length - 1];
      if (last && last.kind === 'punct' && last.end === offset + from && /^[!?.]+$/.test(mark) && /^[!?.]+$/.test(last.lower)) {
        last.text += piece;
        last.lower += mark;
        last.end = offset + pos;
      } else out.push({ text: piece, lower: mark, kind: 'punct', start: offset + from, end: offset + pos, info: undefined });
      continue;
    }
    if (otherFrom < 0) otherFrom = from;
  }
  flushOther(pos);
  return out;
}

/**
 * The tokens of each sentence span of `text`, from one segmentation of the text from the first span's
 * start to the last one's end (one call into jieba a turn instead of one a sentence): each token goes
 * to the span it starts in. jieba cuts Chinese runs apart at every punctuation mark and sentence
 * boundaries are marks or line breaks, so the words are those of segmenting each sentence alone.
 */
export function tokenizeChineseSpans(text: string, spans: readonly Span[]): Token[][] {
  const out: Token[][] = spans.map(() => []);
  if (spans.length === 0) return out;
  if (spans.length === 1) {
    out[0] = tokenizeChinese(text, spans[0]!.start, spans[0]!.end);
    return out;
  }
  const all = tokenizeChinese(text, spans[0]!.start, spans[spans.length - 1]!.end);
  let k = 0;
  const place = (t: Token) => {
    while (k + 1 < spans.length && t.start >= spans[k + 1]!.start) k++;
    const span = spans[k]!;
    if (t.start >= span.end) return; // white space between sentences
    if (t.end <= span.end) {
      out[k]!.push(t);
      return;
    }
    // A run of marks across a sentence end (？……): each side read on its own, as sentence by sentence.
    for (const u of tokenizeChinese(text, t.start, span.end)) out[k]!.push(u);
    const next = spans[k + 1];
    if (next && next.start < t.end) for (const u of tokenizeChinese(text, next.start, t.end)) place(u);
  };
  for (const t of all) place(t);
  return out;
}

/** Words that open a new clause in Chinese: a negator before them does not reach past them. */
const ZH_CONTRAST = ['但是', '但', '可是', '不过', '然而', '却', '虽然', '尽管'];

/**
 * Chinese for the scoring core (pipeline/text/segmenter.ts): sentences end at 。！？；… and at
 * half-width marks after a Chinese character (sentences.ts), words from jieba, and every word is its
 * own canonical form (`lower` is already simplified).
 */
export const CHINESE_SEGMENTER: Segmenter = {
  sentences: splitSentences,
  tokenize: tokenizeChinese,
  tokenizeSpans: tokenizeChineseSpans,
  canonical: (lower) => [lower],
  contrast: new Set(ZH_CONTRAST),
  // Every word is its own canonical form: pass 1 takes a word outside the lexicons as it is, without asking.
  mayRewrite: () => false,
};
