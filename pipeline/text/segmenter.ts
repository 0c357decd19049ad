/**
 * What a language supplies to the scoring core besides its lexicons: how its text splits into
 * sentences and tokens, and the canonical form its patterns are written on. English is built in; a new
 * language is a folder of lexicons (lexicons/<code>/) and an entry in pipeline/text/languages.ts.
 */
import type { Span } from './sentences.ts';
import type { Token } from './tokens.ts';

export interface Segmenter {
  /** The sentences of a turn's text, as spans. */
  sentences(text: string): Span[];
  /** The tokens of `text` from `start` to `end`, with offsets into `text`. */
  tokenize(text: string, start?: number, end?: number): Token[];
  /**
   * The tokens of each sentence of a turn at once, when segmenting the whole turn is cheaper than
   * segmenting each sentence (Chinese: one call into the segmenter per turn). The same tokens as
   * `tokenize` on each span.
   */
  tokenizeSpans?(text: string, spans: readonly Span[]): Token[][];
  /**
   * The canonical words of a word token's lower-case form: what patterns are written on (English:
   * contractions expanded, "can't" → "can not"). Return `[lower]` when nothing changes.
   */
  canonical(lower: string): readonly string[];
  /** Words that open a new clause ("but"): a negator before them does not reach past them. */
  contrast: ReadonlySet<string>;
  /** Words `canonical` rewrites, when they can be listed (English: the contractions), to look them up once. */
  canonicalized?: readonly string[];
  /**
   * False when `canonical(lower)` is `[lower]` for any word not in `canonicalized` (English: a word
   * without an apostrophe), so that pass 1 need not ask. @defaultValue ask for every word
   */
  mayRewrite?(lower: string): boolean;
}

/** The canonical-form data of a language (lexicons/<code>/canonical.json). */
export interface CanonicalForm {
  /** Whole-word rewrites: "can't" → "can not", "im" → "i am". */
  expand: Record<string, string>;
  /** Suffix rewrites for what `expand` lacks: "n't" → "not". */
  suffixes: Record<string, string>;
  contrast: string[];
}

/**
 * A `canonical` function from a language's canonical-form data (expansions, then suffixes): only a
 * word in `expand` or with an apostrophe is rewritten.
 */
export function canonicalizer(form: CanonicalForm): (lower: string) => readonly string[] {
  const expand = new Map<string, string[]>(Object.entries(form.expand).map(([k, v]) => [k, v.split(' ')]));
  const suffixes = Object.entries(form.suffixes).map(([k, v]) => [k, v.split(' ')] as const);
  return (lower: string) => {
    const whole = expand.get(lower);
    if (whole) return whole;
    if (lower.includes("'")) {
      for (const [suffix, words] of suffixes) {
        if (lower.endsWith(suffix) && lower.length > suffix.length) return [lower.slice(0, -suffix.length), ...words];
      }
    }
    return [lower];
  };
}
