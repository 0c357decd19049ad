/**
 * Chinese review sentiment, measured before the sentence passes read per-language rules: two readings
 * of the Chinese sentiment lexicons (lexicons/zh/sentiment-*.json) over the segmenter's words.
 *
 * - `wordSum`: the baseline a user would write in JavaScript (AFINN-style): the sum of the valences of
 *   the words found, no rules.
 * - `rules`: the same words with the rules of lexicons/zh/sentiment-rules-zh.json (negation with scope,
 *   degree adverbs, excess, contrast and concession, unreal and unmet clauses, rhetorical questions,
 *   sarcasm, bracketed emoticons), VADER's normalisation.
 *
 * Both read only the lexicons, so the figures say how good the word lists and rules are; the scorer
 * proper reaches them once it reads lexicons/zh (pipeline/).
 */
import emoji from '../lexicons/zh/sentiment-emoji.json' with { type: 'json' };
import corrections from '../lexicons/zh/sentiment-corrections.json' with { type: 'json' };
import customerService from '../lexicons/zh/sentiment-customer-service.json' with { type: 'json' };
import rules from '../lexicons/zh/sentiment-rules-zh.json' with { type: 'json' };
import supplement from '../lexicons/zh/sentiment-supplement.json' with { type: 'json' };
import { splitSentences } from '../pipeline/text/sentences.ts';
import { addSegmenterWords, tokenizeChinese } from '../pipeline/text/segment-zh.ts';
import { toSimplified } from '../pipeline/text/script.ts';

interface Entry {
  words: string[];
  valence: number;
}

const VALENCE = new Map<string, number>();
for (const f of [supplement, customerService, corrections]) for (const [w, v] of Object.entries(f.entries as Record<string, number>)) VALENCE.set(w, v);
const RHETORICAL = new Map(Object.entries(rules.rhetorical.phrases));
const SARCASM = rules.sarcasm.markers.filter((m) => !m.startsWith('['));
const SARCASM_FACES = new Set(rules.sarcasm.markers.filter((m) => m.startsWith('[')));
const EMOTICONS = new Map(Object.entries(rules.emoticons.entries));
const EMOJI = new Map(Object.entries((emoji as { entries: Record<string, number> }).entries ?? {}));

let index: Map<string, Entry[]> | null = null;

/** Entries keyed by their first word, longest first; every entry is a user word of the segmenter. */
function entries(): Map<string, Entry[]> {
  if (index) return index;
  const all = [...VALENCE.keys(), ...RHETORICAL.keys(), ...SARCASM, ...rules.negators.words, ...rules.negators.weak,
    ...Object.keys(rules.degree.boost), ...Object.keys(rules.degree.dampen), ...rules.contrast.words, ...rules.contrast.minor,
    ...rules.contrast.concession, ...rules.irrealis.words, ...rules.softeners.words];
  addSegmenterWords(all);
  const map = new Map<string, Entry[]>();
  const add = (phrase: string, valence: number) => {
    const words = tokenizeChinese(phrase).map((t) => t.lower);
    if (!words.length) return;
    const list = map.get(words[0]!) ?? [];
    list.push({ words, valence });
    list.sort((a, b) => b.words.length - a.words.length);
    map.set(words[0]!, list);
  };
  for (const [w, v] of VALENCE) add(w, v);
  for (const [w, v] of RHETORICAL) add(w, v);
  index = map;
  return map;
}

const NEG = new Set(rules.negators.words);
const WEAK_NEG = new Set(rules.negators.weak);
const BOOST = new Map<string, number>([...Object.entries(rules.degree.boost), ...Object.entries(rules.degree.dampen)]);
const EXCESS = new Set(rules.excess.markers);
const CONTRAST = new Set(rules.contrast.words);
const MINOR_CONTRAST = new Set(rules.contrast.minor);
const SOFTENERS = new Set(rules.softeners.words);
const DEGREE_WORDS = new Set(['好', '真']);
const CONCESSION = new Set(rules.contrast.concession);
const IRREALIS = new Set(rules.irrealis.words);
const UNMET = new Set(rules.irrealis.unmet);
const CLAUSE_END = new Set([',', '.', '!', '?', ';', ':', '...', '~']);

const normalise = (score: number, alpha = 15) => score / Math.sqrt(score * score + alpha);

interface Found {
  at: number;
  len: number;
  valence: number;
  /** Written into the sentiment lexicon (not a rhetorical phrase), so rules may scale it. */
  word: boolean;
}

/** Sentiment words found in a token list, longest match first. */
function find(words: string[]): Found[] {
  const map = entries();
  const out: Found[] = [];
  for (let i = 0; i < words.length; ) {
    const list = map.get(words[i]!);
    let hit: Entry | undefined;
    if (list) hit = list.find((e) => e.words.every((w, k) => words[i + k] === w));
    if (hit && hit.words.length === 1 && DEGREE_WORDS.has(words[i]!) && map.get(words[i + 1] ?? '')?.some((e) => e.words.every((w, k) => words[i + 1 + k] === w))) {
      i++; // 好慢, 真贵: a degree adverb, not the word 好
      continue;
    }
    if (hit) {
      out.push({ at: i, len: hit.words.length, valence: hit.valence, word: VALENCE.has(hit.words.join('')) || !RHETORICAL.has(hit.words.join('')) });
      i += hit.words.length;
    } else i++;
  }
  return out;
}

