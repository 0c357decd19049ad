/** The scorecard as data and its pure evaluation: validation, N/A rescaling, critical items, each rule, agreement statistics. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoReviews } from '../demo/reviewers.ts';
import { cohenKappa, scorecardAgreement, type ReviewPair } from '../pipeline/scorecard/agreement.ts';
import { evaluate, type Answer } from '../pipeline/scorecard/evaluate.ts';
import { parseScorecard, ScorecardError } from '../pipeline/scorecard/scorecard.ts';
import { createScorer } from '../pipeline/score.ts';
import type { Interaction } from '../pipeline/types.ts';

const DEFAULT = JSON.parse(readFileSync(new URL('../lexicons/scorecards/default.json', import.meta.url), 'utf8'));

const card = (over: Record<string, unknown> = {}, items?: unknown[]) => ({
  name: 'test',
  pass_mark: 80,
  sections: [{
    name: 'S',
    items: items ?? [
      { id: 'greet', question: 'Greeted?', weight: 10, channels: ['call', 'chat'], rule: { kind: 'phrases', speaker: 'agent', where: 'first', turns: 1, phrases: ['thanks for calling', 'hello'] } },
      { id: 'hold', question: 'Short hold?', weight: 30, rule: { kind: 'hold', max_seconds: 60 } },
      { id: 'polite', question: 'No blame?', weight: 20, critical: true, rule: { kind: 'no_cue', categories: ['blame', 'dismissal'] } },
    ],
  }],
  ...over,
});

const call = (turns: [string, string][], kpis: Interaction['kpis'] = {}): Interaction => ({
  interaction_id: 'x1',
  channel: 'call',
  turns: turns.map(([speaker, text]) => ({ speaker: speaker as 'agent' | 'customer', text })),
  kpis,
});
const scorer = createScorer();
const run = (json: unknown, ix: Interaction, ctx = {}) => evaluate(parseScorecard(json), ix, scorer.score(ix), ctx);
const answerOf = (e: ReturnType<typeof run>, id: string) => e.answers.find((a) => a.item === id)!;

describe('a scorecard file', () => {
  it('the default scorecard is valid and every item explains itself', () => {
    const c = parseScorecard(DEFAULT);
    expect(c.items.length).toBeGreaterThanOrEqual(10);
    expect(c.items.some((i) => i.critical)).toBe(true);
    expect(c.version).toMatch(/^sc\d+\.[0-9a-f]{8}$/);
  });

  it('is refused with the bad item named and the reason', () => {
    const bad = card({}, [{ id: 'greet', question: 'Greeted?', weight: -1, rule: { kind: 'hold', max_seconds: 60 } }]);
    expect(() => parseScorecard(bad, 'my.json')).toThrow(/my\.json: item "greet": "weight" must be a number above 0/);
    const rule = card({}, [{ id: 'r', question: 'q', weight: 1, rule: { kind: 'telepathy' } }]);
    expect(() => parseScorecard(rule)).toThrow(/item "r": rule "kind" must be one of/);
    const chan = card({}, [{ id: 'c', question: 'q', weight: 1, channels: ['fax'], rule: { kind: 'hold', max_seconds: 1 } }]);
    expect(() => parseScorecard(chan)).toThrow(ScorecardError);
    const dup = card({}, [{ id: 'a', question: 'q', weight: 1, rule: { kind: 'transfers' } }, { id: 'a', question: 'q', weight: 1, rule: { kind: 'transfers' } }]);
    expect(() => parseScorecard(dup)).toThrow(/item "a": the id is used twice/);
  });

  it('has a version that changes with its content', () => {
    expect(parseScorecard(card()).version).not.toBe(parseScorecard(card({ pass_mark: 70 })).version);
    expect(parseScorecard(card()).version).toBe(parseScorecard(card()).version);
  });
});

describe('evaluating an interaction', () => {
  const good = call([['agent', 'Hello, thanks for calling, this is Ann.'], ['customer', 'My parcel has not arrived.'], ['agent', 'I will send a new one today.']], { hold_time_s: 30 });

  it('answers yes with points and evidence, and passes', () => {
    const e = run(card(), good);
    expect(answerOf(e, 'greet')).toMatchObject({ answer: 'yes', points: 10 });
    expect(answerOf(e, 'greet').evidence[0]).toMatchObject({ text: 'Hello', turn: 0, start: 0, end: 5 });
    expect(e).toMatchObject({ score: 100, passed: true, critical_failed: false });
  });

  it('leaves N/A items out of the total and rescales it', () => {
    const noHold = { ...good, kpis: {} };
    const bad = { ...noHold, turns: [{ speaker: 'agent' as const, text: 'Yes?' }, ...noHold.turns.slice(1)] };
    const e = run(card(), bad);
    expect(answerOf(e, 'hold').answer).toBe('na');
    expect(answerOf(e, 'greet').answer).toBe('no');
    // 20 of the 30 points that applied
    expect(e.score).toBeCloseTo(66.7, 1);
    expect(e.passed).toBe(false);
    // An item for other channels is N/A
    const email = run(card(), { ...good, channel: 'email' });
    expect(answerOf(email, 'greet')).toMatchObject({ answer: 'na', reason: 'not scored on email' });
  });

  it('fails the evaluation on a failed critical item: zeroing the score, or keeping it and marking it', () => {
    const rude = call([['agent', 'Hello.'], ['customer', 'It broke again.'], ['agent', 'That is your fault, you should have read the manual.']], { hold_time_s: 10 });
    const z = run(card(), rude);
    expect(answerOf(z, 'polite').answer).toBe('no');
    expect(answerOf(z, 'polite').evidence.length).toBeGreaterThan(0);
    expect(z).toMatchObject({ score: 0, passed: false, critical_failed: true });
    const m = run(card({ critical_fail: 'mark' }), rude);
    expect(m.score).toBeCloseTo(((10 + 30) / 60) * 100, 1);
    expect(m).toMatchObject({ passed: false, critical_failed: true });
  });

  it('reads resolution from the flag, else from a repeat contact within N days', () => {
    const items = [{ id: 'res', question: 'Resolved?', weight: 1, rule: { kind: 'resolution', days: 7 } }];
    expect(answerOf(run(card({}, items), { ...good, kpis: { resolved: false } }), 'res').answer).toBe('no');
    expect(answerOf(run(card({}, items), good, { daysToNextContact: 3 }), 'res').answer).toBe('no');
    expect(answerOf(run(card({}, items), good, { daysToNextContact: 12 }), 'res').answer).toBe('yes');
    expect(answerOf(run(card({}, items), good, { daysToNextContact: null }), 'res').answer).toBe('yes');
    expect(answerOf(run(card({}, items), good, {}), 'res').answer).toBe('na');
  });

  it('sees the agent talking over the customer on a timed call, and N/A on an untimed one', () => {
    const items = [{ id: 'over', question: 'Let them finish?', weight: 1, rule: { kind: 'talk_over', max: 0, min_overlap_s: 1 } }];
    const timed: Interaction = { ...good, turns: [
      { speaker: 'agent', text: 'Hello.', start_s: 0, end_s: 2 },
      { speaker: 'customer', text: 'My order is late and I need it for Friday.', start_s: 2, end_s: 9 },
      { speaker: 'agent', text: 'Right, what is the order number?', start_s: 6, end_s: 8 },
    ] };
    expect(answerOf(run(card({}, items), timed), 'over')).toMatchObject({ answer: 'no' });
    expect(answerOf(run(card({}, items), good), 'over').answer).toBe('na');
  });

  it('scores an intent-specific item only for that contact reason', () => {
    const items = [{ id: 'save', question: 'Retention offer?', weight: 1, rule: { kind: 'intent_phrases', intents: ['cancellation'], phrases: ['discount', 'free month'] } }];
    const cancel = call([['customer', 'I want to cancel my subscription and close my account.'], ['agent', 'Before you go, I can give you a free month.']]);
    expect(answerOf(run(card({}, items), cancel), 'save')).toMatchObject({ answer: 'yes' });
    expect(answerOf(run(card({}, items), good), 'save').answer).toBe('na');
  });
});

describe('agreement', () => {
  it("Cohen's kappa matches a hand computation", () => {
    // 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: po = 0.7, pe = 0.5·0.6 + 0.5·0.4 = 0.5, kappa = 0.4
    const pairs: [Answer, Answer][] = [
      ...Array(20).fill(['yes', 'yes']), ...Array(5).fill(['yes', 'no']), ...Array(10).fill(['no', 'yes']), ...Array(15).fill(['no', 'no']),
    ];
    expect(cohenKappa(pairs)).toBeCloseTo(0.4, 10);
    expect(cohenKappa([])).toBeNull();
  });

  it('recovers the demo reviewers\' known agreement within its intervals', () => {
    const c = parseScorecard(DEFAULT);
    const auto = [];
    let k = 0;
    for (let i = 0; i < 400; i++) for (const item of c.items) auto.push({ interaction_id: `i${i}`, item: item.id, answer: (['yes', 'yes', 'no', 'na'] as const)[(k++ * 7 + i) % 4] });
    const { reviews, expected } = demoReviews(auto, { sample: 300, seed: 3 });
    const autoOf = new Map(auto.map((a) => [`${a.interaction_id}|${a.item}`, a.answer]));
    const pairs: ReviewPair[] = reviews.map((r) => ({ ...r, auto: autoOf.get(`${r.interaction_id}|${r.item}`)!, human: r.answer }));
    const a = scorecardAgreement(c, pairs, { resamples: 400 });
    for (const r of a.per_reviewer) {
      expect(r.exact_ci![0]).toBeLessThanOrEqual(expected.per_reviewer[r.reviewer]!);
      expect(r.exact_ci![1]).toBeGreaterThanOrEqual(expected.per_reviewer[r.reviewer]!);
    }
    expect(a.between_reviewers.exact_ci![0]).toBeLessThanOrEqual(expected.between);
    expect(a.between_reviewers.exact_ci![1]).toBeGreaterThanOrEqual(expected.between);
    // The strict reviewer departs from yes answers at 20%, the lenient from no answers at 30%: neither agrees perfectly.
    expect(expected.per_reviewer['strict.reviewer']).toBeLessThan(0.95);
    expect(a.items.every((i) => i.n === 600)).toBe(true);
  });
});

describe('an abandoned contact', () => {
  it('is not evaluated: every item is N/A and there is no score', () => {
    const e = run(card(), { interaction_id: 'a1', channel: 'call', turns: [], kpis: { abandoned: true, hold_time_s: 500 } });
    expect(e.answers.every((a) => a.answer === 'na')).toBe(true);
    expect(e.score).toBeNull();
  });
});
