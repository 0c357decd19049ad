/**
 * The scorer every process of one deployment uses, assembled from what is configured: the newest effort
 * calibration in the store (`voc calibrate effort`) and any trained models named in the configuration
 * (`sentimentModel` / `intentModel`, from VOC_SENTIMENT_MODEL / VOC_INTENT_MODEL: files written by
 * `voc sentiment train` / `voc intent train`). Ingest, workers, status and reports all resolve it the same way, so they agree on the
 * scorer version, and a new calibration or model is a new version that `voc requeue` rescores.
 */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../lib/errors.ts';
import type { IntentPredictor } from '../pipeline/intent/predictor.ts';
import type { EmpathyPredictor } from '../pipeline/learn/empathy-model.ts';
import { createScorer, scorerVersion, type Scorer, type ScorerOptions } from '../pipeline/score.ts';
import type { SentimentPredictor } from '../pipeline/sentiment/predictor.ts';
import { loadEffortCalibration } from '../store/calibration.ts';
import type { Queryable } from '../store/db.ts';

/** The model files of the configuration (`Config.sentimentModel`, `Config.intentModel`); none: the rules. */
export interface ModelFiles {
  sentimentModel?: string | null;
  intentModel?: string | null;
  empathyModel?: string | null;
  /** `Config.repeatWindowDays`: which earlier contacts are repeats, so part of the version. @defaultValue 7 */
  repeatWindowDays?: number;
}

/** Reads a model file and rebuilds the model, or says what is wrong and what to do. */
async function loadModel<T>(file: string, what: 'sentiment' | 'intent' | 'empathy', fromJson: (json: unknown) => T): Promise<T> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read the ${what} model ${file}: ${(err as Error).message} (train one with \`voc ${what} train\`)`, { cause: err });
  }
  try {
    return fromJson(json);
  } catch (err) {
    throw new UsageError(`${file} is not a${what === 'sentiment' ? '' : 'n'} ${what} model: ${(err as Error).message}`, { cause: err });
  }
}

/** A model written by `voc sentiment train`. */
export async function loadSentimentModel(file: string): Promise<SentimentPredictor> {
  const { sentimentPredictorFromJson } = await import('../pipeline/learn/sentiment-model.ts');
  return loadModel(file, 'sentiment', sentimentPredictorFromJson);
}

/** A model written by `voc intent train`. */
export async function loadIntentModel(file: string): Promise<IntentPredictor> {
  const { textClassifierFromJson } = await import('../pipeline/learn/classifier.ts');
  return loadModel(file, 'intent', (json) => textClassifierFromJson(json));
}

/** A model written by `voc empathy train`. */
export async function loadEmpathyModel(file: string): Promise<EmpathyPredictor> {
  const { empathyPredictorFromJson } = await import('../pipeline/learn/empathy-model.ts');
  return loadModel(file, 'empathy', empathyPredictorFromJson);
}

async function scorerOptions(db: Queryable, files: ModelFiles, calibrated = true): Promise<ScorerOptions> {
  const [cesMapping, sentimentModel, intentModel, empathyModel] = await Promise.all([
    calibrated ? loadEffortCalibration(db) : null,
    files.sentimentModel ? loadSentimentModel(files.sentimentModel) : undefined,
    files.intentModel ? loadIntentModel(files.intentModel) : undefined,
    files.empathyModel ? loadEmpathyModel(files.empathyModel) : undefined,
  ]);
  return { cesMapping: cesMapping ?? undefined, sentimentModel, intentModel, empathyModel, repeatWindowDays: files.repeatWindowDays };
}

/** The configured scorer. */
export async function loadScorer(db: Queryable, files: ModelFiles): Promise<Scorer> {
  return createScorer(await scorerOptions(db, files));
}

/**
 * The version the configured scorer stamps: what `voc status` counts and the reports read.
 * `calibrated: false` leaves out the effort calibration (what `voc calibrate effort` fits on).
 */
export async function currentScorerVersion(db: Queryable, files: ModelFiles, { calibrated = true } = {}): Promise<string> {
  return scorerVersion(await scorerOptions(db, files, calibrated));
}
