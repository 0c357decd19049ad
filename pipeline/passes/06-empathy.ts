/** Pass 6, empathy: the agent's cues and how each trigger (pass 5) was answered (pipeline/empathy/). */
import { scoreEmpathy } from '../empathy/index.ts';
import type { ScoringDoc } from './doc.ts';

export function empathyPass(doc: ScoringDoc): void {
  const triggers = doc.triggers!;
  doc.empathy = scoreEmpathy(doc, doc.sentiment!, (turn) => triggers[turn.index] ?? null, doc.options.empathyModel);
}
