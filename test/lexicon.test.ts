import { describe, expect, it } from 'vitest';
import { lexiconHash, validateLanguage } from '../pipeline/lexicon/load.ts';
import { Automaton, type Match } from '../pipeline/match/automaton.ts';
import { canonicalStreams } from '../pipeline/match/canonical.ts';
import { ZH_HASH } from '../pipeline/text/language-zh.ts';
import { ENGLISH, ENGLISH_SEGMENTER } from '../pipeline/text/languages.ts';
import { SCORER_VERSION } from '../pipeline/version.ts';

/** The patterns of `patterns` that match somewhere in `text`, by their source. */
function matching(patterns: string[], text: string, classes: Record<string, string[]> = {}): string[] {
  const automaton = new Automaton(patterns.map((pattern) => ({ family: 'f', pattern, data: pattern, classes })), { canonical: ENGLISH_SEGMENTER.canonical });
  const sentences = ENGLISH_SEGMENTER.sentences(text).map((s) => ({ tokens: ENGLISH_SEGMENTER.tokenize(text, s.start, s.end) }));
  const stream = canonicalStreams([sentences], ENGLISH_SEGMENTER, automaton)[0]!;
  const out: Match[][] = [[]];
  stream.sentenceFrom.forEach((from, k) => automaton.scan(stream, from, stream.sentenceTo[k]!, out));
  return [...new Set(out[0]!.map((m) => m.pattern.source))].sort();
}

describe('the one pattern language', () => {
  const table: [pattern: string, text: string, matches: boolean][] = [
    ['sorry', 'So sorry about that.', true],
    ['refund*', 'Any refunds yet?', true],
    ['refund*', 'Re fund', false],
    ['upgrad* my _ plan|contract', 'I want to upgrade my mobile contract', true],
    ['upgrad* my _ plan|contract', 'I want to upgrade my contract', false],
    ['sorry that? you', 'Sorry you had to wait', true],
    ['sorry that? you', 'Sorry that you had to wait', true],
    ['a lot ... deal', "That's a lot to deal with", true],
    ['a lot ... deal', 'a lot of things i could never deal', false],
    ['a lot ... deal', 'A lot of people. Deal with it.', false],
    ['waited # hours|minutes', 'I waited 3 hours', true],
    ['waited # hours|minutes', 'I waited three hours', false],
    ['^so sorry', 'So sorry!', true],
    ['^so sorry', 'I am so sorry', false],
    ['can not wait', "I can't wait", true],
    ['can not wait', 'I cannot wait', true],
    ['can not wait', 'I cant wait', true],
    ['i am here', "I'm here for you", true],
  ];
  it.each(table)('%s on "%s" → %s', (pattern, text, expected) => {
    expect(matching([pattern], text)).toEqual(expected ? [pattern] : []);
  });

  it('a class is any of its words', () => {
    expect(matching(['@feel_adj about', 'you are @feel_adj'], 'you are upset about it', { feel_adj: ['upset', 'angry'] })).toEqual(['@feel_adj about', 'you are @feel_adj']);
  });

  it('finds every pattern of a set in one scan, sharing common starts', () => {
    expect(matching(['i am sorry', 'i am so sorry', 'i am here to help', 'sorry'], "I'm so sorry, I am here to help")).toEqual(['i am here to help', 'i am so sorry', 'sorry']);
  });

  it.each([
    ['* foo', '"*" alone is not an element'],
    ['_ foo', 'the first element must match a word'],
    ['foo? bar', 'the first element must match a word'],
    ["can't wait", 'is not in canonical form: write "can not"'],
    ['foo ^bar', 'only the first element may carry ^'],
    ['foo @nope', 'unknown class @nope'],
    ['Foo', 'must be lower case'],
    ['foo || bar', 'an empty alternative'],
  ])('refuses "%s": %s', (pattern, reason) => {
    expect(() => matching([pattern], 'foo bar')).toThrow(reason);
  });
});

describe('the lexicon loader', () => {
  const files = () => structuredClone(ENGLISH.files) as unknown as Record<string, unknown>;

  it('accepts the shipped lexicons', () => {
    expect(() => validateLanguage('en', files(), ENGLISH_SEGMENTER)).not.toThrow();
  });

  it('names the file, the entry and the reason of a bad one', () => {
    const f = files();
    (f['intents.json'] as { intents: Record<string, { patterns: Record<string, number> }> }).intents.delivery!.patterns["won't load"] = 1;
    expect(() => validateLanguage('en', f, ENGLISH_SEGMENTER)).toThrow(`lexicons/en/intents.json: intents › delivery › patterns › won't load: "won't" is not in canonical form: write "will not"`);
    const g = files();
    (g['effort-cues.json'] as { drivers: Record<string, { weight: unknown }> }).drivers.waiting!.weight = 'heavy';
    expect(() => validateLanguage('en', g, ENGLISH_SEGMENTER)).toThrow('lexicons/en/effort-cues.json: drivers › waiting › weight: expected a number, got "heavy"');
    const h = files();
    (h['empathy-cues.json'] as { categories: Record<string, { patterns: string[] }> }).categories.apology!.patterns.push('sorry @nothing');
    expect(() => validateLanguage('en', h, ENGLISH_SEGMENTER)).toThrow(/empathy-cues\.json: categories › apology › patterns › \d+: pattern "sorry @nothing": unknown class @nothing/);
    const i = files();
    (i['sentiment-rules.json'] as Record<string, unknown>).negative_wieght = 2;
    expect(() => validateLanguage('en', i, ENGLISH_SEGMENTER)).toThrow('sentiment-rules.json: negative_wieght: unknown key');
    const j = files();
    delete j['canonical.json'];
    expect(() => validateLanguage('en', j, ENGLISH_SEGMENTER)).toThrow('lexicons/en/canonical.json: missing');
  });

  it('stamps the lexicons\' content hash in the scorer version, so an edit changes it', () => {
    // English's hash, then Chinese's (lexicons/zh/ with its sentence rules and segmenter words).
    expect(SCORER_VERSION).toMatch(/^\d+\.\d+\.\d+\+lex\.[0-9a-f]{8}\.zh[0-9a-f]{8}$/);
    expect(SCORER_VERSION).toContain(`+lex.${ENGLISH.hash}.zh${ZH_HASH}`);
    const f = files();
    (f['sentiment-supplement.json'] as { entries: Record<string, number> }).entries.nightmare = -2.9;
    expect(lexiconHash(f)).not.toBe(ENGLISH.hash);
    expect(lexiconHash(files())).toBe(ENGLISH.hash);
  });
});
