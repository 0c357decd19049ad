/**
 * Chinese sentence sentiment by rule (lexicons/zh/sentiment-rules-zh.json) over the segmenter's words:
 * the sentiment words of lexicons/zh/sentiment-*.json, longest first, each modified by the negators
 * (不, 没, 别, 未, 无 …, reversing within three words of the clause; two cancel, so 不是不满意 is mildly
 * positive), the degree adverbs (非常, 太, 有点 …) and unreal or unmet markers before it in its clause;
 * contrast (但是, 可是, 不过: after counts more, before less) and concession (虽然); rhetorical questions
 * (难道, 还要等多久); sarcasm (呵呵, [微笑], 真是谢谢: praise beside them turns negative); bracketed
 * emoticons and emoji; 太 + a plain word as excess; runs of !? as emphasis.
 *
 * The sentence pass calls it for a language whose `sentence` is set (languages.ts); English keeps
 * pipeline/sentiment/sentence.ts.
 */
import emoji from '../../lexicons/zh/sentiment-emoji.json' with { type: 'json' };
import corrections from '../../lexicons/zh/sentiment-corrections.json' with { type: 'json' };
import customerService from '../../lexicons/zh/sentiment-customer-service.json' with { type: 'json' };
import rules from '../../lexicons/zh/sentiment-rules-zh.json' with { type: 'json' };
import supplement from '../../lexicons/zh/sentiment-supplement.json' with { type: 'json' };
import { toSimplified } from '../text/script.ts';
import type { Token } from '../text/tokens.ts';
import type { Evidence } from '../types.ts';
import { squash, type RuleSentence } from './sentence.ts';

interface Entry {
  words: string[];
  valence: number;
  key: string;
  /** A sentiment word (not a rhetorical phrase), so negators and degree adverbs apply. */
  word: boolean;
}

const VALENCE = new Map<string, number>();
for (const f of [supplement, customerService, corrections]) for (const [w, v] of Object.entries(f.entries as Record<string, number>)) VALENCE.set(w, v);
const RHETORICAL = new Map(Object.entries(rules.rhetorical.phrases as Record<string, number>));
const SARCASM = rules.sarcasm.markers.filter((m) => !m.startsWith('['));
const SARCASM_FACES = new Set(rules.sarcasm.markers.filter((m) => m.startsWith('[')));
const EMOTICONS = new Map(Object.entries(rules.emoticons.entries as Record<string, number>));
const EMOJI = new Map(Object.entries((emoji as { entries?: Record<string, number> }).entries ?? {}));
const NEG = new Set(rules.negators.words);
const WEAK_NEG = new Set(rules.negators.weak);
const BOOST = new Map<string, number>([...Object.entries(rules.degree.boost), ...Object.entries(rules.degree.dampen)]);
const EXCESS = new Set(rules.excess.markers);
const MILD_EXCESS = new Set(rules.excess.mild);
const CONTRAST = new Set(rules.contrast.words);
const MINOR_CONTRAST = new Set(rules.contrast.minor);
const SOFTENERS = new Set(rules.softeners.words);
/** 好慢, 真贵: 好 and 真 before a sentiment word are degree adverbs, not the word 好. */
const DEGREE_WORDS = new Set(['好', '真']);
const CONCESSION = new Set(rules.contrast.concession);
const IRREALIS = new Set(rules.irrealis.words);
const UNMET = new Set(rules.irrealis.unmet);
const CLAUSE_END = new Set([',', '.', '!', '?', ';', ':', '...', '~']);
const COMPARATIVE = new Set(rules.negators.comparative);
const TRANSPARENT = new Set(rules.negators.transparent);
const BARE = new Set(rules.degree.bare.words);
const PARTICLES = new Set(rules.degree.bare.particles);
const APPROXIMATE = new Set(rules.approximate.words);
const NUMERALS = new Set([...rules.approximate.numerals]);
const SUMMARY = new Set(rules.summary.words);
const DURATION_CONTEXT = rules.duration.context;
const DURATION_FAST = rules.duration.fast;
/**
 * What each rule word is, as bits: one map lookup a word instead of one set lookup a rule (the
 * sentence rules ask a dozen questions of every word).
 */
