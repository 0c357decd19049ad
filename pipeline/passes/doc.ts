/** The document the passes annotate (pipeline/passes/index.ts), and the options they read. */
import type { EmpathyPredictor } from '../learn/empathy-model.ts';
import type { CesMapping } from '../effort/ces.ts';
import type { EffortCue } from '../effort/cues.ts';
import type { StreamScratch } from '../match/canonical.ts';
import type { TriggerFinding } from '../empathy/triggers.ts';
import type { IntentPredictor } from '../intent/predictor.ts';
import type { SentimentPredictor } from '../sentiment/predictor.ts';
import type { EffortResult, EmpathyResult, IntentResult, Kpis, ScoringContext, SentimentResult } from '../types.ts';
import type { Doc } from './01-prepare.ts';

export interface PassOptions {
  cesMapping?: CesMapping;
  sentimentModel?: SentimentPredictor;
  intentModel?: IntentPredictor;
  /** A trained empathy model (`voc empathy train`): decides whether each agent reply expresses empathy. */
  empathyModel?: EmpathyPredictor;
  /** The scorer's buffer for pass 1's word arrays, reused by each interaction it scores (one at a time). */
  scratch?: StreamScratch;
}

/** The document the passes annotate, field by field. */
export interface ScoringDoc extends Doc {
  kpis: Kpis;
  context: ScoringContext;
  options: PassOptions;
  sentiment?: SentimentResult;
  /** Per turn (empty for the agent's). */
  effortCues?: EffortCue[][];
  /** Per turn: why it calls for empathy, or null. */
  triggers?: (TriggerFinding | null)[];
  empathy?: EmpathyResult;
  effort?: EffortResult;
  intent?: IntentResult;
}

