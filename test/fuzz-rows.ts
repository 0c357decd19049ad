/**
 * Seeded hostile input for the fuzz test: JSONL and CSV files where every row is generated with what
 * must become of it — stored and scored as it is (`good`), stored with a warning (`warn`: a bad optional
 * field dropped, control characters removed), or rejected with a reason (`bad`).
 */

import { seededRandom } from '../lib/random.ts';

export type Outcome = 'good' | 'warn' | 'bad';

export interface FuzzRow {
  /** Line the row starts on in its file. */
  line: number;
  outcome: Outcome;
  /** The interaction_id it is stored under (good and warn rows). */
  id?: string;
  kind: string;
}

export interface FuzzFile {
  bytes: Buffer;
  rows: FuzzRow[];
}

const CHANNELS = ['call', 'email', 'chat', 'review', 'survey'];
const CUSTOMER = [
  'This is the third time I have called about my bill.',
  'My parcel never arrived and nobody answers.',
  'Thanks, the app works again!',
  'I was charged twice, please refund me.',
  'Why is the wait so long?',
  'Café crème order 🙂 arrived cold — not happy.',
  'Ça ne marche pas, mon compte est bloqué.',
];
const AGENT = [
  'I am so sorry about that, let me fix it for you now.',
  'Order number?',
  'That is our policy.',
  'I understand how frustrating this is. I will refund the charge today.',
];
const AGENT_IDS = ['A01', 'A02', 'B/7', 'B_7', 'ağent-ç', 'evil\u202E1gpj', 'team lead', '42'];

type Gen = { fields: Record<string, unknown>; outcome: Outcome; kind: string };

