import { describe, expect, it } from 'vitest';
import { expressesEmpathy } from '../eval/empathy.ts';
import { findCues } from '../pipeline/empathy/cues.ts';
import { Automaton, type Match } from '../pipeline/match/automaton.ts';
import { scoreEmpathy } from '../pipeline/empathy/index.ts';
import { findTrigger } from '../pipeline/empathy/triggers.ts';
import { scoreSentiment } from '../pipeline/sentiment/index.ts';
import { prepare, prepareText } from '../pipeline/text/document.ts';
import type { Channel, Turn } from '../pipeline/types.ts';

/** The cue categories the detector finds in one agent reply. */
const categories = (text: string) => findCues(prepareText(text, 'agent', 'chat').turns[0]!).map((c) => c.category);

const empathy = (turns: Turn[], channel: Channel = 'chat') => {
  const doc = prepare({ channel, turns });
  return scoreEmpathy(doc, scoreSentiment(doc));
};
const agent = (text: string, extra: Partial<Turn> = {}): Turn => ({ speaker: 'agent', text, ...extra });
const customer = (text: string, extra: Partial<Turn> = {}): Turn => ({ speaker: 'customer', text, ...extra });

describe('empathy cues: one table per category', () => {
  const table: [string, string][] = [
    ['acknowledgement', 'That must be so frustrating for you.'],
    ['acknowledgement', "I understand why you're upset."],
    ['acknowledgement', 'I can imagine how stressful this week has been.'],
    ['acknowledgement', 'What a hassle.'],
    ['acknowledgement', "Your concerns are completely valid."],
    ['acknowledgement', "Anyone would feel let down after that."],
    ['apology', "I'm so sorry this happened."],
    ['apology', 'Please accept our apologies for the mix-up.'],
    ['apology', 'I apologise for the confusion on the bill.'],
    ['reassurance', "Don't worry, we'll get this sorted today."],
    ['reassurance', 'Rest assured your money is safe.'],
    ['reassurance', "It's not your fault at all."],
    ['reassurance', "You're not alone in this."],
    ['ownership', "I'm going to fix this now."],
    ['ownership', "I'll call you back by 5."],
    ['ownership', 'Let me check into this right away.'],
    ['ownership', "I've escalated the case to our delivery team."],
    ['ownership', 'Leave it with me.'],
    ['personal_address', 'Thanks, Mr Okafor.'],
    ['personal_address', 'Of course, madam.'],
    ['exploration', 'How has this affected your plans?'],
    ['exploration', 'Could you tell me more about what happened?'],
    ['paraphrase', "So you've been charged twice for the same order?"],
    ['paraphrase', "If I understand correctly, the engineer never came."],
    ['courtesy', 'Sorry for the wait.'],
    ['courtesy', 'Thank you for your patience.'],
    ['blame', 'You should have read the terms before booking.'],
    ['blame', "It's your responsibility to update the address."],
    ['blame', 'You must have entered the wrong code.'],
    ['dismissal', "There's nothing I can do about that."],
    ['dismissal', "That's our policy."],
    ['dismissal', 'Calm down, please.'],
    ['dismissal', "It's out of my hands."],
    ['rushing', 'Let me stop you there.'],
    ['rushing', 'I have other customers waiting.'],
    ['rushing', 'Can we speed this up?'],
  ];
  it.each(table)('%s: %s', (category, text) => {
    expect(categories(text)).toContain(category);
  });

  const none: string[] = [
    "I'm not sorry.",
    "I don't understand the question.",
    'Your order number is 4471.',
    'The store opens at nine.',
    "I won't be able to refund that.",
  ];
  it.each(none)('no positive cue: %s', (text) => {
    const cues = findCues(prepareText(text, 'agent', 'chat').turns[0]!);
    expect(cues.filter((c) => c.polarity === 'positive')).toEqual([]);
  });

  it('a routine step is not ownership: "let me check your account" is procedure, "let me check into this right away" advocacy', () => {
    expect(categories('Let me check your account.')).toEqual(['courtesy']);
    expect(categories('Let me check into this right away.')).toContain('ownership');
  });

  it('a pattern with an optional word matches with and without it (the matcher only skips patterns that cannot reach their rarest word)', () => {
    const automaton = new Automaton([{ family: 'f', pattern: 'sorry that? you|your', data: 'x' }, { family: 'f', pattern: 'a lot ... deal|handle', data: 'y' }]);
    const found = (text: string) => {
      const { canon } = prepareText(text, 'agent', 'chat').turns[0]!;
      const out: Match[][] = [[]];
      canon.sentenceFrom.forEach((from, k) => automaton.scan({ ...canon, ids: Int32Array.from(canon.words, (w) => automaton.idOf(w)) }, from, canon.sentenceTo[k]!, out));
      return out[0]!.map((m) => m.pattern.data);
    };
    expect(found('Sorry you had to wait.')).toEqual(['x']);
    expect(found('Sorry that you had to wait.')).toEqual(['x']);
    expect(found("That's a lot to deal with.")).toEqual(['y']);
    expect(found('A lot of people. Deal with it.')).toEqual([]);
  });

  it('"I\'m not sorry" is not an apology', () => {
    expect(categories("Well, I'm not sorry, those are the rules.")).not.toContain('apology');
  });

  it('"I understand" followed by "but there\'s nothing I can do" is dismissal', () => {
    const cues = findCues(prepareText("I understand, but there's nothing I can do.", 'agent', 'chat').turns[0]!);
    expect(cues.map((c) => c.category)).toEqual(['dismissal', 'dismissal']);
    expect(cues[0]!.evidence.text).toBe('I understand');
    expect(cues.every((c) => c.polarity === 'negative')).toBe(true);
  });

  it('evidence offsets point at the matched words in the turn', () => {
    const text = 'Okay. That must be really annoying, I will sort it.';
    for (const c of findCues(prepareText(text, 'agent', 'chat').turns[0]!)) {
      expect(text.slice(c.evidence.start, c.evidence.end)).toBe(c.evidence.text);
    }
  });
});

