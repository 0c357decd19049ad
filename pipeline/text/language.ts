/**
 * The language (and script) a text is written in, so that a scorer can decline a language it does not
 * know instead of scoring it as if it were English. Pure and cheap: the script of the letters decides
 * first (Han, kana, Hangul, Cyrillic, Arabic, Hebrew, Greek, Thai, Devanagari); Latin-script text is
 * told apart by function words and language-specific letters (`lexicons/language.json`), which works
 * on a tweet, where character-statistics detectors mistake short English for Scots or Tagalog.
 *
 * Codes are ISO 639-1 (`en`, `es`, `zh` …); `und` means the text has too few letters to tell (an
 * emoji, a handle, a number). Han text also gets `Hans` or `Hant` when its characters say which.
 */
import data from '../../lexicons/language.json' with { type: 'json' };
import { LETTER, MARK, NUMBER, SPACE, propertiesAt, propertiesOf, width } from './unicode.ts';

export type Script = 'Latn' | 'Hans' | 'Hant' | 'Hani' | 'Jpan' | 'Kore' | 'Cyrl' | 'Arab' | 'Hebr' | 'Grek' | 'Thai' | 'Deva' | 'Zyyy';

export interface LanguageGuess {
  /** ISO 639-1 code, or `und` when there is too little text to tell. */
  language: string;
  script: Script;
  /** 0–1: how clearly the evidence points at this language. */
  confidence: number;
}

/** The language of a whole interaction, and of each of its turns. */
export interface InteractionLanguage extends LanguageGuess {
  turns: LanguageGuess[];
}

export const UNDETERMINED = 'und';

/** Only this much of a text is read: more letters do not change the answer. */
const MAX_CHARS = 2000;
/** Han, kana and Hangul characters carry a word's worth of information each; Latin letters do not. */
const CJK_LETTER_WEIGHT = 3;
/** Fewer weighted letters than this and the script is not trusted (a stray character in a handle). */
const MIN_LETTERS = 2;
/** A Latin-script language other than English needs this much function-word evidence (one word is too little: "plus", "as") … */
const MIN_OTHER_EVIDENCE = 1.5;
/** What a greeting or thanks that only one language uses ("gracias", "danke") counts for. */
const STRONG_WORD = 2;
/** … and this many times English's. Ties and near-ties stay English, the scorers' own language. */
const OTHER_OVER_ENGLISH = 2;

// Words of each Latin-script language: a word listed under k languages gives each 1/k.
const WORD_SHARES = new Map<string, [string, number][]>();
for (const [lang, words] of Object.entries(data.latin as Record<string, string[]>)) {
  for (const w of words) {
    const list = WORD_SHARES.get(w) ?? [];
    list.push([lang, 1]);
    WORD_SHARES.set(w, list);
  }
}
for (const list of WORD_SHARES.values()) for (const e of list) e[1] = 1 / list.length;
for (const [lang, words] of Object.entries(data.strong as Record<string, string[] | string>)) {
  if (!Array.isArray(words)) continue;
  for (const w of words) WORD_SHARES.set(w, [[lang, STRONG_WORD]]);
}
const LATIN_LANGUAGES = Object.keys(data.latin);
const LETTER_LANGUAGE = new Map<string, string>();
for (const [lang, letters] of Object.entries(data.letters as Record<string, string[]>)) for (const l of letters) LETTER_LANGUAGE.set(l, lang);
const HANS = new Set([...data.han.Hans]);
const HANT = new Set([...data.han.Hant]);


type ScriptKey = 'latin' | 'han' | 'kana' | 'hangul' | 'cyrillic' | 'arabic' | 'hebrew' | 'greek' | 'thai' | 'devanagari';

const SCRIPT_KEYS: readonly ScriptKey[] = ['latin', 'han', 'kana', 'hangul', 'cyrillic', 'arabic', 'hebrew', 'greek', 'thai', 'devanagari'];
const [LATIN, HAN, KANA, HANGUL, CYRILLIC, ARABIC, HEBREW, GREEK, THAI, DEVANAGARI] = SCRIPT_KEYS.map((_, k) => k) as number[] as [number, number, number, number, number, number, number, number, number, number];
/** Han, kana and Hangul characters carry a word's worth of information each. */
const SCRIPT_WEIGHT = SCRIPT_KEYS.map((k) => (k === 'han' || k === 'kana' || k === 'hangul' ? CJK_LETTER_WEIGHT : 1));

