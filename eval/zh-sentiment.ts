/**
 * Chinese review sentiment for `voc eval`: the scorer itself (the engine's sentiment pass with the
 * rules of lexicons/zh/sentiment-rules-zh.json, pipeline/sentiment/zh.ts), beside the baseline a user
 * would write in JavaScript (AFINN-style): the sum of the valences of the words found, no rules.
 */
import corrections from '../lexicons/zh/sentiment-corrections.json' with { type: 'json' };
import customerService from '../lexicons/zh/sentiment-customer-service.json' with { type: 'json' };
import supplement from '../lexicons/zh/sentiment-supplement.json' with { type: 'json' };
import { createScorer } from '../pipeline/score.ts';
import { chinese } from '../pipeline/text/languages.ts';
import type { Interaction, Speaker } from '../pipeline/types.ts';

const VALENCE = new Map<string, number>();
for (const f of [supplement, customerService, corrections]) for (const [w, v] of Object.entries(f.entries as Record<string, number>)) VALENCE.set(w, v);

let scorer: ReturnType<typeof createScorer> | null = null;

/** A Chinese interaction of the given turns, for the scorer. */
export function chineseInteraction(turns: readonly { speaker: Speaker; text: string }[], channel: Interaction['channel'] = 'chat'): Interaction & { language: string } {
  return { interaction_id: 'eval', channel, language: 'zh', kpis: {}, turns: turns.map((t) => ({ speaker: t.speaker, text: t.text })) } as Interaction & { language: string };
}

/** The scorer's sentiment of a set of Chinese turns, -1 … 1. */
export function scoreChinese(turns: readonly { speaker: Speaker; text: string }[]): number {
  scorer ??= createScorer();
  return scorer.score(chineseInteraction(turns)).sentiment.score;
}

/** The scorer's sentiment of one customer text (a review), -1 … 1. */
export function rulesScore(text: string): number {
  return scoreChinese([{ speaker: 'customer', text }]);
}

/** The AFINN-style baseline: the sum of the valences of the segmenter's words found in the lexicon, as -1 … 1. */
export function wordSum(text: string): number {
  const { segmenter } = chinese();
  let sum = 0;
  for (const t of segmenter.tokenize(text, 0, text.length)) sum += VALENCE.get(t.lower) ?? 0;
  return sum / Math.sqrt(sum * sum + 15);
}
