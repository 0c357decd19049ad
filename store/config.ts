/**
 * The one configuration of a voc process, resolved once by the command (flag > environment variable >
 * default) and passed down to the use-cases; nothing below reads the environment itself. With no
 * DATABASE_URL the embedded PostgreSQL (PGlite) in `<data dir>/pgdata` is used; with no REDIS_URL the
 * in-process queue is.
 */
import { resolve } from 'node:path';
import { UsageError } from '../lib/errors.ts';
import { REPEAT_WINDOW_DAYS } from '../pipeline/effort/index.ts';

export interface Config {
  /** postgres://… when a server is configured, else null (embedded). @defaultValue $DATABASE_URL, else null */
  databaseUrl: string | null;
  /** redis://… when a server is configured, else null (in-process queue). @defaultValue $REDIS_URL, else null */
  redisUrl: string | null;
  /** Local folder for the embedded database, rejects files and outputs. @defaultValue $VOC_DATA_DIR, else `.voc` */
  dataDir: string;
  /**
   * Prefix of every Redis key of the queue, so several voc installations (or test runs) can share one
   * Redis without touching each other's work. @defaultValue $VOC_QUEUE_PREFIX, else `voc`
   */
  queuePrefix: string;
  /**
   * A sentiment model written by `voc sentiment train`, used instead of the rules; its id becomes part
   * of the scorer version. @defaultValue $VOC_SENTIMENT_MODEL, else null (the rules)
   */
  sentimentModel: string | null;
  /** An intent model written by `voc intent train`. @defaultValue $VOC_INTENT_MODEL, else null (the patterns) */
  intentModel: string | null;
  /** An empathy model written by `voc empathy train`. @defaultValue $VOC_EMPATHY_MODEL, else null (the rule cues) */
  empathyModel: string | null;
  /**
   * Days within which an earlier contact by the same customer counts as a repeat (an effort cue).
   * @defaultValue $VOC_REPEAT_WINDOW_DAYS, else 7
   */
  repeatWindowDays: number;
  /**
   * Interactions per queued job: a few hundred make the queue's own cost vanish next to scoring.
   * @defaultValue $VOC_CHUNK_SIZE, else 200
   */
  chunkSize: number;
  /**
   * The QA scorecard file (JSON or YAML) evaluated on every scored interaction; its content hash is its version.
   * @defaultValue $VOC_SCORECARD, else null (lexicons/scorecards/default.json)
   */
  scorecard: string | null;
  /** The top answer of the CES survey (it runs 1 to this). @defaultValue $VOC_CES_SCALE, else 7 */
  cesScale: 5 | 7 | 10;
  /** Whether a high CES answer means easy or hard. @defaultValue $VOC_CES_HIGH, else hard */
  cesHigh: 'easy' | 'hard';
  /**
   * The centre's time zone (an IANA name such as Asia/Shanghai): where reports cut days and weeks
   * (weeks start on Monday, local time) and print dates. @defaultValue $VOC_TIMEZONE, else UTC
   */
  timeZone: string;
}

/** The values used when neither a flag nor the environment gives one. */
export const DEFAULTS = {
  dataDir: '.voc',
  queuePrefix: 'voc',
  repeatWindowDays: REPEAT_WINDOW_DAYS,
  chunkSize: 200,
  cesScale: 7,
  cesHigh: 'hard',
  timeZone: 'UTC',
} as const;

/** What a command may set from its flags; unset (undefined) falls back to the environment, then the default. */
export type ConfigFlags = { [K in keyof Config]?: Config[K] | undefined };

/** The configuration from `flags`, then `env`, then the defaults. Throws a UsageError for a bad number. */
export function resolveConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): Config {
  return {
    databaseUrl: flags.databaseUrl ?? (env.DATABASE_URL || null),
    redisUrl: flags.redisUrl ?? (env.REDIS_URL || null),
    dataDir: resolve(flags.dataDir ?? env.VOC_DATA_DIR ?? DEFAULTS.dataDir),
    queuePrefix: flags.queuePrefix ?? (env.VOC_QUEUE_PREFIX || DEFAULTS.queuePrefix),
    sentimentModel: flags.sentimentModel ?? (env.VOC_SENTIMENT_MODEL || null),
    intentModel: flags.intentModel ?? (env.VOC_INTENT_MODEL || null),
    empathyModel: flags.empathyModel ?? (env.VOC_EMPATHY_MODEL || null),
    repeatWindowDays: flags.repeatWindowDays ?? envInt(env, 'VOC_REPEAT_WINDOW_DAYS') ?? DEFAULTS.repeatWindowDays,
    chunkSize: flags.chunkSize ?? envInt(env, 'VOC_CHUNK_SIZE') ?? DEFAULTS.chunkSize,
    scorecard: flags.scorecard ?? (env.VOC_SCORECARD || null),
    cesScale: flags.cesScale ?? envCesScale(env) ?? DEFAULTS.cesScale,
    cesHigh: flags.cesHigh ?? envCesHigh(env) ?? DEFAULTS.cesHigh,
    timeZone: checkTimeZone(flags.timeZone ?? (env.VOC_TIMEZONE || DEFAULTS.timeZone)),
  };
}

/** An IANA time zone name Node knows (and so PostgreSQL does), or a UsageError that says what to give. */
export function checkTimeZone(name: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
  } catch {
    throw new UsageError(`VOC_TIMEZONE must be a time zone name such as UTC, Asia/Shanghai or Europe/London, got ${JSON.stringify(name)}`);
  }
  return name;
}

function envCesScale(env: NodeJS.ProcessEnv): Config['cesScale'] | undefined {
  const value = env.VOC_CES_SCALE;
  if (value === undefined || value === '') return undefined;
  if (value !== '5' && value !== '7' && value !== '10') throw new UsageError(`VOC_CES_SCALE must be 5, 7 or 10, got ${JSON.stringify(value)}`);
  return Number(value) as Config['cesScale'];
}

function envCesHigh(env: NodeJS.ProcessEnv): Config['cesHigh'] | undefined {
  const value = env.VOC_CES_HIGH;
  if (value === undefined || value === '') return undefined;
  if (value !== 'easy' && value !== 'hard') throw new UsageError(`VOC_CES_HIGH must be easy or hard, got ${JSON.stringify(value)}`);
  return value;
}

/** A whole number ≥ 1 from the environment, undefined when unset or empty. */
function envInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a whole number ≥ 1, got ${JSON.stringify(value)}`);
  return n;
}

/** @deprecated The configuration is one `Config` now; this name is kept for code written before. */
export type StoreConfig = Config;
/** @deprecated Use `resolveConfig`. */
export const resolveStoreConfig = resolveConfig;
