/**
 * Chinese as a language of the scoring core: the lexicons of lexicons/zh/ (the same file names and
 * shapes as lexicons/en/, plus sentiment-rules-zh.json for the sentence rules and segmenter.json for
 * the segmenter), read with the Chinese segmenter. languages.ts compiles them on first use.
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
import rulesZh from '../../lexicons/zh/sentiment-rules-zh.json' with { type: 'json' };
import segmenterJson from '../../lexicons/zh/segmenter.json' with { type: 'json' };
import traditionalChars from '../../lexicons/zh/traditional-chars.json' with { type: 'json' };
import { lexiconHash } from '../lexicon/load.ts';
import { ZH_SENTIMENT_WORDS } from '../sentiment/zh.ts';
import { addSegmenterWords } from './segment-zh.ts';

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

/** The content hash of every Chinese lexicon, the sentence rules and the segmenter's words included. */
export const ZH_HASH: string = lexiconHash({ ...ZH_FILES, 'sentiment-rules-zh.json': rulesZh, 'segmenter.json': segmenterJson, 'traditional-chars.json': traditionalChars });

let ready = false;

/**
 * Makes every one-word lexicon entry, negator, degree adverb and rule word a user word of the
 * segmenter, once, before the first Chinese segmentation: an entry the default dictionary would split
 * (没人理, 态度恶劣) is then one word.
 */
export function prepareChineseSegmenter(): void {
  if (ready) return;
  ready = true;
  const words = [sentimentCorrections, sentimentCustomerService, sentimentSupplement, sentimentPhrases]
    .flatMap((f) => Object.keys(f.entries))
    .filter((k) => !/\s/.test(k));
  addSegmenterWords([...words, ...sentimentRules.negators, ...Object.keys(sentimentRules.boosters), ...ZH_SENTIMENT_WORDS]);
}
