import { describe, expect, it } from 'vitest';
import { cleanEmail, stripQuoted } from '../pipeline/text/email.ts';
import { toTurns } from '../pipeline/text/normalise.ts';
import { everyMatchHas, redact } from '../pipeline/text/redact.ts';
import { splitSentences } from '../pipeline/text/sentences.ts';
import { WordIndex } from '../pipeline/match/canonical.ts';
import { tokenize } from '../pipeline/text/tokens.ts';
import { splitSpeakerLines } from '../pipeline/text/turns.ts';

describe('speaker lines', () => {
  it.each([
    ['Agent: Hello\nCustomer: Hi there', [['agent', 'Hello'], ['customer', 'Hi there']]],
    ['Rep: How can I help?\nCaller: My card was declined\nand it is urgent', [['agent', 'How can I help?'], ['customer', 'My card was declined\nand it is urgent']]],
    ['[00:01:05] Agent: Good morning\n[00:01:09] Customer: Morning', [['agent', 'Good morning'], ['customer', 'Morning']]],
    ['Hello, I was charged twice.\nAgent: Let me check.', [['customer', 'Hello, I was charged twice.'], ['agent', 'Let me check.']]],
  ])('%j', (text, expected) => {
    expect(splitSpeakerLines(text)!.map((t) => [t.speaker, t.text])).toEqual(expected);
  });

  it('returns null when no line names a speaker', () => {
    expect(splitSpeakerLines('Note: the order was late.\nVery late.')).toBeNull();
  });

  it('keeps a review whole even when it contains a colon', () => {
    expect(toTurns('review', { text: 'Agent: useless. Would not buy again.' })).toEqual([{ speaker: 'customer', text: 'Agent: useless. Would not buy again.' }]);
  });
});

describe('e-mail cleaning', () => {
  it.each([
    ['Hi, where is my order?\n\nOn Tue, 3 Mar 2026 at 10:00, Help Desk <help@shop.example> wrote:\n> Your order shipped.', 'Hi, where is my order?'],
    ['The refund is missing.\n> quoted line\n> another', 'The refund is missing.'],
    ['Please cancel my plan.\n\nKind regards,\nJo Bloggs\nAccount 12', 'Please cancel my plan.'],
    ['It works now, thanks.\n--\nJo\nSent from a phone', 'It works now, thanks.'],
    ['Still broken.\n\n-----Original Message-----\nFrom: Support\nSent: Monday', 'Still broken.'],
    ['Thanks for nothing. I will go elsewhere and tell everyone about how this went over the last three weeks of calls.', 'Thanks for nothing. I will go elsewhere and tell everyone about how this went over the last three weeks of calls.'],
    ['> Have you tried restarting it?\nYes, twice.\n> Which model is it?\nThe older one.', 'Yes, twice.\nThe older one.'],
    ['Thanks, sorted.\n\nOn Tue, 3 Mar 2026 at 10:00, Help Desk <\nhelp@shop.example> wrote:\n> We are sorry for the delay.', 'Thanks, sorted.'],
    ['Can you explain this?\n\n---------- Forwarded message ---------\nFrom: Billing <billing@shop.example>\nDate: Mon, 2 Mar 2026\nSubject: Final notice\n\nYour account is overdue.', 'Can you explain this?'],
    ['From: the second week on it failed every day.', 'From: the second week on it failed every day.'],
  ])('%j', (body, expected) => expect(cleanEmail(body)).toBe(expected));
});

describe('quoted and forwarded text in any channel', () => {
  it.each([
    ['> You are the worst company ever\nThat was my friend, sorry. It is fixed now, thank you!', 'That was my friend, sorry. It is fixed now, thank you!'],
    ['Still not sorted.\n\n-----Original Message-----\nFrom: Support\nSent: Monday\nWe are sorry, this is terrible.', 'Still not sorted.'],
    ['Delivery took > 2 weeks, awful', 'Delivery took > 2 weeks, awful'],
    ['Kind regards,\nJo', 'Kind regards,\nJo'],
  ])('%j', (text, expected) => expect(stripQuoted(text)).toBe(expected));

  it('leaves quoted lines out of the turns of a chat or a ticket', () => {
    expect(toTurns('chat', { turns: [{ speaker: 'customer', text: '> Your parcel is lost, we are so sorry.\nGreat, it turned up today!' }] })).toEqual([{ speaker: 'customer', text: 'Great, it turned up today!' }]);
  });
});

