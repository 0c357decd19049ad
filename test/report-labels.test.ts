/**
 * Report labels in the reader's language (lexicons/labels/*.json) and the Chinese demo corpus,
 * generated from the phrases of demo/templates-zh.ts and scored by the Chinese scorer.
 */
import { describe, expect, it } from 'vitest';
import en from '../lexicons/labels/en.json' with { type: 'json' };
import zh from '../lexicons/labels/zh.json' with { type: 'json' };
import { generateDemo } from '../demo/generate.ts';
import { createScorer } from '../pipeline/score.ts';
import type { Interaction } from '../pipeline/types.ts';
import type { AgentRow } from '../report/agents.ts';
import { formatAgentTable } from '../report/agents-format.ts';
import { labels, reportLanguage } from '../report/labels.ts';

const row: AgentRow = {
  agent_id: 'A01', team: 'billing', interactions: 1234, empathy_n: 30, empathy: 71, empathy_pct_team: 100, ownership: 20, sentiment_shift: 0.4,
  effort: 25, aht_s: 390, wait_s: 120, csat_n: 20, csat: 4.2, csat_score: 0.9, fcr: 0.8, transfer_rate: 0.05, quadrant: 'role model', too_few: false, trend: [],
} as unknown as AgentRow;

describe('report labels', () => {
  it('every English label has a Chinese one, with the same {placeholders}', () => {
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(en.labels)) {
      const other = (zh.labels as Record<string, string>)[key];
      expect(other, key).toBeTypeOf('string');
      expect(holes(other!), key).toEqual(holes(text));
    }
  });

  it('picks the language from the option, then VOC_LANG, and refuses one it has no labels for', () => {
    expect(reportLanguage(undefined, undefined)).toBe('en');
    expect(reportLanguage(undefined, 'zh-CN')).toBe('zh');
    expect(reportLanguage('en', 'zh')).toBe('en');
    expect(() => reportLanguage('fr', undefined)).toThrow(/en, zh/);
  });

  it('writes numbers and dates in the locale', () => {
    expect(labels('zh').date('2026-09-01T00:00:00Z')).toBe('2026年9月1日');
    expect(labels('en').date('2026-09-01T00:00:00Z')).toBe('September 1, 2026');
    expect(labels('zh').t('html.too_few_summary', { n: 1200, agents: '', min: 20 })).toContain('1,200');
  });

  it('the agent table in Chinese: headers, quadrant and advice', () => {
    const text = formatAgentTable([row], 7, undefined, labels('zh'));
    for (const word of ['坐席', '平均处理时长', '首次解决率', '标杆', '把他们的通话作为辅导范例', '7 天内是否有重复联系']) expect(text).toContain(word);
    expect(text).not.toContain('role model');
    const english = formatAgentTable([row], 7);
    expect(english).toContain('role model: empathy high, handle time short');
    expect(english).toContain('no repeat contact within 7 days');
  });
});

describe('the Chinese demo', () => {
  const records = [...generateDemo({ n: 300, seed: 3, lang: 'zh' })];

  it('is Chinese, simplified and traditional, on every channel, and the same for the same seed', () => {
    expect([...generateDemo({ n: 300, seed: 3, lang: 'zh' })]).toEqual(records);
    const texts = records.map((r) => r.text ?? r.turns?.map((t) => t.text).join('\n') ?? '');
    expect(texts.every((t) => t === '' || /\p{Script=Han}/u.test(t))).toBe(true);
    expect(texts.some((t) => /[麼這還們謝]/.test(t))).toBe(true);
    expect(texts.some((t) => /[么这还们谢]/.test(t))).toBe(true);
    expect(new Set(records.map((r) => r.channel))).toEqual(new Set(['call', 'chat', 'email', 'review', 'survey']));
    expect(records[0]!.interaction_id).toMatch(/^demo-zh-3-/);
  });

  it('scores as Chinese: warm agents show more empathy than cold ones', () => {
    const scorer = createScorer();
    const empathy: Record<string, number[]> = {};
    for (const r of records) {
      if (!r.turns || !r.agent_id) continue;
      const s = scorer.score({ ...r, kpis: {} } as unknown as Interaction);
      expect(s.language.language).toBe('zh');
      if (s.empathy.score !== null) (empathy[r.agent_id] ??= []).push(s.empathy.score);
    }
    const mean = (xs: number[] = []) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    // A01 is warm-but-slow and A02 fast-but-cold (demo/model.ts).
    expect(mean(empathy.A01)).toBeGreaterThan(mean(empathy.A02) + 5);
  });
});
