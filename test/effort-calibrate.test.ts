import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEffortCalibration, readEffortSamples } from '../store/calibration.ts';
import { calibrateEffort, pearson, spearman, type EffortSample } from '../pipeline/effort/calibrate.ts';
import { DEFAULT_CES_MAPPING, predictCes } from '../pipeline/effort/ces.ts';
import { createScorer } from '../pipeline/score.ts';
import type { Interaction } from '../pipeline/types.ts';
import { SCORER_VERSION } from '../pipeline/version.ts';
import { openPostgres, type Db } from '../store/db.ts';
import { upsertInteractions } from '../store/ingest-batch.ts';
import { migrate } from '../store/migrate.ts';
import { voc } from './cli.ts';
import { freshDatabase } from './services.ts';

/** Answers that rise with effort, a point lower than the default mapping says, with a fixed wobble. */
const samples = (n: number): EffortSample[] =>
  Array.from({ length: n }, (_, i) => {
    const effort = (i * 37) % 101;
    return { effort, ces: Math.min(7, Math.max(1, Math.round(1 + effort / 25 + ((i % 3) - 1) * 0.5))) };
  });

describe('calibrateEffort (pure)', () => {
  it('pearson and spearman', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(spearman([1, 2, 3, 4], [1, 4, 9, 16])).toBeCloseTo(1);
    expect(spearman([1, 2, 2, 3], [1, 2, 2, 3])).toBeCloseTo(1);
  });

  it('fits a monotone mapping that lowers the error on survey answers', () => {
    const c = calibrateEffort(samples(200), DEFAULT_CES_MAPPING);
    expect(c.method).toBe('isotonic');
    expect(c.n).toBe(200);
    for (let i = 1; i < c.knots.length; i++) {
      expect(c.knots[i]![0]).toBeGreaterThan(c.knots[i - 1]![0]);
      expect(c.knots[i]![1]).toBeGreaterThanOrEqual(c.knots[i - 1]![1]);
    }
    expect(c.after.mae).toBeLessThan(c.before.mae);
    expect(c.cross_validated.mae).toBeLessThan(c.before.mae);
    expect(c.after.spearman!).toBeGreaterThan(0.8);
  });

  it('fits a straight line on few answers, and refuses fewer than ten', () => {
    expect(calibrateEffort(samples(20), DEFAULT_CES_MAPPING).method).toBe('linear');
    expect(() => calibrateEffort(samples(5), DEFAULT_CES_MAPPING)).toThrow(RangeError);
  });

  it('is deterministic', () => {
    expect(calibrateEffort(samples(120), DEFAULT_CES_MAPPING)).toEqual(calibrateEffort(samples(120), DEFAULT_CES_MAPPING));
  });
});

describe('voc calibrate effort (PostgreSQL)', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let db: Db;
  const scorer = createScorer();
  const texts = [
    'Can I update my address please?',
    'This is the third time I am calling and I was on hold for 40 minutes, so frustrating.',
    'I was transferred again and nobody knows what is going on.',
    'Quick question about my bill.',
  ];
  beforeAll(async () => {
    database = await freshDatabase();
    db = await openPostgres(database.url);
    await migrate(db);
    const interactions: Interaction[] = Array.from({ length: 60 }, (_, i) => ({
      interaction_id: `cal-${i}`,
      channel: 'chat',
      turns: [{ speaker: 'customer', text: texts[i % 4]! }, { speaker: 'agent', text: 'Let me look into it.' }],
      kpis: { ces: i % 4 === 0 || i % 4 === 3 ? 2 : 5, transfers: i % 5 === 0 ? 1 : 0 },
    }));
    await upsertInteractions(db, interactions, 'test');
    for (const it of interactions) {
      const s = scorer.score(it);
      await db.query(
        `INSERT INTO scores (interaction_id, scorer_version, sentiment, sentiment_label, empathy_applicable, effort, predicted_ces,
           intent, intent_confidence, detail) VALUES ($1, $2, 0, 'neutral', false, $3, $4, 'other', 0, $5)`,
        [it.interaction_id, s.scorer_version, s.effort.score, s.effort.predicted_ces, JSON.stringify(s)],
      );
    }
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('reads one sample per interaction with a CES answer', async () => {
    expect(await readEffortSamples(db, SCORER_VERSION)).toHaveLength(60);
  });

  it('fits, reports before and after, saves, and the scorer can use the fit', async () => {
    const dry = await voc(['calibrate', 'effort', '--dry-run'], { DATABASE_URL: database.url });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('before (default)');
    expect(await loadEffortCalibration(db)).toBeNull();

    const r = await voc(['calibrate', 'effort', '--json'], { DATABASE_URL: database.url });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ n: 60, method: 'isotonic', previous: 'default' });
    expect(out.after.mae).toBeLessThanOrEqual(out.before.mae);

    const mapping = await loadEffortCalibration(db);
    expect(mapping).toMatchObject({ id: `c${out.saved_id}`, knots: out.knots });
    const calibrated = createScorer({ cesMapping: mapping! });
    expect(calibrated.version).toBe(`${SCORER_VERSION}+ces.c${out.saved_id}`);
    const one = calibrated.score({ interaction_id: 'x', channel: 'chat', turns: [{ speaker: 'customer', text: texts[1]! }], kpis: {} });
    expect(one.effort.predicted_ces).toBe(predictCes(one.effort.score, mapping!));
  });

  it('says what is missing when there are too few answers', async () => {
    await db.query('UPDATE interactions SET ces = NULL');
    const r = await voc(['calibrate', 'effort'], { DATABASE_URL: database.url });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('at least 10 are needed');
  });
});
