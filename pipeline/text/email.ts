/**
 * Quoted and forwarded text, and e-mail signatures: the writer's own words without the earlier
 * messages they quote or forward, so that a customer is not scored on what the agent wrote last week
 * (nor an agent on the complaint it answers inline).
 */
import rules from '../../lexicons/en/email.json' with { type: 'json' };

const compile = (sources: string[]) => sources.map((s) => new RegExp(s, 'i'));
const QUOTE_HEADERS = compile(rules.quote_headers);
const HEADER_FIELDS = compile(rules.header_fields);
const SIGNATURE_DELIMITERS = compile(rules.signature_delimiters);
const SIGN_OFFS = compile(rules.sign_offs);

const isQuoted = (line: string) => line.startsWith('>');

/** A header line of a quoted or forwarded message: one of `quote_headers`, or a `From:` line with more header fields under it. */
function isHeader(lines: readonly string[], i: number): boolean {
  const line = lines[i]!.trim();
  if (QUOTE_HEADERS.some((re) => re.test(line))) return true;
  // A reply header wrapped onto two lines ("On Tue, 3 Mar 2026 at 10:00, Help Desk <" / "help@shop.example> wrote:").
  const next = lines[i + 1]?.trim() ?? '';
  if (/^on\s/i.test(line) && /wrote:?$/i.test(next) && line.length + next.length <= 160) return true;
  if (/^from:\s/i.test(line)) return lines.slice(i + 1, i + 4).some((l) => HEADER_FIELDS.some((re) => re.test(l.trim())));
  return false;
}

/**
 * Which lines are the writer's own: quoted lines (`> …`) are not, wherever they are, so an answer
 * written between them stays; a reply header followed by quoted lines goes with them; a header followed
 * by the earlier message unquoted (a forward, an Outlook reply) ends the writer's text.
 */
function ownLineFlags(lines: readonly string[]): boolean[] {
  const own = lines.map(() => false);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (isQuoted(line)) continue;
    if (isHeader(lines, i)) {
      let j = i + 1;
      if (!/wrote:?$/i.test(line) && /wrote:?$/i.test(lines[j]?.trim() ?? '')) j++;
      while (j < lines.length && !lines[j]!.trim()) j++;
      if (j < lines.length && isQuoted(lines[j]!.trim())) {
        i = j - 1;
        continue;
      }
      break;
    }
    own[i] = true;
  }
  return own;
}

function ownLines(lines: readonly string[]): string[] {
  const own = ownLineFlags(lines);
  return lines.filter((_, i) => own[i]);
}

/** Text with nothing quoted or forwarded in it, cheaply: no `>` and no header words. */
const MAYBE_QUOTED = /^\s*>|wrote:?\s*$|message\b|^\s*from:/im;
/** Without `>` or `:` only "wrote" or "message" can make `MAYBE_QUOTED` match. */
const HEADER_WORDS = /wrote|message/i;

/** `MAYBE_QUOTED`, skipped cheaply for the usual turn with no quote marker, colon or header word. */
function maybeQuoted(text: string): boolean {
  if (text.indexOf('>') < 0 && text.indexOf(':') < 0 && !HEADER_WORDS.test(text)) return false;
  return MAYBE_QUOTED.test(text);
}

/** Any channel: the text without quoted and forwarded messages. */
export function stripQuoted(text: string): string {
  if (!maybeQuoted(text)) return text;
  const lines = text.split(/\r?\n/);
  const own = ownLineFlags(lines);
  return lines.filter((_, i) => own[i]).join('\n').trim();
}

/**
 * The text with every quoted or forwarded character replaced by a space (line breaks kept): the same
 * length and offsets, so a scorer reads only the writer's words and its evidence still points into the
 * text as given.
 */
export function maskQuoted(text: string): string {
  if (!maybeQuoted(text)) return text;
  const lines = text.split('\n');
  const own = ownLineFlags(lines.map((l) => l.replace(/\r$/, '')));
  if (own.every(Boolean)) return text;
  return lines.map((l, i) => (own[i] ? l : ' '.repeat(l.length))).join('\n');
}

/** An e-mail: the text without quoted and forwarded messages and without the signature. */
export function cleanEmail(body: string): string {
  const lines = ownLines(body.split(/\r?\n/));
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    if (SIGNATURE_DELIMITERS.some((re) => re.test(lines[i]!.trim()))) {
      end = i;
      break;
    }
  }
  // A sign-off followed only by a few short lines (name, title, phone) ends the message.
  for (let i = Math.max(0, end - rules.max_lines_after_sign_off - 1); i < end; i++) {
    if (SIGN_OFFS.some((re) => re.test(lines[i]!.trim()))) {
      const rest = lines.slice(i + 1, end).filter((l) => l.trim());
      if (rest.every((l) => l.trim().length <= 60)) {
        end = i;
        break;
      }
    }
  }
  return lines.slice(0, end).join('\n').trim();
}
