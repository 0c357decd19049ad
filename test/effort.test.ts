import { describe, expect, it } from 'vitest';
import { DEFAULT_CES_MAPPING, predictCes } from '../pipeline/effort/ces.ts';
import { findEffortCues } from '../pipeline/effort/cues.ts';
import { scoreEffort } from '../pipeline/effort/index.ts';
import { scoreSentiment } from '../pipeline/sentiment/index.ts';
import { prepare, prepareText } from '../pipeline/text/document.ts';
import type { Kpis, ScoringContext, Turn } from '../pipeline/types.ts';

const drivers = (text: string) => findEffortCues(prepareText(text).turns[0]!).map((c) => c.driver.name);
const effort = (turns: Turn[], kpis: Kpis = {}, context: ScoringContext = {}) => {
  const doc = prepare({ channel: 'chat', turns });
  return scoreEffort(doc, kpis, context, scoreSentiment(doc));
};

describe('effort cues: do and feel', () => {
  const table: [string, string][] = [
    ['repeat_contact', "This is the third time I'm calling about it."],
    ['repeat_contact', 'I emailed last week and heard nothing.'],
    ['repeat_contact', 'I have called twice already.'],
    ['transfer', 'I keep getting passed around.'],
    ['transfer', 'I was transferred again to billing.'],
    ['channel_switch', 'The chat told me to call you instead.'],
    ['repeat_info', 'As I already said, the account is in my name.'],
    ['repeat_info', 'How many times do I have to repeat myself?'],
    ['waiting', 'I was on hold for 40 minutes.'],
    ['waiting', "I'm still waiting for the replacement."],
    ['confusion', "I'm confused about which form to use."],
    ['frustration', 'What a waste of my time.'],
    ['unmet_expectation', 'I was promised a call back yesterday.'],
    ['repeat_contact', 'Three times now I have asked for the same thing.'],
    ['repeat_contact', 'Twice now the technician has not turned up.'],
    ['unmet_expectation', 'I cancelled but you are still billing me.'],
    ['unmet_expectation', 'You are still charging me even though I cancelled the plan.'],
    ['ease', 'That was really easy, thanks.'],
  ];
  it.each(table)('%s: %s', (driver, text) => {
    expect(drivers(text)).toContain(driver);
  });
  it.each(["I didn't have to wait at all.", 'Can I change my address?', 'My name is on the account.'])('no effort cue: %s', (text) => {
    expect(drivers(text).filter((d) => d !== 'ease')).toEqual([]);
  });
});

describe('scoreEffort', () => {
  it('nothing said and no records: zero effort, the low end of the CES mapping', () => {
    const r = effort([{ speaker: 'customer', text: 'Can I update my address?' }]);
    expect(r.score).toBe(0);
    expect(r.drivers).toEqual([]);
    expect(r.predicted_ces).toBe(predictCes(0));
  });

  it('records are drivers of kind record, with evidence from the records', () => {
    const r = effort([{ speaker: 'customer', text: 'Hi.' }], { transfers: 2, hold_time_s: 600 }, { priorContacts: 1 });
    expect(r.drivers.map((d) => [d.driver, d.kind])).toEqual(expect.arrayContaining([
      ['transfers', 'record'], ['hold_time', 'record'], ['prior_contacts', 'record'],
    ]));
    expect(r.drivers.find((d) => d.driver === 'transfers')!.evidence[0]).toMatchObject({ turn: -1, cue: 'kpis.transfers' });
    expect(r.score).toBeGreaterThan(50);
  });

  it('a hold under two minutes is no driver', () => {
    expect(effort([{ speaker: 'customer', text: 'Hi.' }], { hold_time_s: 90 }).drivers).toEqual([]);
  });

  it('a spoken transfer counts less when the record has it too', () => {
    const said = [{ speaker: 'customer' as const, text: 'I was transferred again.' }];
    const textOnly = effort(said).drivers.find((d) => d.driver === 'transfer')!;
    const both = effort(said, { transfers: 1 }).drivers.find((d) => d.driver === 'transfer')!;
    expect(both.weight).toBe(textOnly.weight / 2);
  });

  it('more effort, higher score and predicted CES; only the customer\'s words count', () => {
    const easy = effort([{ speaker: 'customer', text: 'Sorted in minutes, so easy.' }]);
    const hard = effort([
      { speaker: 'customer', text: "Third time calling. I've been passed around and was on hold for an hour. As I already said, it's frustrating." },
      { speaker: 'agent', text: 'I was transferred to you and waited on hold too.' },
    ]);
    expect(easy.score).toBe(0);
    expect(hard.score).toBeGreaterThan(70);
    expect(hard.predicted_ces).toBeGreaterThan(easy.predicted_ces);
    for (const d of hard.drivers) for (const e of d.evidence) expect(e.turn).toBe(0);
    expect(hard.drivers.map((d) => d.kind)).toEqual(expect.arrayContaining(['do', 'feel']));
  });

  it('the CES mapping is monotone and stays in 1-7', () => {
    let last = 0;
    for (let e = 0; e <= 100; e += 5) {
      const c = predictCes(e, DEFAULT_CES_MAPPING);
      expect(c).toBeGreaterThanOrEqual(Math.max(1, last));
      expect(c).toBeLessThanOrEqual(7);
      last = c;
    }
  });
});
