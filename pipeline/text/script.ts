/**
 * Chinese scripts: traditional text is read in its simplified form, so one lexicon serves both
 * (opencc-js, the JavaScript port of Open Chinese Convert, with Taiwan phrases: 軟體 → 软件, 網路 →
 * 网络). The conversion keeps the length of the text, so every offset still points into the original.
 */
import { Converter } from 'opencc-js';

type Convert = (text: string) => string;

// Built on first use: the phrase tables take ~100-150 ms to load, which a process that never sees
// Chinese should not pay.
let toCn: Convert | null = null;
let charToCn: Convert | null = null;
let toTw: Convert | null = null;

function converters(): { phrase: Convert; char: Convert } {
  const phrase = (toCn ??= Converter({ from: 'twp', to: 'cn' }));
  const char = (charToCn ??= Converter({ from: 'tw', to: 'cn' }));
  return { phrase, char };
}

const HAN = /\p{Script=Han}/u;

/** True when `text` has at least one Chinese character. */
export function hasHan(text: string): boolean {
  return HAN.test(text);
}

/**
 * `text` in simplified characters, the same length as `text`. A phrase conversion that would change
 * the length (rare) falls back to converting character by character.
 */
export function toSimplified(text: string): string {
  if (!hasHan(text)) return text;
  const { phrase, char } = converters();
  const out = phrase(text);
  return out.length === text.length ? out : char(text);
}

export type ChineseScript = 'zh-Hans' | 'zh-Hant';

/**
 * The script of a Chinese text: traditional when more of its characters change on the way to
 * simplified than on the way to traditional, simplified otherwise (text with no character specific to
 * either script, such as 我们 vs 我們 absent, reads as simplified). Null when it has no Chinese.
 */
export function scriptOf(text: string): ChineseScript | null {
  if (!hasHan(text)) return null;
  const { char } = converters();
  const simplified = char(text);
  const traditional = (toTw ??= Converter({ from: 'cn', to: 'tw' }))(text);
  let hantOnly = 0, hansOnly = 0;
  for (let i = 0; i < text.length; i++) {
    if (simplified[i] !== text[i]) hantOnly++;
    if (traditional[i] !== text[i]) hansOnly++;
  }
  return hantOnly > hansOnly ? 'zh-Hant' : 'zh-Hans';
}
