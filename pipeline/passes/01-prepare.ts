/**
 * Pass 1, prepare: every turn split into sentences and tokens by its language's segmenter, then put
 * in canonical form with clause and sentence numbers and negator bits (the shared negation scope), so
 * that no later pass tokenizes or walks the text again.
 */
import type { Match } from '../match/automaton.ts';
import { canonicalStreams, type CanonStream, type StreamScratch } from '../match/canonical.ts';
import { maskQuoted } from '../text/email.ts';
import { languageOf, type Language } from '../text/languages.ts';
import type { Token } from '../text/tokens.ts';
import type { Channel, Interaction, Speaker } from '../types.ts';

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
  /** Pass 2: every pattern match in the turn, by family index (`language.automaton.families`); undefined for a family with none. */
  matches: (Match<string>[] | undefined)[];
  /** The language it was segmented and matched in (the interaction's). */
  language: Language;
}

export interface Doc {
  channel: Channel;
  language: Language;
  turns: DocTurn[];
}

export type PrepareInput = Pick<Interaction, 'channel' | 'turns'> & { language?: string | null };

/** With `scratch`, the streams' arrays are views of its buffer, valid until the next document prepared with it. */
export function prepareTurns(interaction: PrepareInput, scratch?: StreamScratch): Doc {
  const language = languageOf(interaction.language);
  const { segmenter, automaton, rules, words, unlisted } = language;
  const split: DocSentence[][] = [];
  for (let index = 0; index < interaction.turns.length; index++) {
    // Quoted or forwarded lines are blanked (same offsets): they are not the writer's words.
    const text = maskQuoted(interaction.turns[index]!.text);
    const sentences: DocSentence[] = [];
    const spans = segmenter.sentences(text);
    const tokens = segmenter.tokenizeSpans?.(text, spans);
    for (let k = 0; k < spans.length; k++) {
      const s = spans[k]!;
      sentences.push({ turn: index, start: s.start, end: s.end, tokens: tokens ? tokens[k]! : segmenter.tokenize(text, s.start, s.end) });
    }
    split.push(sentences);
  }
  const canons = canonicalStreams(split, segmenter, automaton, rules.negatorBits, words, unlisted, scratch);
  const turns: DocTurn[] = interaction.turns.map((t, index) => ({
    index, speaker: t.speaker, text: t.text, start_s: t.start_s ?? null, end_s: t.end_s ?? null,
    sentences: split[index]!, canon: canons[index]!, matches: [], language,
  }));
  return { channel: interaction.channel, language, turns };
}
