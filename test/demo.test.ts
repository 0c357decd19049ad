import { describe, expect, it } from 'vitest';
import { generateDemo, generateDemoWithTruth } from '../demo/generate.ts';
import { AGENTS, TRUE_EFFECTS } from '../demo/model.ts';
import { CHANNELS } from '../pipeline/types.ts';

describe('generateDemo', () => {
  const records = [...generateDemo({ n: 3000, seed: 11 })];

  it('is deterministic for a seed and differs across seeds', () => {
    expect([...generateDemo({ n: 3000, seed: 11 })]).toEqual(records);
    expect([...generateDemo({ n: 3000, seed: 12 })]).not.toEqual(records);
  });

  it('yields exactly n records with unique ids', () => {
    expect(records).toHaveLength(3000);
    expect(new Set(records.map((r) => r.interaction_id)).size).toBe(3000);
  });

  it('covers every channel, every agent and repeat customers', () => {
    expect(new Set(records.map((r) => r.channel))).toEqual(new Set(CHANNELS));
    expect(new Set(records.filter((r) => r.agent_id).map((r) => r.agent_id)).size).toBe(AGENTS.length);
    const perCustomer = new Map<string, number>();
    for (const r of records) perCustomer.set(r.customer_id, (perCustomer.get(r.customer_id) ?? 0) + 1);
    expect([...perCustomer.values()].filter((c) => c > 1).length).toBeGreaterThan(100);
    expect(records.some((r) => (r.transfers ?? 0) > 0)).toBe(true);
    expect(records.some((r) => (r.hold_time_s ?? 0) > 0)).toBe(true);
  });

  it('keeps every KPI inside its scale', () => {
    for (const r of records) {
      if (r.csat !== null) expect(r.csat >= 1 && r.csat <= 5 && Number.isInteger(r.csat)).toBe(true);
      if (r.nps !== null) expect(r.nps >= 0 && r.nps <= 10 && Number.isInteger(r.nps)).toBe(true);
      if (r.ces !== null) expect(r.ces >= 1 && r.ces <= 7 && Number.isInteger(r.ces)).toBe(true);
      if (r.rating !== null) expect(r.rating >= 1 && r.rating <= 5).toBe(true);
      for (const k of ['handle_time_s', 'wait_time_s', 'hold_time_s', 'transfers'] as const) {
        if (r[k] !== null) expect(r[k]).toBeGreaterThanOrEqual(0);
      }
      expect(Number.isNaN(Date.parse(r.started_at))).toBe(false);
    }
  });

  it('gives calls timed turns, reviews and surveys text, and conversations both speakers', () => {
    for (const r of records) {
      if (r.channel === 'call' && r.abandoned) expect([r.turns, r.text]).toEqual([undefined, undefined]);
      else if (r.channel === 'call') expect(r.turns!.every((t) => typeof t.start_s === 'number' && t.end_s! >= t.start_s!)).toBe(true);
      if (r.channel === 'review' || r.channel === 'survey') expect(typeof r.text).toBe('string');
      if (r.channel === 'chat') expect(new Set(r.turns!.map((t) => t.speaker))).toEqual(new Set(['agent', 'customer']));
    }
    expect(records.some((r) => r.channel === 'email' && r.text?.includes('Customer:'))).toBe(true);
    expect(records.some((r) => r.channel === 'email' && r.turns?.some((t) => t.text.includes('> ')))).toBe(true);
  });

  it('makes warm agents sound warmer than cold ones', () => {
    const warmth = (style: string) => {
      const ids = new Set(AGENTS.filter((a) => a.style === style).map((a) => a.agent_id));
      const agentText = records
        .filter((r) => r.agent_id && ids.has(r.agent_id) && r.turns)
        .flatMap((r) => r.turns!.filter((t) => t.speaker === 'agent').map((t) => t.text.replace(/^>.*$/gm, '')));
      const hits = (re: RegExp) => agentText.filter((t) => re.test(t)).length / agentText.length;
      return { warm: hits(/sorry|understand|frustrating/i), cold: hits(/policy|nothing I can do|not my department/i) };
    };
    const warm = warmth('warm-slow');
    const cold = warmth('fast-cold');
    expect(warm.warm).toBeGreaterThan(2 * cold.warm);
    expect(cold.cold).toBeGreaterThan(2 * warm.cold);
  });

  it('ties CSAT to empathy and wait in the direction of the known effects', () => {
    const rows = [...generateDemoWithTruth({ n: 3000, seed: 5 })].filter((x) => x.record.csat !== null && x.truth.empathy_z !== null);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const csatWhere = (f: (x: (typeof rows)[number]) => boolean) => mean(rows.filter(f).map((x) => x.record.csat!));
    expect(Math.sign(csatWhere((x) => x.truth.empathy_z! > 0) - csatWhere((x) => x.truth.empathy_z! < 0))).toBe(Math.sign(TRUE_EFFECTS.csat.empathy));
    expect(Math.sign(csatWhere((x) => x.truth.wait_z! > 0) - csatWhere((x) => x.truth.wait_z! < 0))).toBe(Math.sign(TRUE_EFFECTS.csat.wait));
  });

  it('makes 10,000 records in well under two seconds of CPU', () => {
    // CPU time of this test file's process, not the wall clock: other work on the machine does not count.
    const t0 = process.cpuUsage();
    let n = 0;
    for (const _ of generateDemo({ n: 10_000, seed: 1 })) n++;
    expect(n).toBe(10_000);
    const { user, system } = process.cpuUsage(t0);
    expect((user + system) / 1000).toBeLessThan(2000);
  });
});
