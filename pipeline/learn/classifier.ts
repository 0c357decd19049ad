/**
 * A trainable text classifier: TF-IDF features (features.ts), one-vs-rest linear SVMs
 * (linear-svm.ts), probabilities and an out-of-scope threshold fitted on out-of-fold predictions
 * (calibrate.ts). Pure: rows in, a model out; reading and writing files is the caller's business.
 */
import { fitTemperature, fitThreshold, softmax } from './calibrate.ts';
import { contentHash, decodeFloat32, decodeQuantised, decodeUint32, encodeFloat32, encodeQuantised, encodeUint32 } from './encode.ts';
import { DEFAULT_FEATURES, fitVocabulary, termCounts, vectorize, vocabularyFrom, type FeatureParams, type SparseVector, type Vocabulary } from './features.ts';
import { stratifiedFolds } from './folds.ts';
import { DEFAULT_SVM, margins, trainOneVsRest, type LinearModel, type SvmParams } from './linear-svm.ts';

export interface LabelledText {
  text: string;
  label: string;
}

export interface ClassifierOptions {
  features: Partial<FeatureParams>;
  svm: Partial<SvmParams>;
  /** Folds of the training rows used to fit the probability temperature and the out-of-scope threshold; 0 or 1 skips both. @defaultValue 3 */
  calibrationFolds: number;
  /** Training rows with this label are out-of-scope examples: not a class, used to tune the threshold. @defaultValue "oos" */
  outOfScopeLabel: string;
  /**
   * The share of in-scope accuracy the out-of-scope threshold may spend, measured on the calibration
   * folds' out-of-fold predictions: the threshold rejects wrong guesses and out-of-scope rows freely
   * and at most this share of right answers. Out-of-scope training rows do not move it; they teach
   * each label's SVM what is not that label. @defaultValue 0.01
   */
  rejectBudget: number;
  /** Apply the out-of-scope threshold at all (off for closed label sets such as sentiment). @defaultValue true */
  outOfScope: boolean;
}

export const DEFAULT_CLASSIFIER: Omit<ClassifierOptions, 'features' | 'svm'> = {
  calibrationFolds: 3,
  outOfScopeLabel: 'oos',
  rejectBudget: 0.01,
  outOfScope: true,
};

export interface Prediction {
  /** The best label, or the out-of-scope label when the top probability is below the threshold. */
  label: string;
  /** The best in-scope label, whatever the threshold says. */
  best: string;
  /** Calibrated probability of `best`. */
  confidence: number;
  inScope: boolean;
  /** Probability of every label, in `labels` order. */
  probabilities: Float64Array;
}

/** Cross-validated figures that come free with calibration. */
export interface HeldOut {
  folds: number;
  accuracy: number;
  macro_f1: number;
}

/** What a caller needs from a trained classifier. */
export interface TextClassifier {
  /** Content hash of the serialised model. */
  id: string;
  labels: string[];
  outOfScopeLabel: string;
  threshold: number;
  heldOut: HeldOut | null;
  predict(text: string): Prediction;
  toJSON(): ClassifierJson;
}

export const CLASSIFIER_KIND = 'voc.text-classifier';
export const CLASSIFIER_VERSION = 1;

/** The serialised model: plain JSON, weights as base64 (Int8-quantised per label). */
export interface ClassifierJson {
  kind: typeof CLASSIFIER_KIND;
  id: string;
  version: number;
  labels: string[];
  out_of_scope_label: string;
  params: { features: FeatureParams; svm: SvmParams; extra_features: number };
  rows: number;
  /** Closed-set figures of the calibration folds' out-of-fold predictions, when there were folds. */
  held_out: HeldOut | null;
  temperature: number;
  threshold: number;
  buckets: string;
  idf: string;
  weights: { scales: string; values: string };
  bias: string;
}

/** Dense features a caller adds beside the n-grams (e.g. a rule-based score); fixed length. */
export type ExtraFeatures = (text: string) => readonly number[];

/**
 * Text after this character is context (e.g. the customer turn an agent reply answers): the extra
 * features read it, the n-grams do not.
 */
