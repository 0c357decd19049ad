/**
 * A trained empathy model: does an agent reply express empathy? The classifier's n-grams of the reply
 * plus the rule cues as features (one per cue category of lexicons/empathy-cues.json, whether the reply
 * asks a question, and, when the customer turn it answers is given, whether that turn called for
 * empathy and how negative it was), so the model learns which cues people count where.
 */
import { CATEGORIES, findCues } from '../empathy/cues.ts';
import { findTrigger } from '../empathy/triggers.ts';
import { scoreSentiment } from '../sentiment/index.ts';
import { prepareText } from '../text/document.ts';
import { CONTEXT_SEPARATOR, ModelFormatError, textClassifierFromJson, trainTextClassifier, type ClassifierJson, type ClassifierOptions, type HeldOut } from './classifier.ts';

export const EMPATHY_MODEL_KIND = 'voc.empathy-model';
export const EMPATHY_MODEL_VERSION = 1;

const CATEGORY_NAMES = [...CATEGORIES.keys()].sort();

/** An agent reply, and the customer turn it answers when known, as one classifier input. */
export const empathyInput = (reply: string, customer?: string | null) => (customer ? `${reply}${CONTEXT_SEPARATOR}${customer}` : reply);

/** The rule cues of a reply (and its customer turn) as dense features. */
export function cueFeatures(input: string): number[] {
  const at = input.indexOf(CONTEXT_SEPARATOR);
  const reply = at < 0 ? input : input.slice(0, at);
  const customer = at < 0 ? null : input.slice(at + 1);
  const turn = prepareText(reply, 'agent', 'chat').turns[0]!;
  const found = new Set(findCues(turn).map((c) => c.category));
  const out: number[] = CATEGORY_NAMES.map((name) => (found.has(name) ? 1 : 0));
  out.push(/\?/.test(reply) ? 1 : 0);
  if (customer) {
    const doc = prepareText(customer, 'customer', 'chat');
    const sentiment = scoreSentiment(doc);
    out.push(findTrigger(doc.turns[0]!, sentiment.sentences) ? 1 : 0, Math.min(0, sentiment.score), 1);
  } else out.push(0, 0, 0);
  return out;
}

/**
 * Training defaults: two labels, no out-of-scope threshold, balanced label weights (empathic replies
 * are the minority in most QA samples, and F1 of the empathic label is what counts).
 */
export const EMPATHY_TRAINING: Partial<ClassifierOptions> = { outOfScope: false, svm: { balanced: true, c: 0.5 } };

export interface EmpathyPredictor {
  /** Content hash of the model, stamped into the scorer version. */
  id: string;
  /** Whether a reply expresses empathy, and the probability of that. */
  predict(reply: string, customer?: string | null): { empathic: boolean; probability: number };
}

export interface EmpathyModel extends EmpathyPredictor {
  heldOut: HeldOut | null;
  toJSON(): EmpathyModelJson;
}

export interface EmpathyModelJson {
  kind: typeof EMPATHY_MODEL_KIND;
  id: string;
  version: number;
  categories: string[];
  classifier: ClassifierJson;
}

function wrap(classifier: ReturnType<typeof trainTextClassifier>): EmpathyModel {
  const yes = classifier.labels.indexOf('1');
  const json: EmpathyModelJson = { kind: EMPATHY_MODEL_KIND, id: classifier.id, version: EMPATHY_MODEL_VERSION, categories: CATEGORY_NAMES, classifier: classifier.toJSON() };
  return {
    id: classifier.id,
    heldOut: classifier.heldOut,
    predict(reply, customer) {
      const p = classifier.predict(empathyInput(reply, customer));
      return { empathic: p.best === '1', probability: p.probabilities[yes]! };
    },
    toJSON: () => json,
  };
}

export interface EmpathyRow {
  /** The agent reply. */
  text: string;
  /** 1 when people judged that the reply expresses empathy, 0 when not. */
  label: '0' | '1';
  /** The customer turn the reply answers, when known. */
  customer?: string | null;
}

/** Trains on agent replies labelled 1 (expresses empathy) or 0. */
export function trainEmpathyModel(rows: readonly EmpathyRow[], opts: Partial<ClassifierOptions> = {}): EmpathyModel {
  const bad = rows.find((r) => r.label !== '0' && r.label !== '1');
  if (bad) throw new RangeError(`empathy labels are 1 (expresses empathy) or 0, not "${bad.label}"`);
  const input = rows.map((r) => ({ text: empathyInput(r.text, r.customer), label: r.label }));
  return wrap(trainTextClassifier(input, { ...EMPATHY_TRAINING, ...opts, svm: { ...EMPATHY_TRAINING.svm, ...opts.svm } }, cueFeatures));
}

/** Rebuilds a model written by `toJSON()` (what `voc empathy train` saves). */
export function empathyPredictorFromJson(value: unknown): EmpathyModel {
  const json = value as EmpathyModelJson;
  if (!json || typeof json !== 'object' || json.kind !== EMPATHY_MODEL_KIND) throw new ModelFormatError(`not a ${EMPATHY_MODEL_KIND} model`);
  if (json.version !== EMPATHY_MODEL_VERSION) throw new ModelFormatError(`empathy model version ${json.version} is not ${EMPATHY_MODEL_VERSION}`);
  if (JSON.stringify(json.categories) !== JSON.stringify(CATEGORY_NAMES)) {
    throw new ModelFormatError('the empathy cue categories changed since this model was trained: train it again with `voc empathy train`');
  }
  return wrap(textClassifierFromJson(json.classifier, cueFeatures));
}
