/**
 * From an input record's text (or its turns) to the turns that are stored and scored: speaker lines
 * split, quoted and forwarded messages removed (in every channel), e-mail signatures removed, personal
 * data redacted.
 */
import type { Channel, Turn } from '../types.ts';
import { cleanEmail, stripQuoted } from './email.ts';
import { redact } from './redact.ts';
import { splitSpeakerLines } from './turns.ts';

export interface NormaliseOptions {
  /** Replace card numbers, e-mail addresses, phone numbers and handles. @defaultValue true */
  redact?: boolean;
}

/** Channels without an agent: the whole text is the customer's. */
const CUSTOMER_ONLY: ReadonlySet<Channel> = new Set(['review', 'survey']);

export function toTurns(channel: Channel, input: { text?: string | null; turns?: Turn[] | null }, opts: NormaliseOptions = {}): Turn[] {
  let turns: Turn[];
  if (input.turns && input.turns.length > 0) turns = input.turns.map((t) => ({ ...t }));
  else {
    const text = input.text ?? '';
    turns = (!CUSTOMER_ONLY.has(channel) && splitSpeakerLines(text)) || [{ speaker: 'customer', text }];
  }
  return turns
    .map((t) => {
      let text = t.text.trim();
      text = channel === 'email' ? cleanEmail(text) : stripQuoted(text);
      if (opts.redact !== false) text = redact(text);
      const turn: Turn = { speaker: t.speaker, text };
      if (t.start_s != null) turn.start_s = t.start_s;
      if (t.end_s != null) turn.end_s = t.end_s;
      return turn;
    })
    .filter((t) => t.text.length > 0);
}
