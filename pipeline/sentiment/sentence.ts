/**
 * One sentence's sentiment by rule, in a single pass over its tokens: phrases first (by first-token
 * index), then words, emoticons and emoji, each modified by the boosters and negators before it in its
 * clause, by ALL CAPS, and by a contrast word; the sum is pushed by exclamation marks and squashed
 * into −1 … 1.
 */
import type { Token } from '../text/tokens.ts';
import type { Evidence, SentimentLabel } from '../types.ts';
import { emojiKey, type SentimentLexicon, type SentimentRules, type WordEntry } from './lexicon.ts';

/**
 * A phrase the automaton found starting at a token: a sentiment phrase (its valence and cue), a booster
 * phrase ("kind of": its increment) or an irrealis marker ("would be"), and how many tokens it covers.
 */
export interface PhraseHit {
  kind: 'sentiment' | 'booster' | 'irrealis';
  weight: number;
  cue: string;
  span: number;
}

export interface RuleSentence {
  /** The summed valence (VADER scale, unbounded). */
  raw: number;
  /** `raw` squashed into −1 … 1. */
  score: number;
  evidence: Evidence[];
  /** The sentence opens with a contrast word ("But …"): it outweighs the sentences before it. */
  opensWithContrast: boolean;
  /** The sentence asks something (has a question mark). */
  question: boolean;
  /** Its thank-words' evidence, when it has any: politeness if the turn asks a question. */
  thanks: Evidence[] | undefined;
}

const AT = 64; // '@': a word straight after it is a handle, a name rather than an opinion.
const HASH = 35; // '#': a word straight after it is a hashtag.

/** The valence a hashtag that is no lexicon word takes from how it starts or ends, if any. */
function hashtagValence(lower: string, r: SentimentRules): [number, string] | undefined {
  for (const [affix, v] of r.hashtagSuffixes) if (lower.length >= affix.length && lower.endsWith(affix)) return [v, `hashtag: …${affix}`];
  for (const [affix, v] of r.hashtagPrefixes) if (lower.length >= affix.length && lower.startsWith(affix)) return [v, `hashtag: ${affix}…`];
  return undefined;
}
const BANG = 33; // '!'

/** A modifier seen earlier in the sentence: where it was (in word slots) and where it starts in the text. */
interface Mark {
  slot: number;
  start: number;
}

interface Booster extends Mark {
  /** Added to the size of the sentiment word it modifies (negative for a dampener). */
  value: number;
}

interface Negator extends Mark {
  /** Its own evidence while it has reversed nothing: withdrawn once it reverses a word. */
  unresolved?: Evidence;
}

/** Squashes a summed valence into −1 … 1 (VADER's normalisation). */
export function squash(raw: number, alpha: number): number {
  return raw === 0 ? 0 : raw / Math.sqrt(raw * raw + alpha);
}

/** The label of a −1 … 1 score under the neutral band (`negativeBand`: its negative side, when it differs). */
export function labelOf(score: number, band: number, negativeBand = band): SentimentLabel {
  return score > band ? 'positive' : score < -negativeBand ? 'negative' : 'neutral';
}

function isAllCaps(t: Token): boolean {
  return t.text.length > 1 && t.text !== t.lower && t.text === t.text.toUpperCase();
}

/** True when the sentence's words are not all upper case, so that a capitalised word stands out. */
function capsStandOut(tokens: Token[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (t.kind === 'word' && t.text === t.lower) return true;
  }
  return false;
}

/** True when a letter is written three times running ("sooo"): worth a second lookup. */
function hasTripled(word: string): boolean {
  for (let i = 2; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === word.charCodeAt(i - 1) && c === word.charCodeAt(i - 2)) return true;
  }
  return false;
}

/** The entry of a word written with letters repeated for emphasis, cut to two and then one ("sooo"). */
function elongated(index: ReadonlyMap<string, WordEntry>, lower: string): [WordEntry, string] | undefined {
  const two = lower.replace(/(\p{L})\1+/gu, '$1$1');
  const e2 = index.get(two);
  if (e2 !== undefined) return [e2, two];
  const one = lower.replace(/(\p{L})\1+/gu, '$1');
  const e1 = index.get(one);
  if (e1 !== undefined) return [e1, one];
  return undefined;
}

