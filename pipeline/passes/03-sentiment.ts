/** Pass 3, sentiment: every sentence, turn and speaker, and the customer's arc (pipeline/sentiment/). */
import { scoreSentiment } from '../sentiment/index.ts';
import type { ScoringDoc } from './doc.ts';

export function sentimentPass(doc: ScoringDoc): void {
  doc.sentiment = scoreSentiment(doc, doc.options.sentimentModel);
}
