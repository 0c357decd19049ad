/**
 * What the commands share: option parsers, the store and filter options, the one configuration
 * resolved from a command's flags, and opening the store with the configured scorer's version, so
 * every report reads the scores `voc status` counts.
 */
import type { Command } from 'commander';
import { resolveConfig, type Config, type ConfigFlags } from '../store/config.ts';
import type { Db } from '../store/db.ts';
import { UsageError } from '../lib/errors.ts';
import { ENCODINGS, encodingOf, type Encoding } from '../ingest/decode.ts';

/**
 * The configuration for one run of a command: its flags (commander's option values, named as the
 * `Config` fields), then the environment, then the defaults. Resolved once per command and passed down.
 */
export function configFrom(flags: ConfigFlags): Config {
  return resolveConfig({
    databaseUrl: flags.databaseUrl,
    redisUrl: flags.redisUrl,
    dataDir: flags.dataDir,
    chunkSize: flags.chunkSize,
    repeatWindowDays: flags.repeatWindowDays,
    scorecard: flags.scorecard,
    cesScale: flags.cesScale === undefined ? undefined : (Number(flags.cesScale) as Config['cesScale']),
    cesHigh: flags.cesHigh,
  });
}

export function withStoreOptions(cmd: Command): Command {
  return cmd
    .option('--database-url <url>', 'PostgreSQL server (default: $DATABASE_URL, else embedded)')
    .option('--data-dir <dir>', 'folder for the embedded database (default: $VOC_DATA_DIR or .voc)');
}

/** Options every command that moves interactions through the pipeline takes (migrate, ingest, worker, requeue, status). */
export function withPipelineOptions(cmd: Command): Command {
  return cmd
    .option('--database-url <url>', 'PostgreSQL server (default: $DATABASE_URL, else embedded)')
    .option('--redis-url <url>', 'Redis for the queue (default: $REDIS_URL, else in-process)')
    .option('--data-dir <dir>', 'folder for the embedded database and rejects files (default: $VOC_DATA_DIR or .voc)');
}

/** An option parser for a text encoding name. */
export function encodingOption(value: string): Encoding {
  const e = encodingOf(value);
  if (!e) throw new UsageError(`--encoding must be one of ${ENCODINGS.join(', ')} (or GBK, GB2312, cp936, Big5-HKSCS), got ${JSON.stringify(value)}`);
  return e;
}

export function withFilters(cmd: Command): Command {
  return cmd
    .option('--team <team>', 'only this team')
    .option('--since <date>', 'only interactions on or after this date (e.g. 2026-09-01)', (value: string) => {
      if (Number.isNaN(Date.parse(value))) throw new UsageError(`--since must be a date such as 2026-09-01, got ${JSON.stringify(value)}`);
      return value;
    })
    .option('--channel <channel>', 'only this channel (call, chat, email, review, survey)');
}

/**
 * Opens the store, runs `fn` with it and the configured scorer's version, closes the store whatever
 * happens. These commands only read: where nothing was ever stored, they say so and create nothing.
 */
export async function withStore<T>(flags: ConfigFlags, fn: (db: Db, scorerVersion: string) => Promise<T>): Promise<T> {
  const { openStore } = await import('../store/open.ts');
  const { currentScorerVersion } = await import('../workers/scorer.ts');
  const config = configFrom(flags);
  const db = await openStore(config, { mustExist: true });
  try {
    return await fn(db, await currentScorerVersion(db, config));
  } finally {
    await db.close();
  }
}

/** Refuses to analyse a store where nothing carries this scorer version's scores, and says what to run. */
export async function requireScores(db: Db, scorerVersion: string): Promise<void> {
  const { statusCounts } = await import('../store/status.ts');
  const counts = await statusCounts(db, scorerVersion);
  if (counts.stored === 0) throw new UsageError('no interactions stored yet: run `voc ingest FILE` (or `voc demo` for sample data)');
  if (counts.scored === 0) {
    throw new UsageError(`none of the ${counts.stored.toLocaleString('en-US')} stored interactions is scored by scorer ${scorerVersion} yet: run \`voc requeue\` (and \`voc worker\` with Redis), then \`voc status\``);
  }
}

/** An option parser that accepts only `allowed`. */
export const choice = (name: string, allowed: readonly string[]) => (value: string) => {
  if (!allowed.includes(value)) throw new UsageError(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return value;
};

/** An option parser for a whole number ≥ `min`. */
export const positiveInt = (name: string, min = 1) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} must be a whole number ≥ ${min}, got ${JSON.stringify(value)}`);
  return n;
};