/** The script of a UTF-16 code unit (index in SCRIPT_KEYS), or -1. */
function scriptOf(c: number): number {
  if (c < 0x80) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? LATIN : -1;
  if (c <= 0x24f) return c >= 0xc0 && c !== 0xd7 && c !== 0xf7 ? LATIN : -1;
  if (c >= 0x370 && c <= 0x3ff) return GREEK;
  if (c >= 0x400 && c <= 0x52f) return CYRILLIC;
  if (c >= 0x590 && c <= 0x5ff) return HEBREW;
  if ((c >= 0x600 && c <= 0x6ff) || (c >= 0x750 && c <= 0x77f)) return ARABIC;
  if (c >= 0x900 && c <= 0x97f) return DEVANAGARI;
  if (c >= 0xe00 && c <= 0xe7f) return THAI;
  if (c >= 0x1e00 && c <= 0x1eff) return LATIN;
  if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0xff66 && c <= 0xff9f)) return KANA;
  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff)) return HAN;
  if ((c >= 0xac00 && c <= 0xd7af) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f)) return HANGUL;
  return -1;
}

const round = (x: number) => Math.round(x * 100) / 100;

const LATIN_INDEX = new Map(LATIN_LANGUAGES.map((l, k) => [l, k]));
/** Word shares by language index, for the counting loop. */
const WORD_HITS = new Map<string, [number, number][]>();
for (const [w, shares] of WORD_SHARES) WORD_HITS.set(w, shares.map(([lang, share]) => [LATIN_INDEX.get(lang)!, share]));
/**
 * The words of WORD_HITS as a trie over UTF-16 code units ("’" read as "'"), walked while a word is
 * scanned so that no word is cut out of the text to be looked up: `a`–`z` and `'` by table, other
 * units by map. A node's entry in HIT_AT is its word's index in HIT_LISTS, or -1.
 */
const HIT_LISTS: [number, number][][] = [];
const trieAscii: number[] = [];
const trieOther: Map<number, number>[] = [];
const hitAt: number[] = [];
const asciiSlot = (c: number) => (c >= 97 && c <= 122 ? c - 97 : c === 39 ? 26 : -1);
function trieNode(): number {
  for (let k = 0; k < 27; k++) trieAscii.push(-1);
  trieOther.push(new Map());
  return hitAt.push(-1) - 1;
}
trieNode();
for (const [word, hits] of WORD_HITS) {
  let node = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    const slot = asciiSlot(c);
    let next = slot >= 0 ? trieAscii[node * 27 + slot]! : trieOther[node]!.get(c) ?? -1;
    if (next < 0) {
      next = trieNode();
      if (slot >= 0) trieAscii[node * 27 + slot] = next;
      else trieOther[node]!.set(c, next);
    }
    node = next;
  }
  hitAt[node] = HIT_LISTS.push(hits) - 1;
}
/** The shares of HIT_LISTS flattened: list k is entries HIT_FROM[k] … HIT_FROM[k + 1] of HIT_LANG / HIT_SHARE. */
const HIT_FROM = new Int32Array(HIT_LISTS.length + 1);
const HIT_LANG = new Int32Array(HIT_LISTS.reduce((n, l) => n + l.length, 0));
const HIT_SHARE = new Float64Array(HIT_LANG.length);
HIT_LISTS.forEach((list, k) => {
  let at = HIT_FROM[k]!;
  for (const [lang, share] of list) {
    HIT_LANG[at] = lang;
    HIT_SHARE[at] = share;
    at++;
  }
  HIT_FROM[k + 1] = at;
});
const TRIE_ASCII = Int32Array.from(trieAscii);
const HIT_AT = Int32Array.from(hitAt);

/** The trie node after `node` reads code unit `c` (of lower-case text), or -1. */
function step(node: number, c: number): number {
  if (node < 0) return -1;
  if (c === 0x2019) c = 39;
  const slot = asciiSlot(c);
  return slot >= 0 ? TRIE_ASCII[node * 27 + slot]! : trieOther[node]!.get(c) ?? -1;
}
const LETTER_INDEX = new Map([...LETTER_LANGUAGE].map(([ch, lang]) => [ch, LATIN_INDEX.get(lang)!]));
const LOWEST_LETTER = Math.min(0x10ffff, ...[...LETTER_LANGUAGE.keys()].map((ch) => ch.codePointAt(0)!));
const LOWEST_HAN = Math.min(0x10ffff, ...[...HANS, ...HANT].map((ch) => ch.codePointAt(0)!));
/**
 * The highest telltale letter. When it is below the surrogates (so every letter is one code unit), a
 * character above it (Chinese, Japanese, Korean …) is skipped without being looked up.
 */
