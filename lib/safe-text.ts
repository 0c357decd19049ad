/**
 * Text from the data made safe to show: terminal escape sequences, other control characters and
 * bidirectional overrides are shown as visible marks instead of being obeyed. A customer's message
 * holding ESC [2J must not clear the reader's screen, and a right-to-left override (U+202E) must not
 * reverse what a QA lead reads in a report.
 */

/** C0 controls other than tab and line feed, DEL, and the C1 controls (U+0080–U+009F, CSI among them). */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
/** The same, carriage return left alone (a CSV cell may hold CR LF line breaks). */
const CONTROL_BUT_CR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/** Bidirectional formatting characters: embeddings, overrides, isolates and marks (CVE-2021-42574). */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Angle brackets of the mathematical kind, so a mark is never markup in HTML or SVG. */
const mark = (c: string) => `\u27E8U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}\u27E9`;

/**
 * `s` with each C0 control shown as its Control Pictures symbol (ESC → ␛, NUL → ␀), and each C1 control
 * and bidirectional formatting character as `⟨U+202E⟩`. Tabs and line breaks stay; CR LF becomes LF
 * (for a terminal, where a lone CR would let text overwrite its line), unless `keepReturns`.
 */
export function visible(s: string, opts: { keepReturns?: boolean } = {}): string {
  return (opts.keepReturns ? s : s.replace(/\r\n/g, '\n'))
    .replace(opts.keepReturns ? CONTROL_BUT_CR : CONTROL, (c) => {
      const code = c.charCodeAt(0);
      if (code < 0x20) return String.fromCharCode(0x2400 + code);
      return code === 0x7f ? '\u2421' : mark(c);
    })
    .replace(BIDI, mark);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Any value from the data as HTML text (or an attribute value): markup escaped, controls made visible. */
export const escapeHtml = (s: unknown): string => visible(String(s ?? '')).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
