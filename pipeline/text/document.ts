/**
 * A prepared interaction: every turn split into sentences and tokens once, shared by all scorers, so
 * that scoring never tokenizes the same text twice.
 */
import type { Channel, Interaction, Speaker } from '../types.ts';
import { splitSentences } from './sentences.ts';
import { tokenize, type Token } from './tokens.ts';

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
}

export interface Doc {
  channel: Channel;
  turns: DocTurn[];
}

export function prepare(interaction: Pick<Interaction, 'channel' | 'turns'>): Doc {
  return {
    channel: interaction.channel,
    turns: interaction.turns.map((t, index) => ({
      index,
      speaker: t.speaker,
      text: t.text,
      start_s: t.start_s ?? null,
      end_s: t.end_s ?? null,
      sentences: splitSentences(t.text).map((s) => ({
        turn: index,
        start: s.start,
        end: s.end,
        tokens: tokenize(t.text, s.start, s.end),
      })),
    })),
  };
}

/** A one-turn customer document, for scoring a bare text (eval, reviews). */
export function prepareText(text: string, speaker: Speaker = 'customer', channel: Channel = 'review'): Doc {
  return prepare({ channel, turns: [{ speaker, text }] });
}
