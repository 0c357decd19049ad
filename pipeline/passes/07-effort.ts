/** Pass 7, effort: the effort cues (pass 4), the records and the customer's sentiment (pass 3) summed (pipeline/effort/). */
import { scoreEffort } from '../effort/index.ts';
import type { ScoringDoc } from './doc.ts';

export function effortPass(doc: ScoringDoc): void {
  doc.effort = scoreEffort(doc, doc.kpis, doc.context, doc.sentiment!, doc.options.cesMapping, doc.effortCues!.flat());
}
