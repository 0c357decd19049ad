/**
 * The scoring core's one entry point: an interaction in, its four scores with evidence out. Pure: no
 * I/O, no clock, no randomness; the same input and lexicons give the same scores.
 */
import type { CesMapping } from './effort/ces.ts';
import { scoreEffort } from './effort/index.ts';
import { scoreEmpathy } from './empathy/index.ts';
import { scoreIntent } from './intent/index.ts';
import { scoreSentiment } from './sentiment/index.ts';
import { prepare } from './text/document.ts';
import type { Interaction, InteractionScores, ScoringContext } from './types.ts';
import { SCORER_VERSION } from './version.ts';

export interface Scorer {
  /** Stamped on every score; includes the ids of any trained models in use. */
  version: string;
  score(interaction: Interaction, context?: ScoringContext): InteractionScores;
}

export interface ScorerOptions {
  /** A fitted effort → CES mapping (`voc calibrate effort`). @defaultValue lexicons/effort-ces.json */
  cesMapping?: CesMapping;
}

export function createScorer(options: ScorerOptions = {}): Scorer {
  const { cesMapping } = options;
  const version = cesMapping ? `${SCORER_VERSION}+ces.${cesMapping.id}` : SCORER_VERSION;
  return {
    version,
    score(interaction, context = {}) {
      const doc = prepare(interaction);
      const sentiment = scoreSentiment(doc);
      return {
        interaction_id: interaction.interaction_id,
        scorer_version: version,
        sentiment,
        empathy: scoreEmpathy(doc, sentiment),
        effort: scoreEffort(doc, interaction.kpis, context, sentiment, cesMapping),
        intent: scoreIntent(doc),
      };
    },
  };
}