/** Bracketed emoticons ([怒], [赞]) and emoji of a text, summed. */
function faces(text: string): { valence: number; sarcastic: boolean } {
  let valence = 0, sarcastic = false;
  for (const m of text.matchAll(/\[[^\[\]\s]{1,5}\]/g)) {
    valence += EMOTICONS.get(m[0].toLowerCase()) ?? 0;
    if (SARCASM_FACES.has(m[0])) sarcastic = true;
  }
  for (const m of text.matchAll(/\p{Extended_Pictographic}/gu)) valence += EMOJI.get(m[0]) ?? 0;
  return { valence, sarcastic };
}

/** The AFINN-style baseline: the sum of the valences of the words found, as -1 … 1. */
export function wordSum(text: string): number {
  const words = tokenizeChinese(text).map((t) => t.lower);
  let sum = 0;
  for (const f of find(words)) sum += f.valence;
  return normalise(sum + faces(text).valence);
}

/** One sentence with the rules: the valence sum before normalisation. */
function sentenceScore(text: string, start: number, end: number): number {
  const tokens = tokenizeChinese(text, start, end);
  const words = tokens.map((t) => t.lower);
  const found = find(words);
  const sentenceText = toSimplified(text.slice(start, end));
  const sarcastic = SARCASM.some((m) => sentenceText.includes(m)) || faces(sentenceText).sarcastic;
  // Clause boundaries and contrast positions.
  let contrastAt = -1, minorAt = -1, concessionClauseEnd = -1;
  for (let i = 0; i < words.length; i++) {
    if (CONTRAST.has(words[i]!) && contrastAt < 0 && i > 0) contrastAt = i;
    if (MINOR_CONTRAST.has(words[i]!) && minorAt < 0) minorAt = i;
    if (CONCESSION.has(words[i]!)) {
      let j = i + 1;
      while (j < words.length && !CLAUSE_END.has(words[j]!)) j++;
      concessionClauseEnd = j;
    }
  }
  const covered = new Set(found.flatMap((f) => Array.from({ length: f.len }, (_, k) => f.at + k)));
  let sum = 0;
  for (const f of found) {
    let v = f.valence;
    if (f.word) {
      // Look back within the clause for degree adverbs, negators and unreal markers.
      let negations = 0, weak = false, degree = 0, irrealis = false, unmet = false;
      for (let j = f.at - 1, seen = 0; j >= 0 && !CLAUSE_END.has(words[j]!); j--) {
        const w = words[j]!;
        if (covered.has(j)) break; // another sentiment word: the negator before it is its own
        if (seen < rules.negators.scope) {
          if (NEG.has(w)) negations++;
          else if (WEAK_NEG.has(w)) {
            negations++;
            weak = true;
          } else if (BOOST.has(w) && seen < 2) degree += BOOST.get(w)!;
        }
        if (IRREALIS.has(w)) irrealis = true;
        if (UNMET.has(w)) unmet = true;
        seen++;
      }
      if (degree) v += Math.sign(v) * degree;
      if (negations % 2 === 1) v *= weak ? rules.negators.weak_factor : rules.negators.factor;
      else if (negations >= 2) v *= 0.5; // 不是不满意: mildly what the word says
      if (unmet && v > 0) v = rules.irrealis.unmet_valence;
      else if (irrealis) v *= rules.irrealis.factor;
      if (sarcastic && v > 0) v *= rules.sarcasm.positive_factor;
      if (SOFTENERS.has(words[f.at + f.len] ?? '')) v *= rules.softeners.factor;
    }
    if (contrastAt >= 0) v *= f.at < contrastAt ? rules.contrast.before : rules.contrast.after;
    else if (minorAt >= 0) v *= f.at < minorAt ? rules.contrast.minor_before : rules.contrast.minor_after;
    else if (concessionClauseEnd >= 0 && f.at < concessionClauseEnd) v *= rules.contrast.before;
    sum += v;
  }
  // 太 / 有点 before a word with no sentiment: too much of it.
  for (let i = 0; i + 1 < words.length; i++) {
    if (EXCESS.has(words[i]!) && !covered.has(i + 1) && tokens[i + 1]!.kind === 'word' && !CLAUSE_END.has(words[i + 1]!) && !NEG.has(words[i + 1]!)) {
      sum += rules.excess.valence;
    }
  }
  const f = faces(sentenceText);
  sum += f.valence;
  const marks = tokens.filter((t) => t.kind === 'punct' && /[!?]{2,}/.test(t.lower)).length;
  if (marks && sum) sum += Math.sign(sum) * rules.question_marks.emphasis * marks;
  return sum;
}

/** The rules reading of a text, -1 … 1: sentences summed, later sentences weighed a little more. */
export function rulesScore(text: string): number {
  let total = 0;
  const spans = splitSentences(text);
  spans.forEach((s, i) => {
    const w = spans.length > 1 && i === spans.length - 1 ? 1.2 : 1;
    total += w * sentenceScore(text, s.start, s.end);
  });
  return normalise(total);
}
