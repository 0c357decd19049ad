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
/** By UTF-16 code unit: 1 = a simplified-only character, 2 = a traditional-only one (both lists are in the BMP). */
const HAN_SCRIPT = new Uint8Array(0x10000);
for (const ch of HANS) if (ch.length === 1) HAN_SCRIPT[ch.charCodeAt(0)] = 1;
for (const ch of HANT) if (ch.length === 1) HAN_SCRIPT[ch.charCodeAt(0)] = 2;

/** Handles, hashtags, web addresses and e-mail addresses: names, not words of the language. */
const NOT_WORDS = /(?:https?:\/\/|www\.)\S+|\S+@\S+\.\S+|[@#][\p{L}\p{N}_]+|\[[A-Z_]+\]/gu;
const MAY_HAVE_NAMES = /[@#[]|:\/\/|www\./;
const WORD = /[\p{L}\p{M}]+(?:['’][\p{L}]+)*/gu;

type ScriptKey = 'latin' | 'han' | 'kana' | 'hangul' | 'cyrillic' | 'arabic' | 'hebrew' | 'greek' | 'thai' | 'devanagari';

function scriptOf(c: number): ScriptKey | null {
  if (c < 0x80) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? 'latin' : null;
  if (c <= 0x24f) return c >= 0xc0 && c !== 0xd7 && c !== 0xf7 ? 'latin' : null;
  if (c >= 0x370 && c <= 0x3ff) return 'greek';
  if (c >= 0x400 && c <= 0x52f) return 'cyrillic';
  if (c >= 0x590 && c <= 0x5ff) return 'hebrew';
  if ((c >= 0x600 && c <= 0x6ff) || (c >= 0x750 && c <= 0x77f)) return 'arabic';
  if (c >= 0x900 && c <= 0x97f) return 'devanagari';
  if (c >= 0xe00 && c <= 0xe7f) return 'thai';
  if (c >= 0x1e00 && c <= 0x1eff) return 'latin';
  if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0xff66 && c <= 0xff9f)) return 'kana';
  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff)) return 'han';
  if ((c >= 0xac00 && c <= 0xd7af) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f)) return 'hangul';
  return null;
}

const round = (x: number) => Math.round(x * 100) / 100;

/** Simplified or traditional, from the characters whose two forms differ; `Hani` when none says. */
function hanScript(text: string): Script {
  let s = 0, t = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x3400) continue;
    const k = HAN_SCRIPT[c];
    if (k === 1) s++;
    else if (k === 2) t++;
  }
  return s > t ? 'Hans' : t > s ? 'Hant' : 'Hani';
}

/** English or another Latin-script language, from function words and telltale letters. */
function latinLanguage(text: string): LanguageGuess {
  const score: Record<string, number> = Object.fromEntries(LATIN_LANGUAGES.map((l) => [l, 0]));
  let words = 0;
  for (const m of text.toLowerCase().matchAll(WORD)) {
    words++;
    const shares = WORD_SHARES.get(m[0].replace(/’/g, "'"));
    if (shares) for (const [lang, share] of shares) score[lang]! += share;
  }
  for (const ch of text.toLowerCase()) {
    const lang = LETTER_LANGUAGE.get(ch);
    if (lang) score[lang]! += 1;
  }
  let best = 'en';
  for (const l of LATIN_LANGUAGES) if (l !== 'en' && score[l]! > (best === 'en' ? 0 : score[best]!)) best = l;
  const en = score.en!;
  const other = best === 'en' ? 0 : score[best]!;
  if (other >= MIN_OTHER_EVIDENCE && other > OTHER_OVER_ENGLISH * en) {
    return { language: best, script: 'Latn', confidence: round(other / (other + en + 1)) };
  }
  if (words === 0) return { language: UNDETERMINED, script: 'Latn', confidence: 0 };
  // English by default: every Latin-script text without another language's evidence.
  return { language: 'en', script: 'Latn', confidence: round(en > 0 ? (en + 1) / (en + other + 2) : 0.5) };
}

