/**
 * A single-pass regex tokenizer with character offsets. It is the only tokenizer the scorers use, so
 * that each text is split once and every score can point back at its words.
 */

export type TokenKind = 'word' | 'number' | 'emoticon' | 'emoji' | 'punct';

export interface Token {
  /** As written. */
  text: string;
  /** Lower case, curly apostrophes made straight. */
  lower: string;
  kind: TokenKind;
  start: number;
  end: number;
  /**
   * The word-table hash of `lower` (pipeline/match/canonical.ts, `WordIndex.hash`), when the
   * tokenizer computed it while reading the word (plain ASCII words): pass 1 need not read the word again.
   */
  hash?: number | undefined;
  /** Pass 1's look-up of the word in its language's word table (pipeline/match/canonical.ts), kept for later passes. */
  info?: WordLookup | undefined;
}

/** What a word's one look-up in its language's word table found, for the passes after the first. */
export interface WordLookup {
  /** The sentiment index the entry comes from (a pass reading another index looks the word up itself). */
  sentimentIndex: ReadonlyMap<string, unknown> | null;
  /** The word's entry in `sentimentIndex`; undefined when it has none. */
  sentiment: unknown;
  /** One of the words by which an agent sympathises (the sentiment rules' `agent_sympathy`, of the language `sentimentIndex` is). */
  agentSympathy: boolean;
}

// Order matters: web addresses and HTML entities first (skipped: their letters are not words and
// "http://" would read as the emoticon ":/"), emoticons before punctuation, words with inner
// apostrophes / hyphens kept whole.
const ALTERNATIVES = [
  String.raw`(https?:\/\/\S+|www\.\S+|&(?:[a-zA-Z]+|#\d+);)`,
  String.raw`((?:[:;=8xX][\-o^']?[)(\]\[dDpP/\\|*3$@]+(?![a-zA-Z]))|(?:<3)|(?:[)(][\-o^']?[:;=]))`,
  String.raw`([\p{L}\p{M}]+(?:['’][\p{L}]+)*(?:-[\p{L}\p{M}]+)*)`,
  String.raw`(\d+(?:[.,:]\d+)*(?:%|st|nd|rd|th|s|am|pm)?)`,
  String.raw`(\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}])*)`,
  String.raw`([!?]+|\.{2,}|[.,;:()"—–-])`,
].join('|');
/** The grammar, tried at one position (sticky); the scanner below takes the common cases by hand. */
const TOKEN_AT = new RegExp(ALTERNATIVES, 'uy');
// Capture group of each alternative above (positional: a `groups` object per match costs time).
const SKIP = 1, EMOTICON = 2, WORD = 3, NUMBER = 4, EMOJI = 5;

const isAsciiLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isDigit = (c: number) => c >= 48 && c <= 57;
const NUMBER_SUFFIXES = ['%', 'st', 'nd', 'rd', 'th', 's', 'am', 'pm'];
/** Characters that can follow x / X in an emoticon ("xD", "x-("). */
const EMOTICON_AFTER_X = new Set([...String.raw`-o^')(][dDpP/\|*3$@`].map((ch) => ch.charCodeAt(0)));

/** True when the full grammar must decide what starts at `i` (a web address or an emoticon). */
function special(text: string, i: number, c: number): boolean {
  if (c === 104 /* h */) return text.startsWith('http://', i) || text.startsWith('https://', i);
  if (c === 119 /* w */) return text.startsWith('www.', i);
  if (c === 120 || c === 88 /* x X */) return EMOTICON_AFTER_X.has(text.charCodeAt(i + 1));
  return false;
}

/** The end of a number starting at `i` (not 8, which may open an emoticon), as the grammar reads it. */
function numberEnd(text: string, i: number, n: number): number {
  let j = i + 1;
  while (j < n && isDigit(text.charCodeAt(j))) j++;
  for (;;) {
    const c = text.charCodeAt(j);
    if ((c === 46 || c === 44 || c === 58) /* . , : */ && j + 1 < n && isDigit(text.charCodeAt(j + 1))) {
      j += 2;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
      continue;
    }
    break;
  }
  for (const suffix of NUMBER_SUFFIXES) if (text.startsWith(suffix, j)) return j + suffix.length;
  return j;
}

/**
 * The end of a plain ASCII word starting at `i` (letters, inner apostrophes and hyphens followed by
 * letters), or -1 when a non-ASCII character touches it, so that the full grammar decides.
 */
