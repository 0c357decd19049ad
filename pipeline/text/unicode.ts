/**
 * The Unicode properties the hand-written scanners of pipeline/text/ read, as one table by UTF-16 code
 * unit: whether a character is a letter (`\p{L}`), a mark (`\p{M}`), a number (`\p{N}`) or white
 * space (`\s`), asked of the regular-expression engine's own classes so that a scanner decides
 * exactly as the expression it replaces would.
 */

export const LETTER = 1;
export const MARK = 2;
export const NUMBER = 4;
export const SPACE = 8;

const KNOWN = 128;
/**
 * Property bits by BMP code unit, with KNOWN set once looked up. Filled as characters are first seen
 * (building all 65,536 entries up front would cost start-up time): the entries are properties of
 * Unicode, the same for every text and every scorer, never data of a text.
 */
const BMP = new Uint8Array(0x10000);
for (let c = 0; c < 0x80; c++) {
  const ch = String.fromCharCode(c);
  BMP[c] = KNOWN | (/\p{L}/u.test(ch) ? LETTER : 0) | (/\p{N}/u.test(ch) ? NUMBER : 0) | (/\s/.test(ch) ? SPACE : 0);
}

const ONE_LETTER = /^\p{L}$/u;
const ONE_MARK = /^\p{M}$/u;
const ONE_NUMBER = /^\p{N}$/u;
const ONE_SPACE = /^\s$/u;

function lookUp(ch: string): number {
  return (ONE_LETTER.test(ch) ? LETTER : 0) | (ONE_MARK.test(ch) ? MARK : 0) | (ONE_NUMBER.test(ch) ? NUMBER : 0) | (ONE_SPACE.test(ch) ? SPACE : 0);
}

/** The property bits of a BMP code unit that is not a surrogate. */
export function propertiesOf(c: number): number {
  const known = BMP[c]!;
  if (known !== 0) return known & ~KNOWN;
  const bits = lookUp(String.fromCharCode(c));
  BMP[c] = KNOWN | bits;
  return bits;
}

/** The width in code units of the character read by the last `propertiesAt`: 1, or 2 for a surrogate pair. */
export let width = 1;

/** The property bits of the code point at `i` of `text` (a lone surrogate has none); sets `width`. */
export function propertiesAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) {
    width = 1;
    const known = BMP[c]!;
    return known !== 0 ? known & ~KNOWN : propertiesOf(c);
  }
  const d = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
  if (d < 0xdc00 || d > 0xdfff) {
    width = 1;
    return 0;
  }
  width = 2;
  return lookUp(text.slice(i, i + 2));
}
