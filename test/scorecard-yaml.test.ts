/** Scorecards written in YAML: the shipped example, the same content as JSON giving the same version, and bad files refused with the place named. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { DEFAULT_SCORECARD, loadScorecardFile } from '../workers/scorecard.ts';

const dir = mkdtempSync(join(tmpdir(), 'voc-scorecard-yaml-'));
const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

describe('a YAML scorecard', () => {
  it('the shipped chat example is valid', () => {
    const card = loadScorecardFile(new URL('../lexicons/scorecards/chat-short.yaml', import.meta.url).pathname);
    expect(card.items.map((i) => i.id)).toEqual(['greeting', 'empathy', 'no_dismissal', 'low_effort', 'resolved']);
    expect(card.critical_fail).toBe('mark');
    expect(card.items.every((i) => i.channels.join() === 'chat')).toBe(true);
  });

  it('reads as the same scorecard, with the same version, as the JSON it was written from', () => {
    const json = loadScorecardFile(DEFAULT_SCORECARD);
    const yaml = loadScorecardFile(write('default.yml', `# the default, as YAML\n${stringify(JSON.parse(readFileSync(DEFAULT_SCORECARD, 'utf8')))}`));
    expect(yaml).toEqual(json);
  });

  it('is refused with the bad item, or the line of a syntax error, named', () => {
    const good = readFileSync(new URL('../lexicons/scorecards/chat-short.yaml', import.meta.url), 'utf8');
    const badWeight = write('weight.yaml', good.replace('weight: 25', 'weight: -3'));
    expect(() => loadScorecardFile(badWeight)).toThrow(/item "empathy": "weight" must be a number above 0, got -3/);
    const syntax = write('syntax.yaml', 'name: x\nsections:\n  - name: [unclosed\n');
    expect(() => loadScorecardFile(syntax)).toThrow(/syntax\.yaml is not valid YAML: .*\(line \d+, column \d+\)/);
    const dup = write('dup.yaml', 'name: x\nname: y\nsections: []\n');
    expect(() => loadScorecardFile(dup)).toThrow(/not valid YAML: Map keys must be unique/);
  });
});
