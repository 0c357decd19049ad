/**
 * The sentiment lexicons, loaded and validated once at import and compiled into `Map`s keyed by the
 * shared tokenizer's lower-case token text, so that scoring a word is one lookup.
 *
 * Layers, later ones winning: VADER's lexicon, AFINN-165 for words VADER lacks (rescaled to VADER's
 * range), voc's corrections for words that mislead in customer contacts, a supplement of opinion
 * words both lack, general idioms, then the customer-service lexicon. Multi-word entries become
 * phrases indexed by their first token.
 */
import { LexiconError } from '../lexicon/schema.ts';
import type { Segmenter } from '../text/segmenter.ts';

/** The sentiment files of a language (lexicons/<code>/sentiment-*.json), as the loader checked them. */
export interface SentimentFiles {
  'sentiment-corrections.json': { entries: Record<string, number> };
  'sentiment-supplement.json': { entries: Record<string, number> };
  'sentiment-phrases.json': { entries: Record<string, number> };
  'sentiment-customer-service.json': { entries: Record<string, number> };
  'sentiment-emoji.json': { entries: Record<string, number> };
  'sentiment-rules.json': RulesJson;
}

interface RulesJson {
  negators: string[];
  negation: { window: number; flip_positive: number; flip_negative: number; unresolved: number };
  boosters: Record<string, number>;
  booster_decay: number[];
  contrast: { words: string[]; before: number; after: number };
  irrealis: { positive_factor: number };
  sarcastic_gratitude: { words: string[] };
  politeness: { words: string[]; factor: number };
  agent_sympathy: { words: string[] };
  emphasis: { caps: number; exclamation: number; max_exclamations: number };
  negative_weight: number;
  normalisation_alpha: number;
  neutral_band: number;
  /** The band's negative side, when it differs from `neutral_band`. */
  neutral_band_negative?: number;
  aggregation: { empty_sentence_weight: number; customer_end_weight: number; customer_window: number; trajectory_shift: number; top_evidence: number };
  hashtags?: { prefixes: Record<string, number>; suffixes: Record<string, number> };
}

/**
 * General lexicons a language builds on, read from their packages (English: VADER and AFINN-165),
 * lowest layer first: word valences by layer name, and phrases (canonical patterns, which the
 * language also passes to its automaton as family "sentiment" with the layer as data).
 */
export interface ExternalSentiment {
  words: [layer: string, valences: ReadonlyMap<string, number>][];
  phrases: [layer: string, valences: ReadonlyMap<string, number>][];
}


export interface SentimentRules {
  negators: ReadonlySet<string>;
  negationWindow: number;
  flipPositive: number;
  flipNegative: number;
  /** Valence of a negator that reverses no sentiment word. */
  unresolvedNegation: number;
  /** Single-word boosters (> 0) and dampeners (< 0). */
  boosters: ReadonlyMap<string, number>;
  /** Multi-word boosters ("kind of"), by pattern (the automaton's family "booster"). */
  boosterPhrases: ReadonlyMap<string, number>;
  boosterDecay: readonly number[];
  contrast: ReadonlySet<string>;
  irrealisPositive: number;
  /** Gratitude and praise words that turn sarcastic before a complaint in the same clause. */
  gratitude: ReadonlySet<string>;
  /** Apology and sympathy words: an agent sentence with one does not count its negative valence. */
  agentSympathy: ReadonlySet<string>;
  /** Thank-words, and the share of their valence kept in a turn that asks a question. */
  politeness: ReadonlySet<string>;
  politenessFactor: number;
  negativeWeight: number;
  contrastBefore: number;
  contrastAfter: number;
  capsIncrement: number;
  exclamationIncrement: number;
  maxExclamations: number;
  alpha: number;
  neutralBand: number;
  /** Below minus this a score is negative (`neutral_band_negative`, else `neutral_band`). */
  neutralBandNegative: number;
  /**
   * Valence of a hashtag that is no word of the lexicon by how it starts or ends (`#worstservice`,
   * `#brandfail`), longest affix first; empty when the language has no such rule.
   */
  hashtagPrefixes: readonly (readonly [string, number])[];
  hashtagSuffixes: readonly (readonly [string, number])[];
  emptySentenceWeight: number;
  customerEndWeight: number;
  customerWindow: number;
  trajectoryShift: number;
  topEvidence: number;
}

/** Everything the scorer knows about one token text, so that a word costs one `Map` lookup. */
export interface WordEntry {
  /** Lexicon valence (VADER scale) and the layer it came from. */
  valence?: number;
  source?: string;
  negator?: boolean;
  /** Booster (> 0) or dampener (< 0) increment. */
  booster?: number;
  contrast?: boolean;
  gratitude?: boolean;
  polite?: boolean;
}

