/**
 * The scoring core's one entry point: an interaction in, its four scores with evidence out, through
 * the ordered passes of pipeline/passes/. Pure: no I/O, no clock (unless a profile is asked for), no
 * randomness; the same input, lexicons and models give the same scores.
 */
import type { CesMapping } from './effort/ces.ts';
import { REPEAT_WINDOW_DAYS } from './effort/index.ts';
import type { IntentPredictor } from './intent/predictor.ts';
import type { EmpathyPredictor } from './learn/empathy-model.ts';
import { runPasses } from './passes/index.ts';
import type { SentimentPredictor } from './sentiment/predictor.ts';
import { detectInteractionLanguage, statedLanguage, UNDETERMINED, type InteractionLanguage } from './text/language.ts';
import { LANGUAGES } from './text/languages.ts';
import type { Interaction, InteractionScores, ScoringContext } from './types.ts';
import { SCORER_VERSION } from './version.ts';

/**
 * The languages the scorer has lexicons for (`lexicons/<code>/`, registered in pipeline/text/languages.ts).
 * An interaction in any other language is stored as `not_scored: language xx`; one too short to tell
 * (`und`) is scored in English.
 */
export const SUPPORTED_LANGUAGES: readonly string[] = [...LANGUAGES.keys()];
const DEFAULT_LANGUAGE = 'en';

export interface Scorer {
  /** Stamped on every score; includes the ids of any calibration and trained models in use. */
  version: string;
  /**
   * Scores one interaction. With `profile`, each pass's time in milliseconds is added to
   * `profile[pass]` (pipeline/passes/, and `00-language` for telling the language: `voc bench` prints it).
   */
  score(interaction: Interaction, context?: ScoringContext, profile?: Record<string, number>): InteractionScores;
}

export interface ScorerOptions {
  /** A fitted effort → CES mapping (`voc calibrate effort`). @defaultValue lexicons/en/effort-ces.json */
  cesMapping?: CesMapping;
  /** A trained sentence-sentiment model (`voc sentiment train`). @defaultValue the rules alone */
  sentimentModel?: SentimentPredictor;
  /** A trained contact-reason model (`voc intent train`). @defaultValue the lexicons/en/intents.json patterns */
  intentModel?: IntentPredictor;
  /** A trained empathy model (`voc empathy train`): whether each agent reply expresses empathy. @defaultValue the rule cues */
  empathyModel?: EmpathyPredictor;
  /** The languages scored; others are declined. @defaultValue SUPPORTED_LANGUAGES */
  languages?: readonly string[];
  /**
   * The repeat-contact window the store used to select each interaction's earlier contacts (an effort
   * cue). Another window gives other effort scores, so it is part of the version when it is not the
   * default. @defaultValue REPEAT_WINDOW_DAYS (7)
   */
  repeatWindowDays?: number;
}

/** The empty results of an interaction the scorer declined: no evidence, and figures the store writes as NULL. */
function notScored(interaction: Interaction, version: string, language: InteractionLanguage, reason: string): InteractionScores {
  return {
    interaction_id: interaction.interaction_id,
    scorer_version: version,
    language,
    not_scored: reason,
    sentiment: {
      score: 0, label: 'neutral', sentences: [], turns: [], speakers: {}, evidence: [],
      customer_start: null, customer_end: null, customer_shift: null, trajectory: null,
    },
    empathy: { applicable: false, score: null, empathy_statements: null, ownership_statements: null, triggers: [], cues: [] },
    effort: { score: 0, predicted_ces: 0, drivers: [] },
    intent: { primary: 'other', confidence: 0, intents: [] },
  };
}

/**
 * `0.3.0+lex.1a2b3c4d`, or e.g. `0.3.0+lex.1a2b3c4d+sentiment.3f9a…+ces.c2`: what a score was made
 * with (code, lexicons' content hash, models, calibration), so a change rescores.
 * The calibration comes last: it changes only predicted CES, and calibrating reads the scores made
 * without it (`readEffortSamples`).
 */
export function scorerVersion({ cesMapping, sentimentModel, intentModel, empathyModel, languages, repeatWindowDays }: ScorerOptions = {}): string {
  let version = SCORER_VERSION;
  if (languages && [...languages].sort().join(',') !== [...SUPPORTED_LANGUAGES].sort().join(',')) version += `+lang.${[...languages].sort().join('.')}`;
  if (sentimentModel) version += `+sentiment.${sentimentModel.id}`;
  if (empathyModel) version += `+empathy.${empathyModel.id}`;
  if (intentModel) version += `+intent.${intentModel.id}`;
  if (cesMapping) version += `+ces.${cesMapping.id}`;
  if (repeatWindowDays !== undefined && repeatWindowDays !== REPEAT_WINDOW_DAYS) version += `+repeat.${repeatWindowDays}d`;
  return version;
}

export function createScorer(options: ScorerOptions = {}): Scorer {
  const { cesMapping, sentimentModel, intentModel, empathyModel } = options;
  const languages = new Set(options.languages ?? SUPPORTED_LANGUAGES);
  const version = scorerVersion(options);
  // One interaction at a time, and no result keeps pass 1's word arrays: their buffer is reused.
  const passOptions = { cesMapping, sentimentModel, intentModel, empathyModel, scratch: { buffer: null } };
  return {
    version,
    score(interaction, context = {}, profile) {
      const t0 = profile ? performance.now() : 0;
      // The row's own language when it gives one (a `language` field or input column), else detected.
      const language = statedLanguage(interaction.language ?? interaction.metadata?.language, interaction.turns) ?? detectInteractionLanguage(interaction.turns);
      if (profile) profile['00-language'] = (profile['00-language'] ?? 0) + (performance.now() - t0);
      if (language.language !== UNDETERMINED && !languages.has(language.language)) {
        return notScored(interaction, version, language, `language ${language.language}`);
      }
      // Segmented and matched with the lexicons of its language (English when too short to tell).
      const code = LANGUAGES.has(language.language) ? language.language : DEFAULT_LANGUAGE;
      // What the passes read of the interaction (a spread copy of every field costs more than the rest of this step).
      const input = { interaction_id: interaction.interaction_id, channel: interaction.channel, turns: interaction.turns, kpis: interaction.kpis, language: code };
      const doc = runPasses(input, context, passOptions, profile);
      return {
        interaction_id: interaction.interaction_id,
        scorer_version: version,
        language,
        not_scored: null,
        sentiment: doc.sentiment!,
        empathy: doc.empathy!,
        effort: doc.effort!,
        intent: doc.intent!,
      };
    },
  };
}
