/**
 * The trained empathy mode and the QA agreement figures, on replies and scores written for this test.
 */
import { describe, expect, it } from 'vitest';
import { calibrateEmpathy, qaScale } from '../pipeline/empathy/calibrate.ts';
import { empathyPredictorFromJson, trainEmpathyModel, type EmpathyRow } from '../pipeline/learn/empathy-model.ts';
import { ModelFormatError } from '../pipeline/learn/classifier.ts';
import { createScorer } from '../pipeline/score.ts';
import type { Interaction } from '../pipeline/types.ts';

/** Templates × fillers: replies a QA reviewer would and would not call empathic. */
function rows(): EmpathyRow[] {
  const things = ['order', 'refund', 'flight', 'router', 'bill', 'parcel'];
  const warm = [
    'oh no, waiting all week for the {x} must have been exhausting',
    'that sounds really stressful, the {x} matters to you and we let you down',
    'I can hear how upset you are about the {x}, and you have every reason to be',
    'you have been so patient with this {x}, thank you for sticking with us',
    'what a rotten week, losing the {x} on top of everything',
  ];
  const flat = [
    'please send the {x} number by DM',
    'the {x} will be processed in 5 to 7 working days',
    'have you tried restarting the {x}',
    'our policy does not allow changes to the {x}',
    'your {x} reference is in the confirmation e-mail',
  ];
  const out: EmpathyRow[] = [];
  // Each reply after an upset and a calm customer alike, so the reply's own words must decide.
  const customers = (x: string) => [`my ${x} is a mess and I am fed up`, `question about my ${x}`];
  for (const x of things) {
    for (const c of customers(x)) {
      for (const t of warm) out.push({ text: t.replace('{x}', x), label: '1', customer: c });
      for (const t of flat) out.push({ text: t.replace('{x}', x), label: '0', customer: c });
    }
  }
  return out;
}

describe('voc empathy train', () => {
  const model = trainEmpathyModel(rows());

  it.each([
    ['that sounds exhausting, the parcel matters to you', true],
    ['please send the booking number by DM', false],
  ])('%s → empathic %s', (reply, empathic) => {
    expect(model.predict(reply, 'my booking is a mess').empathic).toBe(empathic);
  });

  it('round-trips through JSON, refuses other files, and stamps the scorer version', () => {
    const again = empathyPredictorFromJson(JSON.parse(JSON.stringify(model.toJSON())));
    expect(again.id).toBe(model.id);
    expect(() => empathyPredictorFromJson({ kind: 'voc.sentiment-model' })).toThrow(ModelFormatError);
    expect(createScorer({ empathyModel: model }).version).toContain(`+empathy.${model.id}`);
  });

  it('decides which agent replies answer the customer in the scorer', () => {
    const chat: Interaction = {
      interaction_id: 'm', channel: 'chat', kpis: {},
      turns: [
        { speaker: 'customer', text: 'My parcel is three weeks late and I am furious' },
        { speaker: 'agent', text: 'please send the parcel number by DM' },
      ],
    };
    const rules = createScorer().score(chat).empathy;
    const trained = createScorer({ empathyModel: model }).score(chat).empathy;
    expect(trained.applicable).toBe(true);
    expect(trained.triggers[0]!.response).toBe('missing');
    expect(rules.applicable).toBe(true);
    const warm = createScorer({ empathyModel: model }).score({ ...chat, turns: [chat.turns[0]!, { speaker: 'agent', text: 'waiting three weeks for the parcel must have been exhausting' }] }).empathy;
    expect(warm.triggers[0]!.response).toBe('timely');
    expect(warm.cues.some((c) => c.category === 'trained empathy')).toBe(true);
  });
});

describe('voc calibrate empathy', () => {
  it('reads 1–5 forms as such and 0–100 as is', () => {
    expect(qaScale([1, 3, 5, 4]).scale).toBe('1-5');
    expect(qaScale([10, 3, 80]).scale).toBe('0-100');
  });

  it('reports rank agreement, error and the share within the band, before and after, cross-validated', () => {
    // QA gives 1–5; voc's empathy ranks the same way but on a compressed scale.
    const level = (i: number) => Math.floor(i / 5) % 5;
    const samples = Array.from({ length: 60 }, (_, i) => ({ empathy: 40 + level(i) * 5, qa: level(i) + 1 }));
    const c = calibrateEmpathy(samples);
    expect(c.scale).toBe('1-5');
    expect(c.before.spearman).toBe(1);
    expect(c.after.mae).toBeLessThan(c.before.mae);
    expect(c.cross_validated.within_band).toBe(1);
    expect(c.before.within_band).toBeLessThan(1);
  });

  it('says how many samples it needs', () => {
    expect(() => calibrateEmpathy([{ empathy: 50, qa: 3 }])).toThrow(/at least 10/);
  });
});
