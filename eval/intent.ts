/**
 * `voc eval intent --train TRAIN.csv --test TEST.csv`: trains the intent classifier on one labelled
 * file and measures it on another. Test rows labelled `oos` are out of scope: the right answer for
 * them is "none of these", which the classifier gives below its out-of-scope threshold.
 */
import { trainTextClassifier, type LabelledText } from '../pipeline/learn/classifier.ts';
import { UsageError } from '../lib/errors.ts';
import { agreement, readLabelled, throughput, type Agreement } from './labelled.ts';

/** The label of out-of-scope rows in the test file. */
export const OUT_OF_SCOPE = 'oos';

export interface IntentEval extends Agreement {
  texts_per_second: number;
  train_seconds: number;
  /** Accuracy over the in-scope test rows (a rejected in-scope row counts as wrong). */
  in_scope_accuracy: number;
  /** Share of the out-of-scope test rows answered "none of these"; null when there are none. */
  oos_recall: number | null;
  /** Accuracy over the in-scope rows when the threshold is ignored (the best label always taken). */
  closed_set_accuracy: number;
  train_rows: number;
  model_id: string;
  threshold: number;
}

const round = (x: number) => Math.round(x * 10000) / 10000;

/** Trains on `train` rows and scores `test` rows; the pure part of `voc eval intent`. */
export function evalIntentRows(train: readonly LabelledText[], test: readonly LabelledText[]): IntentEval {
  const t0 = performance.now();
  const model = trainTextClassifier(train, { outOfScopeLabel: OUT_OF_SCOPE });
  const trainSeconds = (performance.now() - t0) / 1000;
  const { results, texts_per_second } = throughput(test.map((r) => r.text), (t) => model.predict(t));
  const gold = test.map((r) => r.label);
  const predicted = results.map((p) => p.label);
  let inScope = 0, inRight = 0, closedRight = 0, oos = 0, oosRight = 0;
  test.forEach((r, i) => {
    if (r.label === OUT_OF_SCOPE) {
      oos++;
      if (!results[i]!.inScope) oosRight++;
    } else {
      inScope++;
      if (predicted[i] === r.label) inRight++;
      if (results[i]!.best === r.label) closedRight++;
    }
  });
  return {
    ...agreement(gold, predicted),
    texts_per_second,
    train_seconds: round(trainSeconds),
    in_scope_accuracy: round(inScope ? inRight / inScope : 0),
    oos_recall: oos ? round(oosRight / oos) : null,
    closed_set_accuracy: round(inScope ? closedRight / inScope : 0),
    train_rows: train.length,
    model_id: model.id,
    threshold: round(model.threshold),
  };
}

export async function evalIntent(trainFile: string, testFile: string): Promise<IntentEval> {
  const [train, test] = await Promise.all([readLabelled(trainFile), readLabelled(testFile)]);
  if (!train.length) throw new UsageError(`${trainFile} has no labelled rows`);
  if (!test.length) throw new UsageError(`${testFile} has no labelled rows`);
  return evalIntentRows(train, test);
}