const R = {
  neg: 1, weak: 2, boost: 4, irrealis: 8, unmet: 16, comparative: 32, transparent: 64, clauseEnd: 128, summary: 256,
  contrast: 512, minor: 1024, concession: 2048, excess: 4096, softener: 8192, bare: 16384, particle: 32768, approximate: 65536, degree: 131072,
} as const;
const ROLE = new Map<string, number>();
for (const [set, bit] of [
  [NEG, R.neg], [WEAK_NEG, R.weak], [BOOST.keys(), R.boost], [IRREALIS, R.irrealis], [UNMET, R.unmet], [COMPARATIVE, R.comparative],
  [TRANSPARENT, R.transparent], [CLAUSE_END, R.clauseEnd], [SUMMARY, R.summary], [CONTRAST, R.contrast], [MINOR_CONTRAST, R.minor],
  [CONCESSION, R.concession], [EXCESS, R.excess], [SOFTENERS, R.softener], [BARE, R.bare], [PARTICLES, R.particle], [APPROXIMATE, R.approximate],
  [DEGREE_WORDS, R.degree],
] as const) for (const w of set as Iterable<string>) ROLE.set(w, (ROLE.get(w) ?? 0) | bit);
const rolesOf = (words: readonly string[]): number[] => words.map((w) => ROLE.get(w) ?? 0);

/**
 * The first two characters of the sarcasm markers (呵呵, 真是谢谢 …), by the first's UTF-16 code unit:
 * a sentence whose words, read on, hold no such pair needs no search for the markers.
 */
const SARCASM_SECOND = new Map<number, string>();
for (const m of SARCASM) SARCASM_SECOND.set(m.charCodeAt(0), (SARCASM_SECOND.get(m.charCodeAt(0)) ?? '') + (m.length > 1 ? m[1] : '*'));
function mayHaveSarcasm(words: readonly string[]): boolean {
  let second: string | undefined;
  for (const w of words) for (let i = 0; i < w.length; i++) {
    if (second !== undefined && (second.includes('*') || second.includes(w[i]!))) return true;
    second = SARCASM_SECOND.get(w.charCodeAt(i));
  }
  return second !== undefined && second.includes('*');
}

const CN_DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 俩: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 几: 3 };

/** A number written in digits or Chinese numerals (一, 十五, 二十多, 3), or NaN. */
function numberOf(s: string): number {
  const digits = s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (/^\d+(\.\d+)?$/.test(digits)) return Number(digits);
  if (!/^[零一二两俩三四五六七八九几十百]+$/.test(s)) return NaN;
  let total = 0, current = 0;
  for (const c of s) {
    if (c === '十') { total += (current || 1) * 10; current = 0; }
    else if (c === '百') { total += (current || 1) * 100; current = 0; }
    else current = CN_DIGITS[c]!;
  }
  return total + current;
}

const DURATION_UNIT = /小时|钟头|分钟|小時|鐘頭|分鐘/;
const DURATION = /([0-9０-９]+(?:\.[0-9]+)?|[零一二两俩三四五六七八九几十百]+)\s*(?:多)?\s*(?:个)?\s*(半)?\s*(?:多)?\s*(小时|钟头|分钟)/g;

/** Waits of an hour or more in a clause about waiting or delivery (送了两个小时): [start, end, hours] in `clause`. */
function longWaits(clause: string): [number, number, number][] {
  if (!DURATION_CONTEXT.some((w) => clause.includes(w))) return [];
  const out: [number, number, number][] = [];
  for (const m of clause.matchAll(DURATION)) {
    const n = numberOf(m[1]!);
    if (Number.isNaN(n)) continue;
    const hours = m[3] === '分钟' ? n / 60 : n + (m[2] ? 0.5 : 0);
    if (hours < rules.duration.min_hours) continue;
    const after = clause.slice(m.index + m[0].length, m.index + m[0].length + 3);
    const before = clause.slice(Math.max(0, m.index - 2), m.index);
    if (DURATION_FAST.some((w) => after.startsWith(w) || before.endsWith(w))) continue;
    out.push([m.index, m.index + m[0].length, hours]);
  }
  return out;
}