export function makeFuzz(seed: number, counts: { jsonl: number; csv: number }): { jsonl: FuzzFile; csv: FuzzFile } {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const chance = (p: number) => rnd() < p;
  const bytes = (n: number, exclude: number[]) => {
    const out: number[] = [0x21 + Math.floor(rnd() * 0x5d)]; // a printable first byte: never a blank line
    while (out.length < n) {
      const b = Math.floor(rnd() * 256);
      if (!exclude.includes(b)) out.push(b);
    }
    return Buffer.from(out);
  };
  const conversation = (channel: string) =>
    channel === 'review' || channel === 'survey'
      ? pick(CUSTOMER)
      : `Customer: ${pick(CUSTOMER)}\nAgent: ${pick(AGENT)}\nCustomer: ${pick(CUSTOMER)}`;
  const goodFields = (id: string): Record<string, unknown> => {
    const channel = pick(CHANNELS);
    const f: Record<string, unknown> = { interaction_id: id, channel, text: conversation(channel) };
    if (chance(0.8)) f.agent_id = pick(AGENT_IDS);
    if (chance(0.5)) f.team = pick(['north', 'south', 'équipe']);
    if (chance(0.5)) f.customer_id = `c${Math.floor(rnd() * 300)}`;
    if (chance(0.7)) f.started_at = `2026-0${1 + Math.floor(rnd() * 9)}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}T10:00:00Z`;
    if (chance(0.6)) f.csat = 1 + Math.floor(rnd() * 5);
    if (chance(0.4)) f.handle_time_s = Math.round(rnd() * 2000);
    if (chance(0.3)) f.transfers = Math.floor(rnd() * 3);
    if (chance(0.3)) f.resolved = pick(['yes', 'no', 'true', '0']);
    return f;
  };

  // ---- JSONL ----
  const jsonRows: FuzzRow[] = [];
  const jsonParts: Buffer[] = [];
  const stored: string[] = [];
  const big = (n: number) => 'word '.repeat(Math.ceil(n / 5)).slice(0, n);
  for (let i = 0; i < counts.jsonl; i++) {
    const id = `j${i}`;
    const line = i + 1;
    let text: string | null = null;
    let g: Gen;
    const r = i === 0 ? 0 : rnd();
    const f = goodFields(id);
    if (r < 0.4) {
      g = { fields: f, outcome: 'good', kind: 'good' };
      if (chance(0.15)) {
        delete f.text;
        f.turns = [{ speaker: 'customer', text: pick(CUSTOMER), start_s: 0, end_s: 4 }, { speaker: pick(['agent', 'Bot', 'rep']), text: pick(AGENT), start_s: 4.5 }];
        g.kind = 'turns';
      } else if (chance(0.05)) {
        f.interaction_id = 1_000_000 + i;
        g.kind = 'numeric id';
      } else if (chance(0.01)) {
        f.text = `Customer: ${big(10_000)}`;
        g.kind = 'long text';
      }
    } else if (r < 0.65) {
      g = { fields: f, outcome: 'warn', kind: '' };
      const k = Math.floor(rnd() * 13);
      if (k === 0) [g.kind, f.text] = ['NUL in text', `Customer: my order\u0000 is late\u001b[2J again\u0007`];
      else if (k === 1) [g.kind, f.handle_time_s] = ['handle time abc', 'abc'];
      else if (k === 2) [g.kind, f.handle_time_s] = ['time 1e39', '1e39'];
      else if (k === 3) [g.kind, f.wait_time_s] = ['JSON 1e309', '__1e309__'];
      else if (k === 4) [g.kind, f.csat] = ['csat 9', 9];
      else if (k === 5) [g.kind, f.started_at] = ['impossible date', '2026-02-30'];
      else if (k === 6) [g.kind, f.agent_id] = ['long agent id', 'A'.repeat(10_000)];
      else if (k === 7) [g.kind, f.agent_id] = ['object agent id', { a: 1 }];
      else if (k === 8) [g.kind, f.turns] = ['text and turns', [{ speaker: 'customer', text: pick(CUSTOMER) }]];
      else if (k === 9) [g.kind, f.extra] = ['deep metadata', '__deep__'];
      else if (k === 10) [g.kind, f.extra] = ['huge metadata', big(150_000)];
      else if (k === 11) [g.kind, f.agent_id] = ['NUL in agent id', 'ag\u00001'];
      else [g.kind, f.transfers] = ['transfers 1.5', 1.5];
    } else {
      g = { fields: f, outcome: 'bad', kind: '' };
      const k = Math.floor(rnd() * 16);
      if (k === 0) [g.kind, f.interaction_id] = ['NUL in id', `j\u0000${i}`];
      else if (k === 1) [g.kind, f.interaction_id] = ['long id', `j${i}-${'x'.repeat(5000)}`];
      else if (k === 2) [g.kind, f.interaction_id] = ['object id', { a: i }];
      else if (k === 3) [g.kind, f.interaction_id] = ['no id', null];
      else if (k === 4) [g.kind, f.channel] = ['unknown channel', 'fax'];
      else if (k === 5) [g.kind, f.channel] = ['channel of the wrong type', 7];
      else if (k === 6) [g.kind, f.text] = ['only control characters', '\u0000\u0001\u0002'];
      else if (k === 7) [g.kind, f.text] = ['text a list', [1, 2]];
      else if (k === 8) [g.kind, f.turns] = ['turns not JSON', 'not json ['];
      else if (k === 9) [g.kind, f.turns] = ['robot speaker', [{ speaker: 'robot', text: 'beep' }]];
      else if (k === 10) [g.kind, f.turns] = ['deep turns', '__deep__'];
      else if (k === 11 && chance(0.1)) [g.kind, f.text] = ['huge text', big(600_000)];
      else if (k === 12) [g.kind, text] = ['random bytes', ''];
      else if (k === 13) [g.kind, text] = ['broken JSON', JSON.stringify(f).slice(0, -7)];
      else if (k === 14) [g.kind, text] = ['not an object', pick(['[1,2]', '"text"', '42', 'null', 'true'])];
      else if (k === 15 && stored.length > 0) [g.kind, f.interaction_id] = ['duplicate id', pick(stored)];
      else [g.kind, f.interaction_id] = ['blank id', '   '];
    }
    let out: Buffer;
    if (g.kind === 'random bytes') out = bytes(1 + Math.floor(rnd() * 300), [0x0a, 0x0d]);
    else {
      text ??= JSON.stringify(g.fields)
        .replace('"__1e309__"', '1e309')
        .replace('"__deep__"', '['.repeat(5000) + ']'.repeat(5000));
      out = Buffer.from(i === 0 ? `\uFEFF${text}` : text); // the first line carries a byte order mark
    }
    jsonParts.push(out, Buffer.from('\n'));
    const storedId = g.outcome === 'bad' ? undefined : String(g.fields.interaction_id);
    if (storedId) stored.push(storedId);
    jsonRows.push({ line, outcome: g.outcome, id: storedId, kind: g.kind });
  }

  // ---- CSV ----
  const columns = ['interaction_id', 'channel', 'text', 'agent_id', 'team', 'customer_id', 'started_at', 'csat', 'handle_time_s', 'transfers', 'note'];
  const cell = (v: unknown) => {
    const s = v == null ? '' : String(v);
    return /[",\n\r]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const csvRows: FuzzRow[] = [];
  const csvParts: Buffer[] = [Buffer.from(columns.join(',') + '\n')];
  let line = 2;
  for (let i = 0; i < counts.csv; i++) {
    const id = `c${i}`;
    const f = goodFields(id);
    f.note = pick(['', 'vip', 'a "quoted", note', '=1+1']);
    let outcome: Outcome = 'good';
    let kind = 'good';
    let raw: Buffer | null = null;
    const r = i < 5 ? 0 : rnd();
    if (r < 0.4) {
      if (chance(0.1)) [kind, f.text] = ['quoted cell with quotes and commas', `"Hi", she said, "it's broken"`];
      else if (chance(0.1)) [kind, raw] = ['quote inside an unquoted cell', Buffer.from(`${id},chat,Customer: my "new" card is a "stray,A01,,,,,,,`)];
    } else if (r < 0.6) {
      outcome = 'warn';
      const k = Math.floor(rnd() * 6);
      if (k === 0) [kind, f.text] = ['NUL in text', 'Customer: bad\u0000 byte \u001b]0;pwned\u0007 here'];
      else if (k === 1) [kind, f.handle_time_s] = ['handle time abc', 'abc'];
      else if (k === 2) [kind, f.csat] = ['csat 9', '9'];
      else if (k === 3) [kind, f.started_at] = ['impossible date', '2026-02-30'];
      else if (k === 4) [kind, f.agent_id] = ['long agent id', 'B'.repeat(300)];
      else [kind, f.handle_time_s] = ['time 1e39', '1e39'];
    } else {
      outcome = 'bad';
      const k = Math.floor(rnd() * 10);
      const rowText = () => columns.map((c) => cell(f[c])).join(',');
      if (k === 0) [kind, raw] = ['extra column', Buffer.from(`${rowText()},EXTRA`)];
      else if (k === 1) [kind, raw] = ['missing column', Buffer.from(columns.slice(0, -1).map((c) => cell(f[c])).join(','))];
      else if (k === 2) [kind, raw] = ['quote never closed', Buffer.from(`${id},chat,"Customer: a quote never closed,A01,,,,,,,`)];
      else if (k === 3) [kind, raw] = ['invalid UTF-8', Buffer.concat([Buffer.from(`${id},chat,Customer: `), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(',A01,,,,,,,')])];
      else if (k === 4) [kind, raw] = ['random bytes', bytes(1 + Math.floor(rnd() * 200), [0x0a, 0x0d, 0x22])];
      else if (k === 5) [kind, f.interaction_id] = ['NUL in id', `c\u0000${i}`];
      else if (k === 6) [kind, f.interaction_id] = ['long id', `c${i}-${'y'.repeat(3000)}`];
      else if (k === 7) [kind, f.channel] = ['unknown channel', 'pigeon'];
      else if (k === 8) [kind, f.text] = ['empty text', ' \u0001 '];
      else [kind, raw] = ['extra column, multi-line cell', Buffer.from(`${rowText()},"one\nmore\nlines"`)];
    }
    raw ??= Buffer.from(columns.map((c) => cell(f[c])).join(','));
    csvParts.push(raw, Buffer.from('\n'));
    csvRows.push({ line, outcome, id: outcome === 'bad' ? undefined : id, kind });
    line += raw.toString('latin1').split('\n').length;
  }
  return {
    jsonl: { bytes: Buffer.concat(jsonParts), rows: jsonRows },
    csv: { bytes: Buffer.concat(csvParts), rows: csvRows },
  };
}