/**
 * Scores tokens `from` … `to` (exclusive) of a turn's tokens by rule. `text` is the turn's text (the
 * tokens' offsets point into it) and `turn` its index, for the evidence.
 */
export function scoreRuleSentence(
  tokens: Token[], text: string, turn: number, lex: SentimentLexicon, hits: readonly (PhraseHit | undefined)[] = [], from = 0, to = tokens.length,
): RuleSentence {
  const r: SentimentRules = lex.rules;
  const index = lex.index;
  const evidence: Evidence[] = [];
  const boosters: Booster[] = [];
  const negators: Negator[] = [];
  let raw = 0;
  let slot = 0; // word slots, for the negation and booster windows
  let clauseStart = 0; // first slot of the current clause
  let contrastFactor = 1;
  let exclamations = 0;
  let firstWord = true;
  let opensWithContrast = false;
  let question = false;
  let thanks: Evidence[] | undefined;
  let capsChecked = false;
  let capsMatter = false;
  let irrealis = false; // inside the scope of "would be", "if" … until the clause ends
  let gratitude: Evidence | undefined; // thanks or praise earlier in this clause, not yet sarcastic

  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    const kind = t.kind;
    if (kind === 'punct') {
      if (t.text.charCodeAt(0) === BANG) exclamations += t.text.length;
      if (t.text.includes('?')) question = true;
      if (t.text !== '"' && t.text !== '-') {
        clauseStart = slot;
        irrealis = false;
        gratitude = undefined;
      }
      continue;
    }
    if (kind === 'number') {
      slot++;
      continue;
    }
    let valence: number | undefined;
    let cue = '';
    let end = t.end;
    let span = 1;
    let grateful = false;
    let polite = false;
    if (kind === 'word') {
      const isFirst = firstWord;
      firstWord = false;
      let lower = t.lower;
      // Pass 1 looked the word up in this index already (the sentiment entry of its word table).
      const info = t.info;
      let e = info !== undefined && info.sentimentIndex === index ? (info.sentiment as WordEntry | undefined) : index.get(lower);
      if (e === undefined && lower.length > 3 && hasTripled(lower)) {
        const found = elongated(index, lower);
        if (found !== undefined) [e, lower] = found;
      }
      const hit = hits[i];
      if (e === undefined && hit === undefined && t.start > 0 && text.charCodeAt(t.start - 1) === HASH) {
        // A hashtag no lexicon knows: '#brandfail', '#worstservice' say what they mean by their ends.
        const tag = hashtagValence(lower, r);
        if (tag !== undefined) {
          let v = tag[0] < 0 ? tag[0] * r.negativeWeight : tag[0];
          v *= contrastFactor;
          raw += v;
          evidence.push({ text: t.text, turn, start: t.start, end: t.end, cue: tag[1], weight: v });
        }
        slot++;
        continue;
      }
      // Handles (after '@') are names, not opinions.
      if ((e === undefined && hit === undefined) || (t.start > 0 && text.charCodeAt(t.start - 1) === AT)) {
        slot++;
        continue;
      }
      if (hit !== undefined && hit.kind === 'sentiment') {
        valence = hit.weight;
        cue = hit.cue;
        span = hit.span;
        end = tokens[i + span - 1]!.end;
      } else {
        if (hit !== undefined) {
          if (hit.kind === 'irrealis') irrealis = true;
          else boosters.push({ slot, start: t.start, value: hit.weight });
          i += hit.span - 1;
          slot += hit.span;
          continue;
        }
        if (e === undefined) {
          slot++;
          continue;
        }
        if (e.negator) {
          // Until it reverses a sentiment word, a negator marks a failed expectation ("no refund",
          // "can't check in"); its own valence is withdrawn when it does reverse one.
          const weight = r.unresolvedNegation * r.negativeWeight * contrastFactor;
          const own: Evidence = { text: t.text, turn, start: t.start, end: t.end, cue: `negation: ${lower}`, weight };
          raw += weight;
          evidence.push(own);
          negators.push({ slot, start: t.start, unresolved: own });
          slot++;
          continue;
        }
        if (e.booster !== undefined) {
          boosters.push({ slot, start: t.start, value: e.booster });
          slot++;
          continue;
        }
        if (e.contrast) {
          // What came before the contrast counts less, what follows more; a clause ends here.
          raw *= r.contrastBefore;
          for (const ev of evidence) ev.weight = ev.weight! * r.contrastBefore;
          contrastFactor = r.contrastAfter;
          if (isFirst) opensWithContrast = true;
          slot++;
          clauseStart = slot;
          irrealis = false;
          gratitude = undefined;
          continue;
        }
        // A single letter is an initial or a typo, not a word (VADER drops them too).
        valence = t.end - t.start > 1 ? e.valence : undefined;
        if (valence !== undefined) cue = `${e.source}: ${lower}`;
        grateful = e.gratitude === true;
        polite = e.polite === true;
      }
    } else {
      firstWord = false;
      if (kind === 'emoticon') {
        valence = index.get(t.text)?.valence ?? index.get(t.text.toLowerCase())?.valence;
        cue = `emoticon: ${t.text}`;
      } else {
        valence = lex.emoji.get(emojiKey(t.text));
        cue = `emoji: ${t.text}`;
      }
      // Emoticons and emoji stand on their own: no booster, negator or capitals apply to them.
      if (valence !== undefined) {
        if (valence < 0) valence *= r.negativeWeight;
        valence *= contrastFactor;
        raw += valence;
        evidence.push({ text: t.text, turn, start: t.start, end: t.end, cue, weight: valence });
      }
      continue;
    }
    if (valence === undefined || valence === 0) {
      slot += span;
      i += span - 1;
      continue;
    }

    let start = t.start;
    const sign = valence > 0 ? 1 : -1;
    // Boosters and dampeners up to three slots back in the clause, the farther worth less.
    for (const b of boosters) {
      const distance = slot - b.slot;
      if (b.slot < clauseStart || distance < 1 || distance > r.boosterDecay.length) continue;
      valence += sign * b.value * r.boosterDecay[distance - 1]!;
      if (b.start < start) start = b.start;
    }
    if (span === 1 && isAllCaps(t)) {
      if (!capsChecked) {
        capsChecked = true;
        capsMatter = capsStandOut(tokens, from, to);
      }
      if (capsMatter) valence += sign * r.capsIncrement;
    }
    // Negators in the window reverse the word; two of them cancel out ("not without merit").
    let negations = 0;
    let negStart = start;
    for (const n of negators) {
      const distance = slot - n.slot;
      if (n.slot < clauseStart || distance < 1 || distance > r.negationWindow) continue;
      negations++;
      if (n.start < negStart) negStart = n.start;
      if (n.unresolved !== undefined) {
        raw -= n.unresolved.weight!;
        evidence.splice(evidence.indexOf(n.unresolved), 1);
        n.unresolved = undefined;
      }
    }
    if (negations % 2 === 1) {
      valence *= valence > 0 ? r.flipPositive : r.flipNegative;
      start = negStart;
      cue = `not ${cue}`;
    }
    if (irrealis && valence > 0) {
      valence *= r.irrealisPositive;
      cue = `wished ${cue}`;
    }
    if (valence < 0) {
      // A negated positive ("not great") is a weak negative, not a strong one: no extra weight.
      if (negations % 2 === 0) valence *= r.negativeWeight;
      if (gratitude !== undefined) {
        // "Thanks for keeping me on hold": the thanks was sarcastic.
        raw -= 2 * gratitude.weight!;
        gratitude.weight = -gratitude.weight!;
        gratitude.cue = `sarcastic ${gratitude.cue}`;
        gratitude = undefined;
      }
    }
    valence *= contrastFactor;
    raw += valence;
    const found: Evidence = { text: text.slice(start, end), turn, start, end, cue, weight: valence };
    evidence.push(found);
    if (grateful && valence > 0 && negations === 0) gratitude = found;
    if (polite && valence > 0) (thanks ??= []).push(found);
    slot += span;
    i += span - 1;
  }

  if (raw !== 0 && exclamations > 0) {
    raw += (raw > 0 ? 1 : -1) * Math.min(exclamations, r.maxExclamations) * r.exclamationIncrement;
  }
  for (const e of evidence) e.weight = Math.round(e.weight! * 1000) / 1000;
  return { raw, score: squash(raw, r.alpha), evidence, opensWithContrast, question, thanks };
}
