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

const PATTERNS = [...(zhPii.patterns as PiiPattern[]), ...(enPii.patterns as PiiPattern[])].map((p) => ({ ...p, re: new RegExp(p.pattern, 'gi') }));

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
  for (const p of PATTERNS) {
    out = out.replace(p.re, (match) => (checked(p, match) ? p.placeholder : match));
  }
  return out;
}
