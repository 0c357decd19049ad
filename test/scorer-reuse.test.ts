/**
 * A scorer reuses its buffers from one interaction to the next (pass 1's word arrays): scoring in any
 * order, after shorter or longer interactions, gives exactly what a fresh scorer gives.
 */
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../bench/corpus.ts';
import { createScorer } from '../pipeline/score.ts';
import type { Interaction } from '../pipeline/types.ts';

describe('one scorer for many interactions', () => {
  it('scores each as a fresh scorer does, whatever came before', () => {
    const corpus = generateCorpus(0.05, 3);
    const long = corpus.reduce((a, b) => (b.turns.length > a.turns.length ? b : a));
    const short: Interaction = { interaction_id: 's', channel: 'chat', kpis: {}, turns: [{ speaker: 'customer', text: 'Not happy at all, I am still waiting for my refund.' }] };
    const order = [short, long, short, ...corpus.slice(0, 20), long, short];
    const reused = createScorer();
    const seen = order.map((i) => JSON.stringify(reused.score(i)));
    const fresh = order.map((i) => JSON.stringify(createScorer().score(i)));
    expect(seen).toEqual(fresh);
    expect(seen[0]).toBe(seen[2]);
    expect(long.turns.length).toBeGreaterThan(20);
  });
});
