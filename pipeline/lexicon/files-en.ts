/**
 * English's lexicon files (lexicons/en/), imported as data. Their shape is the shape of every
 * language's files: a new language's folder has the same names and keys.
 */
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

export const EN_FILES = {
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
