/**
 * The canonical word stream of a turn: every sentence's words in the language's canonical form
 * (English: lower case, contractions expanded), punctuation, emoji and emoticons skipped but starting
 * a new clause, each word pointing back at the written token. The automaton reads this stream; the
 * passes read its clause and sentence numbers for negation scope.
 */
import type { Segmenter } from '../text/segmenter.ts';
import type { Token } from '../text/tokens.ts';
import type { Automaton, WordStream } from './automaton.ts';

/** One word of the canonical stream, pointing back at the written token. */
export interface CanonToken {
  word: string;
  isNumber: boolean;
  /** Character offsets of the written token in the turn text. */
  start: number;
  end: number;
  /** Which clause of the turn it is in: punctuation and contrast words start a new one. */
  clause: number;
  /** Which sentence of the turn it is in. */
  sentence: number;
  /** The first word of its clause (so of its sentence too). */
  first: boolean;
  /** Index of the written token in its sentence's tokens. */
  tok: number;
}

export interface CanonStream extends WordStream {
  tokens: CanonToken[];
  /** Per sentence, the first canonical word and one past its last. */
  sentenceFrom: number[];
  sentenceTo: number[];
}

/** The canonical stream of a turn's sentences, with each word's automaton id. */
export function canonicalStream(sentences: readonly { tokens: readonly Token[] }[], segmenter: Segmenter, automaton: Automaton): CanonStream {
  const out: CanonToken[] = [];
  const sentenceFrom: number[] = [];
  const sentenceTo: number[] = [];
  let clause = 0;
  sentences.forEach((s, sentence) => {
    clause++;
    sentenceFrom.push(out.length);
    const toks = s.tokens;
    for (let k = 0; k < toks.length; k++) {
      const t = toks[k]!;
      if (t.kind === 'punct' || t.kind === 'emoji' || t.kind === 'emoticon') {
        clause++;
        continue;
      }
      if (t.kind === 'number') {
        out.push({ word: t.lower, isNumber: true, start: t.start, end: t.end, clause, sentence, first: out.length === 0 || out[out.length - 1]!.clause !== clause, tok: k });
        continue;
      }
      if (segmenter.contrast.has(t.lower)) clause++;
      for (const word of segmenter.canonical(t.lower)) {
        out.push({ word, isNumber: false, start: t.start, end: t.end, clause, sentence, first: out.length === 0 || out[out.length - 1]!.clause !== clause, tok: k });
      }
    }
    sentenceTo.push(out.length);
  });
  const n = out.length;
  const ids = new Int32Array(n);
  const numbers = new Uint8Array(n);
  const firsts = new Uint8Array(n);
  const words: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const c = out[i]!;
    words[i] = c.word;
    ids[i] = c.isNumber ? 0 : automaton.idOf(c.word);
    numbers[i] = c.isNumber ? 1 : 0;
    firsts[i] = c.first ? 1 : 0;
  }
  return { tokens: out, sentenceFrom, sentenceTo, ids, numbers, firsts, words };
}
