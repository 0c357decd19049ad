/**
 * The configured scorer: trained models from VOC_SENTIMENT_MODEL / VOC_INTENT_MODEL and the newest
 * effort calibration are stamped into the version every process resolves, and a bad model file is
 * a clear error.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../lib/errors.ts';
import { trainTextClassifier } from '../pipeline/learn/classifier.ts';
import { trainSentimentModel } from '../pipeline/learn/sentiment-model.ts';
import { scorerVersion } from '../pipeline/score.ts';
import { SCORER_VERSION } from '../pipeline/version.ts';
import { saveCalibration } from '../store/calibration.ts';
import type { Db } from '../store/db.ts';
import { openStore } from '../store/open.ts';
import { currentScorerVersion, loadScorer } from '../workers/scorer.ts';

const sentimentRows = [
  ...['great service thanks', 'love it, sorted fast', 'brilliant help', 'very happy with the agent', 'excellent and quick'].map((text) => ({ text, label: 'positive' as const })),
  ...['still waiting, awful', 'terrible, nobody called back', 'worst support ever', 'cancelled again, angry', 'useless and rude'].map((text) => ({ text, label: 'negative' as const })),
  ...['what time do you open', 'my order number is 42', 'I have a question about plans', 'where is the form', 'please send the invoice'].map((text) => ({ text, label: 'neutral' as const })),
];
const intentRows = [
  ...['refund my money', 'I want a refund', 'give me my money back', 'refund the charge', 'refund please'].map((text) => ({ text, label: 'refund' })),
  ...['where is my parcel', 'my delivery is late', 'track my order', 'parcel not arrived', 'delivery status'].map((text) => ({ text, label: 'delivery' })),
];

describe('the configured scorer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'voc-scorer-'));
  const sentimentFile = join(dir, 'sentiment.json');
  const intentFile = join(dir, 'intent.json');
  const sentiment = trainSentimentModel(sentimentRows);
  const intent = trainTextClassifier(intentRows);
  let db: Db;
  beforeAll(async () => {
    writeFileSync(sentimentFile, JSON.stringify(sentiment.toJSON()));
    writeFileSync(intentFile, JSON.stringify(intent.toJSON()));
    db = await openStore({ dataDir: dir, databaseUrl: null });
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is the rules alone with no models or calibration', async () => {
    expect((await loadScorer(db, {})).version).toBe(SCORER_VERSION);
    expect(scorerVersion()).toBe(SCORER_VERSION);
  });

  it('stamps a repeat window other than the default, which changes which contacts are repeats', async () => {
    expect(scorerVersion({ repeatWindowDays: 7 })).toBe(SCORER_VERSION);
    expect(await currentScorerVersion(db, { repeatWindowDays: 14 }, { calibrated: false })).toBe(`${SCORER_VERSION}+repeat.14d`);
  });

  it('stamps the trained models it loads, and uses them', async () => {
    const scorer = await loadScorer(db, { sentimentModel: sentimentFile, intentModel: intentFile });
    expect(scorer.version).toBe(`${SCORER_VERSION}+sentiment.${sentiment.id}+intent.${intent.id}`);
    const s = scorer.score({ interaction_id: 'x', channel: 'chat', turns: [{ speaker: 'customer', text: 'where is my parcel' }], kpis: {} });
    expect(s.scorer_version).toBe(scorer.version);
    expect(s.intent.primary).toBe('delivery');
  });

  it('puts the newest effort calibration last, and can leave it out', async () => {
    const id = await saveCalibration(db, SCORER_VERSION, {
      method: 'isotonic', n: 10, knots: [[0, 1], [100, 7]],
      before: { pearson: null, spearman: null, mae: 1 }, after: { pearson: null, spearman: null, mae: 1 }, cross_validated: { pearson: null, spearman: null, mae: 1 },
    });
    const files = { sentimentModel: sentimentFile };
    expect(await currentScorerVersion(db, files)).toBe(`${SCORER_VERSION}+sentiment.${sentiment.id}+ces.c${id}`);
    expect(await currentScorerVersion(db, files, { calibrated: false })).toBe(`${SCORER_VERSION}+sentiment.${sentiment.id}`);
  });

  it('says what to do when a model file is missing or of the wrong kind', async () => {
    await expect(loadScorer(db, { sentimentModel: join(dir, 'nope.json') })).rejects.toThrow(/cannot read the sentiment model .*voc sentiment train/);
    await expect(loadScorer(db, { sentimentModel: intentFile })).rejects.toThrow(UsageError);
    await expect(loadScorer(db, { intentModel: sentimentFile })).rejects.toThrow(/is not an intent model/);
  });
});
