import { describe, expect, it } from 'vitest';
import { textClassifierFromJson, trainTextClassifier, ModelFormatError } from '../pipeline/learn/classifier.ts';
import { fitThreshold } from '../pipeline/learn/calibrate.ts';
import { stratifiedFolds } from '../pipeline/learn/folds.ts';
import { decodeQuantised, encodeQuantised } from '../pipeline/learn/encode.ts';
import { crossValidate, sentimentPredictorFromJson, trainSentimentModel } from '../pipeline/learn/sentiment-model.ts';

/** A small synthetic set of contact reasons: templates × fillers, written for these tests. */
function intentRows(): { text: string; label: string }[] {
  const items = ['phone', 'jacket', 'laptop', 'blender', 'sofa', 'printer'];
  const templates: Record<string, string[]> = {
    refund: ['I want my money back for the {x}', 'please refund the {x} I bought', 'when will the refund for my {x} arrive', 'can I get a refund on this {x}'],
    delivery: ['where is my {x} order', 'my {x} has not been delivered yet', 'the {x} parcel is late', 'tracking says the {x} is still in transit'],
    password: ['I forgot the password for my account', 'reset my password please, I bought a {x}', 'my password does not work any more', 'how do I change my password'],
    opening_hours: ['what time does the {x} shop open', 'are you open on sunday', 'when do you close today', 'opening hours of the store that sells {x}'],
  };
  const rows: { text: string; label: string }[] = [];
  for (const [label, ts] of Object.entries(templates)) for (const t of ts) for (const x of items) rows.push({ text: t.replace('{x}', x), label });
  return rows;
}

