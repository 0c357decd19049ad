/**
 * Pass 2, phrase matches: each sentence of each turn scanned once by the language's automaton, which
 * finds every pattern of every lexicon at once (sentiment phrases, boosters, irrealis markers,
 * empathy cues on the agent's turns, triggers, effort cues and intents on the customer's). Later
 * passes read `turn.matches` by family.
 */
import { AGENT, CUSTOMER } from '../lexicon/load.ts';
import type { Match } from '../match/automaton.ts';
import type { Doc, DocTurn } from './01-prepare.ts';

export function matchPhrases(doc: Doc): void {
  const { automaton } = doc.language;
  for (const turn of doc.turns) {
    // A family's list is made by the scan at its first match (most turns match few families).
    const matches: (Match<string>[] | undefined)[] = [];
    const { canon } = turn;
    // A family is matched only on the turns of the speaker it is about (empathy cues on the agent's …).
    const mask = turn.speaker === 'agent' ? AGENT : CUSTOMER;
    for (let k = 0; k < turn.sentences.length; k++) automaton.scan(canon, canon.sentenceFrom[k]!, canon.sentenceTo[k]!, matches as Match[][], mask);
    turn.matches = matches;
  }
}

const NONE: readonly Match<string>[] = [];

/** The matches of one lexicon family in a turn ("empathy", "effort", "intent", "sentiment" …). */
export function familyMatches(turn: DocTurn, family: string): readonly Match<string>[] {
  const f = turn.language.automaton.families.indexOf(family);
  return f < 0 ? NONE : turn.matches[f] ?? NONE;
}