describe('redaction', () => {
  it.each([
    ['mail me at jo.bloggs+1@example.com', 'mail me at [email]'],
    ['card 4111 1111 1111 1111 was declined', 'card [card] was declined'],
    ['account 123456789012 is locked', 'account [number] is locked'],
    ['on hold for 40 minutes at 10:30', 'on hold for 40 minutes at 10:30'],
    ['call me on +44 20 7946 0958', 'call me on [phone]'],
    ['thanks @shop_help', 'thanks @user'],
  ])('%j', (text, expected) => expect(redact(text)).toBe(expected));

  it('takes time in proportion to the text, on one long run of letters or digits too', () => {
    // The e-mail pattern once tried every start inside a run: 100,000 letters took half a minute.
    const start = performance.now();
    for (const run of ['x'.repeat(200_000), '1'.repeat(200_000)]) expect(redact(`${run} a@b.co`)).toBe(`${run} [email]`.replace(/^1+/, '[number]'));
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('skips a pattern on text without the digit (or @) every match of it has, and only then', () => {
    const digit = (t: string) => t === '\\d' || /^[0-9]$/.test(t) || /^\[(?:[0-9](?:-[0-9])?|\\d)+\]$/.test(t);
    for (const sure of ['\\b\\d(?:[ -]?\\d){8,}\\b', '(?<![0-9])(?:\\+?86[ -]?)?1[3-9]\\d', '(?:\\(\\d{2,5}\\)|\\b\\d{2,5}[ .-]){1,3}', '\\d|1', '(?<n>\\d)']) {
      expect(everyMatchHas(sure, digit), sure).toBe(true);
    }
    for (const unsure of ['\\d?', 'a|\\d', '(?:\\d|x)', '(?=\\d)a', '[\\dx]', '[^0-9]', '\\d{0,3}', '(\\d)*', '[\\]\\d]', '\\u0031', '\\x31', 'a\\1']) {
      expect(everyMatchHas(unsure, digit), unsure).toBe(false);
    }
    expect(everyMatchHas('(?<![\\w@])@\\w{2,30}', (t) => t === '@')).toBe(true);
    expect(redact('no digits here, no at sign')).toBe('no digits here, no at sign');
  });
});

describe('sentences and tokens', () => {
  it('splits on sentence punctuation and line breaks, not on abbreviations', () => {
    const text = 'I spoke to Dr. Patel. It was fine!\nThen nothing… Why?';
    expect(splitSentences(text).map((s) => text.slice(s.start, s.end))).toEqual(['I spoke to Dr. Patel.', 'It was fine!', 'Then nothing…', 'Why?']);
  });

  it('tokenizes words, numbers, emoticons and emoji with offsets', () => {
    const text = "Don't wait 40 mins :( 😡!!";
    const tokens = tokenize(text);
    expect(tokens.map((t) => [t.lower, t.kind])).toEqual([
      ["don't", 'word'], ['wait', 'word'], ['40', 'number'], ['mins', 'word'], [':(', 'emoticon'], ['😡', 'emoji'], ['!!', 'punct'],
    ]);
    for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
  });

  it('gives a plain ASCII word the word-table hash of its lower-case form, as it reads it', () => {
    const tokens = tokenize("Can't GET-Through, O'Brien's well-Known re-Sent, café… naïve 12 :)");
    const hashed = tokens.filter((t) => t.hash !== undefined);
    expect(hashed.map((t) => t.lower)).toEqual(["can't", 'get-through', "o'brien's", 'well-known', 're-sent']);
    for (const t of hashed) expect(t.hash).toBe(WordIndex.hash(t.lower));
  });
});
