/** Personal data (lexicons/pii.json) replaced by placeholders before text is stored or scored. */
import pii from '../../lexicons/pii.json' with { type: 'json' };

const PATTERNS = pii.patterns.map((p) => ({ ...p, re: new RegExp(p.pattern, 'gi') }));

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

function checked(p: (typeof PATTERNS)[number], match: string): boolean {
  if (p.luhn) return luhnValid(match.replace(/\D/g, ''));
  if ('check' in p && p.check === 'gb11643') return idCardValid(match);
  return true;
}

export function redact(text: string): string {
  let out = text;
  for (const p of PATTERNS) {
    out = out.replace(p.re, (match) => (checked(p, match) ? p.placeholder : match));
  }
  return out;
}
