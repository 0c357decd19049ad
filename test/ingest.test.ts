import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecords, type ReadItem } from '../ingest/records.ts';
import { toInteraction } from '../ingest/validate.ts';
import { writeBadCsv } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'voc-ingest-'));
async function read(name: string, content: string | Buffer, format: 'csv' | 'jsonl'): Promise<ReadItem[]> {
  const file = join(dir, name);
  writeFileSync(file, content);
  const out: ReadItem[] = [];
  for await (const item of readRecords(file, format)) out.push(item);
  return out;
}

describe('CSV reading', () => {
  it('gives each record the line it starts on, across quoted line breaks', async () => {
    const items = await read('a.csv', 'interaction_id,text\na,"one\ntwo"\nb,three\n', 'csv');
    expect(items.map((i) => [i.line, i.ok])).toEqual([[2, true], [4, true]]);
  });

  it('reports every bad row of the fixture by line and keeps the good ones', async () => {
    const bad = writeBadCsv(join(dir, 'bad.csv'));
    const items: ReadItem[] = [];
    for await (const item of readRecords(join(dir, 'bad.csv'), 'csv')) items.push(item);
    const structural = items.filter((i) => !i.ok).map((i) => i.line);
    expect(structural).toEqual([9, 11]); // the stray quote and the invalid bytes; the rest fail validation
    const ids = items.filter((i) => i.ok).map((i) => (i as { fields: Record<string, unknown> }).fields.interaction_id);
    expect(ids).toEqual(['b1', '', 'b3', 'b4', 'b5', 'b6', 'b8', 'b1', 'b10']);
    expect(bad.good.every((id) => ids.includes(id))).toBe(true);
  });

  it('rejects a row with the wrong number of columns', async () => {
    const items = await read('c.csv', 'interaction_id,channel,text\nx,chat\ny,chat,hello\n', 'csv');
    expect(items[0]).toMatchObject({ ok: false, line: 2, reason: 'expected 3 columns, found 2' });
    expect(items[1]).toMatchObject({ ok: true, line: 3 });
  });

  it('a quote never closed rejects its line only', async () => {
    const items = await read('d.csv', 'interaction_id,text\nx,"never closed\ny,fine\nz,also fine\n', 'csv');
    expect(items.map((i) => [i.line, i.ok])).toEqual([[2, false], [3, true], [4, true]]);
  });
});

describe('JSONL reading', () => {
  it('reports lines that are not JSON objects and goes on', async () => {
    const items = await read('a.jsonl', '{"interaction_id":"a"}\n{broken\n\n[1,2]\n{"interaction_id":"b"}\n', 'jsonl');
    expect(items.map((i) => [i.line, i.ok])).toEqual([[1, true], [2, false], [4, false], [5, true]]);
  });
});

describe('record validation', () => {
  const base = { interaction_id: 'x', channel: 'chat', text: 'Customer: hello' };
  it.each([
    [{ interaction_id: '' }, /interaction_id is missing/],
    [{ channel: 'sms' }, /channel must be one of call, email, chat, review, survey/],
    [{ csat: '9' }, /csat must be a whole number 1–5/],
    [{ nps: '11' }, /nps must be a whole number 0–10/],
    [{ ces: '0' }, /ces must be a whole number 1–7/],
    [{ handle_time_s: 'ten' }, /handle_time_s must be seconds/],
    [{ transfers: '1.5' }, /transfers must be a whole number/],
    [{ resolved: 'maybe' }, /resolved must be true or false/],
    [{ started_at: 'yesterday-ish' }, /started_at must be a date/],
    [{ qa_empathy: '140' }, /qa_empathy must be a number 0–100/],
    [{ qa_empathy: 'good' }, /qa_empathy must be a number 0–100/],
    [{ text: '   ' }, /text is empty/],
    [{ text: undefined, turns: [{ speaker: 'bot', text: 'hi' }] }, /turns\[0\].speaker must be agent or customer/],
  ])('%j is rejected', (change, reason) => {
    expect(() => toInteraction({ ...base, ...change })).toThrow(reason);
  });

  it('keeps unknown columns as metadata and reads KPIs', () => {
    const i = toInteraction({ ...base, csat: '4', resolved: 'yes', handle_time_s: '300', region: 'north' });
    expect(i.kpis).toMatchObject({ csat: 4, resolved: true, handle_time_s: 300 });
    expect(i.metadata).toEqual({ region: 'north' });
    expect(i.turns).toEqual([{ speaker: 'customer', text: 'hello' }]);
  });

  it('reads a QA empathy score as a number beside the metadata', () => {
    expect(toInteraction({ ...base, qa_empathy: '4' }).metadata).toEqual({ qa_empathy: 4 });
    expect(toInteraction({ ...base, qa_empathy: '72.5' }).metadata).toEqual({ qa_empathy: 72.5 });
  });
});
