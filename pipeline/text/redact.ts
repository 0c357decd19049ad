/** Personal data (lexicons/en/pii.json) replaced by placeholders before text is stored or scored. */
import pii from '../../lexicons/en/pii.json' with { type: 'json' };

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

export function redact(text: string): string {
  let out = text;
  for (const p of PATTERNS) {
    out = out.replace(p.re, (match) => (p.luhn && !luhnValid(match.replace(/\D/g, '')) ? match : p.placeholder));
  }
  return out;
}
