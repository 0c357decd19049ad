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
    const ids = new Map<string, number>();
    for (const r of generateDemo({ n: 400, seed: 3 })) {
      const s = scorer.score(toInteraction(r as unknown as Record<string, unknown>), { priorContacts: 1 });
      const text = encodeDetail(s);
      whole += JSON.stringify(s).length;
      compact += text.length;
      expect(decodeDetail(text, s.interaction_id, s.scorer_version)).toEqual(s);
      // With the cue names kept once in a table and referred to by id.
      for (const t of JSON.parse(text).e) if (typeof t[4] === 'string' && !ids.has(t[4])) ids.set(t[4], ids.size + 1);
      const names = new Map([...ids].map(([k, v]) => [v, k]));
      const short = encodeDetail(s, ids);
      expect(short.length).toBeLessThan(text.length);
      expect(decodeDetail(short, s.interaction_id, s.scorer_version, names)).toEqual(s);
    }
    expect(compact / whole).toBeLessThan(0.5);
  });

  it('reads a whole result stored before the compact form as it is', () => {
    const s = { interaction_id: 'x', scorer_version: 'v', sentiment: { score: 0 } };
    expect(decodeDetail(JSON.stringify(s), 'x', 'v')).toEqual(s);
  });
});
