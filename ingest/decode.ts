/**
 * The character encoding of an input file: UTF-8 (the default), or the Chinese legacy encodings that
 * spreadsheet and call-centre exports on Chinese Windows still write — GB18030 (a superset of GBK and
 * GB2312) and Big5 — and UTF-16 with a byte-order mark. Decoding is streamed (iconv-lite's decode
 * stream), so a file of any size is never read whole.
 *
 * `auto` looks at the first 64 KB: a byte-order mark decides; text that is valid UTF-8, or has more
 * valid multi-byte UTF-8 characters than invalid bytes (a UTF-8 file with a few broken rows), is UTF-8;
 * else GB18030 or Big5, whichever decodes with fewer invalid sequences and more of the characters
 * common to both scripts, when that decodes with far fewer errors than UTF-8 and reads as Chinese. A
 * file this cannot tell (too little Chinese, mixed encodings) is read as UTF-8, and its bad rows are
 * rejected as invalid UTF-8 with the hint to pass --encoding.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createRequire } from 'node:module';

interface Iconv {
  decode(buf: Buffer, encoding: string): string;
  decodeStream(encoding: string): NodeJS.ReadWriteStream;
}
let iconvModule: Iconv | null = null;
/** iconv-lite, loaded when a file is not plain UTF-8 (its tables cost start-up time every command would pay). */
const iconv = (): Iconv => (iconvModule ??= createRequire(import.meta.url)('iconv-lite') as Iconv);

export const ENCODINGS = ['auto', 'utf8', 'gb18030', 'gbk', 'big5', 'utf16le', 'utf16be'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** Normalises what a user may type (`UTF-8`, `GBK`, `cp936`, `big5-hkscs`) to one of ENCODINGS, or null. */
export function encodingOf(name: string): Encoding | null {
  const n = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (n === 'auto') return 'auto';
  if (n === 'utf8') return 'utf8';
  if (n === 'gb18030') return 'gb18030';
  if (n === 'gbk' || n === 'cp936' || n === 'gb2312' || n === 'euccn' || n === 'windows936') return 'gbk';
  if (n === 'big5' || n === 'big5hkscs' || n === 'cp950') return 'big5';
  if (n === 'utf16le' || n === 'utf16') return 'utf16le';
  if (n === 'utf16be') return 'utf16be';
  return null;
}

/** The name a person reads in a reject reason ("invalid GB18030"). */
export function encodingLabel(e: Exclude<Encoding, 'auto'>): string {
  return { utf8: 'UTF-8', gb18030: 'GB18030', gbk: 'GBK', big5: 'Big5', utf16le: 'UTF-16LE', utf16be: 'UTF-16BE' }[e];
}

const SNIFF_BYTES = 64 * 1024;

/** Characters written the same in simplified and traditional Chinese and among the most frequent in both. */
const COMMON = new Set([...'的一是不了在人有我他大中上你就也要出以可好到得下自之年小天心多想看去生事子如知道能都而已三']);

function valid(sample: Buffer, enc: string): { bad: number; common: number } {
  const text = iconv().decode(sample, enc);
  let bad = 0, common = 0;
  for (const ch of text) {
    if (ch === '\uFFFD') bad++;
    else if (COMMON.has(ch)) common++;
  }
  return { bad, common };
}

/**
 * Valid multi-byte UTF-8 characters and invalid bytes in `b` (a character cut off by the end of a full
 * sample is neither).
 */
function utf8Counts(b: Buffer): { multi: number; invalid: number } {
  let multi = 0, invalid = 0;
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const len = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (len === 0) {
      invalid++;
      i++;
      continue;
    }
    if (i + len > b.length) {
      if (b.length < SNIFF_BYTES) invalid++;
      break;
    }
    let ok = true;
    for (let k = 1; k < len; k++) if ((b[i + k]! & 0xc0) !== 0x80) ok = false;
    if (!ok) {
      invalid++;
      i++;
      continue;
    }
    if (len > 1) multi++;
    i += len;
  }
  return { multi, invalid };
}

/** The encoding of a sample of a file's first bytes (see the module comment). */
export function sniffEncoding(sample: Buffer): Exclude<Encoding, 'auto'> {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf16be';
  // A UTF-8 file with a few broken rows stays UTF-8 (those rows are rejected); text in a legacy
  // encoding forms valid UTF-8 sequences only by accident, far fewer than its invalid bytes.
  const { multi, invalid } = utf8Counts(sample);
  if (invalid === 0 || multi > invalid) return 'utf8';
  const gb = valid(sample, 'gb18030');
  const big5 = valid(sample, 'big5');
  const [name, best] = big5.bad < gb.bad || (big5.bad === gb.bad && big5.common > gb.common) ? ['big5', big5] as const : ['gb18030', gb] as const;
  // Only a clear case is a legacy encoding: it decodes with far fewer errors and reads as Chinese.
  // Anything else (an ASCII file with a stray byte) stays UTF-8 and its bad rows are rejected.
  if (best.common === 0 || best.bad * 4 >= invalid) return 'utf8';
  return name;
}

/** The encoding to read `file` with: `explicit` unless it is `auto`, else what the first 64 KB say. */
export async function resolveEncoding(file: string, explicit: Encoding = 'auto'): Promise<Exclude<Encoding, 'auto'>> {
  if (explicit !== 'auto') return explicit;
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
    return sniffEncoding(buf.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}

/**
 * The file's bytes (`source`, which reports `open` and read errors) and its text (`text`). UTF-8 is
 * Node's own decoder; the rest go through iconv-lite, which drops a byte-order mark.
 */
export function decodedStream(file: string, encoding: Exclude<Encoding, 'auto'>): { source: Readable; text: Readable } {
  if (encoding === 'utf8') {
    const source = createReadStream(file, { encoding: 'utf8' });
    return { source, text: source };
  }
  const source = createReadStream(file);
  return { source, text: source.pipe(iconv().decodeStream(encoding)) as unknown as Readable };
}
