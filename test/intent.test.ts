import { describe, expect, it } from 'vitest';
import { OTHER, scoreIntent, type IntentPredictor } from '../pipeline/intent/index.ts';
import { compileIntentLexicon, IntentLexiconError, INTENTS } from '../pipeline/intent/patterns.ts';
import { prepare, prepareText } from '../pipeline/text/document.ts';

describe('built-in contact reasons', () => {
  it.each([
    ['I was billed twice this month and the invoice looks wrong', 'billing'],
    ['You overcharged me on my last statement', 'billing'],
    ['I want a refund for the broken headphones', 'refund'],
    ['Can I have my money back please', 'refund'],
    ['Please cancel my subscription from next month', 'cancellation'],
    ['I would like to close my account', 'cancellation'],
    ['Where is my order? It was due on Monday', 'delivery'],
    ['My parcel never arrived and the tracking number shows nothing', 'delivery'],
    ["I can't log in to the app since yesterday", 'account_access'],
    ['I am locked out and need to reset my password', 'account_access'],
    ['The website keeps crashing when I open the basket', 'technical_problem'],
    ['Your app stopped working after the update', 'technical_problem'],
    ['This is unacceptable, the worst service I have had', 'complaint'],
    ['I want to make a formal complaint about your driver', 'complaint'],
    ['Thank you so much, the agent went above and beyond', 'praise'],
    ['Great service as always, keep up the good work', 'praise'],
    ['Is it compatible with the older charger?', 'product_question'],
    ['Is the blue one in stock in a medium?', 'product_question'],
    ['My card was declined at checkout', 'payment'],
    ['Can I set up a direct debit instead?', 'payment'],
    ['I need to change my address, we moved house', 'change_details'],
    ['Please update my phone number on file', 'change_details'],
    ['How do I return this? It is the wrong size', 'returns'],
    ['There is a payment on my card I did not make, I think it is fraud', 'fraud_security'],
    ['My account was hacked last night', 'fraud_security'],
    ['I just want to speak to a real person', 'agent_request'],
    ['Good morning', OTHER],
    ['The weather is nice today', OTHER],
  ])('%s → %s', (text, intent) => {
    expect(scoreIntent(prepareText(text)).primary).toBe(intent);
  });

  it('is multi-label, best first, each with confidence and evidence offsets into the turn', () => {
    const text = 'I was charged twice, so please refund me.';
    const r = scoreIntent(prepareText(text));
    const names = r.intents.map((m) => m.intent);
    expect(names).toContain('billing');
    expect(names).toContain('refund');
    for (let i = 1; i < r.intents.length; i++) expect(r.intents[i - 1]!.confidence).toBeGreaterThanOrEqual(r.intents[i]!.confidence);
    for (const m of r.intents) {
      expect(m.confidence).toBeGreaterThanOrEqual(INTENTS.minConfidence);
      expect(m.confidence).toBeLessThan(1);
      for (const e of m.evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
    }
    const billing = r.intents.find((m) => m.intent === 'billing')!;
    expect(billing.evidence[0]).toMatchObject({ text: 'charged twice', turn: 0, start: 6, end: 19 });
  });

  it('reads only the customer: an agent offering a refund is not a refund request', () => {
    const doc = prepare({
      channel: 'chat',
      turns: [
        { speaker: 'customer', text: 'Hi, my parcel has not arrived yet.' },
        { speaker: 'agent', text: 'Sorry about that. I can cancel the order and refund you.' },
      ],
    });
    const r = scoreIntent(doc);
    expect(r.primary).toBe('delivery');
    expect(r.intents.map((m) => m.intent)).not.toContain('refund');
    expect(r.intents.map((m) => m.intent)).not.toContain('cancellation');
  });

  it('answers other with no customer words', () => {
    expect(scoreIntent(prepare({ channel: 'call', turns: [{ speaker: 'agent', text: 'Please cancel it.' }] }))).toEqual({ primary: OTHER, confidence: 0, intents: [] });
  });

  it.each([
    ['The whole network is down again in my street', 'service_outage'],
    ['No internet since this morning, is anyone else having this?', 'service_outage'],
    ['My flight was cancelled and now I am stranded in Denver', 'travel_disruption'],
    ['We missed our connection because of the delay', 'travel_disruption'],
    ['Online check in keeps failing for my trip tomorrow', 'travel_disruption'],
    ['My suitcase never came off the belt at baggage claim', 'baggage'],
    ['I need to change my flight to Friday', 'booking_change'],
    ['Can you fix the name on my ticket? It is spelled wrong', 'booking_change'],
    ['The driver was rude and hung up on me', 'staff_complaint'],
    ['My channel was suspended for no reason', 'account_access'],
    ['I can not get into my account since yesterday', 'account_access'],
    ['Someone got into my account and changed the email', 'fraud_security'],
    ['Since the last update the app will not open', 'technical_problem'],
    ['The game no longer loads, it keeps getting an error screen', 'technical_problem'],
    ['You still charged me after I cancelled twice', 'billing'],
    ['Worst customer service ever, on hold for two hours', 'complaint'],
    ['Huge shout out to the crew on this morning’s flight, you guys rock', 'praise'],
    ['Is it possible to use the voucher in another country?', 'product_question'],
    ['I bought a gift card and did not receive the code', 'delivery'],
    ['We have been without internet all weekend', 'service_outage'],
    ["Where's my wifi gone, it has been out since noon", 'service_outage'],
    ['Really poor signal in the whole town this week', 'service_outage'],
    ['I am having trouble with the new remote', 'technical_problem'],
    ['My subscription ran out but I am still being charged', 'billing'],
    ['Terrible customer support, I have asked three times', 'complaint'],
    ['Nobody ever gets back to me about my claim', 'complaint'],
    ['I got the wrong item in my box today', 'delivery'],
    ['Can I still pre-order the new console in store?', 'product_question'],
    ['The pasta bake was delicious, so happy with tonight', 'praise'],
    ['Moving house was stress free thanks to your crew', 'praise'],
    ['You set the bar for how a bakery should treat people', 'praise'],
    ['Get your act together, the lift has been broken for a month', 'complaint'],
    ['The sandwich was soggy and the coffee stale', 'complaint'],
    ['My upload speed drops to nothing every evening', 'technical_problem'],
    ['The screen is frozen on the welcome page', 'technical_problem'],
    ['What are the dimensions of the cabin bag allowance?', 'product_question'],
    ['Who do I contact about a missing loyalty stamp?', 'product_question'],
  ])('real-traffic reason: %s → %s', (text, intent) => {
    expect(scoreIntent(prepareText(text)).intents.map((m) => m.intent)).toContain(intent);
  });

  it.each(['I use the app every day', 'The network of friends I made there is great', 'Thanks for getting back to me so quickly'])('a weak cue alone stays below the threshold: %s', (text) => {
    expect(scoreIntent(prepareText(text)).primary).toBe(OTHER);
  });
});

describe('with a trained model', () => {
  const model = (label: string, confidence: number, inScope: boolean): IntentPredictor => ({ id: 'test', predict: () => ({ label, confidence, inScope }) });

  it("makes the model's label primary, with the taxonomy's cues as evidence when the names agree", () => {
    const r = scoreIntent(prepareText('Please refund me, I was charged twice'), model('refund', 0.9, true));
    expect(r.primary).toBe('refund');
    expect(r.confidence).toBe(0.9);
    expect(r.intents[0]!.evidence.map((e) => e.text)).toEqual(['refund']);
    expect(r.intents.map((m) => m.intent)).toContain('billing');
  });

  it('answers other below the out-of-scope threshold', () => {
    const r = scoreIntent(prepareText('Please refund me'), model('oos', 0.2, false));
    expect(r.primary).toBe(OTHER);
  });

  it('accepts labels outside the built-in taxonomy', () => {
    expect(scoreIntent(prepareText('my card has not come yet'), model('card_arrival', 0.8, true)).primary).toBe('card_arrival');
  });
});

describe('the intents lexicon', () => {
  it('rejects bad entries', () => {
    expect(() => compileIntentLexicon({ min_confidence: 2, intents: {} })).toThrow(IntentLexiconError);
    expect(() => compileIntentLexicon({ min_confidence: 0.5, intents: { x: { patterns: { '_ foo': 1 } } } })).toThrow(IntentLexiconError);
    expect(() => compileIntentLexicon({ min_confidence: 0.5, intents: { x: { patterns: { foo: -1 } } } })).toThrow(IntentLexiconError);
    expect(() => compileIntentLexicon({ min_confidence: 0.5, intents: { other: { patterns: { foo: 1 } } } })).toThrow(IntentLexiconError);
  });

  it('supports alternatives, prefixes and the one-word gap', () => {
    const lex = compileIntentLexicon({ min_confidence: 0.5, intents: { upgrade: { patterns: { 'upgrad* my _ plan|contract': 2 } } } });
    const r = scoreIntent(prepareText('I want to upgrade my mobile contract'), undefined, lex);
    expect(r.primary).toBe('upgrade');
    expect(r.intents[0]!.evidence[0]!.text).toBe('upgrade my mobile contract');
  });
});
