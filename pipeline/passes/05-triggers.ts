/**
 * Pass 5, triggers: which customer turns call for empathy (pipeline/empathy/triggers.ts), from the
 * trigger matches, the effort cues (pass 4) and the clearly negative sentences (pass 3). Only turns the
 * agent could answer (an agent turn follows) are judged.
 */
import { findTrigger, type TriggerFinding } from '../empathy/triggers.ts';
import type { ScoringDoc } from './doc.ts';

export function triggersPass(doc: ScoringDoc): void {
  const sentences = doc.sentiment!.sentences;
  const triggers: (TriggerFinding | null)[] = doc.turns.map(() => null);
  let agentLater = false;
  let s = sentences.length;
  for (let i = doc.turns.length - 1; i >= 0; i--) {
    const turn = doc.turns[i]!;
    // The sentiment sentences of this turn (they are in turn order).
    let from = s;
    while (from > 0 && sentences[from - 1]!.turn === i) from--;
    if (turn.speaker === 'agent') agentLater = true;
    else if (agentLater) triggers[i] = findTrigger(turn, sentences.slice(from, s), doc.effortCues![i]);
    s = from;
  }
  doc.triggers = triggers;
}