const HIGHEST_LETTER = Math.max(0, ...[...LETTER_LANGUAGE.keys()].map((ch) => ch.codePointAt(0)!));
const SKIP_ABOVE = HIGHEST_LETTER < 0xd800 && [...LETTER_LANGUAGE.keys()].every((ch) => ch.length === 1) ? HIGHEST_LETTER : 0x10ffff;
/** Simplified-only (1) or traditional-only (2), by code unit, for the characters outside the surrogates: one array read a Chinese character instead of a string and two set lookups. */
const HAN_KIND = new Uint8Array(0x10000);
for (const ch of HANT) if (ch.length === 1) HAN_KIND[ch.charCodeAt(0)] = 2;
for (const ch of HANS) if (ch.length === 1) HAN_KIND[ch.charCodeAt(0)] = 1;

/** 2 a letter, 1 a mark, 0 neither, for the code point at `i` (`width` says how many code units it takes). */
function letterOrMark(text: string, i: number): number {
  const p = propertiesAt(text, i);
  return (p & LETTER) !== 0 ? 2 : (p & MARK) !== 0 ? 1 : 0;
}

const isSpace = (c: number) => c < 0x80 ? c === 32 || (c >= 9 && c <= 13) : (propertiesOf(c) & SPACE) !== 0;

/**
 * `text` with handles, hashtags, web and e-mail addresses and redaction tags (names, not words of the
 * language) each replaced by one space: what
 * `text.replace(/(?:https?:\/\/|www\.)\S+|\S+@\S+\.\S+|[@#][\p{L}\p{N}_]+|\[[A-Z_]+\]/gu, ' ')` gives,
 * scanned by hand (the expression's `\S+@\S+\.\S+` backtracks over every word of a text with an `@`).
 */