describe('empathy phrase families: what counts as expressing empathy, and what only looks like it', () => {
  /** The categories in a reply, and whether `voc eval empathy` counts it as expressing empathy. */
  const judge = (text: string) => ({ categories: categories(text), empathic: expressesEmpathy(text) });

  const empathic: [string, string, string][] = [
    // reflections with a modal or perfect verb, or an intensifier before "must"
    ['acknowledgement', 'modal reflection', 'That can get really exhausting.'],
    ['acknowledgement', 'perfect reflection', 'This has been so draining.'],
    ['acknowledgement', 'intensified must', 'That really must hurt.'],
    // any subject: the situation named as hard
    ['acknowledgement', 'any subject', 'Moving house is so stressful.'],
    ['acknowledgement', 'never easy', 'Change is never easy.'],
    ['acknowledgement', 'can feel', 'Waiting for test results can feel overwhelming.'],
    ['acknowledgement', 'hard situation', 'Such a difficult situation.'],
    ['acknowledgement', 'hard times', 'These are uncertain times.'],
    ['acknowledgement', 'a lot to deal with', "That's a lot to deal with."],
    ['acknowledgement', 'a long wait', "That's a long time to wait."],
    ['acknowledgement', 'that sucks', 'That really sucks.'],
    ['acknowledgement', 'unfair', "That doesn't seem fair."],
    ['acknowledgement', 'wronged', 'That was rude of them.'],
    // the agent's understanding of how it feels
    ['acknowledgement', 'see why', "I can see why you'd be upset."],
    ['acknowledgement', 'know exactly', 'I know exactly how that feels.'],
    ['acknowledgement', 'know the feeling', 'I know the feeling.'],
    ['acknowledgement', 'feel bad for you', 'I feel bad for you.'],
    ['acknowledgement', "can't imagine", "I can't imagine how hard this is."],
    ['acknowledgement', 'coming from', "I understand where you're coming from."],
    // naming what the customer is going through
    ['acknowledgement', 'struggling', "You've been struggling with this for weeks."],
    ['acknowledgement', 'might be feeling', 'You might be feeling a bit let down.'],
    ['acknowledgement', 'has you feeling', 'All this back and forth has you feeling anxious.'],
    ['acknowledgement', 'toll', 'It has taken a toll on you.'],
    ['acknowledgement', 'valid concern', "That's a valid concern."],
    // sympathy: longer than the apology it overlaps, so it stands as acknowledgement
    ['acknowledgement', 'sorry to hear', "I'm so sorry to hear that."],
    ['acknowledgement', 'sorry you', "Sorry you're dealing with this."],
    // encouragement about what is ahead
    ['reassurance', 'you will be fine', 'You will definitely be fine.'],
    ['reassurance', 'going to be okay', "You're going to be okay."],
    ['reassurance', 'know you can', 'I know you can do this.'],
    ['reassurance', 'sure it will', "I'm sure it will work out."],
    ['reassurance', 'assure you', "I can assure you we'll sort it."],
    ['reassurance', 'get easier', 'Things will get easier.'],
    // normalising
    ['reassurance', 'others feel it too', 'A lot of people feel the same way.'],
    ['reassurance', 'so many people', 'So many people have had this happen.'],
    ['reassurance', 'natural', "It's only natural to worry."],
    ['reassurance', 'no shame', "There's no shame in asking for help."],
    ['reassurance', 'not silly', "That's not silly at all."],
    ['reassurance', 'not overreacting', "You're not overreacting."],
    ['reassurance', 'not to blame', "You didn't do anything wrong."],
    ['reassurance', 'not about you', 'This has nothing to do with you.'],
    ['reassurance', 'not wrong', "I don't think you were wrong to complain."],
    // affirming qualities, choices and efforts
    ['reassurance', 'quality', "You're a very patient person."],
    ['reassurance', 'good person', "You're a wonderful mother."],
    ['reassurance', 'attitude', 'You have such a positive attitude.'],
    ['reassurance', 'right call', 'You made the right call.'],
    ['reassurance', 'you are right', "You're right."],
    ['reassurance', 'good idea', 'Great idea!'],
    ['reassurance', 'courage', 'It takes courage to speak up.'],
    ['reassurance', 'proud', "I'm proud of you."],
    ['reassurance', 'matters', 'Your wellbeing matters.'],
    // paraphrase openers
    ['paraphrase', 'okay so', 'Okay so your card was declined twice?'],
    ['paraphrase', 'correct me', "Correct me if I'm wrong, the box was empty."],
    ['paraphrase', 'from what I understand', 'From what I understand, the engineer never came.'],
    ['paraphrase', "I'm hearing", "I'm hearing that the app keeps logging you out."],
  ];
  it.each(empathic)('%s (%s): %s', (category, _family, text) => {
    const r = judge(text);
    expect(r.categories).toContain(category);
    expect(r.empathic).toBe(true);
  });

  /** A feeling word inside a question, advice or a pleasantry: a cue of its own kind, not a reflection. */
  const lookalikes: [string, string][] = [
    ['exploration', 'Why do you feel so anxious?'],
    ['exploration', 'Are you feeling stressed about the move?'],
    ['exploration', 'What makes you angry about it?'],
    ['advice', 'When you feel anxious, try a short walk.'],
    ['advice', 'This will help you feel calmer.'],
    ['advice', "It's hard to say when it will arrive."],
    ['courtesy', "I'm glad to hear that!"],
    ['courtesy', 'You have a wonderful weekend!'],
    ['courtesy', 'It was nice talking to you.'],
    ['courtesy', 'Hope you are doing well.'],
  ];
  it.each(lookalikes)('%s, not empathy: %s', (category, text) => {
    const r = judge(text);
    expect(r.categories).toContain(category);
    expect(r.empathic).toBe(false);
  });

  /** Facts, instructions and questions about facts that share words with the families above. */
  const plain: string[] = [
    'You can find the form on our website.',
    'You will get an email with the tracking number.',
    'You are going to get an email from us.',
    'I can see that your payment went through.',
    'I believe you have an appointment on Monday.',
    'Your ticket is valid for 30 days.',
    'How many people are on the account?',
    'So if you restart the router, it should reconnect.',
    'It is a lot cheaper on the annual plan.',
    'You have a positive balance of 20 pounds.',
    'Good news, your refund is approved.',
    'You must have your card with you.',
    'Try restarting the app when it gets stuck.',
    'What is your order number?',
    'Have you tried turning it off and on again?',
    'We respect your privacy.',
    'There is still time to change your order.',
    'It will be difficult to change the date.',
    'You are good to go.',
    'You are responsible for the return postage.',
    'You will be charged again next month.',
    'I can see how much is outstanding on the account.',
    'I can see why you were charged twice: the first payment timed out.',
    'I can see where that charge came from.',
    'I have got you down for a 9am slot.',
    "That's fine, I've updated it.",
    'From what I can see, the parcel left the depot this morning.',
    'So that has been processed now.',
    'The box is heavy, so it ships separately.',
  ];
  it.each(plain)('not empathy: %s', (text) => {
    expect(judge(text).empathic).toBe(false);
  });
});

