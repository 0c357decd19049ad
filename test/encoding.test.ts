import iconv from 'iconv-lite';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodingOf, resolveEncoding, sniffEncoding } from '../ingest/decode.ts';
import { readRecords, type ReadItem } from '../ingest/records.ts';

const dir = mkdtempSync(join(tmpdir(), 'voc-encoding-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CSV_SIMPLIFIED = 'interaction_id,channel,text\nz1,chat,"客户：快递三天了还没到，我已经打了好几次电话\n客服：非常抱歉给您带来不便"\nz2,review,东西不错，物流很快，好评！\n';
const CSV_TRADITIONAL = 'interaction_id,channel,text\nt1,chat,"客戶：我的訂單一直沒有出貨\n客服：很抱歉，我馬上幫您查詢"\nt2,review,服務態度很好，下次還會再來\n';

function write(name: string, bytes: Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

async function collect(file: string, encoding: Parameters<typeof readRecords>[2]): Promise<ReadItem[]> {
  const out: ReadItem[] = [];
  for await (const item of readRecords(file, 'csv', encoding)) out.push(item);
  return out;
}

describe('input encodings', () => {
  it.each([
    ['UTF-8', Buffer.from(CSV_SIMPLIFIED, 'utf8'), 'utf8', CSV_SIMPLIFIED],
    ['UTF-8 with a byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV_SIMPLIFIED)]), 'utf8', CSV_SIMPLIFIED],
    ['GBK', iconv.encode(CSV_SIMPLIFIED, 'gbk'), 'gb18030', CSV_SIMPLIFIED],
    ['GB18030', iconv.encode(CSV_SIMPLIFIED, 'gb18030'), 'gb18030', CSV_SIMPLIFIED],
    ['Big5', iconv.encode(CSV_TRADITIONAL, 'big5'), 'big5', CSV_TRADITIONAL],
    ['UTF-16LE with a byte-order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(CSV_TRADITIONAL, 'utf16le')]), 'utf16le', CSV_TRADITIONAL],
  ])('%s is detected and read as written', async (name, bytes, expected, source) => {
    const file = write(`${name.replace(/\W+/g, '-')}.csv`, bytes);
    const encoding = await resolveEncoding(file);
    expect(encoding).toBe(expected);
    const items = await collect(file, encoding);
    expect(items.every((i) => i.ok)).toBe(true);
    const firstText = source.split('\n').slice(1, 3).join('\n').replace(/^[^"]*"/, '').replace(/"$/, '');
    expect(items.map((i) => (i.ok ? i.fields.text : null))[0]).toBe(firstText);
    expect(Object.keys((items[0] as { fields: object }).fields)).toEqual(['interaction_id', 'channel', 'text']);
  });

  it('rejects a GBK row read as UTF-8 with a reason that names --encoding, and keeps the UTF-8 rows', async () => {
    const good = Array.from({ length: 12 }, (_, i) => `u${i + 2},review,物流很快，包装完好，客服态度也很好\n`).join('');
    const bytes = Buffer.concat([
      Buffer.from('interaction_id,channel,text\nu1,review,很好\n'),
      iconv.encode('g1,review,物流太慢了\n', 'gbk'),
      Buffer.from(good),
    ]);
    const file = write('mixed.csv', bytes);
    const items = await collect(file, 'utf8');
    expect(items.map((i) => (i.ok ? i.fields.interaction_id : `${i.line}: ${i.reason}`))).toEqual([
      'u1',
      '3: invalid UTF-8 (if the file is GBK, GB18030 or Big5, pass --encoding)',
      ...Array.from({ length: 12 }, (_, i) => `u${i + 2}`),
    ]);
  });

  it('takes the names people type for an encoding', () => {
    expect(['UTF-8', 'GBK', 'cp936', 'GB2312', 'gb18030', 'BIG5', 'big5-hkscs', 'latin1'].map(encodingOf)).toEqual(
      ['utf8', 'gbk', 'gbk', 'gbk', 'gb18030', 'big5', 'big5', null],
    );
  });

  it('keeps a UTF-8 file with a few broken rows UTF-8, so only those rows are rejected', () => {
    const ascii = Buffer.concat([Buffer.from('interaction_id,channel,text\n1,review,fine\n2,review,'), Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from('\n')]);
    expect(sniffEncoding(ascii)).toBe('utf8');
    const chinese = Buffer.concat([Buffer.from('interaction_id,channel,text\nu1,review,很好，物流很快\nu2,review,一般\n'), iconv.encode('g1,review,太慢\n', 'gbk')]);
    expect(sniffEncoding(chinese)).toBe('utf8');
  });

  it('reads plain ASCII as UTF-8', () => {
    expect(sniffEncoding(Buffer.from('interaction_id,channel,text\n1,review,fine\n'))).toBe('utf8');
  });
});
