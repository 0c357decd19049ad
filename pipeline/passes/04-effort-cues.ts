/** Pass 4, effort cues: what each customer turn says the customer had to do or felt (pipeline/effort/cues.ts). */
import { findEffortCues } from '../effort/cues.ts';
import type { ScoringDoc } from './doc.ts';

export function effortCuesPass(doc: ScoringDoc): void {
  doc.effortCues = doc.turns.map((t) => (t.speaker === 'customer' ? findEffortCues(t) : []));
}
