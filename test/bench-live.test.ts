import { describe, expect, it } from 'vitest';
import { formatLiveBench, runLiveBench } from '../bench/live.ts';

describe('voc bench: live guidance latency', () => {
  it('feeds chats and calls turn by turn and reports p50 and p99 per turn', () => {
    const rows = runLiveBench({ size: 0.3, conversations: 2 });
    expect(rows.map((r) => r.channel)).toEqual(['chat', 'call']);
    for (const r of rows) {
      expect(r.conversations).toBe(2);
      expect(r.turns).toBeGreaterThanOrEqual(2 * 2);
      expect(r.p50_ms).toBeGreaterThanOrEqual(0);
      expect(r.p99_ms).toBeGreaterThanOrEqual(r.p50_ms);
      expect(r.max_ms).toBeGreaterThanOrEqual(r.p99_ms);
    }
    expect(formatLiveBench(rows)).toMatch(/chat .* p50 [\d.]+ ms, p99 [\d.]+ ms/);
  });
});
