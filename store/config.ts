/**
 * Where voc keeps its data, resolved once: flag > environment variable > default. With no
 * DATABASE_URL the embedded PostgreSQL (PGlite) in `<data dir>/pgdata` is used; with no REDIS_URL the
 * in-process queue is.
 */
import { resolve } from 'node:path';

export interface StoreConfig {
  /** postgres://… when a server is configured, else null (embedded). */
  databaseUrl: string | null;
  /** redis://… when a server is configured, else null (in-process queue). */
  redisUrl: string | null;
  /** Local folder for the embedded database, rejects files and outputs. @defaultValue `.voc` */
  dataDir: string;
  /**
   * Prefix of every Redis key of the queue, so several voc installations (or test runs) can share one
   * Redis without touching each other's work. @defaultValue `voc` ($VOC_QUEUE_PREFIX)
   */
  queuePrefix: string;
}

export function resolveStoreConfig(flags: Partial<StoreConfig> = {}, env = process.env): StoreConfig {
  return {
    databaseUrl: flags.databaseUrl ?? (env.DATABASE_URL || null),
    redisUrl: flags.redisUrl ?? (env.REDIS_URL || null),
    dataDir: resolve(flags.dataDir ?? env.VOC_DATA_DIR ?? '.voc'),
    queuePrefix: flags.queuePrefix ?? (env.VOC_QUEUE_PREFIX || 'voc'),
  };
}
