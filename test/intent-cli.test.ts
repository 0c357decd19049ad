import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'voc-intent-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const voc = (...args: string[]) => spawnSync(process.execPath, ['bin/voc.mjs', ...args], { encoding: 'utf8' });

/** Example requests written for this test, four reasons, with a few wordings each. */
const EXAMPLES: Record<string, string[]> = {
  refund: ['I want my money back', 'please refund my order', 'where is my refund', 'can I get a refund for the shoes', 'refund the charge please', 'I returned it, when is the refund'],
  delivery: ['my parcel is late', 'where is my package', 'the courier never came', 'tracking has not moved for days', 'when will my order be delivered', 'the delivery is missing'],
  password: ['I forgot my password', 'reset my password please', 'the password reset link does not work', 'I cannot remember my password', 'change my password', 'password not accepted'],
  hours: ['when do you open', 'are you open on sunday', 'what are your opening hours', 'what time do you close', 'is the shop open late tonight', 'opening times for the holidays'],
};

function csv(file: string, header: string, rows: [string, string][]): string {
  const path = join(dir, file);
  writeFileSync(path, [header, ...rows.map(([t, l]) => `"${t}",${l}`)].join('\n') + '\n');
  return path;
}

const rows = Object.entries(EXAMPLES).flatMap(([label, texts]) => texts.flatMap((t) => [[t, label], [`hi, ${t}`, label]] as [string, string][]));

describe('voc intent train', () => {
  it('writes a model and prints a summary', () => {
    const file = csv('reasons.csv', 'message,reason', rows);
    const out = join(dir, 'model.json');
    const r = voc('intent', 'train', file, '--out', out, '--text-column', 'message', '--label-column', 'reason');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/rows 48, labels 4/);
    expect(r.stdout).toMatch(/3-fold cross-validated accuracy/);
    const model = JSON.parse(readFileSync(out, 'utf8'));
    expect(model).toMatchObject({ kind: 'voc.text-classifier', labels: ['delivery', 'hours', 'password', 'refund'] });
  });

  it('says which column is missing', () => {
    const file = csv('wrong.csv', 'text,label', rows);
    const r = voc('intent', 'train', file, '--out', join(dir, 'x.json'), '--label-column', 'reason');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no column reason/);
  });

  it('says when the file does not exist', () => {
    const r = voc('sentiment', 'train', join(dir, 'nope.csv'), '--out', join(dir, 'x.json'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no such file/);
  });
});

describe('voc eval intent', () => {
  it('prints one JSON object with accuracy, per-label scores and out-of-scope recall', () => {
    const train = csv('train.csv', 'text,label', rows);
    const test = csv('test.csv', 'text,label', [
      ['please give me a refund', 'refund'],
      ['my package is late', 'delivery'],
      ['I forgot the password', 'password'],
      ['are you open sunday', 'hours'],
      ['what is the capital of peru', 'oos'],
    ]);
    const r = voc('eval', 'intent', '--train', train, '--test', test);
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ n: 5 });
    for (const key of ['accuracy', 'macro_f1', 'texts_per_second', 'train_seconds', 'in_scope_accuracy', 'oos_recall']) expect(typeof result[key]).toBe('number');
    expect(Object.keys(result.labels)).toContain('refund');
    expect(result.labels.refund).toMatchObject({ support: 1 });
  });
});
