import { describe, expect, it } from 'vitest';
import { labelOf, scoreSentiment, type SentimentPredictor } from '../pipeline/sentiment/index.ts';
import { prepare, prepareText } from '../pipeline/text/document.ts';
import type { SentimentLabel } from '../pipeline/types.ts';

const score = (text: string) => scoreSentiment(prepareText(text));

describe('sentence sentiment by rule', () => {
  const labels: [string, SentimentLabel][] = [
    // plain words
    ['The new blender is wonderful.', 'positive'],
    ['The delivery man was rude to my mother.', 'negative'],
    ['My order number is on the receipt.', 'neutral'],
    // negation with scope
    ['Honestly the soup was not bad.', 'positive'],
    ['I never had a problem with this kettle.', 'positive'],
    ['No problems with the install at all.', 'positive'],
    ['No complaints from our side.', 'positive'],
    ['The manager was not helpful in the slightest.', 'negative'],
    ['They gave me no refund and no explanation.', 'negative'],
    // customer-service phrases
    ['Still waiting for somebody to call me back.', 'negative'],
    ['I was on hold for forty minutes this morning.', 'negative'],
    ['This is the third time I have written about this order.', 'negative'],
    ['Thanks for nothing.', 'negative'],
    ['The rep got it sorted in five minutes.', 'positive'],
    ['My train was cancelled and my connection was delayed.', 'negative'],
    ['The airline lost my bag on the way to Lisbon.', 'negative'],
    ['Your phone line keeps hanging up on me.', 'negative'],
    ['Two hours at the gate and counting.', 'negative'],
    ['The agent at the desk was less than helpful.', 'negative'],
    ['The delay made us miss our connection in Chicago.', 'negative'],
    ['We sat on the tarmac while they looked at a maintenance issue.', 'negative'],
    ['I gave up and booked with someone else.', 'negative'],
    ['The problem was solved after the reset, thank you!', 'positive'],
    ['Tried it again and it works now.', 'positive'],
    ['I restarted the router and it is ok now.', 'positive'],
    ['Everything is back to normal.', 'positive'],
    ['The flight leaves at ten and lands at noon.', 'neutral'],
    // complaint questions and the forms brands answer with
    ["Why hasn't anyone called me back about the broken dryer?", 'negative'],
    ['Why did you move my appointment without asking?', 'negative'],
    ['All I got back was a form letter.', 'negative'],
    ['All I got was another generic reply.', 'negative'],
    ["I can't even log in to check my balance.", 'negative'],
    ['Next time I will go with a different carrier.', 'negative'],
    ['There is no excuse for treating people like that.', 'negative'],
    ['The shuttle had no water and no power for the whole trip.', 'negative'],
    ['I called 4 times before lunch.', 'negative'],
    ['I have emailed three times about the same bill.', 'negative'],
    ['We are told it is the call volume, again.', 'negative'],
    ['The app crashed yet again.', 'negative'],
    ['Your chat line is not answering.', 'negative'],
    ['We had to pay for a hotel ourselves.', 'negative'],
    ['Is the store open on Sunday?', 'neutral'],
    // sarcasm and wishes
    ['Thanks for keeping me on hold all afternoon.', 'negative'],
    ['It would be nice to get an answer at some point.', 'neutral'],
    // idioms
    ["Can't wait to try the new menu!", 'positive'],
    ['This charger is a total rip off.', 'negative'],
    ["Couldn't be happier with the new mattress.", 'positive'],
    ["Don't waste your money on these speakers.", 'negative'],
    ['Would buy again, no hesitation.', 'positive'],
    // emoji and emoticons
    ['Parcel arrived 👍', 'positive'],
    ['Parcel arrived :(', 'negative'],
    ['My seat was broken 😡', 'negative'],
    // customer-service phrases
    ['The whole internet is down again on our street.', 'negative'],
    ['I have been locked out since Tuesday.', 'negative'],
    ['Honestly, get your act together.', 'negative'],
    ['I still have yet to hear from anyone.', 'negative'],
    ['Waiting for 3 hours at the desk with two kids.', 'negative'],
    ['Queuing since eight this morning.', 'negative'],
    ['I want my money back.', 'negative'],
    ['The network team will be on site at nine.', 'neutral'],
    ['I have a travel credit from March for a party of three.', 'neutral'],
    ['Can my friend use my award miles?', 'neutral'],
    ['I am running out of patience with this order.', 'negative'],
    ['By now I have given up on the refund.', 'negative'],
    ['Is this the way you treat people who pay every month?', 'negative'],
    ['Stop copying and pasting the same reply.', 'negative'],
    ['How can you ignore three letters in a row?', 'negative'],
    ['This printer drives me crazy.', 'negative'],
    ['I will defend my rights as a tenant.', 'negative'],
    ['You only said it would be looked at.', 'negative'],
    ['We would like a full refund for the broken chairs.', 'negative'],
    ['Let me tell you again what the tracking page shows.', 'negative'],
  ];
  it.each(labels)('%s → %s', (text, label) => {
    expect(score(text).label).toBe(label);
  });

  it('reads a hashtag no lexicon knows by its listed start or end, and other hashtags as names', () => {
    expect(score('Two hours at the desk #acmefail').label).toBe('negative');
    expect(score('#neveragain').label).toBe('negative');
    expect(score('Landed early #acmerocks').label).toBe('positive');
    const tag = score('Landed early #acmerocks').sentences[0]!.evidence.find((e) => e.text === 'acmerocks');
    expect(tag?.cue).toBe('hashtag: …rocks');
    // Not a hashtag: the same letters as a plain word are no opinion.
    expect(score('acmefail').label).toBe('neutral');
    expect(score('Booked for Tuesday #acmetravel').label).toBe('neutral');
  });

  it('gives more weight to what follows "but"', () => {
    expect(score('The room was lovely but the staff were awful.').label).toBe('negative');
    expect(score('The staff were awful but the room was lovely.').label).toBe('positive');
  });

  it('makes intensifiers stronger, diminishers weaker', () => {
    const plain = score('The app is good.').score;
    expect(score('The app is extremely good.').score).toBeGreaterThan(plain);
    expect(score('The app is slightly good.').score).toBeLessThan(plain);
    expect(score('The app is extremely bad.').score).toBeLessThan(score('The app is bad.').score);
  });

  it('reads ALL CAPS and exclamation marks as emphasis', () => {
    const plain = score('the staff were great today').score;
    expect(score('the staff were GREAT today').score).toBeGreaterThan(plain);
    expect(score('the staff were great today!!!').score).toBeGreaterThan(plain);
    // a sentence all in capitals has no word that stands out
    expect(score('THE STAFF WERE GREAT TODAY').score).toBeCloseTo(plain, 5);
  });

  it('understands letters repeated for emphasis', () => {
    expect(score('that was soooo goooood').label).toBe('positive');
  });

  it('ignores @handles and web addresses', () => {
    expect(score('@united my booking reference is below https://example.com/x').label).toBe('neutral');
  });
});

