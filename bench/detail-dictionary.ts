/**
 * Writes the preset dictionary of the packed score detail (store/score-detail.dict) to stdout: the
 * packed parts of scored demo interactions (seed 1, not the seed the bench stores), the last 8 KB of
 * them. Deflate finds in it the keys, labels, driver names and number shapes every packed part repeats,
 * which a part of a few hundred bytes cannot find in itself. Format 2 of the detail is bound to the
 * dictionary it was stored with: run this only to make the dictionary of a new format.
 *
 *   npx tsx bench/detail-dictionary.ts > store/score-detail.dict
 */
import { generateDemo } from '../demo/generate.ts';
import { toInteraction } from '../ingest/validate.ts';
import { createScorer } from '../pipeline/score.ts';
import type { Evidence } from '../pipeline/types.ts';
import { encodeDetail, packedJson } from '../store/score-detail.ts';

export function detailDictionary(n = 1000, seed = 1, size = 8192): string {
  const scorer = createScorer();
  const ids = new Map<string, number>();
  const samples: string[] = [];
  for (const r of generateDemo({ n, seed })) {
    const x = toInteraction(r as unknown as Record<string, unknown>);
    const s = scorer.score(x, { priorContacts: 1 });
    // Cue ids as a database gives them: in the order the names are first seen.
    const evidence: Evidence[] = [...s.sentiment.evidence, ...s.sentiment.sentences.flatMap((y) => y.evidence), ...s.empathy.triggers.flatMap((t) => t.evidence),
      ...s.empathy.cues.map((c) => c.evidence), ...s.effort.drivers.flatMap((d) => d.evidence), ...s.intent.intents.flatMap((m) => m.evidence)];
    for (const e of evidence) if (e.cue !== undefined && !ids.has(e.cue)) ids.set(e.cue, ids.size + 1);
    samples.push(packedJson(encodeDetail(s, ids, x.turns.map((t) => t.text))));
  }
  return samples.join('').slice(-size);
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(detailDictionary());