describe('triggers: customer turns that call for empathy', () => {
  const trigger = (text: string) => findTrigger(prepareText(text, 'customer', 'chat').turns[0]!);
  const table: [string, string][] = [
    ['frustration', "I'm really fed up with this."],
    ['frustration', 'This is absolutely ridiculous.'],
    ['distress', "I'm worried I won't be able to pay rent."],
    ['distress', 'The chicken wrap made my daughter sick all weekend.'],
    ['distress', 'My husband had an allergic reaction after the dessert.'],
    ['distress', 'The heater sparked and it looks dangerous.'],
    ['distress', 'We were throwing up all night after dinner there.'],
    ['problem', "My card isn't working at the till."],
    ['problem', 'The parcel arrived damaged.'],
    ['complaint', 'I want to make a complaint.'],
    ['repeat_contact', "This is the third time I've called about this."],
    ['transfer', "I've been passed around four departments."],
    ['waiting', 'I was on hold for 40 minutes.'],
  ];
  it.each(table)('%s: %s', (reason, text) => {
    expect(trigger(text)?.reason).toContain(reason);
  });
  it.each(['Can I change my delivery address?', 'Thanks, that was quick.', "I'm not upset, just asking."])('no trigger: %s', (text) => {
    expect(trigger(text)).toBeNull();
  });

  /** With the sentence sentiment the scorer passes in, as in a full scoring run. */
  const triggerWithSentiment = (text: string) => {
    const doc = prepareText(text, 'customer', 'chat');
    return findTrigger(doc.turns[0]!, scoreSentiment(doc).sentences);
  };
  it('a bare "no" or "not" answering a question does not call for empathy; an opinion word does', () => {
    expect(triggerWithSentiment('No, I have not tried that yet.')).toBeNull();
    expect(triggerWithSentiment('No, this is awful.')?.reason).toContain('negative_sentiment');
  });
});

