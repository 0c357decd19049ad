/**
 * The centre's time zone (VOC_TIMEZONE): reports cut weeks on Monday in local time, on the embedded
 * database and on the real PostgreSQL alike. A contact late on a Sunday in UTC is already Monday in
 * Shanghai, so it belongs to the next week there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Interaction } from '../pipeline/types.ts';
import { weeklyTrend } from '../report/agents.ts';
import { resolveConfig } from '../store/config.ts';
import type { Db } from '../store/db.ts';
import { upsertInteractions } from '../store/ingest-batch.ts';
import { openStore } from '../store/open.ts';
import { freshDatabase } from './services.ts';

const sundayEvening: Interaction = {
  interaction_id: 'tz1', channel: 'chat', agent_id: 'ag1', team: 'core', customer_id: 'c1',
  started_at: '2026-09-13T20:00:00.000Z', // Sunday 20:00 UTC = Monday 04:00 in Shanghai
  turns: [{ speaker: 'customer', text: 'where is my order' }], kpis: {}, metadata: {},
};

async function weekOf(db: Db): Promise<string | undefined> {
  await upsertInteractions(db, [sundayEvening], 'tz.jsonl');
  return (await weeklyTrend(db, { scorerVersion: 'none' })).get('ag1')?.[0]?.week;
}

describe('the centre\'s time zone', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'voc-tz-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('is UTC unless VOC_TIMEZONE names another, and a name no one knows is refused', () => {
    expect(resolveConfig({}, {}).timeZone).toBe('UTC');
    expect(resolveConfig({}, { VOC_TIMEZONE: 'Asia/Shanghai' }).timeZone).toBe('Asia/Shanghai');
    expect(() => resolveConfig({}, { VOC_TIMEZONE: "Mars/Olympus'; DROP TABLE x" })).toThrow(/VOC_TIMEZONE must be a time zone name/);
  });

  it('cuts weeks in local time on the embedded database', async () => {
    // (UTC on the embedded database is what every other report test runs on.)
    const db = await openStore({ databaseUrl: null, dataDir: tmp(), timeZone: 'Asia/Shanghai' });
    try {
      expect(await weekOf(db)).toBe('2026-09-14');
    } finally {
      await db.close();
    }
  });

  it('cuts weeks in local time on PostgreSQL, on every connection of the pool', async () => {
    const database = await freshDatabase();
    try {
      for (const [timeZone, week] of [['UTC', '2026-09-07'], ['Asia/Shanghai', '2026-09-14']] as const) {
        const db = await openStore({ databaseUrl: database.url, dataDir: tmp(), timeZone }, { poolSize: 3 });
        try {
          expect(await weekOf(db)).toBe(week);
          const zones = await Promise.all([1, 2, 3].map(() => db.query<{ tz: string }>(`SELECT current_setting('TimeZone') AS tz, pg_sleep(0.05)`)));
          expect(new Set(zones.map((z) => z.rows[0]!.tz))).toEqual(new Set([timeZone]));
        } finally {
          await db.close();
        }
      }
    } finally {
      await database.drop();
    }
  });
});