let sawUpper = false; // set by asciiWordEnd: the word has a capital, so it needs lower-casing
let wordHash = 0; // set by asciiWordEnd: the FNV-1a hash of the word in lower case, as `WordIndex.hash` makes it

function asciiWordEnd(text: string, i: number, n: number): number {
  // FNV-1a over the lower-case characters (letters | 32; ' and - are themselves).
  const c0 = text.charCodeAt(i);
  sawUpper = c0 <= 90;
  let h = Math.imul((0x811c9dc5 | 0) ^ (c0 | 32), 0x01000193);
  let j = i + 1;
  let hyphenated = false; // the grammar takes apostrophe parts before hyphen parts, not after
  for (;;) {
    for (; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c >= 97 && c <= 122) {
        h = Math.imul(h ^ c, 0x01000193);
        continue;
      }
      if (c >= 65 && c <= 90) {
        sawUpper = true;
        h = Math.imul(h ^ (c | 32), 0x01000193);
      } else break;
    }
    if (j >= n) break;
    const c = text.charCodeAt(j);
    if (c >= 128) return -1;
    if (((c === 39 /* ' */ && !hyphenated) || c === 45 /* - */) && j + 1 < n) {
      const next = text.charCodeAt(j + 1);
      if (isAsciiLetter(next)) {
        if (c === 45) hyphenated = true;
        if (next <= 90) sawUpper = true;
        h = Math.imul(Math.imul(h ^ c, 0x01000193) ^ (next | 32), 0x01000193);
        j += 2;
        continue;
      }
      if (next >= 128) return -1;
    }
    break;
  }
  wordHash = h ^ (h >>> 15);
  return j;
}

function push(out: Token[], t: string, kind: TokenKind, start: number): void {
  let lower = t;
  if (kind === 'word') {
    lower = t.toLowerCase();
    if (lower.includes('’')) lower = lower.replace(/’/g, "'");
  }
  out.push({ text: t, lower, kind, start, end: start + t.length, hash: undefined, info: undefined });
}

/** Splits `text` into tokens, with offsets into `text`. */
export function tokenize(text: string, offset = 0, end = text.length): Token[] {
  const out: Token[] = [];
  const n = text.length;
  let i = offset;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 9 || c === 13) {
      i++;
      continue;
    }
    // Plain ASCII words (not the first letter of an emoticon or a web address).
    if (isAsciiLetter(c)) {
      if (!special(text, i, c)) {
        const j = asciiWordEnd(text, i, n);
        if (j > 0) {
          const t = text.slice(i, j);
          out.push({ text: t, lower: sawUpper ? t.toLowerCase() : t, kind: 'word', start: i, end: j, hash: wordHash, info: undefined });
          i = j;
          continue;
        }
      }
    } else if (c === 64 || c === 35 /* @ # */) {
      i++;
      continue;
    } else if (isDigit(c) && c !== 56) {
      const j = numberEnd(text, i, n);
      push(out, text.slice(i, j), 'number', i);
      i = j;
      continue;
    } else if (c === 44 /* , */) {
      out.push({ text: ',', lower: ',', kind: 'punct', start: i, end: i + 1, hash: undefined, info: undefined });
      i++;
      continue;
    } else if (c === 33 || c === 63 /* ! ? */) {
      let j = i + 1;
      while (j < n && (text.charCodeAt(j) === 33 || text.charCodeAt(j) === 63)) j++;
      const t = j === i + 1 ? (c === 33 ? '!' : '?') : text.slice(i, j);
      out.push({ text: t, lower: t, kind: 'punct', start: i, end: j, hash: undefined, info: undefined });
      i = j;
      continue;
    } else if (c === 46 /* . */) {
      let j = i + 1;
      while (j < n && text.charCodeAt(j) === 46) j++;
      const t = j === i + 1 ? '.' : text.slice(i, j);
      out.push({ text: t, lower: t, kind: 'punct', start: i, end: j, hash: undefined, info: undefined });
      i = j;
      continue;
    }
    TOKEN_AT.lastIndex = i;
    const m = TOKEN_AT.exec(text);
    if (m === null) {
      i++;
      continue;
    }
    const t = m[0];
    i += t.length;
    if (m[SKIP] !== undefined) continue;
    const kind: TokenKind = m[WORD] !== undefined ? 'word'
      : m[EMOTICON] !== undefined ? 'emoticon'
      : m[NUMBER] !== undefined ? 'number'
      : m[EMOJI] !== undefined ? 'emoji'
      : 'punct';
    push(out, t, kind, i - t.length);
  }
  return out;
}