export const CONTEXT_SEPARATOR = '\u001d';
const ownText = (text: string) => {
  const at = text.indexOf(CONTEXT_SEPARATOR);
  return at < 0 ? text : text.slice(0, at);
};

interface Core {
  vocab: Vocabulary;
  model: LinearModel;
}

function fitCore(counts: Map<number, number>[], extras: (readonly number[])[], y: Int32Array, labels: string[], f: FeatureParams, s: SvmParams): Core {
  const vocab = fitVocabulary(counts, f);
  const width = extras[0]?.length ?? 0;
  const x: SparseVector[] = counts.map((c, i) => vectorize(c, vocab, extras[i]));
  return { vocab, model: trainOneVsRest(x, y, labels, vocab.buckets.length + width, s) };
}

/** Trains a classifier on labelled texts. Deterministic: same rows and options, same model and id. */
export function trainTextClassifier(rows: readonly LabelledText[], options: Partial<ClassifierOptions> = {}, extra?: ExtraFeatures): TextClassifier {
  const o = { ...DEFAULT_CLASSIFIER, ...options };
  const f: FeatureParams = { ...DEFAULT_FEATURES, ...options.features };
  const s: SvmParams = { ...DEFAULT_SVM, ...options.svm };
  const inScope = rows.filter((r) => r.label !== o.outOfScopeLabel);
  const labels = [...new Set(inScope.map((r) => r.label))].sort();
  if (labels.length < 2) throw new RangeError(`a classifier needs at least two labels (found ${labels.length})`);
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const counts = rows.map((r) => termCounts(ownText(r.text), f));
  const extras = rows.map((r) => (extra ? extra(r.text) : []));
  const isOos = Uint8Array.from(rows, (r) => (r.label === o.outOfScopeLabel ? 1 : 0));
  const inIdx = [...rows.keys()].filter((i) => !isOos[i]);
  const y = Int32Array.from(inIdx, (i) => labelIndex.get(rows[i]!.label)!);
  // Out-of-scope rows are no class: each label's SVM learns them as negatives, so they teach rejection.
  const target = (i: number) => (isOos[i] ? -1 : labelIndex.get(rows[i]!.label)!);

  let temperature = 1;
  let threshold = 0;
  let heldOut: HeldOut | null = null;
  if (o.calibrationFolds >= 2) {
    const fold = stratifiedFolds(rows.map((r) => r.label), o.calibrationFolds, s.seed);
    const held: Float64Array[] = new Array(rows.length);
    for (let k = 0; k < o.calibrationFolds; k++) {
      const tr = [...rows.keys()].filter((i) => fold[i] !== k);
      const core = fitCore(tr.map((i) => counts[i]!), tr.map((i) => extras[i]!), Int32Array.from(tr, target), labels, f, s);
      for (let i = 0; i < rows.length; i++) if (fold[i] === k) held[i] = margins(core.model, vectorize(counts[i]!, core.vocab, extras[i]));
    }
    temperature = fitTemperature(inIdx.map((i) => held[i]!), y);
    heldOut = { folds: o.calibrationFolds, ...closedSetFigures(inIdx.map((i) => held[i]!), y, labels.length) };
    if (o.outOfScope) {
      const top = new Float64Array(rows.length);
      const correct = new Uint8Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const p = softmax(held[i]!, temperature);
        let b = 0;
        for (let l = 1; l < p.length; l++) if (p[l]! > p[b]!) b = l;
        top[i] = p[b]!;
        correct[i] = !isOos[i] && labels[b] === rows[i]!.label ? 1 : 0;
      }
      threshold = fitThreshold(top, correct, isOos, o.rejectBudget);
    }
  }
  const all = [...rows.keys()];
  const core = fitCore(counts, extras, Int32Array.from(all, (i) => target(i)), labels, f, s);
  const json = serialise(core, { features: f, svm: s, extra_features: extras[0]?.length ?? 0 }, inIdx.length, heldOut, temperature, threshold, o.outOfScopeLabel);
  // Predict with the saved (quantised) weights, so a model behaves the same before and after saving.
  return textClassifierFromJson(json, extra);
}

