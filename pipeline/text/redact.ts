/**
 * Personal data replaced by placeholders before text is stored or scored: the Chinese forms
 * (lexicons/zh/pii.json) first, then lexicons/en/pii.json. Redaction runs before the language is
 * known, so every language's patterns apply to every text.
 */
import enPii from '../../lexicons/en/pii.json' with { type: 'json' };
import zhPii from '../../lexicons/zh/pii.json' with { type: 'json' };

interface PiiPattern {
  kind: string;
  pattern: string;
  placeholder: string;
  luhn?: boolean;
}

/** Escapes read as one character or class: `\d`, `\w`, `\b`, `\.`, `\-` … (not `\x41`, `\u0031`, `\1`, `\p{…}`). */
const SIMPLE_ESCAPE = /^[dDwWsSbBnrtf.+*?()[\]{}|^$\/\\@-]$/;

/**
 * Whether every match of the regular expression `source` contains a character `atom` accepts: some
 * item of it that no match can skip (not optional, not under a `|` whose other side lacks one) is such
 * a character, or a group every alternative of which has one. Lookarounds count for nothing. `false`
 * when unsure: the pattern is then always run.
 */
export function everyMatchHas(source: string, atom: (token: string) => boolean): boolean {
  let i = 0;
  // One alternative list (up to `)` or the end): true when every alternative has a required atom.
  const alternatives = (): boolean => {
    let all = true;
    let has = false;
    while (i < source.length && source[i] !== ')') {
      if (source[i] === '|') {
        all &&= has;
        has = false;
        i++;
        continue;
      }
      let required: boolean;
      const c = source[i]!;
      if (c === '(') {
        const look = /^\(\?<?[=!]/.test(source.slice(i, i + 4));
        i += source.startsWith('(?:', i) ? 3 : look ? (source[i + 2] === '<' ? 4 : 3) : source.startsWith('(?<', i) ? source.indexOf('>', i) + 1 : 1;
        const inner = alternatives();
        if (source[i] !== ')') return false;
        i++;
        required = !look && inner;
      } else if (c === '[') {
        let end = i + 1;
        while (end < source.length && source[end] !== ']') {
          if (source[end] === '\\' && !SIMPLE_ESCAPE.test(source[end + 1] ?? '')) return false;
          end += source[end] === '\\' ? 2 : 1;
        }
        if (end >= source.length) return false;
        required = atom(source.slice(i, end + 1));
        i = end + 1;
      } else if (c === '\\') {
        // \x41, \u0031, \1, \p{…}: not read here, so unsure.
        if (!SIMPLE_ESCAPE.test(source[i + 1] ?? '')) return false;
        required = atom(source.slice(i, i + 2));
        i += 2;
      } else {
        required = atom(c);
        i++;
      }
      // A quantifier: required only when it asks for at least one.
      const q = /^(?:[?*+]|\{(\d+)(?:,\d*)?\})\??/.exec(source.slice(i));
      if (q) {
        i += q[0].length;
        if (q[0][0] === '?' || q[0][0] === '*' || (q[1] !== undefined && Number(q[1]) === 0)) required = false;
      }
      has ||= required;
    }
    return all && has;
  };
  const result = alternatives();
  return i === source.length && result;
}

/** A digit: `\d`, a digit, or a class of digits only (`[1-9]`). */
const isDigit = (t: string) => t === '\\d' || /^[0-9]$/.test(t) || /^\[(?:[0-9](?:-[0-9])?|\\d)+\]$/.test(t);
const isAt = (t: string) => t === '@' || t === '\\@' || t === '[@]';

const PATTERNS = [...(zhPii.patterns as PiiPattern[]), ...(enPii.patterns as PiiPattern[])].map((p) => ({
  ...p,
  re: new RegExp(p.pattern, 'gi'),
  // A pattern whose every match has a digit (an @) is not run on text without one: most text.
  needs: everyMatchHas(p.pattern, isDigit) ? ('digit' as const) : everyMatchHas(p.pattern, isAt) ? ('at' as const) : null,
}));

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** The ISO 7064 MOD 11-2 check digit of a mainland resident ID-card number (GB 11643). */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

function idCardValid(id: string): boolean {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === id[17]!.toUpperCase();
}

/** Whether a match is the thing its pattern looks for: a card with its Luhn digit, an ID card with its check digit. */
function checked(p: PiiPattern, match: string): boolean {
  if (p.luhn) return luhnValid(match.replace(/\D/g, ''));
  if (p.kind === 'id_card_cn') return idCardValid(match);
  return true;
}

export function redact(text: string): string {
  let out = text;
  // Whether the text has a digit, an @: looked at once, and again only after a replacement.
  let digit: boolean | undefined;
  let at: boolean | undefined;
  for (const p of PATTERNS) {
    if (p.needs === 'digit' && !(digit ??= /[0-9]/.test(out))) continue;
    if (p.needs === 'at' && !(at ??= out.includes('@'))) continue;
    const next = out.replace(p.re, (match) => (checked(p, match) ? p.placeholder : match));
    if (next !== out) {
      out = next;
      digit = at = undefined;
    }
  }
  return out;
}
