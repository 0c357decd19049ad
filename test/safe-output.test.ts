/**
 * Output that data cannot subvert: per-agent export files that never collide or outgrow a file name,
 * and control or bidirectional characters shown, not obeyed, in the terminal, CSV and HTML.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../cli/run-ingest.ts';
import { agentTableCsv } from '../report/agents-format.ts';
import { agentTable } from '../report/agents.ts';
import { agentFileNames, exportCoaching } from '../report/coaching.ts';
import { htmlReport } from '../report/html.ts';
import { visible } from '../lib/safe-text.ts';
import { SCORER_VERSION } from '../pipeline/version.ts';
import { resolveConfig } from '../store/config.ts';
import { openPostgres, type Db } from '../store/db.ts';
import { vocOk } from './cli.ts';
import { freshDatabase } from './services.ts';

const RLO = '\u202E';
const CSI = '\u009B';

describe('per-agent file names', () => {
  it('never collide, keep plain ids as they are, and stay under 255 bytes', () => {
    const ids = ['A/1', 'A_1', 'a_1', 'B2', 'x'.repeat(10_000), 'é/ü', '..', ''];
    const names = agentFileNames(ids);
    const files = ids.map((id) => names.get(id)!);
    expect(new Set(files.map((f) => f.toLowerCase())).size).toBe(ids.length);
    expect(names.get('B2')).toBe('B2.csv');
    expect(names.get('A/1')).toMatch(/^A_1-[0-9a-f]{8}\.csv$/);
    for (const f of files) {
      expect(Buffer.byteLength(f)).toBeLessThanOrEqual(255);
      expect(f).toMatch(/^[\w-][\w.-]*\.csv$/);
    }
  });

  it('an id that looks like another id\'s hashed name does not take its file', () => {
    const first = agentFileNames(['A/1']).get('A/1')!;
    const names = agentFileNames(['A/1', first.replace(/\.csv$/, '')]);
    expect(new Set(names.values()).size).toBe(2);
  });
});

describe('visible', () => {
  it('shows terminal escapes, C1 controls and bidi overrides as marks, keeps tabs and line breaks', () => {
    expect(visible(`a\u001b[2Jb\u0007${CSI}31m\tc\r\nd${RLO}e\u2066f`)).toBe('a\u241B[2Jb\u2407\u27E8U+009B\u27E931m\tc\nd\u27E8U+202E\u27E9e\u27E8U+2066\u27E9f');
  });
});

describe('hostile ids and text in the outputs (PostgreSQL)', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let db: Db;
  const dir = mkdtempSync(join(tmpdir(), 'voc-safe-'));
  const agents = ['A/1', 'A_1', `evil${RLO}1gpj.exe`, 'Z'.repeat(256), 'plain'];
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await freshDatabase();
    env = { DATABASE_URL: database.url, REDIS_URL: '', VOC_DATA_DIR: join(dir, 'data') };
    const lines = agents.flatMap((agent, a) =>
      [0, 1, 2].map((k) =>
        JSON.stringify({
          interaction_id: `s${a}-${k}`,
          channel: 'chat',
          agent_id: agent,
          team: `t${RLO}x`,
          started_at: `2026-03-0${k + 2}T10:00:00Z`,
          csat: 1 + ((a + k) % 5),
          text: `Customer: This is the third time I have called and my order never arrived. I am furious ${CSI}2J\nAgent: Order number?`,
        }),
      ),
    );
    const file = join(dir, 'hostile.jsonl');
    writeFileSync(file, lines.join('\n') + '\n');
    const out = await runIngest(file, resolveConfig({ databaseUrl: database.url, redisUrl: null, dataDir: join(dir, 'data') }, {}), { quiet: true });
    expect(out).toMatchObject({ inserted: 15, scored: 15, rejected: 0 });
    db = await openPostgres(database.url);
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('export coaching --per-agent writes one file per agent, none lost, none too long', async () => {
    const res = await exportCoaching(db, { perAgentDir: join(dir, 'agents'), scorerVersion: SCORER_VERSION });
    expect(res.agents).toBe(agents.length);
    expect(readdirSync(join(dir, 'agents'))).toHaveLength(agents.length);
    const slash = readFileSync(join(dir, 'agents', agentFileNames(agents).get('A/1')!), 'utf8');
    expect(slash).toMatch(/\nA\/1,/);
    expect(slash).not.toMatch(/\nA_1,/);
  });

  it('voc report agents and voc show print marks, not escapes or overrides', async () => {
    const table = (await vocOk(['report', 'agents'], env)).stdout;
    expect(table).toContain('evil\u27E8U+202E\u27E91gpj.exe');
    const shown = (await vocOk(['show', 's0-0'], env)).stdout;
    expect(shown).toContain('\u27E8U+009B\u27E92J');
    for (const out of [table, shown]) expect(out).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
  });

  it('CSV and HTML show the characters visibly', async () => {
    const csv = await agentTableCsv(await agentTable(db, { scorerVersion: SCORER_VERSION }));
    const html = await htmlReport(db, { scorerVersion: SCORER_VERSION });
    for (const out of [csv, html]) {
      expect(out).toContain('evil\u27E8U+202E\u27E91gpj.exe');
      expect(out).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u0080-\u009F]/);
    }
  });
});
