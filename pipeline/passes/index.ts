/**
 * The scorer as explicit, ordered passes over one annotated document. Each pass is a file named for
 * its place and reads what the passes before it wrote:
 *
 *   01-prepare     sentences, tokens, canonical words, clause and sentence numbers, negator bits
 *   02-phrases     one automaton scan per sentence: every pattern of every lexicon, by family
 *   03-sentiment   sentence, turn, speaker and interaction sentiment (phrases from 02)
 *   04-effort-cues the customer's effort cues (matches from 02)
 *   05-triggers    customer turns that call for empathy (02, 03, 04)
 *   06-empathy     the agent's cues and how the triggers were answered (02, 05)
 *   07-effort      the effort score (03, 04, the records)
 *   08-intent      the contact reasons (02)
 *
 * Nothing is carried between interactions: the document is the only state.
 */
import type { Interaction, ScoringContext } from '../types.ts';
import { prepareTurns } from './01-prepare.ts';
import { matchPhrases } from './02-phrases.ts';
import { sentimentPass } from './03-sentiment.ts';
import { effortCuesPass } from './04-effort-cues.ts';
import { triggersPass } from './05-triggers.ts';
import { empathyPass } from './06-empathy.ts';
import { effortPass } from './07-effort.ts';
import { intentPass } from './08-intent.ts';
import type { PassOptions, ScoringDoc } from './doc.ts';

export type { PassOptions, ScoringDoc } from './doc.ts';

export type Pass = (doc: ScoringDoc) => void;

/** The passes after 01-prepare, in order, by name. */
export const PASSES: readonly (readonly [name: string, pass: Pass])[] = [
  ['02-phrases', matchPhrases],
  ['03-sentiment', sentimentPass],
  ['04-effort-cues', effortCuesPass],
  ['05-triggers', triggersPass],
  ['06-empathy', empathyPass],
  ['07-effort', effortPass],
  ['08-intent', intentPass],
];

/** Pass 1: the document of an interaction. */
export function preparePass(interaction: Interaction & { language?: string | null }, context: ScoringContext, options: PassOptions): ScoringDoc {
  const doc = prepareTurns(interaction, options.scratch) as ScoringDoc;
  doc.kpis = interaction.kpis;
  doc.context = context;
  doc.options = options;
  return doc;
}

/**
 * Runs every pass. With `profile`, adds each pass's time in milliseconds to `profile[name]` (the
 * bench's per-pass figures; the clock is read only when asked).
 */
export function runPasses(
  interaction: Interaction & { language?: string | null }, context: ScoringContext, options: PassOptions, profile?: Record<string, number>,
): ScoringDoc {
  if (!profile) {
    const doc = preparePass(interaction, context, options);
    for (const [, pass] of PASSES) pass(doc);
    return doc;
  }
  let t = performance.now();
  const doc = preparePass(interaction, context, options);
  let now = performance.now();
  profile['01-prepare'] = (profile['01-prepare'] ?? 0) + (now - t);
  for (const [name, pass] of PASSES) {
    t = now;
    pass(doc);
    now = performance.now();
    profile[name] = (profile[name] ?? 0) + (now - t);
  }
  return doc;
}
