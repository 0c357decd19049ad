/** Pass 8, intent: the contact reasons from the intent matches of the customer's turns (pipeline/intent/). */
import { scoreIntent } from '../intent/index.ts';
import type { ScoringDoc } from './doc.ts';

export function intentPass(doc: ScoringDoc): void {
  doc.intent = scoreIntent(doc, doc.options.intentModel);
}