export interface SentimentLexicon {
  /** Token text (lower case for words) → what it does. */
  index: ReadonlyMap<string, WordEntry>;
  /** Word → valence (VADER scale). */
  words: ReadonlyMap<string, number>;
  /** Word → which layer gave its valence, for the evidence's `cue`. */
  wordSource: ReadonlyMap<string, string>;
  /** `layer\npattern` → valence of a phrase (the automaton's family "sentiment"; its data is the layer). */
  phrases: ReadonlyMap<string, number>;
  /** Emoji (no variation selector or skin tone) → valence. */
  emoji: ReadonlyMap<string, number>;
  rules: SentimentRules;
}

function entriesOf(file: string, json: { description?: unknown; source?: unknown; entries?: unknown }): [string, number][] {
  if (typeof json.description !== 'string' || typeof json.source !== 'string') {
    throw new LexiconError(`lexicons/${file}: needs "description" and "source"`);
  }
  if (!json.entries || typeof json.entries !== 'object') throw new LexiconError(`lexicons/${file}: needs "entries"`);
  const out: [string, number][] = [];
  for (const [key, value] of Object.entries(json.entries as Record<string, unknown>)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < -5 || value > 5) {
      throw new LexiconError(`lexicons/${file}: "${key}" needs a valence in -5 … 5, got ${String(value)}`);
    }
    out.push([key, value]);
  }
  return out;
}

/** The one lower-case token of a single-word entry, as the tokenizer makes it; an entry it splits is an error. */
function singleToken(segmenter: Segmenter, file: string, entry: string): string {
  const tokens = segmenter.tokenize(entry).map((t) => t.lower);
  if (tokens.length !== 1) throw new LexiconError(`lexicons/en/${file}: entries › ${entry}: the tokenizer reads ${tokens.length} tokens here; write a phrase as words separated by spaces`);
  return tokens[0]!;
}

/** An entry of several words: a phrase pattern, matched by the automaton. */
const isPhrase = (key: string) => /\s/.test(key.trim());

function num(file: string, value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new LexiconError(`lexicons/${file}: ${name} must be a number`);
  return value;
}

/** Affix → valence, longest affix first, so `#notgreat` is read by `notgreat` before `not`. */
const affixes = (m: Record<string, number> | undefined) =>
  Object.entries(m ?? {}).map(([k, v]) => [k.toLowerCase(), v] as const).sort((a, b) => b[0].length - a[0].length);

function loadRules(r: RulesJson, segmenter: Segmenter): SentimentRules {
  const f = 'sentiment-rules.json';
  const boosters = new Map<string, number>();
  const boosterPhrases = new Map<string, number>();
  for (const [key, value] of Object.entries(r.boosters as Record<string, unknown>)) {
    const weight = num(f, value, `boosters.${key}`);
    if (isPhrase(key)) boosterPhrases.set(key, weight);
    else boosters.set(singleToken(segmenter, f, key), weight);
  }
  const decay = r.booster_decay.map((d, i) => num(f, d, `booster_decay[${i}]`));
  const a = r.aggregation;
  const rules: SentimentRules = {
    negators: new Set(r.negators.map((w) => w.toLowerCase())),
    negationWindow: num(f, r.negation.window, 'negation.window'),
    flipPositive: num(f, r.negation.flip_positive, 'negation.flip_positive'),
    flipNegative: num(f, r.negation.flip_negative, 'negation.flip_negative'),
    unresolvedNegation: num(f, r.negation.unresolved, 'negation.unresolved'),
    boosters,
    boosterPhrases,
    boosterDecay: decay,
    contrast: new Set(r.contrast.words),
    contrastBefore: num(f, r.contrast.before, 'contrast.before'),
    contrastAfter: num(f, r.contrast.after, 'contrast.after'),
    irrealisPositive: num(f, r.irrealis.positive_factor, 'irrealis.positive_factor'),
    gratitude: new Set(r.sarcastic_gratitude.words),
    politeness: new Set(r.politeness.words),
    agentSympathy: new Set(r.agent_sympathy.words),
    politenessFactor: num(f, r.politeness.factor, 'politeness.factor'),
    negativeWeight: num(f, r.negative_weight, 'negative_weight'),
    capsIncrement: num(f, r.emphasis.caps, 'emphasis.caps'),
    exclamationIncrement: num(f, r.emphasis.exclamation, 'emphasis.exclamation'),
    maxExclamations: num(f, r.emphasis.max_exclamations, 'emphasis.max_exclamations'),
    alpha: num(f, r.normalisation_alpha, 'normalisation_alpha'),
    neutralBand: num(f, r.neutral_band, 'neutral_band'),
    neutralBandNegative: r.neutral_band_negative === undefined ? num(f, r.neutral_band, 'neutral_band') : num(f, r.neutral_band_negative, 'neutral_band_negative'),
    emptySentenceWeight: num(f, a.empty_sentence_weight, 'aggregation.empty_sentence_weight'),
    customerEndWeight: num(f, a.customer_end_weight, 'aggregation.customer_end_weight'),
    customerWindow: num(f, a.customer_window, 'aggregation.customer_window'),
    trajectoryShift: num(f, a.trajectory_shift, 'aggregation.trajectory_shift'),
    topEvidence: num(f, a.top_evidence, 'aggregation.top_evidence'),
    hashtagPrefixes: affixes(r.hashtags?.prefixes),
    hashtagSuffixes: affixes(r.hashtags?.suffixes),
  };
  if (rules.negationWindow < 1 || decay.length < rules.negationWindow) {
    throw new LexiconError(`lexicons/${f}: booster_decay needs one factor per word of the negation window`);
  }
  return rules;
}

