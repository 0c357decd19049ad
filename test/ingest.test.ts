import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecords, type ReadItem } from '../ingest/records.ts';
import { toInteraction, validateRecord } from '../ingest/validate.ts';
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

describe('CSV faults that are one row each', () => {
  it('a row with an extra column and a multi-line cell is one reject with its id', async () => {
    const items = await read('e.csv', 'interaction_id,channel,text\na,chat,hi,EXTRA\nb,chat,"one\ntwo\nthree",x\nc,chat,fine\n', 'csv');
    expect(items.map((i) => [i.line, i.ok])).toEqual([[2, false], [3, false], [6, true]]);
    expect(items[0]).toMatchObject({ reason: 'expected 3 columns, found 4', interaction_id: 'a' });
    expect(items[1]).toMatchObject({ reason: 'expected 3 columns, found 4', interaction_id: 'b' });
  });

  it('the rest of a quoted cell whose quoting broke is named as that row\'s rest, not as a row with an id', async () => {
    const csv = 'interaction_id,channel,text\na1,chat,"Customer: hi\nAgent: hello"\na2,chat,"Customer: my "router" is\nAgent: ok"\na3,chat,"Customer: thanks\nAgent: welcome"\n';
    const items = await read('rest.csv', csv, 'csv');
    expect(items.map((i) => [i.line, i.ok])).toEqual([[2, true], [4, false], [5, false], [6, true]]);
    expect(items[1]).toMatchObject({ interaction_id: 'a2', reason: expect.stringMatching(/^broken CSV quoting/) });
    expect(items[2]).toMatchObject({ interaction_id: null, reason: 'the rest of line 4, whose quoting broke (expected 3 columns, found 1)' });
  });

  it('a quote inside an unquoted cell is text, and never swallows the rows after it', async () => {
    const items = await read('s.csv', 'interaction_id,text\nx1,a "stray here\ny,fine\nz,fine too\nx2,another "stray\nw,ok\n', 'csv');
    expect(items.map((i) => [i.line, i.ok])).toEqual([[2, true], [3, true], [4, true], [5, true], [6, true]]);
    expect(items[0]).toMatchObject({ fields: { text: 'a "stray here' } });
  });

  it('a quote never closed that meets a closing quote rows later costs its own line and that one only', async () => {
    const items = await read('s2.csv', 'interaction_id,text\nx1,"never closed\ny,fine\nz,fine too\nx2,another ",x\nw,ok\n', 'csv');
    expect(items.map((i) => [i.line, i.ok])).toEqual([[2, false], [3, true], [4, true], [5, false], [6, true]]);
  });

  it('a stray quote keeps the id of its line', async () => {
    const items = await read('q.csv', 'interaction_id,text\nx1,"never closed\ny,fine\n', 'csv');
    expect(items[0]).toMatchObject({ ok: false, line: 2, interaction_id: 'x1' });
  });

  it('a byte order mark does not cost the header or the first row', async () => {
    const csv = await read('bom.csv', '\uFEFFinteraction_id,text\na,hi\n', 'csv');
    expect(csv).toMatchObject([{ ok: true, fields: { interaction_id: 'a', text: 'hi' } }]);
    const jsonl = await read('bom.jsonl', '\uFEFF{"interaction_id":"a"}\n{"interaction_id":"b"}\n', 'jsonl');
    expect(jsonl.map((i) => i.ok)).toEqual([true, true]);
  });

  it('a binary file renamed .csv is one clear error, and UTF-16 is named', async () => {
    const bytes = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256));
    await expect(read('bin.csv', bytes, 'csv')).rejects.toThrow(/does not look like a text file .*Save it as CSV \(UTF-8\) or JSONL/);
    await expect(read('u16.csv', Buffer.from('\uFEFFinteraction_id,text\n', 'utf16le'), 'csv')).rejects.toThrow(/is UTF-16 text: save it as UTF-8/);
  });

  it('one NUL in a text file is a row fault, not a binary file', async () => {
    const items = await read('nul.csv', 'interaction_id,text\na,x\u0000y\nb,fine\n', 'csv');
    expect(items.map((i) => i.ok)).toEqual([true, true]);
  });
});