describe('evidence', () => {
  it('points at the words that drove the score, with offsets into the turn text', () => {
    const text = 'Hello there. The driver was not helpful and the box was damaged.';
    const result = score(text);
    const sentence = result.sentences[1]!;
    expect(sentence.label).toBe('negative');
    const spans = sentence.evidence.map((e) => text.slice(e.start, e.end));
    expect(spans).toContain('not helpful');
    expect(spans).toContain('damaged');
    for (const e of sentence.evidence) {
      expect(text.slice(e.start, e.end)).toBe(e.text);
      expect(e.turn).toBe(0);
      expect(typeof e.weight).toBe('number');
    }
    const damaged = sentence.evidence.find((e) => e.text === 'damaged')!;
    expect(damaged.weight).toBeLessThan(0);
    expect(damaged.start).toBe(text.indexOf('damaged'));
  });

  it('marks a multi-word phrase as one piece of evidence', () => {
    const text = 'Me again, still waiting on my refund.';
    const e = score(text).sentences[0]!.evidence.find((x) => x.text === 'still waiting');
    expect(e).toBeDefined();
    expect(e!.start).toBe(text.indexOf('still waiting'));
    expect(e!.cue).toContain('customer-service');
  });

  it('keeps the strongest evidence of the interaction first', () => {
    const result = score('It was ok. The food was absolutely horrible.');
    expect(result.evidence[0]!.text).toContain('horrible');
  });
});

