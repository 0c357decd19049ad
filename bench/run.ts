/**
 * `voc bench`: voc's full scorer (all four scores) against the sentiment peers `vader-sentiment` and
 * `sentiment` (AFINN) on one generated corpus, in one process on one core, each after a warm-up pass.
 * The contenders take turns on small slices of the corpus (interleaved), so that a change in the
 * machine's load falls on all of them alike: the ratios are the figures to quote, the absolute speeds
 * move with the load. Also: the time per pass of the full scorer (where the next bottleneck is), and
 * the peak RSS of a separate process that scores the corpus as a worker does.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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
  /** Measure the RSS of a separate scoring process. @defaultValue true */
  worker?: boolean;
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
  /** The headline figures, for scripts. */
  full_mb_s: number;
  afinn_mb_s: number;
  vader_mb_s: number;
  /** Full scorer ÷ AFINN `sentiment` (goal ≥ 0.45) and ÷ `vader-sentiment` (goal ≥ 15), same run. */
  full_to_afinn: number;
  full_to_vader: number;
  /** Share of the full scorer's time in each pass (pipeline/passes/), in order, and its milliseconds. */
  profile: { pass: string; share: number; ms: number }[];
  /** Peak RSS of a separate process scoring the corpus with the full scorer (goal < 300 MB); null when not measured. */
  worker_rss_mb: number | null;
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

/** Interactions per slice: each contender runs a slice in turn, so load changes fall on all alike. */
const SLICE = 25;

/** Times every contender on the corpus, interleaved slice by slice; the median of `passes` passes each. */
function measureAll(cs: Contender[], corpus: Interaction[], warmup: number, passes: number): BenchRow[] {
  const inputs = cs.map((c) => corpus.map(c.input));
  const bytes = cs.map((c, k) => inputs[k]!.reduce((sum: number, input) => sum + c.bytes(input), 0));
  cs.forEach((c, k) => {
    for (let i = 0; i < Math.min(warmup, corpus.length); i++) c.run(inputs[k]![i]);
  });
  const heapBefore = process.memoryUsage().heapUsed;
  const times: number[][] = cs.map(() => []);
  for (let pass = 0; pass < passes; pass++) {
    const spent = cs.map(() => 0);
    for (let from = 0; from < corpus.length; from += SLICE) {
      const to = Math.min(corpus.length, from + SLICE);
      cs.forEach((c, k) => {
        const list = inputs[k]!;
        const t0 = performance.now();
        for (let i = from; i < to; i++) c.run(list[i]);
        spent[k]! += performance.now() - t0;
      });
    }
    spent.forEach((ms, k) => times[k]!.push(ms / 1000));
  }
  const heapAfter = process.memoryUsage().heapUsed;
  return cs.map((c, k) => {
    const seconds = times[k]!.sort((a, b) => a - b)[Math.floor(times[k]!.length / 2)]!;
    return {
      name: c.name,
      texts: corpus.length,
      megabytes: round(mb(bytes[k]!)),
      seconds: round(seconds, 3),
      texts_per_second: Math.round(corpus.length / seconds),
      megabytes_per_second: round(mb(bytes[k]!) / seconds),
      heap_delta_mb: round(mb(heapAfter - heapBefore), 1),
      peak_rss_mb: round(process.resourceUsage().maxRSS / 1024, 1),
    };
  });
}

/** Time per pass of the full scorer over the corpus (one pass, after the timed ones). */
function passProfile(corpus: Interaction[]): BenchResult['profile'] {
  const scorer = createScorer();
  const profile: Record<string, number> = {};
  for (const i of corpus) scorer.score(i, {}, profile);
  const total = Object.values(profile).reduce((a, b) => a + b, 0);
  return Object.entries(profile).map(([pass, ms]) => ({ pass, share: round(ms / total, 3), ms: Math.round(ms) }));
}

/**
 * Peak RSS (MB) of a fresh process that builds the scorer, generates the corpus and scores it, as a
 * worker does; null when the process cannot be started.
 */
function workerRss(size: number, seed: number): number | null {
  const script = fileURLToPath(new URL('./worker-rss.ts', import.meta.url));
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, String(size), String(seed)], { encoding: 'utf8', cwd: fileURLToPath(new URL('..', import.meta.url)) });
  const mbUsed = Number(r.stdout?.trim().split('\n').pop());
  return r.status === 0 && Number.isFinite(mbUsed) ? mbUsed : null;
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
  const rows = measureAll(contenders(), corpus, opts.warmup ?? corpus.length, opts.passes ?? 3);
  const voc = rows[0]!;
  const ratios: Record<string, number> = {};
  for (const peer of rows.filter((r) => !r.name.startsWith('voc'))) ratios[peer.name] = round(voc.megabytes_per_second / peer.megabytes_per_second, 3);
  const speed = (name: string) => rows.find((r) => r.name === name)!.megabytes_per_second;
  return {
    corpus: { texts: corpus.length, megabytes: round(mb(bytes)), by_channel: byChannel, seed },
    node: process.version,
    rows,
    ratios,
    full_mb_s: voc.megabytes_per_second,
    afinn_mb_s: speed('sentiment'),
    vader_mb_s: speed('vader-sentiment'),
    full_to_afinn: ratios['sentiment']!,
    full_to_vader: ratios['vader-sentiment']!,
    profile: passProfile(corpus),
    worker_rss_mb: opts.worker === false ? null : workerRss(size, seed),
  };
}
