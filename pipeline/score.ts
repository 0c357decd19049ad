/**
 * The scoring core's one entry point: an interaction in, its four scores with evidence out. Pure: no
 * I/O, no clock, no randomness; the same input, lexicons and models give the same scores.
 */
import type { CesMapping } from './effort/ces.ts';
import { scoreEffort } from './effort/index.ts';
import { scoreEmpathy } from './empathy/index.ts';
import type { IntentPredictor } from './intent/predictor.ts';
import { scoreIntent } from './intent/index.ts';
import type { SentimentPredictor } from './sentiment/predictor.ts';
import { scoreSentiment } from './sentiment/index.ts';
import { prepare } from './text/document.ts';
import type { Interaction, InteractionScores, ScoringContext } from './types.ts';
import { SCORER_VERSION } from './version.ts';

export interface Scorer {
  /** Stamped on every score; includes the ids of any calibration and trained models in use. */
  version: string;
  score(interaction: Interaction, context?: ScoringContext): InteractionScores;
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
 * `0.2.0`, or e.g. `0.2.0+sentiment.3f9a…+ces.c2`: what a score was made with, so a change rescores.
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
  return {
    version,
    score(interaction, context = {}) {
      const doc = prepare(interaction);
      const sentiment = scoreSentiment(doc, sentimentModel);
      return {
        interaction_id: interaction.interaction_id,
        scorer_version: version,
        sentiment,
        empathy: scoreEmpathy(doc, sentiment),
        effort: scoreEffort(doc, interaction.kpis, context, sentiment, cesMapping),
        intent: scoreIntent(doc, intentModel),
      };
    },
  };
}
