import { join } from 'node:path';
import { openPglite, openPostgres, type Db, type PostgresOptions } from './db.ts';
import { migrate } from './migrate.ts';
import { DEFAULTS, type Config } from './config.ts';

export interface OpenStoreOptions extends PostgresOptions {
  /**
   * For read-only commands: an embedded database that does not exist yet is not created (a
   * NothingStoredError says so instead). @defaultValue false
   */
  mustExist?: boolean;
}

/** Opens the configured database and brings its schema up to date. */
export async function openStore(config: Pick<Config, 'databaseUrl' | 'dataDir'> & Partial<Pick<Config, 'timeZone'>>, opts: OpenStoreOptions = {}): Promise<Db> {
  const timeZone = config.timeZone ?? DEFAULTS.timeZone;
  const db = config.databaseUrl
    ? await openPostgres(config.databaseUrl, { ...opts, timeZone })
    : await openPglite(join(config.dataDir, 'pgdata'), { mustExist: opts.mustExist, timeZone });
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
