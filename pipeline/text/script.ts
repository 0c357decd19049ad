/**
 * Chinese scripts: traditional text is read in its simplified form, so one lexicon serves both
 * (opencc-js, the JavaScript port of Open Chinese Convert, with Taiwan phrases: 軟體 → 软件, 網路 →
 * 网络). The conversion keeps the length of the text, so every offset still points into the original.
 */
import { createRequire } from 'node:module';
import traditionalCharsFile from '../../lexicons/zh/traditional-chars.json' with { type: 'json' };

type Convert = (text: string) => string;
type ConverterFactory = (options: { from: string; to: string }) => Convert;

/** opencc-js, loaded on first use: its tables take ~0.1 s to import, which English-only work should not pay. */
let converterFactory: ConverterFactory | null = null;
function Converter(options: { from: string; to: string }): Convert {
  converterFactory ??= (createRequire(import.meta.url)('opencc-js') as { Converter: ConverterFactory }).Converter;
  return converterFactory(options);
}

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

let traditionalOnly: Uint8Array | null = null;

/**
 * The characters the converter changes on the way to simplified and not on the way to traditional
 * (about 2,700 of the 27,000 in the CJK blocks), found by converting the blocks themselves. Slow (the
 * converter's tables load, then 27,000 characters go through three converters): the scorer reads the
 * same set from lexicons/zh/traditional-chars.json, which eval/zh-traditional-chars.ts writes from this
 * and a test keeps equal to it.
 */
export function traditionalCharsFromConverter(): string {
  const { char } = converters();
  // One character a line: converting the blocks as one string lets the converter read neighbours as
  // phrases, which changes the length and shifts every index after it.
  const chars: string[] = [];
  for (let c = 0x3400; c <= 0x4dbf; c++) chars.push(String.fromCharCode(c));
  for (let c = 0x4e00; c <= 0x9fff; c++) chars.push(String.fromCharCode(c));
  const block = chars.join('\n');
  const simplified = char(block).split('\n');
  // A character that is itself simplified (么: it changes on the way to traditional) is not taken for
  // traditional even if the converter maps it on (么 → 幺): 什么 must stay 什么.
  const traditional = (toTw ??= Converter({ from: 'cn', to: 'tw' }))(block).split('\n');
  if (simplified.length !== chars.length || traditional.length !== chars.length) throw new Error('opencc-js changed the number of lines of the CJK blocks');
  let out = '';
  for (let i = 0; i < chars.length; i++) if (simplified[i] !== chars[i] && traditional[i] === chars[i]) out += chars[i];
  return out;
}

/** The traditional-only characters by UTF-16 code unit (1 = changes on the way to simplified), from the data file: no converter needed. */
function traditionalChars(): Uint8Array {
  if (traditionalOnly) return traditionalOnly;
  const table = new Uint8Array(0x10000);
  for (let i = 0; i < traditionalCharsFile.chars.length; i++) table[traditionalCharsFile.chars.charCodeAt(i)] = 1;
  traditionalOnly = table;
  return table;
}

/** True when `text` has a character that only traditional Chinese writes (the converter is loaded only then). */
export function hasTraditional(text: string): boolean {
  const table = traditionalChars();
  for (let i = 0; i < text.length; i++) if (table[text.charCodeAt(i)] === 1) return true;
  return false;
}

/**
 * `text` in simplified characters, the same length as `text`. Text with no traditional character is
 * returned unchanged; a phrase conversion that would change the length (rare) falls back to converting
 * character by character.
 */
export function toSimplified(text: string): string {
  if (!hasTraditional(text)) return text;
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
