/**
 * `voc bench`: voc's full scorer (all four scores) against the sentiment peers `vader-sentiment` and
 * `sentiment` (AFINN) on one generated corpus, in one process, one after the other on one core, each
 * after a warm-up pass, timed as the median of three passes. Compare the ratios: absolute speeds move
 * with the machine's load.
 */
import { createScorer } from '../pipeline/score.ts';
import { scoreSentiment } from '../pipeline/sentiment/index.ts';
import { prepare } from '../pipeline/text/document.ts';
import type { Interaction } from '../pipeline/types.ts';
import { generateCorpus, plainText } from './corpus.ts';
import { loadPeer } from './peers.ts';

export interface BenchOptions {
  /** Corpus size in MB of text. @defaultValue 3 */
  size?: number;
  /** Corpus seed. @defaultValue 1 */
  seed?: number;
  /**
   * Texts scored before timing, so that the JIT and lexicons are warm: a batch scorer runs for hours,
   * so its steady state is what counts. @defaultValue the whole corpus, once
   */
  warmup?: number;
  /** Timed passes over the corpus; the median pass is reported. @defaultValue 3 */
  passes?: number;
}

export interface BenchRow {
  /** What was run, e.g. "voc (full scorer)" or a package name. */
  name: string;
  texts: number;
  megabytes: number;
  seconds: number;
  texts_per_second: number;
  megabytes_per_second: number;
  /** Heap used after the run minus before it, MB (garbage not yet collected counts). */
  heap_delta_mb: number;
  /** The process's peak resident set size so far, MB: it includes every run before this one. */
  peak_rss_mb: number;
}

export interface BenchResult {
  corpus: { texts: number; megabytes: number; by_channel: Record<string, number>; seed: number };
  node: string;
  rows: BenchRow[];
  /** The full scorer's MB/s divided by each peer's, keyed by package name. */
  ratios: Record<string, number>;
}

interface Contender<T = unknown> {
  name: string;
  /** What this contender reads from one interaction, made before the clock starts. */
  input: (interaction: Interaction) => T;
  /** Its size in bytes. */
  bytes: (input: T) => number;
  run: (input: T) => unknown;
}

const contender = <T>(c: Contender<T>) => c as Contender;

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const mb = (bytes: number) => bytes / 1e6;

function contenders(): Contender[] {
  const vader = loadPeer<{ SentimentIntensityAnalyzer: { polarity_scores(text: string): unknown } }>('vader-sentiment', 'voc bench');
  const Afinn = loadPeer<new () => { analyze(text: string): unknown }>('sentiment', 'voc bench');
  const afinn = new Afinn();
  const scorer = createScorer();
  const turnBytes = (i: Interaction) => i.turns.reduce((sum, t) => sum + Buffer.byteLength(t.text), 0);
  // The peers score one string: the turns joined with their speaker labels.
  const text = { input: plainText, bytes: (t: string) => Buffer.byteLength(t) };
  return [
    contender({ name: 'voc (full scorer)', input: (i) => i, bytes: turnBytes, run: (i) => scorer.score(i) }),
    // Like for like with the peers: tokenizing and sentiment only.
    contender({ name: 'voc (sentiment only)', input: (i) => i, bytes: turnBytes, run: (i) => scoreSentiment(prepare(i)) }),
    contender({ name: 'vader-sentiment', ...text, run: (t) => vader.SentimentIntensityAnalyzer.polarity_scores(t) }),
    contender({ name: 'sentiment', ...text, run: (t) => afinn.analyze(t) }),
  ];
}

function measure(c: Contender, corpus: Interaction[], warmup: number, passes: number): BenchRow {
  const inputs = corpus.map(c.input);
  for (let i = 0; i < Math.min(warmup, inputs.length); i++) c.run(inputs[i]);
  let bytes = 0;
  for (const input of inputs) bytes += c.bytes(input);
  const heapBefore = process.memoryUsage().heapUsed;
  const times: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const t0 = performance.now();
    for (const input of inputs) c.run(input);
    times.push((performance.now() - t0) / 1000);
  }
  const seconds = times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
  const heapAfter = process.memoryUsage().heapUsed;
  return {
    name: c.name,
    texts: corpus.length,
    megabytes: round(mb(bytes)),
    seconds: round(seconds, 3),
    texts_per_second: Math.round(corpus.length / seconds),
    megabytes_per_second: round(mb(bytes) / seconds),
    heap_delta_mb: round(mb(heapAfter - heapBefore), 1),
    peak_rss_mb: round(process.resourceUsage().maxRSS / 1024, 1),
  };
}

/** Generates the corpus and times each contender on it. */
export function runBench(opts: BenchOptions = {}): BenchResult {
  const size = opts.size ?? 3;
  const seed = opts.seed ?? 1;
  const corpus = generateCorpus(size, seed);
  const byChannel: Record<string, number> = {};
  let bytes = 0;
  for (const i of corpus) {
    byChannel[i.channel] = (byChannel[i.channel] ?? 0) + 1;
    bytes += Buffer.byteLength(plainText(i));
  }
  const rows = contenders().map((c) => measure(c, corpus, opts.warmup ?? corpus.length, opts.passes ?? 3));
  const voc = rows[0]!;
  const ratios: Record<string, number> = {};
  for (const peer of rows.filter((r) => !r.name.startsWith('voc'))) ratios[peer.name] = round(voc.megabytes_per_second / peer.megabytes_per_second);
  return {
    corpus: { texts: corpus.length, megabytes: round(mb(bytes)), by_channel: byChannel, seed },
    node: process.version,
    rows,
    ratios,
  };
}
