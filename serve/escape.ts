/**
 * Text from interactions into HTML: escaped, and every control or bidirectional-formatting character
 * shown as a visible token (⟨ESC⟩, ⟨U+202E⟩) instead of being obeyed, so a transcript cannot reorder
 * what a reader sees or smuggle terminal escapes.
 */
import { esc } from '../report/html.ts';

export { esc };

/** C0/C1 controls except tab and newline, the bidi embeddings, overrides and isolates, and the marks. */
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMES: Record<string, string> = { '\u001b': 'ESC', '\u0000': 'NUL', '\u0007': 'BEL', '\u0008': 'BS', '\u000d': 'CR', '\u007f': 'DEL' };

const token = (c: string) => `<span class="ctl" title="control character">⟨${NAMES[c] ?? `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`}⟩</span>`;

/** Escaped text with each control shown as a marked token (the page styles them), not obeyed. */
export function text(s: unknown): string {
  const str = String(s ?? '');
  let out = '';
  let last = 0;
  for (const m of str.matchAll(INVISIBLE)) {
    out += esc(str.slice(last, m.index)) + token(m[0]);
    last = m.index + m[0].length;
  }
  return out + esc(str.slice(last));
}

/** A span of a turn to highlight, and how. */
export interface Mark {
  start: number;
  end: number;
  /** CSS class: cue-pos, cue-neg, trigger, effort. */
  kind: string;
  label: string;
}

/** A turn's text with its marks as <mark> elements; overlapping marks split the text into segments carrying every class that covers them. */
export function markedText(s: string, marks: Mark[]): string {
  const valid = marks.filter((m) => m.end > m.start && m.start >= 0 && m.end <= s.length);
  const cuts = [...new Set([0, s.length, ...valid.flatMap((m) => [m.start, m.end])])].sort((a, b) => a - b);
  let out = '';
  for (let k = 0; k < cuts.length - 1; k++) {
    const a = cuts[k]!;
    const b = cuts[k + 1]!;
    const over = valid.filter((m) => m.start <= a && m.end >= b);
    const piece = text(s.slice(a, b));
    if (over.length === 0) out += piece;
    else {
      const kinds = [...new Set(over.map((m) => m.kind))].join(' ');
      const labels = [...new Set(over.map((m) => m.label))].join('; ');
      out += `<mark class="${esc(kinds)}" title="${esc(labels)}">${piece}</mark>`;
    }
  }
  return out;
}
