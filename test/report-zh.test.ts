/**
 * `voc show`, the driver headline (`voc analyze drivers`, the demo) and the coaching export in Chinese
 * (`--lang zh` / VOC_LANG=zh): labels from lexicons/labels/zh.json, numbers and dates in zh-CN form,
 * English unchanged by default; and `voc demo --lang zh` end to end, its output Chinese throughout.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { missingCue } from '../report/coaching.ts';
import { formatDriverReport } from '../report/drivers-format.ts';
import { headline, type DriverReport } from '../report/drivers.ts';
import { labels } from '../report/labels.ts';
import { renderShow } from '../report/show.ts';
import type { DriverEffect } from '../report/stats.ts';
import { vocOk } from './cli.ts';
import { INTERACTION, SCORES } from './show-fixture.ts';

const zh = labels('zh');
/** English words of the views that must not survive in the Chinese ones. */
const ENGLISH = /\b(Interaction|KPIs|Scored by|Empathy|Effort|Intent|Sentiment|trajectory|customer|agent|answered|missed|cues|Here|standard deviation|moves|Overall|note|left out|What drives)\b/;

const effect = (driver: string, e: number, lo: number, hi: number, sd: number): DriverEffect => ({ driver, effect: e, ci: [lo, hi], sd, r: 0.3 }) as unknown as DriverEffect;

describe('voc show in Chinese', () => {
  const record = { interaction: { ...INTERACTION, kpis: { ...INTERACTION.kpis, handle_time_s: 1234 } }, score: { scorer_version: '0.1.0', scored_at: '2026-09-01T11:00:00.000Z', detail: SCORES }, currentVersion: '0.1.0' };
  const out = renderShow(record, zh);

  it('labels every part in Chinese, with the data as written', () => {
    for (const word of ['会话 SHOW-1 · 在线', '坐席 A7', '团队 North', '客户 C9', '指标：满意度 2', '转接 1 次', '由 voc 0.1.0 评分', '客户', '客服', '共情', '费力度', '联系原因：', '情绪：负面']) expect(out).toContain(word);
    expect(out).not.toMatch(ENGLISH);
    // The customer's and the agent's words stay as they were written.
    expect(out).toContain('calling, my parcel');
  });

  it('writes numbers and dates in the zh-CN form', () => {
    expect(out).toContain('2026年9月1日 10:00');
    expect(out).toContain('处理时长 1,234 秒');
  });

  it('is unchanged in English', () => {
    const english = renderShow(record);
    expect(english).toContain('Interaction SHOW-1 · chat · agent A7 · team North · customer C9 · 2026-09-01T10:00:00.000Z');
    expect(english).toContain('handle 1234 s');
    expect(english).toMatch(/^\s+0 {2}CUSTOMER /m);
  });
});

describe('the driver headline in Chinese', () => {
  const effects = [effect('empathy', 0.17, 0.05, 0.29, 41), effect('wait_time_s', -0.25, -0.36, -0.15, 1)];
  const sds = { wait_time_s: { call: 88, email: 13_320 } };

  it('says the finding in Chinese, n grouped as zh-CN writes it', () => {
    const text = headline('csat', effects, { ratio: 2 / 3, distinguishable: false } as never, 12_345, sds, zh);
    expect(text).toBe('在这里（n = 12,345），共情每提高一个标准差，满意度变化 +0.17（95% 置信区间 +0.05 至 +0.29）（一个标准差 = 100 分中的 41 分）；'
      + '等待每减少一个标准差，它变化 +0.25（95% 置信区间 +0.15 至 +0.36）（一个标准差 = 电话 88 秒，邮件 3.7 小时）；以现有数据量，共情和等待的影响分不出大小（等待看起来大 1.5 倍，但区间重叠）。');
    expect(headline('csat', effects.slice(0, 1), null, 80, {}, zh)).toMatch(/^在这里（n = 80），共情每提高一个标准差，满意度变化 \+0\.17（[^）]+）（[^）]+）。$/);
  });

  it('is the same English sentence as before without labels', () => {
    expect(headline('csat', effects, { ratio: 2 / 3, distinguishable: true } as never, 1234, sds))
      .toBe('Here (n = 1,234), one standard deviation more empathy moves CSAT by +0.17 (95% CI +0.05 to +0.29) (one SD = 41 points of 100); '
        + 'one standard deviation less wait moves it by +0.25 (95% CI +0.15 to +0.36) (one SD = 88 s for call, 3.7 h for email); wait matters 1.5× as much as empathy.');
  });

  it('the whole analysis as text in Chinese', () => {
    const analysis = { scope: 'overall', n: 180, r2: 0.39, effects, comparison: null, headline: '在这里……', excluded: [{ driver: 'hold_time_s', reason: '60% 的会话缺少该项' }], channelSds: sds, warnings: ['29 个会话缺少某个因素的值，未计入'] };
    const report = { outcome: 'csat', scorer_version: 'v', empathy_handling: zh.t('drivers.handling.applicable'), overall: analysis, teams: [{ ...analysis, scope: 'billing' }] } as unknown as DriverReport;
    const text = formatDriverReport(report, zh);
    for (const word of ['什么影响满意度', '整体：', '团队 billing：', '因素', '每个标准差的影响', '共情', '等待', '88 秒 (电话)', 'n = 180，R² = 0.39', '未纳入：保留时长', '注：']) expect(text).toContain(word);
    expect(text).not.toMatch(ENGLISH);
  });
});