describe('scoreEmpathy', () => {
  it('a timely answer earns full credit', () => {
    const r = empathy([customer('My refund still has not come and I am so frustrated.'), agent("I'm sorry, that must be frustrating. I'll chase it for you right now.")]);
    expect(r.applicable).toBe(true);
    expect(r.triggers).toMatchObject([{ turn: 0, response: 'timely', answered_by: 1 }]);
    expect(r.score).toBe(100);
    expect(r.empathy_statements).toBe(100);
    expect(r.ownership_statements).toBe(100);
  });

  it('an answer only in the reply after is late', () => {
    const r = empathy([
      customer('I am furious, the engineer never turned up.'),
      agent('Can I take your postcode?'),
      customer('AB1 2CD.'),
      agent("Thank you. I'm really sorry about the missed visit."),
    ]);
    expect(r.triggers).toMatchObject([{ turn: 0, response: 'late', answered_by: 3 }]);
    expect(r.score).toBe(50);
  });

  it('"sorry for the wait" in a greeting is no answer to distress three turns later', () => {
    const r = empathy([
      agent('Hello, sorry for the wait. How can I help?'),
      customer('I need to change my flight.'),
      agent('Sure, what is the booking reference?'),
      customer("It's XY12. I'm desperate, my father is in hospital and I have to get home."),
      agent('The change fee is 80 pounds.'),
      customer('Fine.'),
      agent('Done, the new ticket is in your inbox.'),
    ]);
    expect(r.triggers).toMatchObject([{ turn: 3, response: 'missing', answered_by: null }]);
    expect(r.cues.map((c) => c.category)).toContain('courtesy');
    expect(r.score).toBe(0);
  });

  it('a hollow acknowledgement does not answer', () => {
    const r = empathy([customer('This is unacceptable, I was charged twice.'), agent("I understand, but there's nothing I can do."), customer('Right.')]);
    expect(r.triggers[0]!.response).toBe('missing');
    expect(r.score).toBe(0);
  });

  it('negative cues cost points', () => {
    const kind = empathy([customer('The app keeps crashing, so annoying.'), agent("Sorry about that, I'll look into it.")]);
    const rude = empathy([customer('The app keeps crashing, so annoying.'), agent("Sorry about that, I'll look into it. You should have updated it though.")]);
    expect(rude.score!).toBeLessThan(kind.score!);
  });

  it('overtalk in a timed transcript is a negative cue', () => {
    const r = empathy([
      customer('I have been waiting for an hour and nobody', { start_s: 0, end_s: 6 }),
      agent("I'm sorry about the wait, let me check.", { start_s: 4, end_s: 8 }),
    ], 'call');
    expect(r.cues.find((c) => c.category === 'overtalk')).toMatchObject({ turn: 1, polarity: 'negative' });
    expect(r.score).toBeLessThan(100);
  });

  it('no trigger: not applicable, scores null', () => {
    const r = empathy([customer('Can I update my email address?'), agent("Of course, I've updated it.")]);
    expect(r).toMatchObject({ applicable: false, score: null, empathy_statements: null, ownership_statements: null });
  });

  it('reviews and surveys: not applicable', () => {
    const r = empathy([customer('Terrible service, the worst airline ever.')], 'review');
    expect(r.applicable).toBe(false);
    expect(r.score).toBeNull();
  });
});

