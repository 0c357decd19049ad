/**
 * Fuzz: 10,000 generated rows, hostile and good mixed (test/fuzz-rows.ts, seeded), ingested into a
 * fresh PostgreSQL database and scored in-process (DATABASE_URL set, no Redis). Every good row must be
 * stored and scored, every row with a bad optional field stored with a warning, every bad row rejected
 * with a reason on its line — and the ingest must not fail.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseString } from 'fast-csv';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../cli/run-ingest.ts';
import { resolveConfig } from '../store/config.ts';
import { makeFuzz, type FuzzFile } from './fuzz-rows.ts';
import { freshDatabase } from './services.ts';

const SEED = Number(process.env.VOC_FUZZ_SEED ?? 20261201);
const dir = mkdtempSync(join(tmpdir(), 'voc-fuzz-'));
const fuzz = makeFuzz(SEED, { jsonl: 7000, csv: 3000 });

describe(`fuzz: 10,000 hostile and good rows (seed ${SEED})`, () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let sql: pg.Client;
  beforeAll(async () => {
    database = await freshDatabase();
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const cases: [string, FuzzFile][] = [['fuzz.jsonl', fuzz.jsonl], ['fuzz.csv', fuzz.csv]];
  it.each(cases)('%s: good rows stored and scored, bad rows rejected with a reason, nothing else lost', async (name, file) => {
    const path = join(dir, name);
    writeFileSync(path, file.bytes);
    const kept = file.rows.filter((r) => r.outcome !== 'bad');
    const bad = file.rows.filter((r) => r.outcome === 'bad');
    const warn = file.rows.filter((r) => r.outcome === 'warn');
    const config = resolveConfig({ databaseUrl: database.url, redisUrl: null, dataDir: join(dir, 'data') }, {});
    const out = await runIngest(path, config, { quiet: true });
    expect(out).toMatchObject({ read: file.rows.length, inserted: kept.length, rejected: bad.length, warned: warn.length, scored: kept.length, failed: 0 });

    const stored = await sql.query(`SELECT interaction_id, (SELECT count(*)::int FROM scores s WHERE s.interaction_id = i.interaction_id) AS scores FROM interactions i WHERE source = $1`, [name]);
    expect(new Set(stored.rows.map((r) => r.interaction_id))).toEqual(new Set(kept.map((r) => r.id)));
    expect(stored.rows.filter((r) => r.scores !== 1)).toEqual([]);

    const listed = await sql.query(`SELECT line, reason, warning FROM rejects WHERE source = $1 ORDER BY line`, [name]);
    const byLine = new Map(listed.rows.map((r) => [r.line, r]));
    const wrong = file.rows.filter((r) => {
      const l = byLine.get(r.line);
      if (r.outcome === 'bad') return !l?.reason;
      if (r.outcome === 'warn') return !l || l.reason !== null || !l.warning;
      return l !== undefined;
    });
    expect(wrong.map((r) => `${r.line} ${r.outcome} ${r.kind}: ${JSON.stringify(byLine.get(r.line) ?? null).slice(0, 200)}`)).toEqual([]);
    expect(listed.rows).toHaveLength(bad.length + warn.length);

    // The rejects file lists the same rows, and reads back as CSV.
    const fileRows = await new Promise<Record<string, string>[]>((resolve, reject) => {
      const rows: Record<string, string>[] = [];
      parseString(readFileSync(out.rejectsPath!, 'utf8'), { headers: true }).on('data', (r) => rows.push(r)).on('end', () => resolve(rows)).on('error', reject);
    });
    expect(fileRows.map((r) => Number(r.line))).toEqual(listed.rows.map((r) => r.line));
    expect(fileRows.filter((r) => r.reason === '' && r.warning === '')).toEqual([]);
  });
});
