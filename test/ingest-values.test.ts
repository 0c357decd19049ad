/**
 * Numbers and dates as exports get them wrong: an overflowed time, hexadecimal, placeholder dates.
 * Each is dropped with a warning naming the field and the value; the row is kept.
 */
import { describe, expect, it } from 'vitest';
import { MAX_SECONDS, validateRecord } from '../ingest/validate.ts';

const base = { interaction_id: 'v1', channel: 'chat', text: 'Customer: my order is late\nAgent: sorry, let me look' };

describe('optional numbers and dates people would not mean', () => {
  it.each([
    ['handle_time_s', '99999999999999999999', /handle_time_s is out of range: must be seconds, 0 or more, at most 31,536,000 \(a year\), got "99999999999999999999"; dropped/],
    ['wait_time_s', 1e20, /wait_time_s is out of range: .*at most 31,536,000 \(a year\)/],
    ['resolution_time_s', String(MAX_SECONDS + 1), /resolution_time_s is out of range/],
    ['handle_time_s', '1e308', /handle_time_s is out of range/],
    ['handle_time_s', '0x10', /handle_time_s must be seconds, 0 or more, got "0x10"; dropped/],
    ['csat', '0b11', /csat must be a whole number 1–5, got "0b11"/],
    ['nps', '1_0', /nps must be a whole number 0–10/],
    ['started_at', '0001-01-01', /started_at is outside the years 1900–2200 \(a placeholder for no date\?\), got "0001-01-01"; dropped/],
    ['started_at', '9999-12-31T23:59:59Z', /started_at is outside the years 1900–2200/],
  ])('%s %j is dropped with a warning', (field, value, warning) => {
    const { interaction, warnings } = validateRecord({ ...base, [field]: value });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(warning);
    const kept = { ...interaction.kpis, started_at: interaction.started_at } as Record<string, unknown>;
    expect(kept[field] ?? null).toBeNull();
  });

  it.each([
    ['handle_time_s', ' 42 ', 42],
    ['handle_time_s', '+42.5', 42.5],
    ['handle_time_s', '.5', 0.5],
    ['handle_time_s', '4.2e2', 420],
    ['wait_time_s', String(MAX_SECONDS), MAX_SECONDS],
    ['csat', '4', 4],
  ])('%s %j is read as %d', (field, value, want) => {
    const { interaction, warnings } = validateRecord({ ...base, [field]: value });
    expect(warnings).toEqual([]);
    expect((interaction.kpis as Record<string, unknown>)[field]).toBe(want);
  });

  it('keeps the dates of a real contact centre', () => {
    for (const d of ['1900-01-01', '2026-03-02 09:30', '2199-12-31T23:59:59Z']) {
      const { warnings, interaction } = validateRecord({ ...base, started_at: d });
      expect(warnings).toEqual([]);
      expect(interaction.started_at).not.toBeNull();
    }
  });
});
