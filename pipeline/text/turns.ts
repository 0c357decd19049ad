/**
 * Turning input text into turns: "Agent:" / "Customer:" lines (and the variants in
 * lexicons/en/speakers.json) start a new turn; lines without a prefix continue the current one.
 */
import speakers from '../../lexicons/en/speakers.json' with { type: 'json' };
import type { Speaker, Turn } from '../types.ts';

const SPEAKER_BY_LABEL = new Map<string, Speaker>([
  ...speakers.agent.map((l) => [l, 'agent'] as const),
  ...speakers.customer.map((l) => [l, 'customer'] as const),
]);
/** The speaker a label names ("Rep", "Bot", "customer" …), or undefined for any other label. */
export function speakerOf(label: string): Speaker | undefined {
  return SPEAKER_BY_LABEL.get(label.trim().toLowerCase());
}

const PREFIX_RE = /^\s*(?:\[[\d:.]+\]\s*)?([A-Za-z][A-Za-z ]{0,20}?)\s*(?:\(\w+\))?\s*:\s?(.*)$/;

/** The turns of a transcript with speaker prefixes, or null when no line has one. */
export function splitSpeakerLines(text: string): Turn[] | null {
  const turns: Turn[] = [];
  let sawPrefix = false;
  for (const line of text.split(/\r?\n/)) {
    const m = PREFIX_RE.exec(line);
    const speaker = m ? speakerOf(m[1]!) : undefined;
    if (speaker) {
      sawPrefix = true;
      turns.push({ speaker, text: m![2]!.trim() });
    } else if (turns.length > 0) {
      const last = turns[turns.length - 1]!;
      last.text = last.text ? `${last.text}\n${line.trim()}` : line.trim();
    } else if (line.trim()) {
      // Text before the first prefix: the customer's opening (an e-mail body, a survey preamble).
      turns.push({ speaker: 'customer', text: line.trim() });
    }
  }
  if (!sawPrefix) return null;
  return turns.map((t) => ({ ...t, text: t.text.trim() })).filter((t) => t.text.length > 0);
}
