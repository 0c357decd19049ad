/**
 * Finding the agent's empathy cues in a turn: the categories of lexicons/empathy-cues.json matched
 * with negation, overlaps resolved, and hollow acknowledgements ("I understand, but there's nothing I
 * can do") turned into the dismissals they are.
 */
import lexicon from '../../lexicons/empathy-cues.json' with { type: 'json' };
import type { DocTurn } from '../text/document.ts';
import type { EmpathyCue } from '../types.ts';
import { canonical, findPhrases, LexiconError, PhraseIndex, type CanonToken, type NegationRule } from './phrases.ts';

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

function loadCategories(): Map<string, CueCategory> {
  const out = new Map<string, CueCategory>();
  for (const [name, c] of Object.entries(lexicon.categories)) {
    if (c.polarity !== 'positive' && c.polarity !== 'negative') throw new LexiconError(`empathy-cues: ${name}: bad polarity`);
    if (c.statement !== 'empathy' && c.statement !== 'ownership' && c.statement !== null) {
      throw new LexiconError(`empathy-cues: ${name}: bad statement kind`);
    }
    if (!Array.isArray(c.patterns) || c.patterns.length === 0) throw new LexiconError(`empathy-cues: ${name}: no patterns`);
    out.set(name, { name, polarity: c.polarity, answers: c.answers, statement: c.statement, eval: c.eval });
  }
  if (!out.has(DISMISSAL)) throw new LexiconError('empathy-cues: the dismissal category is required');
  return out;
}

export const CATEGORIES = loadCategories();

const INDEX = new PhraseIndex<CueCategory>(
  Object.entries(lexicon.categories).flatMap(([name, c]) => c.patterns.map((pattern) => ({ pattern, data: CATEGORIES.get(name)! }))),
  lexicon.classes,
);
const NEGATION: NegationRule = { negators: new Set(lexicon.negation.negators), window: lexicon.negation.window };
const HOLLOW_SENTENCES = lexicon.hollow.sentences;

/** On a tie between overlapping matches, a cue that answers nothing (scripted courtesy, a negative cue) wins. */
const preferNonAnswering = (c: CueCategory) => (c.answers ? 0 : 1);

/** The empathy cues in one turn, in text order. Pass `toks` when the canonical stream is already built. */
export function findCues(turn: DocTurn, toks: CanonToken[] = canonical(turn)): EmpathyCue[] {
  const matches = findPhrases(INDEX, toks, NEGATION, preferNonAnswering);
  const dismissals = matches.filter((m) => m.pattern.data.name === DISMISSAL);
  return matches.map((m): EmpathyCue => {
    const cat = m.pattern.data;
    const sentence = toks[m.from]!.sentence;
    const hollow = cat.polarity === 'positive' && cat.statement === 'empathy' &&
      dismissals.some((d) => d.start > m.end && toks[d.from]!.sentence - sentence <= HOLLOW_SENTENCES);
    const evidence = { text: turn.text.slice(m.start, m.end), turn: turn.index, start: m.start, end: m.end, cue: m.pattern.source };
    return hollow
      ? { turn: turn.index, category: DISMISSAL, polarity: 'negative', evidence: { ...evidence, cue: `hollow ${cat.name}: ${m.pattern.source}` } }
      : { turn: turn.index, category: cat.name, polarity: cat.polarity, evidence };
  });
}
