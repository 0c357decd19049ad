import { describe, expect, it } from 'vitest';
import { markEvidence, renderShow } from '../report/show.ts';
import { INTERACTION, SCORES } from './show-fixture.ts';

describe('markEvidence', () => {
  it('marks spans and merges overlaps', () => {
    expect(markEvidence('so very sorry now', [{ start: 3, end: 13 }, { start: 8, end: 13 }])).toBe('so «very sorry» now');
    expect(markEvidence('abc', [])).toBe('abc');
    expect(markEvidence('abc def', [{ start: 4, end: 7 }, { start: 0, end: 3 }])).toBe('«abc» «def»');
  });
});

describe('renderShow', () => {
  const out = renderShow({ interaction: INTERACTION, score: { scorer_version: '0.1.0', scored_at: '2026-09-01T11:00:00.000Z', detail: SCORES }, currentVersion: '0.1.0' });

  it('prints each turn with its speaker, sentiment and marked words', () => {
    expect(out).toContain('Interaction SHOW-1 · chat · agent A7 · team North · customer C9');
    expect(out).toContain('KPIs: CSAT 2 · CES 6 · transfers 1');
    expect(out).toMatch(/0 {2}CUSTOMER {2}negative -0\.50 +«Third time» calling, my parcel «never came»\./);
    expect(out).toContain("«I understand», but «there's nothing I can do».");
  });

  it('says which triggers were answered, when, and which were missed', () => {
    expect(out).toContain('calls for empathy (repeat_contact, problem): not answered');
    expect(out).toContain('calls for empathy (frustration): answered in turn 3 (timely)');
    expect(out).toContain('Empathy 35/100 · empathy statements 35 · ownership statements 50');
    expect(out).toContain('✗ turn 0 (repeat_contact, problem) missed');
    expect(out).toContain('✓ turn 2 (frustration) answered by turn 3: +apology "I\'m sorry", +ownership "I\'ll send"');
    expect(out).toContain('− dismissal in turn 1: "I understand" (hollow acknowledgement: i|we @know_verb)');
  });

  it('prints effort drivers, intent and the sentiment trajectory', () => {
    expect(out).toContain('Effort 55/100 · predicted CES 4.75');
    expect(out).toContain('+12.0 transfers (record): "1 transfer"');
    expect(out).toContain('+20.0 repeat_contact (do): "Third time"');
    expect(out).toContain('Intent: delivery (0.80); also refund 0.40');
    expect(out).toContain('Sentiment: negative -0.40; customer -0.50 → -0.60 (shift -0.10); trajectory negative');
  });

  it('says when the interaction is not scored, or scored by another version', () => {
    expect(renderShow({ interaction: INTERACTION, score: null, currentVersion: '0.1.0' })).toContain('Not scored yet');
    const old = renderShow({ interaction: INTERACTION, score: { scorer_version: '0.0.9', scored_at: null, detail: SCORES }, currentVersion: '0.1.0' });
    expect(old).toContain('Scored by voc 0.0.9 (this voc scores as 0.1.0');
  });

  it('says when empathy was not applicable', () => {
    const detail = { ...SCORES, empathy: { ...SCORES.empathy, applicable: false, score: null, empathy_statements: null, ownership_statements: null, triggers: [] } };
    expect(renderShow({ interaction: INTERACTION, score: { scorer_version: '0.1.0', scored_at: null, detail }, currentVersion: '0.1.0' })).toContain('Empathy: not applicable');
  });
});
