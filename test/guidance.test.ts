import { describe, expect, it } from 'vitest';
import { liveGuidance, type LiveContext } from '../pipeline/guidance.ts';
import { createScorer } from '../pipeline/score.ts';
import type { Turn } from '../pipeline/types.ts';

const scorer = createScorer();
const c = (text: string): Turn => ({ speaker: 'customer', text });
const a = (text: string): Turn => ({ speaker: 'agent', text });
const kinds = (turns: Turn[], ctx: Partial<LiveContext> = {}) =>
  liveGuidance(scorer, 't', turns, { channel: 'chat', priorContacts: 0, previousEffort: null, ...ctx }).guidance.map((g) => g.kind);

describe('live guidance', () => {
  const upset = c('My parcel is two weeks late and I am really frustrated.');
  it.each<[string, Turn[], Partial<LiveContext>, string[]]>([
    ['a greeting needs nothing', [a('Hi, how can I help?')], {}, []],
    ['an upset customer waiting for a reply: empathy due', [a('Hi, how can I help?'), upset], {}, ['empathy_due']],
    ['a reply that skips the feeling: empathy missed', [upset, a('What is your order number?')], {}, ['empathy_missed']],
    ['a reply that acknowledges it: nothing', [upset, a('I am so sorry, I can see how frustrating that is. Let me check it now.')], {}, []],
    ['the records say third contact: own the fix', [a('Hi, how can I help?')], { priorContacts: 2 }, ['repeat_contact']],
    ['one earlier contact is not yet an alarm', [a('Hi, how can I help?')], { priorContacts: 1 }, []],
    ['owned: the repeat-contact prompt goes', [a('I will personally make sure this is fixed today.')], { priorContacts: 2 }, []],
    ['a dismissive reply is named', [upset, a('I am sorry but that is our policy, there is nothing I can do.')], {}, ['empathy_missed', 'dismissive']],
  ])('%s', (_name, turns, ctx, expected) => {
    expect(kinds(turns, ctx).filter((k) => k !== 'effort_rising')).toEqual(expected);
  });

  it('says the customer called before when they say so, and points at their words', () => {
    const g = liveGuidance(scorer, 't', [c('This is the third time I am calling about this.')], { channel: 'chat', priorContacts: 0, previousEffort: null }).guidance;
    const repeat = g.find((x) => x.kind === 'repeat_contact')!;
    expect(repeat.message).toMatch(/contacted you about this before: own the fix/);
    expect(repeat.evidence.map((e) => e.text).join(' ')).toMatch(/third time/);
  });

  it('flags effort rising only on a real rise to a high level', () => {
    const turns = [upset, a('Can you repeat your address?'), c('I already gave it twice and I was transferred three times. I had to explain everything again.')];
    const now = liveGuidance(scorer, 't', turns, { channel: 'chat', priorContacts: 0, previousEffort: null }).scores.effort.score;
    expect(kinds(turns, { previousEffort: now - 20 })).toContain('effort_rising');
    expect(kinds(turns, { previousEffort: now - 2 })).not.toContain('effort_rising');
    expect(kinds(turns, { previousEffort: null })).not.toContain('effort_rising');
  });
});