describe('JSONL reading', () => {
  it('a line that is not JSON keeps its readable id', async () => {
    const items = await read('id.jsonl', '{"interaction_id":"k7","text":"broken\n', 'jsonl');
    expect(items[0]).toMatchObject({ ok: false, interaction_id: 'k7', reason: /invalid JSON/ });
  });

  it('reports lines that are not JSON objects and goes on', async () => {
    const items = await read('a.jsonl', '{"interaction_id":"a"}\n{broken\n\n[1,2]\n{"interaction_id":"b"}\n', 'jsonl');
    expect(items.map((i) => [i.line, i.ok])).toEqual([[1, true], [2, false], [4, false], [5, true]]);
  });
});

describe('record validation', () => {
  const base = { interaction_id: 'x', channel: 'chat', text: 'Customer: hello' };
  it.each([
    [{ interaction_id: '' }, /interaction_id is missing/],
    [{ interaction_id: { a: 1 } }, /interaction_id must be text or a number, got an object/],
    [{ interaction_id: ['a'] }, /interaction_id must be text or a number, got a list/],
    [{ interaction_id: 'a\u0000b' }, /interaction_id contains a control character \(U\+0000\)/],
    [{ interaction_id: 'x'.repeat(5000) }, /interaction_id is 5,000 characters long; at most 256/],
    [{ channel: 'sms' }, /channel must be one of call, email, chat, review, survey/],
    [{ channel: ['chat'] }, /channel must be one of .*, got a list/],
    [{ text: '   ' }, /text is empty/],
    [{ text: { a: 1 } }, /text must be text, got an object/],
    [{ text: 'word '.repeat(100_001) }, /text is 500,004 characters long; at most 500,000/],
    [{ text: undefined, turns: [{ speaker: 'narrator', text: 'hi' }] }, /turns\[0\].speaker must be agent or customer/],
    [{ text: undefined, turns: [{ speaker: 'agent', text: 5 }] }, /turns\[0\].text must be text/],
    [{ text: undefined, turns: { speaker: 'agent' } }, /turns must be a list/],
  ])('%j rejects the row', (change, reason) => {
    expect(() => validateRecord({ ...base, ...change })).toThrow(reason);
  });

  it.each([
    ['csat', '9', /csat must be a whole number 1–5, got "9"; dropped/],
    ['nps', '11', /nps must be a whole number 0–10/],
    ['ces', '0', /ces must be a whole number 1–7/],
    ['handle_time_s', 'abc', /handle_time_s must be seconds, 0 or more, got "abc"; dropped/],
    ['handle_time_s', '1e39', /handle_time_s is out of range: .*got "1e39"/],
    ['wait_time_s', 1e309, /wait_time_s is out of range: .*got a number too large to store/],
    ['transfers', '1.5', /transfers must be a whole number/],
    ['transfers', '3000000000', /transfers is out of range/],
    ['resolved', 'maybe', /resolved must be true or false/],
    ['started_at', 'yesterday-ish', /started_at must be a date and time \(ISO 8601/],
    ['started_at', '2026-02-30', /started_at is not a date on the calendar, got "2026-02-30"/],
    ['started_at', '2026-04-31T10:00:00Z', /not a date on the calendar/],
    ['started_at', '2026-03-02T25:00:00Z', /not a date on the calendar/],
    ['started_at', '0000-01-01', /started_at must be a date/],
    ['agent_id', 'A'.repeat(10_000), /agent_id is 10,000 characters long; at most 256; dropped/],
    ['agent_id', 'ag\u00001', /agent_id contains a control character/],
    ['team', { name: 'x' }, /team must be text or a number, got an object/],
    ['customer_id', true, /customer_id must be text or a number/],
  ])('a bad optional %s (%j) is dropped with a warning, the row kept', (field, value, warning) => {
    const { interaction, warnings } = validateRecord({ ...base, [field]: value });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(warning);
    const kept = { ...interaction.kpis, agent_id: interaction.agent_id, team: interaction.team, customer_id: interaction.customer_id, started_at: interaction.started_at } as Record<string, unknown>;
    expect(kept[field]).toBeNull();
  });

  it('reads calendar dates, with or without a time and zone', () => {
    const at = (v: string) => validateRecord({ ...base, started_at: v }).interaction.started_at;
    expect(at('2024-02-29')).toBe('2024-02-29T00:00:00.000Z');
    expect(at('2026-03-02T09:30:00Z')).toBe('2026-03-02T09:30:00.000Z');
    expect(at('2026-03-02T09:30:00.250+02:00')).toBe('2026-03-02T07:30:00.250Z');
    expect(validateRecord({ ...base, started_at: '2025-02-29' }).warnings[0]).toMatch(/not a date on the calendar/);
  });

  it('strips control characters from text with a warning, keeps tabs and line breaks', () => {
    const { interaction, warnings } = validateRecord({ ...base, text: 'Customer: my\u0000 order\u001b[2J is\tlate' });
    expect(interaction.turns).toEqual([{ speaker: 'customer', text: 'my order[2J is\tlate' }]);
    expect(warnings).toEqual(['text: removed 2 control characters']);
  });

  it('takes numbers as ids, and keeps metadata storable', () => {
    const { interaction, warnings } = validateRecord({ ...base, interaction_id: 42, note: 'a\u0000b', deep: JSON.parse('['.repeat(40) + ']'.repeat(40)), big: 1e309 });
    expect(interaction.interaction_id).toBe('42');
    expect(interaction.metadata).toEqual({ note: 'ab' });
    expect(warnings).toEqual([
      '"note": removed control characters or numbers too large to store',
      '"deep" is nested deeper than 32 levels; dropped',
      '"big" is out of range: got a number too large to store; dropped',
    ]);
  });

  it('uses the turns when a row has both text and turns, and says so', () => {
    const { interaction, warnings } = validateRecord({ ...base, text: 'Customer: ignored', turns: [{ speaker: 'customer', text: 'used' }] });
    expect(interaction.turns).toEqual([{ speaker: 'customer', text: 'used' }]);
    expect(warnings).toEqual(['text ignored: the row has turns, and the turns were used']);
  });

  it('takes a bot for the company side, in text and in turns', () => {
    const fromText = validateRecord({ ...base, text: 'Bot: How can I help?\nCustomer: my card was declined\nVirtual agent: Let me check.' });
    expect(fromText.interaction.turns.map((t) => t.speaker)).toEqual(['agent', 'customer', 'agent']);
    const fromTurns = validateRecord({ ...base, text: undefined, turns: [{ speaker: 'Bot', text: 'Hello' }, { speaker: 'customer', text: 'hi' }] });
    expect(fromTurns.interaction.turns.map((t) => t.speaker)).toEqual(['agent', 'customer']);
  });

  it('keeps unknown columns as metadata and reads KPIs', () => {
    const i = toInteraction({ ...base, csat: '4', resolved: 'yes', handle_time_s: '300', region: 'north' });
    expect(i.kpis).toMatchObject({ csat: 4, resolved: true, handle_time_s: 300 });
    expect(i.metadata).toEqual({ region: 'north' });
    expect(i.turns).toEqual([{ speaker: 'customer', text: 'hello' }]);
  });

  it('reads a QA empathy score as a number beside the metadata, and refuses one off the scale', () => {
    expect(toInteraction({ ...base, qa_empathy: '4' }).metadata).toEqual({ qa_empathy: 4 });
    expect(toInteraction({ ...base, qa_empathy: '72.5' }).metadata).toEqual({ qa_empathy: 72.5 });
    expect(() => toInteraction({ ...base, qa_empathy: '140' })).toThrow(/qa_empathy must be a number 0–100/);
  });
});
