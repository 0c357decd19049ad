/**
 * The one pattern language of every lexicon in lexicons/ (documented for editors in
 * lexicons/README.md). A pattern is elements separated by spaces, matched on consecutive words of one
 * sentence in canonical form (the language's segmenter: lower case, contractions expanded,
 * punctuation, emoji and emoticons skipped):
 *
 *   sorry      that word                      refund*   any word starting with "refund"
 *   a|b|c      any of the alternatives        _         any one word
 *   @name      any word of the file's class   #         a number
 *   really?    the element or nothing         ...       a gap of 0 to 3 words
 *   ^so        (first element only) the word at the start of a clause
 *
 * Alternatives combine any single-word atoms (`#|@number_word`, `refund*|money`). The first element
 * must consume a word (not optional, not `_`, not `...`).
 */

/** The most words a `...` gap may skip: enough for "I'm (so very) sorry", short enough to stay in one idea. */
export const GAP_MAX = 3;

export type Atom =
  | { kind: 'word'; word: string }
  | { kind: 'prefix'; prefix: string }
  | { kind: 'class'; name: string; words: readonly string[] }
  | { kind: 'number' }
  | { kind: 'any' };

export interface Element {
  atoms: Atom[];
  optional: boolean;
  /** `...`: zero to GAP_MAX words. */
  gap: boolean;
  /** `^`: the word must open a clause. */
  atStart: boolean;
}

/** A pattern that does not parse: `reason` says what is wrong. */
export class PatternError extends Error {
  override name = 'PatternError';
  constructor(readonly pattern: string, readonly reason: string) {
    super(`pattern "${pattern}": ${reason}`);
  }
}

/** Letters, marks, digits, inner apostrophes and hyphens: what a literal word may contain. */
const WORD = /^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}'-]*$/u;

export interface ParseOptions {
  /** The file's word classes, for `@name`. */
  classes?: Readonly<Record<string, readonly string[]>>;
  /**
   * The canonical words of a written word (the language's segmenter): a literal must already be in
   * canonical form, so that a pattern can never be written in a form the text never takes.
   */
  canonical?: (word: string) => readonly string[];
}

function parseAtom(raw: string, pattern: string, opts: ParseOptions): Atom {
  if (raw === '') throw new PatternError(pattern, 'an empty alternative (two | in a row, or a | at an end)');
  if (raw === '_') return { kind: 'any' };
  if (raw === '#') return { kind: 'number' };
  if (raw === '*') throw new PatternError(pattern, '"*" alone is not an element: write "_" for any one word, "word*" for a prefix');
  if (raw.startsWith('@')) {
    const name = raw.slice(1);
    const words = opts.classes?.[name];
    if (!words) throw new PatternError(pattern, `unknown class @${name} (define it under "classes" in the same file)`);
    return { kind: 'class', name, words };
  }
  if (raw.endsWith('*')) {
    const prefix = raw.slice(0, -1);
    if (!WORD.test(prefix) || prefix !== prefix.toLowerCase()) throw new PatternError(pattern, `bad prefix "${raw}" (lower-case letters before the *)`);
    return { kind: 'prefix', prefix };
  }
  if (!WORD.test(raw)) throw new PatternError(pattern, `bad word "${raw}" (letters, digits, inner ' and -; symbols are _ # @class word* ... ? ^ |)`);
  if (raw !== raw.toLowerCase()) throw new PatternError(pattern, `"${raw}" must be lower case`);
  const canon = opts.canonical?.(raw);
  if (canon && (canon.length !== 1 || canon[0] !== raw)) {
    throw new PatternError(pattern, `"${raw}" is not in canonical form: write "${canon.join(' ')}" (the text is matched with contractions expanded)`);
  }
  return { kind: 'word', word: raw };
}

function parseElement(raw: string, pattern: string, opts: ParseOptions): Element {
  if (raw === '...') return { atoms: [{ kind: 'any' }], optional: true, gap: true, atStart: false };
  const atStart = raw.startsWith('^');
  const optional = raw.endsWith('?') && raw.length > 1;
  const body = raw.slice(atStart ? 1 : 0, optional ? -1 : undefined);
  const atoms = body.split('|').map((a) => parseAtom(a, pattern, opts));
  if (atoms.length > 1 && atoms.some((a) => a.kind === 'any')) throw new PatternError(pattern, `"_" (any word) in alternatives "${raw}" makes the others pointless`);
  return { atoms, optional, gap: false, atStart };
}

/** Parses one pattern; throws PatternError with the reason. */
export function parsePattern(pattern: string, opts: ParseOptions = {}): Element[] {
  if (typeof pattern !== 'string' || pattern.trim() === '') throw new PatternError(String(pattern), 'empty pattern');
  if (pattern !== pattern.trim()) throw new PatternError(pattern, 'leading or trailing spaces');
  const elements = pattern.split(/\s+/).map((e) => parseElement(e, pattern, opts));
  const first = elements[0]!;
  if (first.optional || first.gap || first.atoms.some((a) => a.kind === 'any')) {
    throw new PatternError(pattern, 'the first element must match a word (not optional, not _, not ...)');
  }
  if (elements.slice(1).some((e) => e.atStart)) throw new PatternError(pattern, 'only the first element may carry ^');
  return elements;
}

/** Every word the pattern spells out literally (for "does the pattern itself contain a negator"). */
export function literalsOf(elements: readonly Element[]): Set<string> {
  const out = new Set<string>();
  for (const e of elements) for (const a of e.atoms) if (a.kind === 'word') out.add(a.word);
  return out;
}

/**
 * The pattern's concrete element sequences, each optional element taken or left and each gap opened to
 * 0 … GAP_MAX `_` elements, in the order a left-to-right search tries them (an optional element taken
 * before left, a shorter gap before a longer one). Of the variants that match at one start the first
 * in this order is the match, as a backtracking matcher would find it.
 */
export function variantsOf(elements: readonly Element[]): Element[][] {
  let out: Element[][] = [[]];
  for (const e of elements) {
    const next: Element[][] = [];
    for (const v of out) {
      if (e.gap) {
        for (let k = 0; k <= GAP_MAX; k++) next.push([...v, ...Array.from({ length: k }, () => ANY)]);
      } else if (e.optional) {
        next.push([...v, { ...e, optional: false }], v);
      } else {
        next.push([...v, e]);
      }
    }
    out = next;
  }
  return out;
}

const ANY: Element = { atoms: [{ kind: 'any' }], optional: false, gap: false, atStart: false };
