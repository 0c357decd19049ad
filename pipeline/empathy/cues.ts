/**
 * Finding the agent's empathy cues in a turn: the categories of lexicons/<lang>/empathy-cues.json,
 * read from the automaton's matches with negation, overlaps resolved, and hollow acknowledgements
 * ("I understand, but there's nothing I can do") turned into the dismissals they are.
 */
import { standingMatches } from '../match/negation.ts';
import { familyMatches } from '../passes/02-phrases.ts';
import type { DocTurn } from '../text/document.ts';
import { ENGLISH } from '../text/languages.ts';
import type { EmpathyCue } from '../types.ts';

export type { CueCategory, StatementKind } from '../passes/rules.ts';

/** The category a hollow acknowledgement becomes, and the one that makes it hollow. */
const DISMISSAL = 'dismissal';

/** The English categories. */
export const CATEGORIES = ENGLISH.rules.empathy.categories;

/** The empathy cues in one turn, in text order. */
export function findCues(turn: DocTurn): EmpathyCue[] {
  const { categories, negation, hollowSentences } = turn.language.rules.empathy;
  const canon = turn.canon;
  // On a tie between overlapping matches, a cue that answers nothing (scripted courtesy, a negative cue) wins.
  const matches = standingMatches(familyMatches(turn, 'empathy'), canon, negation, (name) => (categories.get(name)!.answers ? 0 : 1));
  if (matches.length === 0) return [];
  const dismissals = matches.filter((m) => m.pattern.data === DISMISSAL);
  return matches.map((m): EmpathyCue => {
    const cat = categories.get(m.pattern.data)!;
    const sentence = canon.sentence[m.from]!;
    const hollow = cat.polarity === 'positive' && cat.statement === 'empathy' &&
      dismissals.some((d) => d.start > m.end && canon.sentence[d.from]! - sentence <= hollowSentences);
    const evidence = { text: turn.text.slice(m.start, m.end), turn: turn.index, start: m.start, end: m.end, cue: m.pattern.source };
    return hollow
      ? { turn: turn.index, category: DISMISSAL, polarity: 'negative', evidence: { ...evidence, cue: `hollow ${cat.name}: ${m.pattern.source}` } }
      : { turn: turn.index, category: cat.name, polarity: cat.polarity, evidence };
  });
}
