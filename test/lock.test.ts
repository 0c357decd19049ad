/**
 * The embedded database's single-writer lock, taken by processes started at the same moment: exactly
 * one holds it, and the others are refused with the holder named (a lock file read while half-written
 * must never be taken for a stale one).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireLock, DatabaseLockedError } from '../store/lock.ts';

const dir = mkdtempSync(join(tmpdir(), 'voc-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LOCK = fileURLToPath(new URL('../store/lock.ts', import.meta.url));
// Each child waits for a common start time, tries the lock, holds it a moment, and says what happened.
const CHILD = `
const { acquireLock } = await import(process.argv[1]);
const [path, start] = [process.argv[2], Number(process.argv[3])];
while (Date.now() < start) {}
try { const l = acquireLock(path, 'd'); await new Promise((r) => setTimeout(r, 400)); l.release(); console.log('held'); }
catch (e) { console.log(/in use by another voc process \\(pid \\d+\\)/.test(e.message) ? 'refused' : 'error: ' + e.message); }`;

function race(path: string, n: number): Promise<string[]> {
  const start = Date.now() + 1500;
  return Promise.all(
    Array.from({ length: n }, () =>
      new Promise<string>((resolve) => {
        const c = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD, LOCK, path, String(start)]);
        let out = '';
        c.stdout.on('data', (d) => (out += d));
        c.on('close', () => resolve(out.trim()));
      }),
    ),
  );
}

describe('the embedded database lock', () => {
  it('goes to exactly one of several processes started at once', async () => {
    for (let round = 0; round < 3; round++) {
      const path = join(dir, `race-${round}.lock`);
      const results = await race(path, 4);
      expect(results.filter((r) => r === 'held'), results.join(', ')).toHaveLength(1);
      expect(results.filter((r) => r === 'refused')).toHaveLength(3);
      expect(existsSync(path)).toBe(false);
    }
  }, 60_000);

  it('takes over a lock whose process is gone, and refuses one whose process runs', () => {
    const path = join(dir, 'stale.lock');
    writeFileSync(path, '999999999\n');
    const lock = acquireLock(path, 'd');
    expect(() => acquireLock(path, 'd')).toThrow(DatabaseLockedError);
    lock.release();
    expect(existsSync(path)).toBe(false);
  });
});
