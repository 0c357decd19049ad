import { describe, expect, it } from 'vitest';
import type { AgentRow } from '../report/agents.ts';
import { renderSvg } from '../report/html.ts';
import { quadrantSpec } from '../serve/charts.ts';

const agent = (id: string, empathy: number, ahtMin: number): AgentRow => ({
  agent_id: id, team: 'billing', interactions: 50, empathy_n: 40, empathy, empathy_pct_team: 50, ownership: 50, sentiment_shift: 0, effort: 40,
  aht_s: ahtMin * 60, wait_s: 60, csat_n: 30, csat: 4, csat_score: 0.8, fcr: 0.8, transfer_rate: 0.1, quadrant: 'role model', trend: [], too_few: false,
});

describe('the workspace quadrant chart', () => {
  it('clips a handle-time outlier to the edge and names it', async () => {
    const agents = [...Array.from({ length: 10 }, (_, k) => agent(`A${k}`, 40 + 4 * k, 5 + (k % 4))), agent('SLOW', 60, 95)];
    const q = quadrantSpec(agents)!;
    expect(q.clipped).toEqual(['SLOW (95.0 min)']);
    const svg = await renderSvg(q.spec);
    expect(svg).toContain('>SLOW<');
    // The axis stops near the others instead of stretching to 95 minutes.
    expect(svg).not.toMatch(/>9\d<\/text>/);
  });

  it('labels every agent while the names fit, and only the highlighted one beyond', async () => {
    const few = await renderSvg(quadrantSpec(Array.from({ length: 8 }, (_, k) => agent(`F${k}`, 30 + 7 * k, 4 + k)))!.spec);
    for (let k = 0; k < 8; k++) expect(few).toContain(`>F${k}<`);
    const many = Array.from({ length: 80 }, (_, k) => agent(`M${k}`, 20 + (k * 37) % 70, 3 + ((k * 13) % 9)));
    const svg = await renderSvg(quadrantSpec(many, 'M7')!.spec);
    expect(svg).toContain('>M7<');
    expect(svg).not.toContain('>M8<');
  });

  it('has nothing to draw without an agent with both figures', () => {
    expect(quadrantSpec([{ ...agent('X', 50, 5), empathy: null }])).toBeNull();
  });
});
