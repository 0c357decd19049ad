import { describe, expect, it } from 'vitest';
import { generateCorpus, plainText } from '../bench/corpus.ts';
import { formatBench } from '../bench/format.ts';
import { loadPeer } from '../bench/peers.ts';
import { runBench } from '../bench/run.ts';
import { UsageError } from '../lib/errors.ts';

describe('voc bench', () => {
  it('generates the same mixed corpus for the same seed', () => {
    const a = generateCorpus(0.2, 7);
    const b = generateCorpus(0.2, 7);
    expect(a.map(plainText)).toEqual(b.map(plainText));
    expect(a.map(plainText)).not.toEqual(generateCorpus(0.2, 8).map(plainText));
    const channels = new Set(a.map((i) => i.channel));
    for (const c of ['review', 'survey', 'chat', 'email']) expect(channels.has(c as never)).toBe(true);
    const bytes = a.reduce((sum, i) => sum + Buffer.byteLength(plainText(i)), 0);
    expect(bytes).toBeGreaterThanOrEqual(0.2e6);
  });

  it('makes call transcripts of Agent and Customer turns, about 1,500 words long', () => {
    const call = generateCorpus(1, 1).find((i) => i.channel === 'call')!;
    expect(new Set(call.turns.map((t) => t.speaker))).toEqual(new Set(['agent', 'customer']));
    const words = plainText(call).split(/\s+/).length;
    expect(words).toBeGreaterThan(900);
    expect(words).toBeLessThan(2500);
  });

  it('times voc and the peers on a tiny corpus and reports the figures and ratios', () => {
    const result = runBench({ size: 0.05, warmup: 5, passes: 1, worker: false });
    expect(result.rows.map((r) => r.name)).toEqual(['voc (full scorer)', 'voc (sentiment only)', 'vader-sentiment', 'sentiment']);
    for (const row of result.rows) {
      expect(row.texts).toBe(result.corpus.texts);
      expect(row.megabytes).toBeGreaterThan(0);
      expect(row.texts_per_second).toBeGreaterThan(0);
      expect(row.megabytes_per_second).toBeGreaterThan(0);
      expect(typeof row.heap_delta_mb).toBe('number');
      expect(row.peak_rss_mb).toBeGreaterThan(0);
    }
    expect(Object.keys(result.ratios)).toEqual(['vader-sentiment', 'sentiment']);
    expect(result.full_to_afinn).toBe(result.ratios['sentiment']);
    expect(result.full_to_vader).toBe(result.ratios['vader-sentiment']);
    expect(result.full_mb_s).toBe(result.rows[0]!.megabytes_per_second);
    expect(result.afinn_mb_s).toBeGreaterThan(0);
    expect(result.vader_mb_s).toBeGreaterThan(0);
    expect(result.profile.map((p) => p.pass)).toEqual(['00-language', '01-prepare', '02-phrases', '03-sentiment', '04-effort-cues', '05-triggers', '06-empathy', '07-effort', '08-intent']);
    expect(result.profile.reduce((sum, p) => sum + p.share, 0)).toBeCloseTo(1, 2);
    const table = formatBench(result);
    expect(table).toContain('voc (full scorer)');
    expect(table).toContain('MB/s');
    expect(table).toMatch(/\d×/);
  });

  it('loads a peer scorer when installed and says how to install one that is missing', () => {
    expect(typeof loadPeer<unknown>('sentiment', 'voc bench')).toBe('function');
    const missing = () => loadPeer('voc-peer-that-is-not-installed', 'voc bench');
    expect(missing).toThrow(UsageError);
    expect(missing).toThrow(/voc bench compares voc with the peer package voc-peer-that-is-not-installed, which is not installed.*npm install --no-save voc-peer-that-is-not-installed/);
  });
});