/** Strips variation selectors and skin-tone modifiers, so that one key covers every rendering. */
export function emojiKey(text: string): string {
  return text.replace(/[\uFE0E\uFE0F\u{1F3FB}-\u{1F3FF}]/gu, '');
}

/**
 * A language's sentiment lexicon from its checked files and the general lexicons it builds on. Built
 * once per language at load (pipeline/text/languages.ts).
 */
export function buildSentimentLexicon(files: SentimentFiles, segmenter: Segmenter, external: ExternalSentiment = { words: [], phrases: [] }): SentimentLexicon {
  const rules = loadRules(files['sentiment-rules.json'], segmenter);
  const words = new Map<string, number>();
  const wordSource = new Map<string, string>();
  const phrases = new Map<string, number>();
  for (const [layer, valences] of external.words) {
    for (const [key, value] of valences) {
      words.set(key, value);
      wordSource.set(key, layer);
    }
  }
  for (const [layer, valences] of external.phrases) for (const [key, value] of valences) phrases.set(`${layer}\n${key}`, value);
  const corrections = files['sentiment-corrections.json'];
  const supplement = files['sentiment-supplement.json'];
  const idioms = files['sentiment-phrases.json'];
  const customerService = files['sentiment-customer-service.json'];
  const emoji = files['sentiment-emoji.json'];
  const layers: [string, string, ReturnType<typeof entriesOf>][] = [
    ['sentiment-corrections.json', 'correction', entriesOf('sentiment-corrections.json', corrections)],
    ['sentiment-supplement.json', 'supplement', entriesOf('sentiment-supplement.json', supplement)],
    ['sentiment-phrases.json', 'idiom', entriesOf('sentiment-phrases.json', idioms)],
    ['sentiment-customer-service.json', 'customer-service', entriesOf('sentiment-customer-service.json', customerService)],
  ];
  for (const [file, source, entries] of layers) {
    for (const [key, weight] of entries) {
      if (isPhrase(key)) {
        phrases.set(`${source}\n${key}`, weight);
      } else {
        const word = singleToken(segmenter, file, key);
        words.set(word, weight);
        wordSource.set(word, source);
      }
    }
  }
  // Negators and boosters are handled by the rules; a valence of their own would count them twice.
  for (const w of rules.negators) words.delete(w);
  for (const w of rules.boosters.keys()) words.delete(w);
  for (const w of rules.contrast) words.delete(w);

  const emojiMap = new Map<string, number>();
  for (const [key, value] of entriesOf('sentiment-emoji.json', emoji)) emojiMap.set(emojiKey(key), value);

  const index = new Map<string, WordEntry>();
  const entry = (key: string) => {
    let e = index.get(key);
    if (e === undefined) index.set(key, (e = {}));
    return e;
  };
  for (const [key, valence] of words) {
    if (valence === 0) continue;
    const e = entry(key);
    e.valence = valence;
    e.source = wordSource.get(key);
  }
  for (const w of rules.negators) entry(w).negator = true;
  for (const [w, b] of rules.boosters) entry(w).booster = b;
  for (const w of rules.contrast) entry(w).contrast = true;
  for (const w of rules.gratitude) entry(w).gratitude = true;
  for (const w of rules.politeness) entry(w).polite = true;

  return { index, words, wordSource, phrases, emoji: emojiMap, rules };
}

