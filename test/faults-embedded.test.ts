/**
 * The embedded database (no servers) has one writer at a time: a second process is refused with the
 * holder's pid instead of silently losing work, a lock left by a dead process is taken over, and a
 * read-only command in an empty folder creates nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVoc, voc, vocOk } from './cli.ts';

describe('one process at a time on the embedded database', () => {
  let dir: string;
  let data: string;
  let env: Record<string, string | undefined>;

  const rows = (name: string, prefix: string, n: number) => {
    const path = join(dir, name);
    const text = 'Customer: I was charged twice this month.\nAgent: I understand, I will refund the second charge today.';
    writeFileSync(path, Array.from({ length: n }, (_, i) => JSON.stringify({ interaction_id: `${prefix}${i}`, channel: 'chat', text })).join('\n') + '\n');
    return path;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'voc-embedded-'));
    data = join(dir, 'data');
    env = { DATABASE_URL: undefined, REDIS_URL: undefined, VOC_DATA_DIR: data };
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('status in an empty folder says nothing is stored yet and creates nothing', async () => {
    const r = await vocOk(['status'], env);
    expect(r.stdout).toMatch(/nothing stored yet in .*: run `voc ingest FILE`/);
    expect(JSON.parse((await vocOk(['status', '--json'], env)).stdout)).toEqual({ stored: 0, scored: 0, queued: 0, failed: 0, rejected: 0 });
    const report = await voc(['report', 'agents'], env);
    expect(report.code).not.toBe(0);
    expect(report.stderr).toMatch(/nothing stored yet/);
    expect(existsSync(data)).toBe(false);
  });

  let refusedFile: string | null = null;

  it('two ingests at once: the second is refused with the holder named, and the first loses nothing', async () => {
    const files = [rows('a.jsonl', 'ea', 30), rows('b.jsonl', 'eb', 30)];
    const runs = files.map((f) => startVoc(['ingest', f, '--json'], env));
    const codes = await Promise.all(runs.map((r) => r.exited));
    const ok = runs.filter((_, i) => codes[i] === 0);
    const refused = runs.filter((_, i) => codes[i] !== 0);
    // Started together, one nearly always meets the other's lock; either way nothing may be lost.
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const r of ok) expect(JSON.parse(r.stdout)).toMatchObject({ inserted: 30, scored: 30 });
    for (const r of refused) {
      expect(r.stderr).toMatch(/in use by another voc process \(pid \d+\).*wait for that one to finish/);
      refusedFile = files[runs.indexOf(r)]!;
    }
    expect(readdirSync(data).filter((f) => f.endsWith('.lock'))).toEqual([]);
  });

  it('a lock left by a process that is gone is taken over', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    writeFileSync(join(data, 'pgdata.lock'), `${gone.stdout.trim()}\n`);
    if (refusedFile) await vocOk(['ingest', refusedFile], env); // the refused one, run again
    expect(existsSync(join(data, 'pgdata.lock'))).toBe(false);
    expect(JSON.parse((await vocOk(['status', '--json'], env)).stdout)).toEqual({ stored: 60, scored: 60, queued: 0, failed: 0, rejected: 0 });
  });
});