describe('empathy that tracks satisfaction', () => {
  it.each([
    'Sorry for the inconvenience, please DM us your account number.',
    'We apologise for any trouble caused. Please send us your details.',
    'So sorry for your unpleasant experience. Kindly provide your order number.',
  ])('a stock apology is a formula, not empathy: %s', (text) => {
    expect(categories(text)).toContain('formula');
    expect(categories(text)).not.toContain('apology');
    const r = empathy([customer('I am furious, this is the third time the engineer did not show up!'), agent(text)]);
    expect(r.triggers[0]!.response).toBe('missing');
  });

  it('an apology that names the situation with ownership and a next step still answers', () => {
    const r = empathy([
      customer('I am furious, this is the third time the engineer did not show up!'),
      agent("I'm so sorry the engineer missed you three times. I will book a morning slot myself and call you to confirm."),
    ]);
    expect(r.triggers[0]!.response).toBe('timely');
    expect(r.score).toBe(100);
  });

  it('a problem stated without feelings is answered by help, with or without empathy phrases', () => {
    const plain = empathy([customer('The invoice shows the wrong amount.'), agent('Please check the second page, the discount is applied there.')]);
    expect(plain.triggers[0]!.response).toBe('timely');
    expect(plain.score).toBe(100);
    const dismissed = empathy([customer('The invoice shows the wrong amount.'), agent("That's our policy, there is nothing I can do.")]);
    expect(dismissed.score).toBeLessThan(50);
  });

  it('a stock reply does not take up a problem: the formula apology alone earns nothing, with ownership it answers', () => {
    const stock = empathy([customer('The invoice shows the wrong amount.'), agent('We apologise for any inconvenience caused. Thank you for your feedback.')]);
    expect(stock.triggers[0]!.response).toBe('missing');
    const owned = empathy([customer('The invoice shows the wrong amount.'), agent('We apologise for any inconvenience caused. I will correct the invoice myself today.')]);
    expect(owned.triggers[0]!.response).toBe('timely');
  });

  it('frustration still needs the words', () => {
    const r = empathy([customer('I am so fed up, the invoice is wrong again!'), agent('Please check the second page, the discount is applied there.')]);
    expect(r.triggers[0]!.response).toBe('missing');
  });
});

describe('acknowledgement in the forms brands write it', () => {
  it.each<[string, string | null]>([
    ['We hear you, and we are looking into it.', 'acknowledgement'],
    ["That's not the experience we want for you.", 'acknowledgement'],
    ['This is not the standard we expect, and I am sorry.', 'acknowledgement'],
    ['We appreciate your feedback!', 'courtesy'],
    ['Send us the claim number so our policy team can take another look.', 'courtesy'],
    ['That is our policy, I am afraid.', 'dismissal'],
  ])('%s → %s', (text, category) => {
    expect(categories(text)).toContain(category);
  });

  it('a team named after policy is routing, not a policy-hiding dismissal', () => {
    expect(categories('The policy department will review your refund this week.')).not.toContain('dismissal');
  });

  it('thanks for feedback does not answer a customer made ill, even with no feeling word', () => {
    const r = empathy([customer('Half the table got food poisoning from the seafood platter.'), agent('Thanks for the feedback!')]);
    expect(r.triggers[0]!.response).toBe('missing');
  });

  it('thanks for feedback does not answer a customer in distress', () => {
    const r = empathy([customer('My son was hurt by your product and I am scared.'), agent('We appreciate your feedback!')]);
    expect(r.triggers[0]!.response).toBe('missing');
  });
});