describe('levels of a conversation', () => {
  const call = prepare({
    channel: 'call',
    turns: [
      { speaker: 'agent', text: 'Thank you for calling, how can I help?' },
      { speaker: 'customer', text: 'My parcel is lost and I am furious. This is the third time I call.' },
      { speaker: 'agent', text: 'I am sorry to hear that. Let me check right now.' },
      { speaker: 'customer', text: 'Fine.' },
      { speaker: 'agent', text: 'I have sent a replacement by express, it arrives tomorrow.' },
      { speaker: 'customer', text: 'Oh brilliant, thank you so much, that is great!' },
    ],
  });
  const result = scoreSentiment(call);

  it('scores every turn and each speaker', () => {
    expect(result.turns).toHaveLength(6);
    expect(result.turns[1]!.label).toBe('negative');
    expect(result.turns[5]!.label).toBe('positive');
    expect(result.speakers.customer).toBeDefined();
    expect(result.speakers.agent).toBeDefined();
    expect(result.sentences.every((s) => s.turn >= 0 && s.turn < 6)).toBe(true);
  });

  it('measures the customer from start to end', () => {
    expect(result.customer_start!).toBeLessThan(0);
    expect(result.customer_end!).toBeGreaterThan(0);
    expect(result.customer_shift!).toBeCloseTo(result.customer_end! - result.customer_start!, 3);
    expect(result.trajectory).toBe('improving');
  });

  it('weighs the end of the conversation more in the interaction score', () => {
    expect(result.score).toBeGreaterThan((result.customer_start! + result.customer_end!) / 2 - 1e-9);
  });

  it('sees a conversation that goes bad as worsening', () => {
    const worse = scoreSentiment(prepare({
      channel: 'chat',
      turns: [
        { speaker: 'customer', text: 'Hi, great to reach you so quickly!' },
        { speaker: 'agent', text: 'Our policy does not allow a refund after 30 days.' },
        { speaker: 'customer', text: 'That is ridiculous and unacceptable, I am cancelling.' },
      ],
    }));
    expect(worse.trajectory).toBe('worsening');
    expect(worse.customer_shift!).toBeLessThan(0);
  });

  it('gives a review one customer turn with start = end', () => {
    const review = score('Lovely hotel, friendly staff.');
    expect(review.customer_start).toBe(review.customer_end);
    expect(review.customer_shift).toBe(0);
    expect(review.trajectory).toBe('positive');
  });

  it('has no customer arc without a customer', () => {
    const agentOnly = scoreSentiment(prepare({ channel: 'email', turns: [{ speaker: 'agent', text: 'Your refund is on its way.' }] }));
    expect(agentOnly.customer_start).toBeNull();
    expect(agentOnly.trajectory).toBeNull();
  });

  it('scores an empty document as neutral', () => {
    const empty = scoreSentiment(prepare({ channel: 'review', turns: [{ speaker: 'customer', text: '' }] }));
    expect(empty.label).toBe('neutral');
    expect(empty.score).toBe(0);
  });
});

describe('with a trained predictor', () => {
  it('takes sentence scores from the model and keeps the rule evidence', () => {
    const model: SentimentPredictor = { id: 'always-positive', predict: () => ({ score: 0.9, label: 'positive' }) };
    const result = scoreSentiment(prepareText('The courier was rude.'), model);
    expect(result.sentences[0]!.label).toBe('positive');
    expect(result.sentences[0]!.score).toBe(0.9);
    expect(result.label).toBe('positive');
    expect(result.sentences[0]!.evidence.some((e) => e.text === 'rude')).toBe(true);
  });
});