const round4 = (x: number) => Math.round(x * 10000) / 10000;

/** Accuracy and macro-F1 of the arg-max label of each margin vector. */
function closedSetFigures(m: Float64Array[], gold: Int32Array, labels: number): { accuracy: number; macro_f1: number } {
  const tp = new Float64Array(labels), fp = new Float64Array(labels), fn = new Float64Array(labels);
  m.forEach((v, i) => {
    let b = 0;
    for (let l = 1; l < v.length; l++) if (v[l]! > v[b]!) b = l;
    if (b === gold[i]) tp[b]!++;
    else {
      fp[b]!++;
      fn[gold[i]!]!++;
    }
  });
  let f1 = 0, right = 0;
  for (let l = 0; l < labels; l++) {
    right += tp[l]!;
    f1 += tp[l] ? (2 * tp[l]!) / (2 * tp[l]! + fp[l]! + fn[l]!) : 0;
  }
  return { accuracy: round4(right / Math.max(m.length, 1)), macro_f1: round4(f1 / labels) };
}

function serialise(core: Core, params: ClassifierJson['params'], rows: number, heldOut: HeldOut | null, temperature: number, threshold: number, oos: string): ClassifierJson {
  const body: Omit<ClassifierJson, 'id'> = {
    kind: CLASSIFIER_KIND,
    version: CLASSIFIER_VERSION,
    labels: core.model.labels,
    out_of_scope_label: oos,
    params,
    rows,
    held_out: heldOut,
    temperature,
    threshold,
    buckets: encodeUint32(core.vocab.buckets),
    idf: encodeFloat32(core.vocab.idf),
    weights: encodeQuantised(core.model.weights, core.model.labels.length),
    bias: encodeFloat32(core.model.bias),
  };
  const { kind, ...rest } = body;
  return { kind, id: contentHash(JSON.stringify(body)), ...rest };
}

function build(json: ClassifierJson, core: Core, extra?: ExtraFeatures): TextClassifier {
  const { labels, temperature, threshold } = json;
  const f = json.params.features;
  const oos = json.out_of_scope_label;
  return {
    id: json.id,
    labels,
    outOfScopeLabel: oos,
    threshold,
    heldOut: json.held_out,
    predict(text) {
      const p = softmax(margins(core.model, vectorize(termCounts(ownText(text), f), core.vocab, extra ? extra(text) : [])), temperature);
      let b = 0;
      for (let l = 1; l < p.length; l++) if (p[l]! > p[b]!) b = l;
      const inScope = p[b]! >= threshold;
      return { label: inScope ? labels[b]! : oos, best: labels[b]!, confidence: p[b]!, inScope, probabilities: p };
    },
    toJSON: () => json,
  };
}

/** Thrown when a model file is not a model this version can read. */
export class ModelFormatError extends Error {
  override name = 'ModelFormatError';
}

/** Rebuilds a classifier from its JSON. `extra` must be the same feature function it was trained with. */
export function textClassifierFromJson(value: unknown, extra?: ExtraFeatures): TextClassifier {
  const json = value as ClassifierJson;
  if (!json || typeof json !== 'object' || json.kind !== CLASSIFIER_KIND) throw new ModelFormatError(`not a ${CLASSIFIER_KIND} model`);
  if (json.version !== CLASSIFIER_VERSION) throw new ModelFormatError(`model version ${json.version} is not ${CLASSIFIER_VERSION}`);
  if (json.params.extra_features > 0 && !extra) throw new ModelFormatError('this model needs its extra feature function');
  const vocab = vocabularyFrom(decodeUint32(json.buckets), decodeFloat32(json.idf), json.params.features);
  const weights = decodeQuantised(json.weights);
  const L = json.labels.length;
  const model: LinearModel = { labels: json.labels, features: weights.length / L, weights, bias: decodeFloat32(json.bias) };
  return build(json, { vocab, model }, extra);
}
