/**
 * Turning input text into turns: "Agent:" / "Customer:" lines, "客服：" / "顾客:" lines (and the
 * variants in lexicons/en/speakers.json and lexicons/zh/speakers.json) start a new turn; lines without
 * a prefix continue the current one.
 */
import speakers from '../../lexicons/en/speakers.json' with { type: 'json' };
import zhSpeakers from '../../lexicons/zh/speakers.json' with { type: 'json' };
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

const ZH_SPEAKER = new Map<string, Speaker>([
  ...zhSpeakers.agent.map((l) => [l, 'agent'] as const),
  ...zhSpeakers.customer.map((l) => [l, 'customer'] as const),
]);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * A Chinese label (longest first), then optionally a name or number in brackets (客服(小王)), a number
 * (坐席1号, 客服 007) or a name after a dash or dot (客服-小美, 客服·阿杰), then a half- or
 * full-width colon. A bare name glued to the label is not taken (客服说：… is a customer quoting).
 */
const ZH_PREFIX_RE = new RegExp(
  String.raw`^\s*(?:\[[\d:.]+\]\s*)?(` +
    [...ZH_SPEAKER.keys()].sort((a, b) => b.length - a.length).map(escape).join('|') +
    String.raw`)\s*(?:[（(][^()（）\n]{1,12}[)）]|[-－_·•]\s*[^\s:：]{1,8}|\d{1,5}\s*号?)?\s*[:：]\s*(.*)$`,
  'u',
);

/** The speaker and the rest of the line, when the line opens with a speaker label. */
function speakerLine(line: string): { speaker: Speaker; text: string } | null {
  const m = PREFIX_RE.exec(line);
  const speaker = m ? speakerOf(m[1]!) : undefined;
  if (speaker) return { speaker, text: m![2]! };
  const zh = ZH_PREFIX_RE.exec(line);
  if (zh) return { speaker: ZH_SPEAKER.get(zh[1]!)!, text: zh[2]! };
  return null;
}

/** The turns of a transcript with speaker prefixes, or null when no line has one. */
export function splitSpeakerLines(text: string): Turn[] | null {
  const turns: Turn[] = [];
  let sawPrefix = false;
  for (const line of text.split(/\r?\n/)) {
    const prefixed = speakerLine(line);
    if (prefixed) {
      sawPrefix = true;
      turns.push({ speaker: prefixed.speaker, text: prefixed.text.trim() });
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