describe('trainTextClassifier', () => {
  const rows = intentRows();
  const model = trainTextClassifier(rows);

  it.each([
    ['could you refund the kettle', 'refund'],
    ['where is my kettle order', 'delivery'],
    ['I forgot my password again', 'password'],
    ['is the shop open on sunday', 'opening_hours'],
  ])('%s → %s', (text, label) => {
    expect(model.predict(text).best).toBe(label);
  });

  it('is deterministic: same rows, same id and weights', () => {
    const again = trainTextClassifier(rows);
    expect(again.id).toBe(model.id);
    expect(again.toJSON()).toEqual(model.toJSON());
  });

  it('round-trips through plain JSON with the same predictions', () => {
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    expect(json).toMatchObject({ kind: 'voc.text-classifier', version: 1, labels: ['delivery', 'opening_hours', 'password', 'refund'] });
    const back = textClassifierFromJson(json);
    expect(back.id).toBe(model.id);
    for (const t of ['refund my sofa', 'parcel late', 'zebra crossing']) {
      const a = model.predict(t), b = back.predict(t);
      expect(b.label).toBe(a.label);
      expect(b.confidence).toBe(a.confidence);
    }
  });

  it('gives probabilities that sum to one and a threshold in 0 … 1', () => {
    const p = model.predict('where is my refund');
    expect([...p.probabilities].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(model.threshold).toBeGreaterThanOrEqual(0);
    expect(model.threshold).toBeLessThan(1);
    expect(model.heldOut?.accuracy).toBeGreaterThan(0.8);
  });

  it('answers "oos" below the threshold it tuned on out-of-scope training rows', () => {
    const oos = ['tell me a joke', 'what is the weather like', 'play some jazz music', 'how tall is mount everest', 'who won the football', 'translate hello into french'];
    const m = trainTextClassifier([...rows, ...oos.flatMap((t) => [t, `${t} now`]).map((text) => ({ text, label: 'oos' }))]);
    expect(m.labels).not.toContain('oos');
    expect(m.predict('please refund the phone').label).toBe('refund');
    expect(m.predict('sing me a song about the weather').inScope).toBe(false);
  });

  it('refuses fewer than two labels and foreign JSON', () => {
    expect(() => trainTextClassifier([{ text: 'a', label: 'x' }, { text: 'b', label: 'x' }])).toThrow(RangeError);
    expect(() => textClassifierFromJson({ kind: 'something-else' })).toThrow(ModelFormatError);
  });
});

describe('helpers', () => {
  it('fits the out-of-scope threshold on a budget of right answers, whatever the out-of-scope rows', () => {
    // 100 in-scope rows: the right ones at 0.50 … 0.99, ten wrong ones at 0.20 … 0.38.
    const right = Array.from({ length: 90 }, (_, i) => 0.5 + i * 0.0055);
    const wrong = Array.from({ length: 10 }, (_, i) => 0.2 + i * 0.02);
    const fit = (oosTops: number[], budget: number) => {
      const top = Float64Array.from([...right, ...wrong, ...oosTops]);
      const correct = Uint8Array.from([...right.map(() => 1), ...wrong.map(() => 0), ...oosTops.map(() => 0)]);
      const oos = Uint8Array.from([...right.map(() => 0), ...wrong.map(() => 0), ...oosTops.map(() => 1)]);
      return fitThreshold(top, correct, oos, budget);
    };
    // No right answer may go: the threshold sits between the last wrong guess and the first right one.
    expect(fit([], 0)).toBeCloseTo((0.38 + 0.5) / 2, 6);
    // 2% of 100 rows: the two least sure right answers go too.
    expect(fit([], 0.02)).toBeCloseTo((0.5055 + 0.511) / 2, 6);
    // Out-of-scope rows, low or high, do not move it.
    expect(fit([0.1, 0.3, 0.45, 0.6, 0.9], 0.02)).toBeCloseTo(fit([], 0.02), 6);
  });

  it('stratified folds spread every label over the folds', () => {
    const labels = [...'aaaaabbbbbcccccddddd'];
    const fold = stratifiedFolds(labels, 5);
    for (let k = 0; k < 5; k++) expect(labels.filter((_, i) => fold[i] === k)).toHaveLength(4);
  });

  it('Int8 quantisation keeps weights within 1/254 of their column range', () => {
    const a = Float32Array.from([0.5, -2, 0.25, 1, -0.125, 0.003]);
    const b = decodeQuantised(encodeQuantised(a, 2));
    b.forEach((v, i) => expect(Math.abs(v - a[i]!)).toBeLessThanOrEqual((i % 2 ? 2 : 0.5) / 254 + 1e-7));
  });
});

describe('trainSentimentModel', () => {
  const pos = ['the staff were lovely and helpful', 'great flight, thank you', 'quick answer, really pleased', 'loved the new seats', 'friendly crew and on time'];
  const neg = ['my bag is lost and nobody answers', 'delayed again, terrible', 'rude agent and a long wait', 'worst airline ever', 'the flight was cancelled with no notice'];
  const neu = ['what time does boarding start', 'is there wifi on this route', 'I fly to denver tomorrow', 'which terminal is it', 'can I bring a guitar on board'];
  const rows = [...pos.map((text) => ({ text, label: 'positive' as const })), ...neg.map((text) => ({ text, label: 'negative' as const })), ...neu.map((text) => ({ text, label: 'neutral' as const }))];
  const model = trainSentimentModel([...rows, ...rows.map((r) => ({ ...r, text: r.text + ' today' }))]);

  it('predicts a label and a score in −1 … 1 that agree in sign', () => {
    for (const t of ['lovely crew, thank you', 'lost bag and rude agent', 'which gate for denver']) {
      const p = model.predict(t);
      expect(p.score).toBeGreaterThanOrEqual(-1);
      expect(p.score).toBeLessThanOrEqual(1);
      if (p.label === 'positive') expect(p.score).toBeGreaterThan(0);
      if (p.label === 'negative') expect(p.score).toBeLessThan(0);
    }
    expect(model.predict('the crew were lovely and friendly').label).toBe('positive');
    expect(model.predict('terrible delay and my bag is lost').label).toBe('negative');
  });

  it('round-trips through JSON', () => {
    const back = sentimentPredictorFromJson(JSON.parse(JSON.stringify(model.toJSON())));
    expect(back.id).toBe(model.id);
    expect(back.predict('rude agent').label).toBe(model.predict('rude agent').label);
  });

  it('rejects labels other than positive, neutral, negative', () => {
    expect(() => trainSentimentModel([{ text: 'x', label: 'meh' as 'neutral' }])).toThrow(RangeError);
  });

  it('crossValidate predicts every row from a model that did not see it', () => {
    const cv = crossValidate(rows, (tr) => trainSentimentModel(tr, { calibrationFolds: 0 }), 5);
    expect(cv.n).toBe(rows.length);
    expect(cv.predicted.every((p) => ['positive', 'neutral', 'negative'].includes(p))).toBe(true);
    expect(cv.macro_f1).toBeGreaterThanOrEqual(0);
    expect(cv.macro_f1).toBeLessThanOrEqual(1);
  });
});
