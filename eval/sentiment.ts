/**
 * `voc eval sentiment FILE.csv [--model FILE] [--peers]`: voc's sentiment against human labels
 * (positive | neutral | negative), and optionally the same rows through the open-source peers, each
 * mapped to three classes with its own documented neutral band.
 */
import { loadPeer } from '../bench/peers.ts';
import { UsageError } from '../lib/errors.ts';
import { scoreSentiment, type SentimentPredictor } from '../pipeline/sentiment/index.ts';
import { prepareText } from '../pipeline/text/document.ts';
import type { SentimentLabel } from '../pipeline/types.ts';
import { agreement, readLabelled, throughput, type Agreement } from './labelled.ts';

export const SENTIMENT_LABELS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];

export interface SentimentAgreement extends Agreement {
  texts_per_second: number;
}

export interface SentimentEval extends SentimentAgreement {
  /** Which scorer: `rules`, or the id of the model given with --model. */
  scorer: string;
  /** The same figures for each peer package, with --peers. */
  peers?: Record<string, SentimentAgreement>;
}

/** A peer package reduced to text → label. */
type Peer = (text: string) => SentimentLabel;

const band = (x: number, width: number): SentimentLabel => (x > width ? 'positive' : x < -width ? 'negative' : 'neutral');

/** The peers, keyed by package name, each with the neutral band its documentation gives. */
function loadPeers(): Record<string, Peer> {
  const command = 'voc eval --peers';
  const vader = loadPeer<{ SentimentIntensityAnalyzer: { polarity_scores(text: string): { compound: number } } }>('vader-sentiment', command);
  const Afinn = loadPeer<new () => { analyze(text: string): { score: number } }>('sentiment', command);
  const wink = loadPeer<(text: string) => { normalizedScore: number }>('wink-sentiment', command);
  const afinn = new Afinn();
  // VADER: compound ≥ 0.05 positive, ≤ −0.05 negative (its readme). AFINN `sentiment` and wink:
  // the sign of the score, 0 neutral.
  const VADER_BAND = 0.049999;
  return {
    'vader-sentiment': (text) => band(vader.SentimentIntensityAnalyzer.polarity_scores(text).compound, VADER_BAND),
    sentiment: (text) => band(afinn.analyze(text).score, 0),
    'wink-sentiment': (text) => band(wink(text).normalizedScore, 0),
  };
}

function measure(texts: string[], gold: string[], classify: (text: string) => SentimentLabel): SentimentAgreement {
  classify(texts[0] ?? ''); // warm-up: lexicons load on first use
  const { results, texts_per_second } = throughput(texts, classify);
  return { ...agreement(gold, results, [...SENTIMENT_LABELS]), texts_per_second };
}

/** Scores `file` (columns text,label) and returns the agreement figures. */
export async function evalSentiment(file: string, opts: { model?: string; peers?: boolean } = {}): Promise<SentimentEval> {
  const rows = await readLabelled(file);
  if (rows.length === 0) throw new UsageError(`${file} has no labelled rows`);
  for (const [i, row] of rows.entries()) {
    row.label = row.label.toLowerCase();
    if (!SENTIMENT_LABELS.includes(row.label as SentimentLabel)) {
      throw new UsageError(`${file}: row ${i + 1} has label "${row.label}" (expected positive, neutral or negative)`);
    }
  }
  const texts = rows.map((r) => r.text);
  const gold = rows.map((r) => r.label);
  const model = opts.model ? await (await import('../workers/scorer.ts')).loadSentimentModel(opts.model) : undefined;
  const result: SentimentEval = {
    scorer: model ? model.id : 'rules',
    ...measure(texts, gold, (text) => scoreSentiment(prepareText(text), model).label),
  };
  if (opts.peers) {
    result.peers = {};
    for (const [name, peer] of Object.entries(loadPeers())) result.peers[name] = measure(texts, gold, peer);
  }
  return result;
}
