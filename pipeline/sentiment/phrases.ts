/**
 * The weight and cue of each sentiment, booster and irrealis phrase pattern, worked out once per
 * language (pipeline/text/languages.ts) so that the sentiment pass reads them by pattern id.
 */
import type { Automaton, CompiledPattern } from '../match/automaton.ts';
import type { SentimentLexicon } from './lexicon.ts';

type PhraseFamily = 'sentiment' | 'booster' | 'irrealis';

export const phraseWeight = (lex: SentimentLexicon, family: PhraseFamily, p: CompiledPattern): number =>
  family === 'sentiment' ? lex.phrases.get(`${String(p.data)}\n${p.source}`)!
    : family === 'booster' ? lex.rules.boosterPhrases.get(p.source)!
    : 0;
export const phraseCue = (p: CompiledPattern) => `${String(p.data)}: ${p.source}`;

/** The weight and cue of every sentiment, booster and irrealis phrase pattern of a language, by pattern id. */
export interface SentimentPhraseTable {
  lexicon: SentimentLexicon;
  weight: number[];
  cue: string[];
}

export function sentimentPhraseTable(automaton: Automaton, lexicon: SentimentLexicon): SentimentPhraseTable {
  // Filled arrays (not holey ones) over every pattern id, for fast reads.
  const weight: number[] = new Array<number>(automaton.patterns.length).fill(0);
  const cue: string[] = new Array<string>(automaton.patterns.length).fill('');
  for (const p of automaton.patterns) {
    if (p.family !== 'sentiment' && p.family !== 'booster' && p.family !== 'irrealis') continue;
    weight[p.id] = phraseWeight(lexicon, p.family, p);
    cue[p.id] = phraseCue(p);
  }
  return { lexicon, weight, cue };
}
