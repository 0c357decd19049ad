import type { SentimentLabel } from '../types.ts';

/**
 * A trained sentence-sentiment model. When one is given to `scoreSentiment`, each sentence's score and
 * label come from it; the rules still supply the evidence (the words that carry sentiment).
 */
export interface SentimentPredictor {
  /** Stamped into the scorer version, e.g. "nb-2026-11-22". */
  id: string;
  /** Score of one sentence: `score` in −1 … 1 and its label. */
  predict(text: string): { score: number; label: SentimentLabel };
}