const CLOCK = /([0-9０-９]{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:点|點|:|：)\s*(半|[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})?\s*分?\s*多?/g;
const CLOCK_ORDER = rules.clock.order;
const CLOCK_ARRIVAL = rules.clock.arrival;

/**
 * An order time and a later arrival time in one sentence (11点下单，1点多才到): [start, end, hours] of
 * the arrival time in `sentence`, when an hour or more apart.
 */
function clockWait(sentence: string): [number, number, number] | null {
  let ordered = -1;
  for (const m of sentence.matchAll(CLOCK)) {
    const hour = numberOf(m[1]!);
    if (Number.isNaN(hour) || hour > 24) continue;
    const minute = m[2] === undefined ? 0 : m[2] === '半' ? 30 : numberOf(m[2]);
    if (Number.isNaN(minute) || minute >= 60) continue;
    const at = hour + minute / 60;
    const after = sentence.slice(m.index + m[0].length, m.index + m[0].length + 4);
    if (ordered < 0) {
      if (CLOCK_ORDER.some((w) => after.startsWith(w) || after.startsWith(`${w.slice(0, 1)}的`))) ordered = at;
      continue;
    }
    if (!CLOCK_ARRIVAL.some((w) => after.startsWith(w))) continue;
    if (rules.clock.fast.some((w) => after.startsWith(w))) return null;
    let hours = at - ordered;
    if (hours < 0) hours += 12;
    if (hours >= rules.duration.min_hours && hours <= rules.clock.max_hours) return [m.index, m.index + m[0].length, Math.round(hours * 100) / 100];
    return null;
  }
  return null;
}

/** Every word the Chinese segmenter must keep whole for these rules (added before the first segmentation). */
export const ZH_SENTIMENT_WORDS: readonly string[] = [...VALENCE.keys(), ...RHETORICAL.keys(), ...SARCASM, ...rules.negators.words, ...rules.negators.weak,
  ...Object.keys(rules.degree.boost), ...Object.keys(rules.degree.dampen), ...rules.contrast.words, ...rules.contrast.minor,
  ...rules.contrast.concession, ...rules.irrealis.words, ...rules.softeners.words];

let index: Map<string, Entry[]> | null = null;

/** Entries keyed by their first word, longest first (built on first use, with the segmenter's `tokenize`). */
function entries(tokenize: (text: string) => Token[]): Map<string, Entry[]> {
  if (index) return index;
  const map = new Map<string, Entry[]>();
  const add = (phrase: string, valence: number) => {
    const words = tokenize(phrase).map((t) => t.lower);
    if (!words.length) return;
    const list = map.get(words[0]!) ?? [];
    list.push({ words, valence, key: phrase, word: VALENCE.has(phrase) || !RHETORICAL.has(phrase) });
    list.sort((a, b) => b.words.length - a.words.length);
    map.set(words[0]!, list);
  };
  for (const [w, v] of VALENCE) add(w, v);
  for (const [w, v] of RHETORICAL) add(w, v);
  index = map;
  return map;
}

interface Found {
  at: number;
  len: number;
  valence: number;
  key: string;
  /** A sentiment word (not a rhetorical phrase), so negators and degree adverbs apply. */
  word: boolean;
}

/** The first (longest) entry of `list` whose words are those of `words` from `at`. */
function entryAt(list: Entry[] | undefined, words: readonly string[], at: number): Entry | undefined {
  if (list === undefined) return undefined;
  for (let e = 0; e < list.length; e++) {
    const ws = list[e]!.words;
    let k = 1; // the first word is the key the list was found by
    while (k < ws.length && words[at + k] === ws[k]) k++;
    if (k === ws.length) return list[e];
  }
  return undefined;
}

function find(words: string[], roles: readonly number[], map: Map<string, Entry[]>): Found[] {
  const out: Found[] = [];
  for (let i = 0; i < words.length; ) {
    const list = map.get(words[i]!);
    if (list === undefined) {
      i++;
      continue;
    }
    const hit = entryAt(list, words, i);
    if (hit && hit.words.length === 1 && (roles[i]! & R.degree) !== 0 && i + 1 < words.length && entryAt(map.get(words[i + 1]!), words, i + 1)) {
      i++;
      continue;
    }
    // 好少, 好长: 好 / 真 before another word is an adverb; 快3小时: 快 before a number is 'almost'.
    const next = words[i + 1];
    if (hit && hit.words.length === 1 && next !== undefined && (((roles[i]! & R.bare) !== 0 && /^\p{Script=Han}/u.test(next) && (roles[i + 1]! & R.particle) === 0) || ((roles[i]! & R.approximate) !== 0 && NUMERALS.has(next[0]!)))) {
      i++;
      continue;
    }
    if (hit) {
      out.push({ at: i, len: hit.words.length, valence: hit.valence, key: hit.key, word: hit.word });
      i += hit.words.length;
    } else i++;
  }
  return out;
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * One Chinese sentence (`tokens` of `text` from `start` to `end`, turn `turn`) by rule, in the shape
 * of the English rule sentence. `tokenize` is the Chinese segmenter's (to read the lexicon entries as
 * it reads the text).
 */
export function scoreChineseSentence(
  tokens: readonly Token[], text: string, start: number, end: number, turn: number, alpha: number, tokenize: (text: string) => Token[],
): RuleSentence {
  const words = tokens.map((t) => t.lower);
  const roles = rolesOf(words);
  const found = find(words, roles, entries(tokenize));
  const sentenceText = text.slice(start, end);
  const evidence: Evidence[] = [];
  const ev = (from: number, to: number, cue: string, weight: number) => {
    if (weight !== 0) evidence.push({ text: text.slice(from, to), turn, start: from, end: to, cue, weight: r3(weight) });
  };
  // The word a sarcasm marker starts at: praise from there on is ironic (呵呵，服务真好), praise before it
  // is not (总的来说还不错，呵呵: a friendly chuckle after a verdict).
  let sarcasmAt = -1;
  if (mayHaveSarcasm(words)) {
    // The sentence's words as the segmenter read them (simplified); faces by their offsets as written, below.
    const joined = words.join('');
    let first = -1;
    for (const m of SARCASM) {
      const k = joined.indexOf(m);
      if (k >= 0 && (first < 0 || k < first)) first = k;
    }
    if (first >= 0) {
      let chars = 0, w = 0;
      while (w < words.length && chars + words[w]!.length <= first) chars += words[w++]!.length;
      sarcasmAt = w;
    }
  }
  let contrastAt = -1, minorAt = -1, concessionClauseEnd = -1, summaryAt = -1;
  for (let i = 0; i < words.length; i++) {
    const role = roles[i]!;
    if (role === 0) continue;
    if ((role & R.summary) !== 0 && summaryAt < 0) summaryAt = i;
    if ((role & R.contrast) !== 0 && contrastAt < 0 && i > 0) contrastAt = i;
    if ((role & R.minor) !== 0 && minorAt < 0) minorAt = i;
    if ((role & R.concession) !== 0) {
      let j = i + 1;
      while (j < words.length && (roles[j]! & R.clauseEnd) === 0) j++;
      concessionClauseEnd = j;
    }
  }
  // Faces first: a sarcastic face ([微笑]) makes the sentence's praise ironic too.
  let faceSum = 0;
  if (sentenceText.includes('[')) for (const m of sentenceText.matchAll(/\[[^[\]\s]{1,5}\]/g)) {
    const face = toSimplified(m[0]);
    const v = EMOTICONS.get(face.toLowerCase()) ?? 0;
    if (SARCASM_FACES.has(face)) {
      let w = 0;
      while (w < tokens.length && tokens[w]!.end <= start + m.index) w++;
      if (sarcasmAt < 0 || w < sarcasmAt) sarcasmAt = w;
    }
    faceSum += v;
    ev(start + m.index, start + m.index + m[0].length, `emoticon: ${m[0]}`, v);
  }
  if (/\p{Extended_Pictographic}/u.test(sentenceText)) for (const m of sentenceText.matchAll(/\p{Extended_Pictographic}/gu)) {
    const v = EMOJI.get(m[0]) ?? 0;
    faceSum += v;
    ev(start + m.index, start + m.index + m[0].length, `emoji: ${m[0]}`, v);
  }
  const sarcastic = sarcasmAt >= 0;
  const ironic = (at: number) => sarcastic && at >= sarcasmAt;
  const covered = new Uint8Array(words.length);
  for (const f of found) for (let k = 0; k < f.len; k++) covered[f.at + k] = 1;
  let sum = 0;
  for (const f of found) {
    let v = f.valence;
    const notes: string[] = [];
    let from = f.at;
    if (f.word) {
      let negations = 0, weak = false, degree = 0, irrealis = false, unmet = false;
      for (let j = f.at - 1, seen = 0, far = 0; j >= 0 && (roles[j]! & R.clauseEnd) === 0; j--) {
        const w = words[j]!;
        const role = roles[j]!;
        if ((role & R.comparative) !== 0) {
          // 不如以前好吃: the positive word after 不如 is the thing compared.
          if (f.valence > 0) {
            negations++;
            weak = true;
          }
          break;
        }
        if (covered[j] === 1) break; // another sentiment word: the negator before it is its own
        if (seen < rules.negators.scope && (f.valence > 0 || far < rules.negators.negative_scope)) {
          if ((role & R.neg) !== 0) {
            negations++;
            from = j;
          } else if ((role & R.weak) !== 0) {
            negations++;
            weak = true;
            from = j;
          } else if ((role & R.boost) !== 0 && seen < 2) {
            degree += BOOST.get(w)!;
            from = Math.min(from, j);
          }
        }
        if ((role & R.irrealis) !== 0) irrealis = true;
        if ((role & R.unmet) !== 0) unmet = true;
        seen++;
        if ((role & R.transparent) === 0) far++;
      }
      // A softener takes weight away, never more than three quarters of it (略小 is still a small complaint).
      if (degree) v = Math.sign(v) * Math.max(Math.abs(v) + degree, Math.abs(v) * 0.25);
      if (negations % 2 === 1) {
        v *= weak ? rules.negators.weak_factor : rules.negators.factor;
        notes.push('negated');
      } else if (negations >= 2) {
        v *= 0.5; // 不是不满意: mildly what the word says
        notes.push('double negation');
      }
      if (unmet && v > 0) {
        v = rules.irrealis.unmet_valence;
        notes.push('unmet');
      } else if (irrealis) {
        v *= rules.irrealis.factor;
        notes.push('unreal');
      }
      if (ironic(f.at) && v > 0) {
        v *= rules.sarcasm.positive_factor;
        notes.push('sarcastic');
      }
      if (f.at + f.len < words.length && (roles[f.at + f.len]! & R.softener) !== 0) v *= rules.softeners.factor;
    }
    if (contrastAt >= 0) v *= f.at < contrastAt ? rules.contrast.before : rules.contrast.after;
    else if (minorAt >= 0) v *= f.at < minorAt ? rules.contrast.minor_before : rules.contrast.minor_after;
    else if (concessionClauseEnd >= 0 && f.at < concessionClauseEnd) v *= rules.contrast.before;
    if (summaryAt >= 0 && f.at > summaryAt) v *= rules.summary.factor;
    sum += v;
    const kind = f.word ? 'zh' : 'rhetorical';
    ev(tokens[from]!.start, tokens[f.at + f.len - 1]!.end, `${kind}${notes.length ? ` (${notes.join(', ')})` : ''}: ${f.key}`, v);
  }
  for (let i = 0; i + 1 < words.length; i++) {
    if ((roles[i]! & R.excess) !== 0 && covered[i] === 0 && covered[i + 1] === 0 && tokens[i + 1]!.kind === 'word' && (roles[i + 1]! & (R.clauseEnd | R.neg)) === 0) {
      const v = MILD_EXCESS.has(words[i]!) ? rules.excess.mild_valence : rules.excess.valence;
      sum += v;
      ev(tokens[i]!.start, tokens[i + 1]!.end, `excess: ${words[i]}`, v);
    }
  }
  // Long waits told in numbers, clause by clause (the text as written: offsets point into it).
  if (DURATION_UNIT.test(sentenceText)) for (const clause of sentenceText.matchAll(/[^，,。.！!？?；;～~\s]+/g)) {
    for (const [from, to, hours] of longWaits(clause[0])) {
      const at = start + clause.index + from;
      sum += rules.duration.valence;
      ev(at, start + clause.index + to, `wait: ${hours} h`, rules.duration.valence);
    }
  }
  if (!evidence.some((e) => e.cue?.startsWith('wait: '))) {
    const clock = /[点點:：]/.test(sentenceText) ? clockWait(sentenceText) : null;
    if (clock) {
      sum += rules.clock.valence;
      ev(start + clock[0], start + clock[1], `wait: ${clock[2]} h`, rules.clock.valence);
    }
  }
  sum += faceSum;
  let marks = 0, question = false;
  for (const t of tokens) if (t.kind === 'punct') {
    if (/[!?]{2,}/.test(t.lower)) marks++;
    if (t.lower.includes('?')) question = true;
  }
  if (marks && sum) sum += Math.sign(sum) * rules.question_marks.emphasis * marks;
  return {
    raw: sum,
    score: squash(sum, alpha),
    evidence,
    opensWithContrast: words.length > 0 && (roles[0]! & R.contrast) !== 0,
    question,
    thanks: undefined,
  };
}
