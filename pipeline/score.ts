/**
 * The scoring core's one entry point: an interaction in, its four scores with evidence out, through
 * the ordered passes of pipeline/passes/. Pure: no I/O, no clock (unless a profile is asked for), no
 * randomness; the same input, lexicons and models give the same scores.
 */
import type { CesMapping } from './effort/ces.ts';
import type { IntentPredictor } from './intent/predictor.ts';
import { runPasses } from './passes/index.ts';
import type { SentimentPredictor } from './sentiment/predictor.ts';
import type { Interaction, InteractionScores, ScoringContext } from './types.ts';
import { SCORER_VERSION } from './version.ts';

export interface Scorer {
  /** Stamped on every score; includes the ids of any calibration and trained models in use. */
  version: string;
  /**
   * Scores one interaction. With `profile`, each pass's time in milliseconds is added to
   * `profile[pass]` (pipeline/passes/: `voc bench` prints it).
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
}

/**
 * `0.3.0+lex.1a2b3c4d`, or e.g. `0.3.0+lex.1a2b3c4d+sentiment.3f9a…+ces.c2`: what a score was made
 * with (code, lexicons' content hash, models, calibration), so a change rescores.
 * The calibration comes last: it changes only predicted CES, and calibrating reads the scores made
 * without it (`readEffortSamples`).
 */
export function scorerVersion({ cesMapping, sentimentModel, intentModel }: ScorerOptions = {}): string {
  let version = SCORER_VERSION;
  if (sentimentModel) version += `+sentiment.${sentimentModel.id}`;
  if (intentModel) version += `+intent.${intentModel.id}`;
  if (cesMapping) version += `+ces.${cesMapping.id}`;
  return version;
}

export function createScorer(options: ScorerOptions = {}): Scorer {
  const { cesMapping, sentimentModel, intentModel } = options;
  const version = scorerVersion(options);
  const passOptions = { cesMapping, sentimentModel, intentModel };
  return {
    version,
    score(interaction, context = {}, profile) {
      const doc = runPasses(interaction, context, passOptions, profile);
      return {
        interaction_id: interaction.interaction_id,
        scorer_version: version,
        sentiment: doc.sentiment!,
        empathy: doc.empathy!,
        effort: doc.effort!,
        intent: doc.intent!,
      };
    },
  };
}
