/**
 * `voc migrate`: create or update the database schema from the numbered files in migrations/.
 */
import type { Command } from 'commander';
import { join } from 'node:path';
import { configFrom, withPipelineOptions } from '../options.ts';

export function register(program: Command): void {
  withPipelineOptions(program.command('migrate'))
    .description('create or update the database schema (numbered files in migrations/)')
    .action(async (opts) => {
      const { openStore } = await import('../../store/open.ts');
      const { migrate } = await import('../../store/migrate.ts');
      const db = await openStore(configFrom(opts)).catch((err) => Promise.reject(err));
      try {
        const applied = await migrate(db);
        console.log(applied.length ? `applied ${applied.join(', ')} to ${db.location}` : `schema of ${db.location} is up to date`);
      } finally {
        await db.close();
      }
    });
}
