/**
 * `voc report channels`: the channels side by side (volume, first response, handle and resolution
 * time, CSAT, NPS, effort, empathy, repeat rate) and which channel customers use for which reason.
 */
import type { Queryable } from '../store/db.ts';
import type { FactOptions } from '../store/reports-facts.ts';
import { reasonChannels } from '../store/reports-reasons.ts';
import { kpiReport, type KpiRow } from './kpis.ts';

export interface ChannelReport {
  repeat_window_days: number;
  channels: KpiRow[];
  /** Per reason: its contacts by channel, and the channel most used for it. */
  reasons: { reason: string; n: number; by_channel: Record<string, number>; top_channel: string; top_share: number }[];
}

export async function channelReport(db: Queryable, opts: FactOptions): Promise<ChannelReport> {
  const [k, mix] = await Promise.all([kpiReport(db, { ...opts, by: 'channel' }), reasonChannels(db, opts.scorerVersion, opts)]);
  const byReason = new Map<string, Record<string, number>>();
  for (const m of mix) {
    const r = byReason.get(m.reason) ?? {};
    r[m.channel] = m.n;
    byReason.set(m.reason, r);
  }
  const reasons = [...byReason].map(([reason, by_channel]) => {
    const n = Object.values(by_channel).reduce((a, b) => a + b, 0);
    const [top_channel, top] = Object.entries(by_channel).sort((a, b) => b[1] - a[1])[0]!;
    return { reason, n, by_channel, top_channel, top_share: top / n };
  }).sort((a, b) => b.n - a.n);
  return { repeat_window_days: k.repeat_window_days, channels: k.rows, reasons };
}
