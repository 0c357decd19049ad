/**
 * Finding the agent's empathy cues in a turn: the categories of lexicons/<lang>/empathy-cues.json,
 * read from the automaton's matches with negation, overlaps resolved, and hollow acknowledgements
 * ("I understand, but there's nothing I can do") turned into the dismissals they are.
 */
import { standingMatches } from '../match/negation.ts';
import type { DocTurn } from '../text/document.ts';
import { ENGLISH, type Language } from '../text/languages.ts';
import type { EmpathyCue } from '../types.ts';

/** Which statement score a category feeds: empathy statements, ownership statements, or neither. */
export type StatementKind = 'empathy' | 'ownership' | null;

export interface CueCategory {
  name: string;
  polarity: 'positive' | 'negative';
  /** Counts as answering a customer turn that called for empathy. */
  answers: boolean;
  statement: StatementKind;
  /** Counted by `voc eval empathy` as "expresses empathy" (validation, reassurance, reflection, paraphrase). */
  eval: boolean;
}

/** The category a hollow acknowledgement becomes, and the one that makes it hollow. */
const DISMISSAL = 'dismissal';

/** The cue categories of a language's empathy-cues.json. */
export function categoriesOf(language: Language): Map<string, CueCategory> {
  const out = new Map<string, CueCategory>();
  for (const [name, c] of Object.entries(language.files['empathy-cues.json'].categories)) {
    out.set(name, { name, polarity: c.polarity as CueCategory['polarity'], answers: c.answers, statement: c.statement as StatementKind, eval: c.eval });
  }
  return out;
}

/** The English categories. */
export const CATEGORIES = categoriesOf(ENGLISH);

/** The empathy cues in one turn, in text order. */
export function findCues(turn: DocTurn): EmpathyCue[] {
  const lexicon = turn.language.files['empathy-cues.json'];
  const categories = turn.language === ENGLISH ? CATEGORIES : categoriesOf(turn.language);
  const toks = turn.canon.tokens;
  const negation = { negators: new Set(lexicon.negation.negators), window: lexicon.negation.window };
  // On a tie between overlapping matches, a cue that answers nothing (scripted courtesy, a negative cue) wins.
  const matches = standingMatches(turn.matches, 'empathy', toks, negation, (name) => (categories.get(name)!.answers ? 0 : 1));
  const dismissals = matches.filter((m) => m.pattern.data === DISMISSAL);
  return matches.map((m): EmpathyCue => {
    const cat = categories.get(m.pattern.data)!;
    const sentence = toks[m.from]!.sentence;
    const hollow = cat.polarity === 'positive' && cat.statement === 'empathy' &&
      dismissals.some((d) => d.start > m.end && toks[d.from]!.sentence - sentence <= lexicon.hollow.sentences);
    const evidence = { text: turn.text.slice(m.start, m.end), turn: turn.index, start: m.start, end: m.end, cue: m.pattern.source };
    return hollow
      ? { turn: turn.index, category: DISMISSAL, polarity: 'negative', evidence: { ...evidence, cue: `hollow ${cat.name}: ${m.pattern.source}` } }
      : { turn: turn.index, category: cat.name, polarity: cat.polarity, evidence };
  });
}
