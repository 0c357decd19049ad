import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaryAgreement, evalEmpathy, expressesEmpathy } from '../eval/empathy.ts';

describe('voc eval empathy', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'voc-test-empathy-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['It sounds like you have had a really rough week.', true],
    ["You're not alone, lots of people feel this way.", true],
    ['So you were charged twice for one order?', true],
    ['Your parcel is due on Tuesday.', false],
    ['Sorry for the wait, how can I help?', false],
    ["I'm so sorry to hear you've been going through this.", true],
    ["I'm glad to hear that!", false],
    ['Why do you feel so anxious about it?', false],
  ])('expressesEmpathy(%s) = %s', (text, expected) => {
    expect(expressesEmpathy(text)).toBe(expected);
  });

  it('scores a text,label CSV', async () => {
    const file = join(dir, 'rows.csv');
    await writeFile(file, 'text,label\n"That must be so stressful.",1\n"Your order number is 12.",0\n"Have you tried restarting it?",1\n');
    expect(await evalEmpathy(file)).toEqual({ n: 3, precision: 1, recall: 0.5, f1: 0.6667, accuracy: 0.6667 });
  });

  it('rejects labels other than 0 and 1', async () => {
    const file = join(dir, 'bad.csv');
    await writeFile(file, 'text,label\n"Fine.",yes\n');
    await expect(evalEmpathy(file)).rejects.toThrow(/label must be 1/);
  });

  it('binaryAgreement counts label 1', () => {
    expect(binaryAgreement([true, false, true, false], [true, true, false, false])).toEqual({ n: 4, precision: 0.5, recall: 0.5, f1: 0.5, accuracy: 0.5 });
  });
});
