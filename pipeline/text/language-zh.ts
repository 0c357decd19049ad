/**
 * Chinese as a language of the scoring core: the lexicons of lexicons/zh/ (the same file names and
 * shapes as lexicons/en/) with the Chinese segmenter, loaded, checked and compiled on first use.
 *
 * Not yet in `LANGUAGES` (languages.ts): the empathy, effort and intent passes already read a
 * document's language files, but sentence sentiment still reads the English word lists, so a Chinese
 * interaction would score sentiment 0. It joins `LANGUAGES` (and `SUPPORTED_LANGUAGES`) when every pass
 * reads `doc.language`.
 */
import canonical from '../../lexicons/zh/canonical.json' with { type: 'json' };
import effortCes from '../../lexicons/zh/effort-ces.json' with { type: 'json' };
import effortCues from '../../lexicons/zh/effort-cues.json' with { type: 'json' };
import effortScoring from '../../lexicons/zh/effort-scoring.json' with { type: 'json' };
import empathyCues from '../../lexicons/zh/empathy-cues.json' with { type: 'json' };
import empathyScoring from '../../lexicons/zh/empathy-scoring.json' with { type: 'json' };
import empathyTriggers from '../../lexicons/zh/empathy-triggers.json' with { type: 'json' };
import intents from '../../lexicons/zh/intents.json' with { type: 'json' };
import pii from '../../lexicons/zh/pii.json' with { type: 'json' };
import sentimentCorrections from '../../lexicons/zh/sentiment-corrections.json' with { type: 'json' };
import sentimentCustomerService from '../../lexicons/zh/sentiment-customer-service.json' with { type: 'json' };
import sentimentEmoji from '../../lexicons/zh/sentiment-emoji.json' with { type: 'json' };
import sentimentPhrases from '../../lexicons/zh/sentiment-phrases.json' with { type: 'json' };
import sentimentRules from '../../lexicons/zh/sentiment-rules.json' with { type: 'json' };
import sentimentSupplement from '../../lexicons/zh/sentiment-supplement.json' with { type: 'json' };
import speakers from '../../lexicons/zh/speakers.json' with { type: 'json' };
import { loadLanguage, type LoadedLanguage } from '../lexicon/load.ts';
import { addSegmenterWords, CHINESE_SEGMENTER } from './segment-zh.ts';

export const ZH_FILES = {
  'canonical.json': canonical,
  'effort-ces.json': effortCes,
  'effort-cues.json': effortCues,
  'effort-scoring.json': effortScoring,
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

let loaded: LoadedLanguage<typeof ZH_FILES> | null = null;

/**
 * The Chinese language, loaded once. Every one-word sentiment entry becomes a user word of the
 * segmenter first, so that an entry the default dictionary would split (没人理, 态度恶劣) is one word.
 */
export function chinese(): LoadedLanguage<typeof ZH_FILES> {
  if (loaded) return loaded;
  const words = [sentimentCorrections, sentimentCustomerService, sentimentSupplement, sentimentPhrases]
    .flatMap((f) => Object.keys(f.entries))
    .filter((k) => !/\s/.test(k));
  addSegmenterWords([...words, ...sentimentRules.negators, ...Object.keys(sentimentRules.boosters)]);
  loaded = loadLanguage('zh', ZH_FILES, CHINESE_SEGMENTER);
  return loaded;
}