describe('the agent restating the customer’s trouble is not the agent being negative', () => {
  const agentTurn = (text: string) => scoreSentiment(prepareText(text, 'agent', 'chat')).turns[0]!.label;
  it.each<[string, SentimentLabel]>([
    ['So sorry to hear your suitcase got lost. The delay at the transfer desk is awful.', 'neutral'],
    ['We apologise for the inconvenience. The app shows an error when the server is down.', 'neutral'],
    ['I understand how frustrating it is to wait this long, I will fix it right now.', 'neutral'],
    ['Sorry about that! We will get it sorted, thanks for your patience.', 'positive'],
    ["I'm not sorry, that complaint is ridiculous.", 'negative'],
    ['That complaint is ridiculous and a waste of my time.', 'negative'],
  ])('%s → %s', (text, label) => {
    expect(agentTurn(text)).toBe(label);
  });

  it('keeps the customer’s own apology-free complaint negative', () => {
    expect(scoreSentiment(prepareText('Sorry but the delay is awful and the error is still there')).turns[0]!.label).toBe('negative');
  });
});

describe('the customer’s shift', () => {
  it('is measured only when the customer spoke after the agent', () => {
    const unanswered = scoreSentiment(prepare({ channel: 'chat', turns: [
      { speaker: 'customer', text: 'My parcel is lost and I am furious.' },
      { speaker: 'customer', text: 'Oh wait, it just arrived, great!' },
      { speaker: 'agent', text: 'Glad to hear it!' },
    ] }));
    expect(unanswered.customer_shift).toBeNull();
    const answered = scoreSentiment(prepare({ channel: 'chat', turns: [
      { speaker: 'customer', text: 'My parcel is lost and I am furious.' },
      { speaker: 'agent', text: 'I have sent a new one by express.' },
      { speaker: 'customer', text: 'Great, thank you so much!' },
    ] }));
    expect(answered.customer_shift!).toBeGreaterThan(0);
  });
});

describe('the neutral band leans', () => {
  it('a mild negative is a complaint, a mild positive only politeness; one band when no negative side is given', () => {
    expect(labelOf(-0.22, 0.3, 0.2)).toBe('negative');
    expect(labelOf(0.27, 0.3, 0.2)).toBe('neutral');
    expect(labelOf(0.31, 0.3, 0.2)).toBe('positive');
    expect(labelOf(-0.22, 0.25)).toBe('neutral');
    expect(labelOf(0.27, 0.25)).toBe('positive');
  });
});

describe('sarcastic praise of a bad experience', () => {
  it.each<[string, SentimentLabel]>([
    ['So thrilled to be sitting at the gate for the next 4 hours', 'negative'],
    ['Happy to be stuck on the runway again', 'negative'],
    ['Happy to be home, the crew was lovely!', 'positive'],
    ['So excited for my trip next week', 'positive'],
  ])('%s → %s', (text, label) => {
    expect(score(text).label).toBe(label);
  });
});

describe('quoted and forwarded text is not the writer’s sentiment', () => {
  it.each<[string, SentimentLabel]>([
    ['> This is the worst service I have ever had, absolutely awful.\nThanks, that fixed it, great job!', 'positive'],
    ['Thanks for the quick reply.\n\nOn Mon, 2 Mar 2026 at 09:00, Jo <jo@example.com> wrote:\n> I am furious, the parcel is lost and nobody helps.', 'positive'],
    ['Please see below.\n\n---------- Forwarded message ---------\nFrom: Jo <jo@example.com>\nDate: Mon, 2 Mar 2026\nSubject: complaint\n\nDisgusting, useless, never again.', 'neutral'],
  ])('%j → %s', (text, label) => {
    const r = scoreSentiment(prepare({ channel: 'chat', turns: [{ speaker: 'customer', text }] }));
    expect(r.label).toBe(label);
    for (const e of r.evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
  });
});