export function withoutNames(text: string): string {
  const n = text.length;
  let out = '';
  let copied = 0;
  let i = 0;
  // Within the current run of non-space characters: whether an e-mail address can start here.
  let runEnd = -1;
  let runMail = false;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (i >= runEnd) {
      // A new run: where it ends, and whether `\S+@\S+\.\S+` matches it from its start (an @ after the
      // first character, a dot at least two characters after it and before the last character).
      let e = i;
      let at = -1;
      let lastDot = -1;
      while (e < n && !isSpace(text.charCodeAt(e))) {
        const d = text.charCodeAt(e);
        if (d === 64 && at < 0 && e > i) at = e;
        else if (d === 46) lastDot = e;
        e++;
      }
      runEnd = e;
      if (lastDot === e - 1) {
        // The dot must have a character after it: the last dot before the final character.
        lastDot = -1;
        for (let k = e - 2; k > i; k--) if (text.charCodeAt(k) === 46) { lastDot = k; break; }
      }
      // The first @ after the run's start is the best one: the one with most room before a dot.
      runMail = at > 0 && lastDot >= at + 2;
    }
    let end = -1;
    if ((c === 104 && (text.startsWith('http://', i) || text.startsWith('https://', i))) || (c === 119 && text.startsWith('www.', i))) {
      const skip = c === 119 ? 4 : text.charCodeAt(i + 4) === 115 ? 8 : 7;
      if (i + skip < runEnd) end = runEnd;
    }
    if (end < 0 && runMail) end = runEnd;
    if (end < 0 && (c === 64 || c === 35) && i + 1 < n) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 95) { j++; continue; }
        const p = propertiesAt(text, j);
        if ((p & (LETTER | NUMBER)) === 0) break;
        j += width;
      }
      if (j > i + 1) end = j;
    }
    if (end < 0 && c === 91) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if ((d >= 65 && d <= 90) || d === 95) j++;
        else break;
      }
      if (j > i + 1 && j < n && text.charCodeAt(j) === 93) end = j + 1;
    }
    if (end >= 0) {
      out += text.slice(copied, i) + ' ';
      copied = end;
      i = end;
      continue;
    }
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
    // Past the run's start an e-mail address can no longer start in it: it needs an @ after its first
    // character, and the run's first @ after its start was the best chance.
    if (runMail) runMail = false;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * What the choice of a language reads from a text, counted in one pass so that the counts of several
 * texts (an interaction's turns) can be added up instead of reading the texts again. Every figure is
 * what the reading of the text as one string would give, and is added up in the same order.
 */
interface TextCounts {
  /** Weighted letters by script (index in SCRIPT_KEYS). */
  scripts: number[];
  /** The scripts seen, in order of first appearance (ties go to the first). */
  order: number[];
  /** The Latin-script words that name languages, in text order (indexes of their lists in HIT_FROM). */
  hits: number[];
  words: number;
  /** Telltale letters by Latin language index. */
  letters: number[];
  hans: number;
  hant: number;
  /** Cyrillic letters only Ukrainian uses; Arabic-script letters only Persian uses. */
  ukrainian: boolean;
  persian: boolean;
}

const NEEDS_CLEANING = /[@#[]|:\/\/|www\./;

const isAsciiLetter = (c: number) => (c | 32) >= 97 && (c | 32) <= 122;

/**
 * The counts of a text of ASCII characters with no name to remove (no `@`, `#`, `[`, `://` or `www.`),
 * read in one look: letters, words and the trie walk of each word, as `countWords` reads it (capitals
 * folded); null as soon as a character says the text is not such a text.
 */
function countPlain(cut: string): TextCounts | null {
  const n = cut.length;
  const hits: number[] = [];
  let latin = 0;
  let words = 0;
  let i = 0;
  while (i < n) {
    const c = cut.charCodeAt(i);
    if (!isAsciiLetter(c)) {
      if (c >= 0x80 || c === 64 || c === 35 || c === 91 /* @ # [ */ ||
        (c === 58 && cut.charCodeAt(i + 1) === 47 && cut.charCodeAt(i + 2) === 47) /* :// */ ||
        (c === 46 && i >= 3 && cut.startsWith('www', i - 3)) /* www. */) return null;
      i++;
      continue;
    }
    // [a-z]+ with capitals folded, walking the trie of known words as it goes (-1: no known word).
    let node = TRIE_ASCII[(c | 32) - 97]!;
    latin++;
    i++;
    for (; i < n; i++) {
      const d = cut.charCodeAt(i);
      if (!isAsciiLetter(d)) break;
      latin++;
      if (node >= 0) node = TRIE_ASCII[node * 27 + (d | 32) - 97]!;
    }
    // (?:'[a-z]+)*
    while (i + 1 < n && cut.charCodeAt(i) === 39 && isAsciiLetter(cut.charCodeAt(i + 1))) {
      if (node >= 0) node = TRIE_ASCII[node * 27 + 26]!;
      for (i++; i < n; i++) {
        const d = cut.charCodeAt(i);
        if (!isAsciiLetter(d)) break;
        latin++;
        if (node >= 0) node = TRIE_ASCII[node * 27 + (d | 32) - 97]!;
      }
    }
    words++;
    if (node >= 0 && HIT_AT[node]! >= 0) hits.push(HIT_AT[node]!);
  }
  const scripts = SCRIPT_KEYS.map(() => 0);
  scripts[LATIN] = latin;
  return { scripts, order: latin > 0 ? [LATIN] : [], hits, words, letters: LATIN_LANGUAGES.map(() => 0), hans: 0, hant: 0, ukrainian: false, persian: false };
}

/** The counts of one text (its first MAX_CHARS characters). */
function countText(text: string): TextCounts {
  const cut = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
  // Most text is ASCII with no name to remove: its only script is Latin, counted in the same look.
  if (LOWEST_LETTER >= 0x80) {
    const counts = countPlain(cut);
    if (counts !== null) return counts;
  }
  const clean = NEEDS_CLEANING.test(cut) ? withoutNames(cut) : cut;
  const scripts = SCRIPT_KEYS.map(() => 0);
  const order: number[] = [];
  let hans = 0, hant = 0;
  let high = 0;
  for (let i = 0; i < clean.length; i++) {
    const c = clean.charCodeAt(i);
    high |= c;
    const key = c < 0x80 ? ((c | 32) >= 97 && (c | 32) <= 122 ? LATIN : -1) : scriptOf(c);
    if (key >= 0) {
      if (scripts[key] === 0) order.push(key);
      scripts[key]! += SCRIPT_WEIGHT[key]!;
    }
    if (c >= LOWEST_HAN) {
      if (c < 0xd800 || c > 0xdfff) {
        const kind = HAN_KIND[c];
        if (kind === 1) hans++;
        else if (kind === 2) hant++;
        continue;
      }
      // Simplified or traditional: by code point, as `for … of` reads them.
      const cp = clean.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      if (HANS.has(ch)) hans++;
      else if (HANT.has(ch)) hant++;
      if (cp > 0xffff) i++; // the low surrogate is no script's letter
    }
  }
  const counts: TextCounts = {
    scripts, order, hits: [], words: 0, letters: LATIN_LANGUAGES.map(() => 0), hans, hant,
    ukrainian: scripts[CYRILLIC]! > 0 && /[іїєґ]/iu.test(clean),
    persian: scripts[ARABIC]! > 0 && /[پچژگ]/u.test(clean),
  };
  // Words and telltale letters are read in every text: added to others, they count where Latin letters win.
  countWords(clean, high < 0x80, counts);
  return counts;
}

/**
 * The words (that expression, read by hand) and telltale letters of a text, read in lower case:
 * `ascii` says the text has no character above U+007F, so that its capitals are folded here instead
 * of lower-casing a copy.
 */
function countWords(text: string, ascii: boolean, counts: TextCounts): void {
  const lower = ascii ? text : text.toLowerCase();
  const n = lower.length;
  let i = 0;
  while (i < n) {
    let c = lower.charCodeAt(i);
    let w = 1;
    if (ascii) {
      if (c >= 65 && c <= 90) c += 32;
      else if (c < 97 || c > 122) {
        i++;
        continue;
      }
    } else {
      if (letterOrMark(lower, i) === 0) {
        i += width;
        continue;
      }
      w = width;
    }
    // [\p{L}\p{M}]+, walking the trie of known words as it goes.
    let node = step(0, c);
    if (w === 2) node = step(node, lower.charCodeAt(i + 1));
    i += w;
    while (i < n) {
      let d = lower.charCodeAt(i);
      if (d >= 65 && d <= 90) d += 32;
      if (d >= 97 && d <= 122) {
        node = step(node, d);
        i++;
      } else if (d < 0x80 || letterOrMark(lower, i) === 0) break;
      else {
        node = step(node, d);
        if (width === 2) node = step(node, lower.charCodeAt(i + 1));
        i += width;
      }
    }
    // (?:['’]\p{L}+)*
    while (i + 1 < n) {
      const q = lower.charCodeAt(i);
      if (q !== 39 && q !== 0x2019) break;
      if (letterOrMark(lower, i + 1) !== 2) break;
      node = step(node, q);
      for (let u = 0; u < width; u++) node = step(node, ascii ? lower.charCodeAt(i + 1 + u) | 32 : lower.charCodeAt(i + 1 + u));
      i += 1 + width;
      while (i < n && letterOrMark(lower, i) === 2) {
        for (let u = 0; u < width; u++) node = step(node, ascii ? lower.charCodeAt(i + u) | 32 : lower.charCodeAt(i + u));
        i += width;
      }
    }
    counts.words++;
    if (node >= 0 && HIT_AT[node]! >= 0) counts.hits.push(HIT_AT[node]!);
  }
  if (ascii && LOWEST_LETTER >= 0x80) return;
  for (let j = 0; j < n; j++) {
    const c = lower.charCodeAt(j);
    if (c < LOWEST_LETTER || c > SKIP_ABOVE) continue;
    const cp = lower.codePointAt(j)!;
    const lang = LETTER_INDEX.get(String.fromCodePoint(cp));
    if (lang !== undefined) counts.letters[lang]!++;
    if (cp > 0xffff) j++;
  }
}

/** English or another Latin-script language, from function words and telltale letters. */
function latinLanguage(counts: TextCounts): LanguageGuess {
  const score = new Float64Array(LATIN_LANGUAGES.length);
  const hits = counts.hits;
  for (let h = 0; h < hits.length; h++) {
    const list = hits[h]!;
    for (let k = HIT_FROM[list]!, end = HIT_FROM[list + 1]!; k < end; k++) score[HIT_LANG[k]!]! += HIT_SHARE[k]!;
  }
  for (let l = 0; l < score.length; l++) for (let k = counts.letters[l]!; k > 0; k--) score[l]! += 1;
  const enIndex = LATIN_INDEX.get('en')!;
  let best = enIndex;
  for (let l = 0; l < LATIN_LANGUAGES.length; l++) if (l !== enIndex && score[l]! > (best === enIndex ? 0 : score[best]!)) best = l;
  const en = score[enIndex]!;
  const other = best === enIndex ? 0 : score[best]!;
  if (other >= MIN_OTHER_EVIDENCE && other > OTHER_OVER_ENGLISH * en) {
    return { language: LATIN_LANGUAGES[best]!, script: 'Latn', confidence: round(other / (other + en + 1)) };
  }
  if (counts.words === 0) return { language: UNDETERMINED, script: 'Latn', confidence: 0 };
  // English by default: every Latin-script text without another language's evidence.
  return { language: 'en', script: 'Latn', confidence: round(en > 0 ? (en + 1) / (en + other + 2) : 0.5) };
}

/** The language the counts of a text (or of several, added up) point at. */
function decide(c: TextCounts): LanguageGuess {
  const counts = c.scripts;
  // Han and kana are one writing system for this choice (Japanese mixes them).
  const cjk = counts[HAN]! + counts[KANA]!;
  let total = 0;
  let topIndex = -1;
  let topWeight = 0;
  for (const key of c.order) {
    const n = counts[key]!;
    total += n;
    const weight = key === HAN || key === KANA ? cjk : n;
    if (topIndex < 0 || weight > topWeight || (weight === topWeight && n > counts[topIndex]!)) {
      topIndex = key;
      topWeight = weight;
    }
  }
  if (topIndex < 0 || total < MIN_LETTERS) return { language: UNDETERMINED, script: 'Zyyy', confidence: 0 };
  const top = SCRIPT_KEYS[topIndex]!;
  const share = round(topWeight / total);
  // Japanese mixes Han with kana: any real share of kana makes Han text Japanese.
  const kana = counts[KANA]!;
  const han = counts[HAN]!;
  if ((top === 'han' || top === 'kana') && kana > 0 && kana >= 0.1 * (han + kana)) return { language: 'ja', script: 'Jpan', confidence: round((han + kana) / total) };
  switch (top) {
    case 'latin': return latinLanguage(c);
    case 'han': return { language: 'zh', script: c.hans > c.hant ? 'Hans' : c.hant > c.hans ? 'Hant' : 'Hani', confidence: share };
    case 'kana': return { language: 'ja', script: 'Jpan', confidence: share };
    case 'hangul': return { language: 'ko', script: 'Kore', confidence: share };
    case 'cyrillic': return { language: c.ukrainian ? 'uk' : 'ru', script: 'Cyrl', confidence: share };
    case 'arabic': return { language: c.persian ? 'fa' : 'ar', script: 'Arab', confidence: share };
    case 'hebrew': return { language: 'he', script: 'Hebr', confidence: share };
    case 'greek': return { language: 'el', script: 'Grek', confidence: share };
    case 'thai': return { language: 'th', script: 'Thai', confidence: share };
    case 'devanagari': return { language: 'hi', script: 'Deva', confidence: share };
  }
}

/** The counts of several texts read as one (joined by line breaks), in order. */
function addCounts(parts: readonly TextCounts[]): TextCounts {
  const sum: TextCounts = { scripts: SCRIPT_KEYS.map(() => 0), order: [], hits: [], words: 0, letters: LATIN_LANGUAGES.map(() => 0), hans: 0, hant: 0, ukrainian: false, persian: false };
  for (const p of parts) {
    for (const key of p.order) {
      if (sum.scripts[key] === 0) sum.order.push(key);
      sum.scripts[key]! += p.scripts[key]!;
    }
    for (const h of p.hits) sum.hits.push(h);
    sum.words += p.words;
    for (let l = 0; l < p.letters.length; l++) sum.letters[l]! += p.letters[l]!;
    sum.hans += p.hans;
    sum.hant += p.hant;
    sum.ukrainian ||= p.ukrainian;
    sum.persian ||= p.persian;
  }
  return sum;
}

/** The language of one text. */
export function detectLanguage(text: string): LanguageGuess {
  return decide(countText(text));
}

/**
 * The guess for the turns picked (the customer's only, or all), joined by line breaks up to MAX_CHARS
 * characters, as one text: each turn's counts, or those of the part of it that fits. (A module-level
 * function, not a closure: this runs once per interaction.)
 */
function joinedGuess(turns: readonly { text: string; speaker?: string }[], counts: readonly TextCounts[], guesses: readonly LanguageGuess[], customerOnly: boolean): LanguageGuess {
  const parts: TextCounts[] = [];
  let only = -1; // the one turn read whole, when it is the only one read
  let length = 0;
  for (let k = 0; k < turns.length; k++) {
    const t = turns[k]!;
    if (length >= MAX_CHARS) break;
    if (customerOnly && t.speaker !== 'customer') continue;
    const at = length + (length > 0 ? 1 : 0);
    length = at + t.text.length;
    const room = MAX_CHARS - at;
    if (t.text.length <= room) {
      only = parts.length === 0 ? k : -1;
      parts.push(counts[k]!);
    } else if (room > 0) {
      only = -1;
      parts.push(countText(t.text.slice(0, room)));
    }
  }
  // One turn read whole: its own guess (the same counts decide the same).
  return only >= 0 ? guesses[only]! : decide(addCounts(parts));
}

/**
 * The language of each turn, and of the interaction: the customer's turns read as one text (short
 * turns alone say little; together they say more, and the customer's words are what the scores read
 * most), or every turn's when the customer's say nothing. A contact whose text is all handles and
 * emoji is `und`.
 */
export function detectInteractionLanguage(turns: readonly { text: string; speaker?: string }[]): InteractionLanguage {
  const counts: TextCounts[] = new Array(turns.length);
  const guesses: LanguageGuess[] = new Array(turns.length);
  for (let k = 0; k < turns.length; k++) guesses[k] = decide((counts[k] = countText(turns[k]!.text)));
  const customer = joinedGuess(turns, counts, guesses, true);
  const whole = customer.language !== UNDETERMINED ? customer : joinedGuess(turns, counts, guesses, false);
  return { language: whole.language, script: whole.script, confidence: whole.confidence, turns: guesses };
}

const SCRIPTS = new Set<string>(['Latn', 'Hans', 'Hant', 'Hani', 'Jpan', 'Kore', 'Cyrl', 'Arab', 'Hebr', 'Grek', 'Thai', 'Deva']);
/** Regions whose Chinese is written in traditional characters. */
const HANT_REGIONS = new Set(['TW', 'HK', 'MO']);

/**
 * The language a row states for itself (`zh`, `zh-Hant`, `zh_TW`, `EN-gb`: a BCP 47 tag, `_` read as
 * `-`), as an interaction language with confidence 1; each turn's language is still detected. The
 * script comes from the tag's script subtag, else its region (TW, HK, MO: traditional), else from the
 * characters. Null when nothing usable is stated (absent, not a string, not a tag), so that the caller
 * detects instead.
 */
export function statedLanguage(stated: unknown, turns: readonly { text: string; speaker?: string }[]): InteractionLanguage | null {
  if (typeof stated !== 'string') return null;
  const parts = stated.trim().replace(/_/g, '-').split('-');
  const primary = parts[0]!.toLowerCase();
  if (!/^[a-z]{2,3}$/.test(primary) || primary === UNDETERMINED) return null;
  const guesses = turns.map((t) => detectLanguage(t.text));
  let script: Script | undefined;
  for (const p of parts.slice(1)) {
    const title = p.length === 4 ? p[0]!.toUpperCase() + p.slice(1).toLowerCase() : '';
    if (SCRIPTS.has(title)) script = title as Script;
    else if (!script && primary === 'zh' && /^[A-Za-z]{2}$/.test(p)) script = HANT_REGIONS.has(p.toUpperCase()) ? 'Hant' : 'Hans';
  }
  if (!script) {
    if (primary === 'zh') {
      let text = '';
      for (const t of turns) if (text.length < MAX_CHARS) text += (text ? '\n' : '') + t.text;
      const guess = turns.length === 1 ? guesses[0]! : detectLanguage(text);
      script = guess.language === 'zh' ? guess.script : 'Hani';
    } else script = guesses.find((g) => g.language === primary)?.script ?? (primary === 'ja' ? 'Jpan' : primary === 'ko' ? 'Kore' : 'Latn');
  }
  return { language: primary, script, confidence: 1, turns: guesses };
}
