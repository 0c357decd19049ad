import { join } from 'node:path';
import { openPglite, openPostgres, type Db } from './db.ts';
import { migrate } from './migrate.ts';
import type { Config } from './config.ts';

/** Opens the configured database and brings its schema up to date. */
export async function openStore(config: Pick<Config, 'databaseUrl' | 'dataDir'>, opts: { poolSize?: number } = {}): Promise<Db> {
  const db = config.databaseUrl
    ? await openPostgres(config.databaseUrl, opts.poolSize)
    : await openPglite(join(config.dataDir, 'pgdata'));
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