describe('the coaching notes in Chinese', () => {
  it('tells what was missing in Chinese, English by default', () => {
    expect(missingCue('repeat_contact', 'late', true, zh)).toBe(`${zh.t('coaching.advice.late')}；${zh.t('coaching.advice.repeat')}；${zh.t('coaching.advice.dismissive')}`);
    expect(missingCue('distress', 'missing', false, zh)).toBe('先回应客户的感受，再说您会怎么处理');
    expect(missingCue('distress', 'missing', false)).toBe('acknowledge how the customer feels, then say what you will do about it');
  });
});

describe('voc demo --lang zh, then voc show, voc analyze drivers and voc export coaching', () => {
  const dir = mkdtempSync(join(tmpdir(), 'voc-demo-zh-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { DATABASE_URL: '', REDIS_URL: '', VOC_DATA_DIR: join(dir, '.voc'), VOC_LANG: undefined };

  it('prints the whole run in Chinese', async () => {
    const { stdout, stderr } = await vocOk(['demo', '-n', '100', '--seed', '4', '--lang', 'zh'], env, dir);
    for (const line of ['演示：', '个会话中已评分', '坐席', '什么影响满意度：', '辅导导出：', '报告（用浏览器打开）', '质检评分表：', '下一步：']) expect(stdout).toContain(line);
    // Apart from commands, file names, ids, versions and the demo's team names, no English sentence is left.
    const prose = stdout.replace(/`[^`]*`/g, '').replace(/voc [a-z][\w -]*/g, '').replace(/[\w./-]*\.(jsonl|csv|html)/g, '').replace(/\b(voc|billing|retention|support|PostgreSQL|Redis|CSAT|AHT|FCR|n|R²|CI|sc\d\.\w+|[A-Z]\d+)\b/g, '');
    expect(prose.match(/\b[a-z]{3,} [a-z]{3,}\b/gi)).toBeNull();
    expect(stderr).not.toMatch(/\bmaking\b/);
  }, 300_000);

  it('voc show, voc analyze drivers and voc export coaching in Chinese from VOC_LANG', async () => {
    const zhEnv = { ...env, VOC_LANG: 'zh' };
    const id = readFileSync(join(dir, '.voc', 'demo-zh', 'interactions.jsonl'), 'utf8').match(/"interaction_id":"([^"]+)"/)![1]!;
    const show = (await vocOk(['show', id], zhEnv, dir)).stdout;
    expect(show).toMatch(new RegExp(`^会话 ${id} · `));
    expect(show).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d/);
    expect(show).not.toMatch(ENGLISH);
    const drivers = (await vocOk(['analyze', 'drivers', '--bootstrap', '50'], zhEnv, dir)).stdout;
    expect(drivers).toMatch(/^什么影响满意度（评分版本 /);
    expect(drivers).toMatch(/整体：(在这里（n = \d+），|数据不足)/);
    const file = join(dir, 'coaching.csv');
    const said = (await vocOk(['export', 'coaching', '--out', file], zhEnv, dir)).stdout;
    expect(said).toMatch(/^辅导导出：\d+ 名坐席的 \d+ 行 → /);
    const csv = readFileSync(file, 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^坐席,团队,类型,会话编号,开始时间,渠道,联系原因,满意度,需要共情的原因,回应,客户发言,坐席回复,辅导要点,/);
    expect(csv).toMatch(/,辅导,/);
    expect(csv).not.toMatch(/acknowledge|answered in time|,coach,|,praise,/);
    // --lang beats VOC_LANG: English headers and notes.
    await vocOk(['export', 'coaching', '--out', file, '--lang', 'en'], zhEnv, dir);
    expect(readFileSync(file, 'utf8')).toMatch(/^agent_id,team,kind,interaction_id,/);
  }, 300_000);
});
