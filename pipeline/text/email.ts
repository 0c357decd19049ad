/**
 * E-mail cleaning: the new text of a message without the quoted earlier messages and the signature,
 * so that a customer is not scored on what the agent wrote last week.
 */
import rules from '../../lexicons/en/email.json' with { type: 'json' };

const compile = (sources: string[]) => sources.map((s) => new RegExp(s, 'i'));
const QUOTE_HEADERS = compile(rules.quote_headers);
const SIGNATURE_DELIMITERS = compile(rules.signature_delimiters);
const SIGN_OFFS = compile(rules.sign_offs);

export function cleanEmail(body: string): string {
  const lines = body.split(/\r?\n/);
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line.startsWith('>') || QUOTE_HEADERS.some((re) => re.test(line)) || SIGNATURE_DELIMITERS.some((re) => re.test(line))) {
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
