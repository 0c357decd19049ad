/**
 * Live guidance latency: conversations of the bench corpus (chats and calls) fed turn by turn to
 * `liveGuidance`, as `POST /api/v1/live/{conversation}/turns` does, timing each turn on one core.
 * The server adds one PostgreSQL round trip per turn (append and read the conversation) on top.
 */
import { liveGuidance } from '../pipeline/guidance.ts';
import { createScorer } from '../pipeline/score.ts';
import { generateCorpus } from './corpus.ts';

export interface LiveBenchOptions {
  /** Corpus size in MB of text (only its chats and calls are used). @defaultValue 1 */
  size?: number;
  /** @defaultValue 1 */
  seed?: number;
  /** Conversations per channel. @defaultValue 40 */
  conversations?: number;
}

export interface LiveBenchRow {
  channel: string;
  conversations: number;
  turns: number;
  /** CPU milliseconds per turn (user + system): what the turn costs, whatever else runs on the machine. */
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  /** Wall-clock milliseconds per turn: on a busy machine this includes waiting for a core. */
  wall_p50_ms: number;
  wall_p99_ms: number;
  /** Turns of the longest conversation (each turn rescored the whole conversation so far). */
  longest: number;
}

const round = (x: number) => Math.round(x * 100) / 100;
const quantile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

export function runLiveBench(opts: LiveBenchOptions = {}): LiveBenchRow[] {
  const scorer = createScorer();
  const corpus = generateCorpus(opts.size ?? 1, opts.seed ?? 1);
  const rows: LiveBenchRow[] = [];
  for (const channel of ['chat', 'call'] as const) {
    const convs = corpus.filter((i) => i.channel === channel).slice(0, opts.conversations ?? 40);
    if (convs.length === 0) continue;
    // Warm-up: the JIT and lexicons, as in a server that has been running.
    for (const c of convs.slice(0, 3)) liveGuidance(scorer, 'warm', c.turns, { channel, priorContacts: 0, previousEffort: null });
    const times: number[] = [];
    const wall: number[] = [];
    for (const c of convs) {
      let previous: number | null = null;
      for (let n = 1; n <= c.turns.length; n++) {
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        const { scores } = liveGuidance(scorer, c.interaction_id, c.turns.slice(0, n), { channel, priorContacts: 1, previousEffort: previous });
        wall.push(performance.now() - t0);
        const cpu = process.cpuUsage(cpu0);
        times.push((cpu.user + cpu.system) / 1000);
        previous = scores.effort.score;
      }
    }
    times.sort((a, b) => a - b);
    wall.sort((a, b) => a - b);
    rows.push({
      channel, conversations: convs.length, turns: times.length,
      p50_ms: round(quantile(times, 0.5)), p99_ms: round(quantile(times, 0.99)), max_ms: round(times[times.length - 1]!),
      wall_p50_ms: round(quantile(wall, 0.5)), wall_p99_ms: round(quantile(wall, 0.99)),
      longest: Math.max(...convs.map((c) => c.turns.length)),
    });
  }
  return rows;
}

export function formatLiveBench(rows: LiveBenchRow[]): string {
  const lines = ['live guidance per turn, CPU time on one core (the conversation so far rescored each turn; the server adds one PostgreSQL round trip):'];
  for (const r of rows) {
    lines.push(`  ${r.channel.padEnd(5)} ${r.conversations} conversations, ${r.turns} turns (longest ${r.longest}): p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms, max ${r.max_ms} ms (wall clock p50 ${r.wall_p50_ms}, p99 ${r.wall_p99_ms} ms)`);
  }
  return lines.join('\n');
}
