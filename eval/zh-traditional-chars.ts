/**
 * Writes lexicons/zh/traditional-chars.json: the characters opencc-js changes on the way to simplified
 * and not on the way to traditional (pipeline/text/script.ts `traditionalCharsFromConverter`). The
 * scorer reads the file, so that a process that sees only simplified text never loads the converter's
 * tables, and one that sees traditional text loads them only then. Run after upgrading opencc-js:
 * `npx tsx eval/zh-traditional-chars.ts` (test/text-zh.test.ts checks the file against the converter).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { traditionalCharsFromConverter } from '../pipeline/text/script.ts';

const file = fileURLToPath(new URL('../lexicons/zh/traditional-chars.json', import.meta.url));
const chars = traditionalCharsFromConverter();
const json = {
  description: 'The characters that only traditional Chinese writes: text with none of them is simplified (or has no character whose two forms differ) and is segmented as it is; text with one goes through opencc-js to simplified first (pipeline/text/script.ts).',
  source: 'Generated from opencc-js (Open Chinese Convert, Apache-2.0) by eval/zh-traditional-chars.ts: every character of the CJK blocks U+3400–U+4DBF and U+4E00–U+9FFF that its Taiwan → mainland character table changes and its mainland → Taiwan table does not.',
  chars,
};
writeFileSync(file, JSON.stringify(json, null, 2) + '\n');
console.log(`${file}: ${chars.length} characters`);
