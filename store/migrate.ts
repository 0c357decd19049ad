/**
 * Applies the numbered SQL files in `migrations/` that the ledger has not seen, in order, in one
 * transaction under an advisory lock, so two processes starting at once cannot race. Append-only:
 * add a new numbered file, never edit or reorder one that has shipped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));
/** An arbitrary constant naming voc's migration lock. */
const MIGRATION_LOCK_KEY = 4_207_731_001;

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .map((f) => ({ id: Number.parseInt(f, 10), name: f, sql: readFileSync(dir + f, 'utf8') }))
    .sort((a, b) => a.id - b.id);
}

/** Returns the names of the migrations it applied (none when the schema is current). */
export async function migrate(db: Db, migrations = loadMigrations()): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.query(`CREATE TABLE IF NOT EXISTS voc_migrations (
      id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await tx.query<{ id: number }>('SELECT id FROM voc_migrations')).rows.map((r) => r.id));
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.id)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO voc_migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
      applied.push(m.name);
    }
    return applied;
  });
}