/** The language of one text. */
export function detectLanguage(text: string): LanguageGuess {
  const head = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
  // Only text with one of the characters NOT_WORDS needs goes through it: on text without spaces
  // (Chinese) its \S+@ part backtracks over the whole text from every position.
  const clean = MAY_HAVE_NAMES.test(head) ? head.replace(NOT_WORDS, ' ') : head;
  const counts = new Map<ScriptKey, number>();
  for (let i = 0; i < clean.length; i++) {
    const key = scriptOf(clean.charCodeAt(i));
    if (key) counts.set(key, (counts.get(key) ?? 0) + (key === 'han' || key === 'kana' || key === 'hangul' ? CJK_LETTER_WEIGHT : 1));
  }
  // Han and kana are one writing system for this choice (Japanese mixes them).
  const cjk = (counts.get('han') ?? 0) + (counts.get('kana') ?? 0);
  let total = 0;
  let top: ScriptKey | null = null;
  const weight = (key: ScriptKey) => (key === 'han' || key === 'kana' ? cjk : counts.get(key)!);
  for (const [key, n] of counts) {
    total += n;
    if (top === null || weight(key) > weight(top) || (weight(key) === weight(top) && n > counts.get(top)!)) top = key;
  }
  if (top === null || total < MIN_LETTERS) return { language: UNDETERMINED, script: 'Zyyy', confidence: 0 };
  const share = round(weight(top) / total);
  // Japanese mixes Han with kana: any real share of kana makes Han text Japanese.
  const kana = counts.get('kana') ?? 0;
  const han = counts.get('han') ?? 0;
  if ((top === 'han' || top === 'kana') && kana > 0 && kana >= 0.1 * (han + kana)) return { language: 'ja', script: 'Jpan', confidence: round((han + kana) / total) };
  switch (top) {
    case 'latin': return latinLanguage(clean);
    case 'han': return { language: 'zh', script: hanScript(clean), confidence: share };
    case 'kana': return { language: 'ja', script: 'Jpan', confidence: share };
    case 'hangul': return { language: 'ko', script: 'Kore', confidence: share };
    case 'cyrillic': return { language: /[іїєґ]/iu.test(clean) ? 'uk' : 'ru', script: 'Cyrl', confidence: share };
    case 'arabic': return { language: /[پچژگ]/u.test(clean) ? 'fa' : 'ar', script: 'Arab', confidence: share };
    case 'hebrew': return { language: 'he', script: 'Hebr', confidence: share };
    case 'greek': return { language: 'el', script: 'Grek', confidence: share };
    case 'thai': return { language: 'th', script: 'Thai', confidence: share };
    case 'devanagari': return { language: 'hi', script: 'Deva', confidence: share };
  }
}

/**
 * The language of each turn, and of the interaction: the customer's turns read as one text (short
 * turns alone say little; together they say more, and the customer's words are what the scores read
 * most), or every turn's when the customer's say nothing. A contact whose text is all handles and
 * emoji is `und`.
 */
export function detectInteractionLanguage(turns: readonly { text: string; speaker?: string }[]): InteractionLanguage {
  const guesses = turns.map((t) => detectLanguage(t.text));
  const joined = (pick: (t: { speaker?: string }) => boolean) => {
    let out = '';
    for (const t of turns) {
      if (out.length >= MAX_CHARS) break;
      if (pick(t)) out += (out ? '\n' : '') + t.text;
    }
    return out;
  };
  const customer = detectLanguage(joined((t) => t.speaker === 'customer'));
  const whole = customer.language !== UNDETERMINED ? customer : detectLanguage(joined(() => true));
  return { ...whole, turns: guesses };
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
      for (const t of turns) if (text.length < MAX_CHARS) text += t.text;
      script = hanScript(text);
    } else script = guesses.find((g) => g.language === primary)?.script ?? (primary === 'ja' ? 'Jpan' : primary === 'ko' ? 'Kore' : 'Latn');
  }
  return { language: primary, script, confidence: 1, turns: guesses };
}
