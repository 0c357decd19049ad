/** Sentence splitting by punctuation and line breaks, with offsets; abbreviations are not split. */

export interface Span {
  start: number;
  end: number;
}

const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'st', 'no', 'vs', 'etc', 'e.g', 'i.e', 'approx', 'dept', 'acct', 'ref', 'jr', 'sr',
]);

/** White space as `\s` sees it, with the ASCII cases decided without a regex. */
function isSpace(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return /\s/.test(text[i]!);
}

/** Adds `start` … `end` trimmed of white space, unless nothing is left. */
function pushTrimmed(spans: Span[], text: string, start: number, end: number): void {
  let s = start;
  let e = end;
  while (s < e && isSpace(text, s)) s++;
  while (e > s && isSpace(text, e - 1)) e--;
  if (e > s) spans.push({ start: s, end: e });
}

const BOUNDARY = /([.!?…]+["')\]]*)(?=\s|$)|\n+/g;
// Chinese sentences end at 。！？；… with no space after, and at half-width . ! ? ; typed after a
// Chinese character (chat input methods switch widths freely); closing quotes and brackets stay with
// the sentence they close. Only text with CJK characters pays for this slower expression.
const BOUNDARY_CJK = /([.!?…]+["')\]]*)(?=\s|$)|[。！？；]+[”’」』）)\]"']*|(?<=\p{Script=Han})…+[”’」』）)\]"']*|(?<=\p{Script=Han})[.!?;]+(?=[\p{Script=Han}“‘「『]|\s|$)|\n+/gu;

/** True when `text` has a character from the CJK ranges (U+2E80 onwards, below the surrogates, or full-width forms). */
function hasCjk(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x2e80 && (c < 0xa000 || (c >= 0xf900 && c < 0xfb00) || (c >= 0xff00 && c < 0xfff0) || (c >= 0xd840 && c <= 0xd87e))) return true;
  }
  return false;
}

/**
 * True when the letters and dots just before a full stop at `at` (read no further back than `from`)
 * are an abbreviation or a single letter ("Dr.", "e.g.", "J."): the stop does not end a sentence.
 */
function abbreviationBefore(text: string, from: number, at: number): boolean {
  // The trailing run of [\p{L}.] by hand while it is ASCII; any other character, the expression decides.
  let i = at;
  while (i > from) {
    const c = text.charCodeAt(i - 1);
    if (c >= 128) return abbreviationByExpression(text, from, at);
    if (c === 46 || ((c | 32) >= 97 && (c | 32) <= 122)) i--;
    else break;
  }
  if (i === at) return false;
  if (at - i === 1) return text.charCodeAt(i) !== 46;
  return ABBREVIATIONS.has(text.slice(i, at).toLowerCase());
}

function abbreviationByExpression(text: string, from: number, at: number): boolean {
  const word = /([\p{L}.]+)$/u.exec(text.slice(from, at))?.[1]?.toLowerCase();
  return !!word && (ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word));
}

/** The sentences of `text` as spans, trimmed of surrounding white space; empty spans are dropped. */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  const re = hasCjk(text) ? BOUNDARY_CJK : BOUNDARY;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const end = m.index + m[0].length;
    if (m[1] && m[1] === '.' && abbreviationBefore(text, Math.max(start, m.index - 8), m.index)) continue;
    pushTrimmed(spans, text, start, end);
    start = end;
  }
  pushTrimmed(spans, text, start, text.length);
  return spans;
}
