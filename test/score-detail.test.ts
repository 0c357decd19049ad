import { describe, expect, it } from 'vitest';
import { generateDemo } from '../demo/generate.ts';
import { toInteraction } from '../ingest/validate.ts';
import { createScorer } from '../pipeline/score.ts';
import { decodeDetail, encodeDetail } from '../store/score-detail.ts';

describe('compact score detail', () => {
  it('decodes to exactly what the scorer produced, in a fraction of the JSON', () => {
    const scorer = createScorer();
    let whole = 0;
    let compact = 0;
    for (const r of generateDemo({ n: 400, seed: 3 })) {
      const s = scorer.score(toInteraction(r as unknown as Record<string, unknown>), { priorContacts: 1 });
      const text = encodeDetail(s);
      whole += JSON.stringify(s).length;
      compact += text.length;
      expect(decodeDetail(text, s.interaction_id, s.scorer_version)).toEqual(s);
    }
    expect(compact / whole).toBeLessThan(0.5);
  });

  it('reads a whole result stored before the compact form as it is', () => {
    const s = { interaction_id: 'x', scorer_version: 'v', sentiment: { score: 0 } };
    expect(decodeDetail(JSON.stringify(s), 'x', 'v')).toEqual(s);
  });
});
