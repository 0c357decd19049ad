/**
 * The agent quadrant for the workspace, drawn to survive real data: handle times far beyond the rest
 * are clipped to the chart's edge and named in the caption, names are written beside the points only
 * while they fit (and always for the agent the page is about), and no data is said in words. Rendered
 * by the same Vega-Lite → SVG path as `voc report html`.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { AgentRow } from '../report/agents.ts';
import { CONFIG, QUADRANT_COLOURS } from '../report/html.ts';

/** More agents than this and only the highlighted one is labelled: the names would overlap. */
export const MAX_LABELS = 24;
/** A handle time beyond this many times the 90th percentile is clipped to the edge and named. */
export const OUTLIER_FACTOR = 1.5;

const median = (xs: number[]) => {
  const s = [...xs].sort((p, q) => p - q);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export function quadrantSpec(agents: AgentRow[], highlight?: string): { spec: TopLevelSpec; clipped: string[] } | null {
  const points = agents.filter((a) => a.empathy !== null && a.aht_s !== null).map((a) => ({ agent: a.agent_id, team: a.team ?? '', empathy: a.empathy!, aht: a.aht_s! / 60, quadrant: a.quadrant ?? 'unplaced' }));
  if (points.length === 0) return null;
  const sorted = points.map((p) => p.aht).sort((a, b) => a - b);
  const p90 = sorted[Math.min(sorted.length - 1, Math.floor(0.9 * sorted.length))]!;
  const cap = Math.max(p90 * OUTLIER_FACTOR, 1);
  const clipped = points.filter((p) => p.aht > cap).map((p) => `${p.agent} (${p.aht.toFixed(1)} min)`);
  const values = points.map((p) => ({ ...p, shown: Math.min(p.aht, cap), me: p.agent === highlight, label: points.length <= MAX_LABELS || p.agent === highlight ? p.agent : '' }));
  const quadrants = Object.keys(QUADRANT_COLOURS);
  const x = { field: 'shown', type: 'quantitative', title: 'average handle time (minutes)', scale: clipped.length ? { zero: false, domainMax: cap } : { zero: false } } as const;
  const y = { field: 'empathy', type: 'quantitative', title: 'empathy (0–100, where called for)', scale: { zero: false } } as const;
  const spec = {
    width: 460, height: 300, config: CONFIG,
    layer: [
      { data: { values: [{ x: median(points.map((p) => p.aht)) }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#999' }, encoding: { x: { field: 'x', type: 'quantitative' } } },
      { data: { values: [{ y: median(points.map((p) => p.empathy)) }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#999' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
      {
        data: { values },
        mark: { type: 'point', filled: true, opacity: 0.9 },
        encoding: {
          x, y,
          size: { condition: { test: 'datum.me', value: 260 }, value: 80 },
          stroke: { condition: { test: 'datum.me', value: '#111' }, value: null },
          color: { field: 'quadrant', type: 'nominal', scale: { domain: quadrants, range: quadrants.map((q) => QUADRANT_COLOURS[q]!) }, title: 'quadrant' },
          tooltip: [{ field: 'agent' }, { field: 'team' }, { field: 'empathy', format: '.0f' }, { field: 'aht', format: '.1f', title: 'AHT (min)' }, { field: 'quadrant' }],
        },
      },
      { data: { values }, mark: { type: 'text', dx: 9, align: 'left', fontSize: 10, color: '#333' }, encoding: { x, y, text: { field: 'label' }, fontWeight: { condition: { test: 'datum.me', value: 'bold' }, value: 'normal' } } },
    ],
  } as TopLevelSpec;
  return { spec, clipped };
}
