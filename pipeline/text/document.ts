/**
 * A prepared interaction: every turn split into sentences and tokens once by its language's
 * segmenter, put in canonical form, and scanned once by the language's automaton, so that no scorer
 * tokenizes or walks the same text twice.
 */
import type { Match } from '../match/automaton.ts';
import { canonicalStream, type CanonStream } from '../match/canonical.ts';
import type { Channel, Interaction, Speaker } from '../types.ts';
import { languageOf, type Language } from './languages.ts';
import type { Token } from './tokens.ts';

export interface DocSentence {
  turn: number;
  start: number;
  end: number;
  tokens: Token[];
}

export interface DocTurn {
  index: number;
  speaker: Speaker;
  text: string;
  start_s: number | null;
  end_s: number | null;
  sentences: DocSentence[];
  /** The turn's words in canonical form, for patterns and negation scope. */
  canon: CanonStream;
  /** Every pattern of every lexicon that matched in the turn (indexes into `canon.tokens`). */
  matches: Match<string>[];
  /** The language it was segmented and matched in (the interaction's). */
  language: Language;
}

export interface Doc {
  channel: Channel;
  language: Language;
  turns: DocTurn[];
}

export function prepare(interaction: Pick<Interaction, 'channel' | 'turns'> & { language?: string | null }): Doc {
  const language = languageOf(interaction.language);
  const { segmenter, automaton } = language;
  return {
    channel: interaction.channel,
    language,
    turns: interaction.turns.map((t, index) => {
      const sentences = segmenter.sentences(t.text).map((s) => ({
        turn: index,
        start: s.start,
        end: s.end,
        tokens: segmenter.tokenize(t.text, s.start, s.end),
      }));
      const canon = canonicalStream(sentences, segmenter, automaton);
      const matches: Match<string>[] = [];
      for (let k = 0; k < sentences.length; k++) automaton.scan(canon, canon.sentenceFrom[k]!, canon.sentenceTo[k]!, matches as Match[]);
      return { index, speaker: t.speaker, text: t.text, start_s: t.start_s ?? null, end_s: t.end_s ?? null, sentences, canon, matches, language };
    }),
  };
}

/** A one-turn customer document, for scoring a bare text (eval, reviews). */
export function prepareText(text: string, speaker: Speaker = 'customer', channel: Channel = 'review'): Doc {
  return prepare({ channel, turns: [{ speaker, text }] });
}
