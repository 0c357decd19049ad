import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../lib/errors.ts';
import { DEFAULTS, resolveConfig } from '../store/config.ts';

describe('the configuration', () => {
  it('takes a flag over the environment and the environment over the default', () => {
    const env = { DATABASE_URL: 'postgres://env/db', VOC_CHUNK_SIZE: '50', VOC_REPEAT_WINDOW_DAYS: '3', VOC_SENTIMENT_MODEL: 'env-model.json' };
    const config = resolveConfig({ databaseUrl: 'postgres://flag/db', repeatWindowDays: 14 }, env);
    expect(config.databaseUrl).toBe('postgres://flag/db');
    expect(config.repeatWindowDays).toBe(14);
    expect(config.chunkSize).toBe(50);
    expect(config.sentimentModel).toBe('env-model.json');
    expect(config.redisUrl).toBeNull();
    expect(config.intentModel).toBeNull();
  });

  it('falls back to the defaults with an empty environment', () => {
    expect(resolveConfig({}, {})).toEqual({
      databaseUrl: null,
      redisUrl: null,
      dataDir: resolve(DEFAULTS.dataDir),
      queuePrefix: 'voc',
      sentimentModel: null,
      intentModel: null,
      empathyModel: null,
      repeatWindowDays: 7,
      chunkSize: 200,
      scorecard: null,
      cesScale: 7,
      cesHigh: 'hard',
      timeZone: 'UTC',
    });
  });

  it('reads the CES scale from the environment and refuses one the survey cannot have', () => {
    expect(resolveConfig({}, { VOC_CES_SCALE: '5', VOC_CES_HIGH: 'easy' })).toMatchObject({ cesScale: 5, cesHigh: 'easy' });
    expect(resolveConfig({ cesScale: 10 }, { VOC_CES_SCALE: '5' }).cesScale).toBe(10);
    expect(() => resolveConfig({}, { VOC_CES_SCALE: '6' })).toThrow(/VOC_CES_SCALE must be 5, 7 or 10, got "6"/);
    expect(() => resolveConfig({}, { VOC_CES_HIGH: 'low' })).toThrow(/VOC_CES_HIGH must be easy or hard/);
  });

  it('refuses a number in the environment that is not a whole number ≥ 1, naming the variable', () => {
    expect(() => resolveConfig({}, { VOC_CHUNK_SIZE: '0' })).toThrow(UsageError);
    expect(() => resolveConfig({}, { VOC_REPEAT_WINDOW_DAYS: 'a week' })).toThrow(/VOC_REPEAT_WINDOW_DAYS must be a whole number ≥ 1, got "a week"/);
  });
});
