import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evalSentiment } from '../eval/sentiment.ts';

const dir = mkdtempSync(join(tmpdir(), 'voc-eval-sentiment-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const csv = (name: string, body: string) => {
  const file = join(dir, name);
  writeFileSync(file, body);
  return file;
};

describe('voc eval sentiment', () => {
  it('prints agreement per label, speed, and the peers on the same rows', async () => {
    const file = csv('small.csv', [
      'text,label',
      '"Lovely staff, quick check-in, would stay again.",positive',
      '"Still waiting on my refund after three weeks.",negative',
      '"The order number is 4411.",neutral',
      '"Absolutely awful, the box arrived crushed.",negative',
      'Positive,positive',
    ].join('\n'));
    const result = await evalSentiment(file, { peers: true });
    expect(result.n).toBe(5);
    expect(result.scorer).toBe('rules');
    expect(result.accuracy).toBeGreaterThan(0.5);
    expect(Object.keys(result.labels).sort()).toEqual(['negative', 'neutral', 'positive']);
    expect(result.labels.negative!.support).toBe(2);
    expect(result.texts_per_second).toBeGreaterThan(0);
    expect(Object.keys(result.peers!).sort()).toEqual(['sentiment', 'vader-sentiment', 'wink-sentiment']);
    for (const peer of Object.values(result.peers!)) {
      expect(peer.n).toBe(5);
      expect(peer.macro_f1).toBeGreaterThanOrEqual(0);
      expect(peer.labels.positive).toBeDefined();
    }
  });

  it('refuses a label outside positive, neutral, negative', async () => {
    const file = csv('bad.csv', 'text,label\nfine thanks,happy\n');
    await expect(evalSentiment(file, {})).rejects.toThrow(/happy/);
  });
});

describe('voc eval all --only', () => {
  it('picks the named suites and refuses a name that is no suite', async () => {
    const { suiteFiles } = await import('../eval/all.ts');
    expect(suiteFiles('satisfaction,sentiment')).toEqual(['suite-satisfaction.ts', 'suite-sentiment.ts']);
    expect(suiteFiles().length).toBeGreaterThan(2);
    expect(() => suiteFiles('sentiment,nosuch')).toThrow(/no eval suite nosuch: the suites are .*sentiment/);
  });
});
