/**
 * A prepared interaction: passes 1 and 2 of the scorer (pipeline/passes/), so that a scorer or a test
 * can start from a document whose turns are segmented, in canonical form and matched.
 */
import { prepareTurns, type Doc, type PrepareInput } from '../passes/01-prepare.ts';
import { matchPhrases } from '../passes/02-phrases.ts';
import type { Channel, Speaker } from '../types.ts';

export type { Doc, DocSentence, DocTurn } from '../passes/01-prepare.ts';

export function prepare(interaction: PrepareInput): Doc {
  const doc = prepareTurns(interaction);
  matchPhrases(doc);
  return doc;
}

/**
 * A one-turn customer document, for scoring a bare text (eval, reviews), in `language` (English when
 * not given, as `prepare`).
 */
export function prepareText(text: string, speaker: Speaker = 'customer', channel: Channel = 'review', language?: string | null): Doc {
  return prepare({ channel, turns: [{ speaker, text }], language });
}
