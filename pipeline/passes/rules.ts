/**
 * Everything the passes need from a language's lexicons, compiled once when the language loads: the
 * sentiment lexicon, the cue categories, trigger reasons, effort drivers, intent weights and the
 * negation rules. The passes read `doc.language.rules`, never a file of one language.
 */
import type { LexiconFiles } from '../lexicon/files-en.ts';
import { LexiconError } from '../lexicon/schema.ts';
import type { Segmenter } from '../text/segmenter.ts';
import { buildSentimentLexicon, type ExternalSentiment, type SentimentLexicon } from '../sentiment/lexicon.ts';

/** Which statement score a category feeds: empathy statements, ownership statements, or neither. */
export type StatementKind = 'empathy' | 'ownership' | null;

export interface CueCategory {
  name: string;
  polarity: 'positive' | 'negative';
  /** Counts as answering a customer turn that called for empathy. */
  answers: boolean;
  statement: StatementKind;
  /** Counted by `voc eval empathy` as "expresses empathy" (validation, reassurance, reflection, paraphrase). */
  eval: boolean;
}

export type EffortKind = 'do' | 'feel';

export interface EffortCueDriver {
  name: string;
  kind: EffortKind;
  /** Effort points for the first mention; negative for ease. */
  weight: number;
}

/** A cue family's negation: its negator words (as a bit in `Rules.negatorBits`) and how far back they reach. */
export interface NegationRule {
  negators: ReadonlySet<string>;
  /** The bit of this family's negators in the prepared stream's `negators` array. */
  bit: number;
  window: number;
}

export interface Rules {
  sentiment: SentimentLexicon;
  empathy: {
    categories: ReadonlyMap<string, CueCategory>;
    negation: NegationRule;
    hollowSentences: number;
    scoring: LexiconFiles['empathy-scoring.json'];
  };
  triggers: {
    priority: ReadonlyMap<string, number>;
    negation: NegationRule;
    sentimentThreshold: number;
    effortDrivers: ReadonlySet<string>;
    effortPriority: number;
    sentimentPriority: number;
  };
  effort: {
    drivers: ReadonlyMap<string, EffortCueDriver>;
    negation: NegationRule;
    corroboratedTextFactor: number;
    repeatFactor: number;
    repeatMax: number;
    scoring: LexiconFiles['effort-scoring.json'];
  };
  intents: {
    minConfidence: number;
    intents: string[];
    /** Intent → pattern source → weight. */
    weights: ReadonlyMap<string, ReadonlyMap<string, number>>;
  };
  /** Canonical word → the bits of the cue families it negates in (1 empathy, 2 triggers, 4 effort). */
  negatorBits: ReadonlyMap<string, number>;
}

export const NEGATES_EMPATHY = 1;
export const NEGATES_TRIGGER = 2;
export const NEGATES_EFFORT = 4;

export function compileRules(code: string, files: LexiconFiles, segmenter: Segmenter, external?: ExternalSentiment): Rules {
  const cues = files['empathy-cues.json'];
  const categories = new Map<string, CueCategory>();
  for (const [name, c] of Object.entries(cues.categories)) {
    categories.set(name, { name, polarity: c.polarity as CueCategory['polarity'], answers: c.answers, statement: c.statement as StatementKind, eval: c.eval });
  }
  if (!categories.has('dismissal')) throw new LexiconError(`lexicons/${code}/empathy-cues.json: categories › dismissal: missing (the category a hollow acknowledgement becomes)`);
  const effortFile = files['effort-cues.json'];
  const drivers = new Map<string, EffortCueDriver>();
  for (const [name, d] of Object.entries(effortFile.drivers)) drivers.set(name, { name, kind: d.kind as EffortKind, weight: d.weight });
  const triggers = files['empathy-triggers.json'];
  const effortDrivers = new Set(triggers.effort_drivers);
  for (const d of effortDrivers) if (!drivers.has(d)) throw new LexiconError(`lexicons/${code}/empathy-triggers.json: effort_drivers: unknown effort driver ${d} (not in effort-cues.json)`);
  const intents = files['intents.json'];
  const weights = new Map<string, Map<string, number>>();
  for (const [intent, def] of Object.entries(intents.intents)) weights.set(intent, new Map(Object.entries(def.patterns as Record<string, number>)));

  const negatorBits = new Map<string, number>();
  const negation = (negators: string[], window: number, bit: number): NegationRule => {
    for (const w of negators) negatorBits.set(w, (negatorBits.get(w) ?? 0) | bit);
    return { negators: new Set(negators), window, bit };
  };
  return {
    sentiment: buildSentimentLexicon(files, segmenter, external),
    empathy: {
      categories,
      negation: negation(cues.negation.negators, cues.negation.window, NEGATES_EMPATHY),
      hollowSentences: cues.hollow.sentences,
      scoring: files['empathy-scoring.json'],
    },
    triggers: {
      priority: new Map(Object.entries(triggers.reasons).map(([name, r]) => [name, r.priority])),
      negation: negation(triggers.negation.negators, triggers.negation.window, NEGATES_TRIGGER),
      sentimentThreshold: triggers.sentiment_threshold,
      effortDrivers,
      effortPriority: triggers.effort_priority,
      sentimentPriority: triggers.sentiment_priority,
    },
    effort: {
      drivers,
      negation: negation(effortFile.negation.negators, effortFile.negation.window, NEGATES_EFFORT),
      corroboratedTextFactor: effortFile.corroboration.text_factor,
      repeatFactor: effortFile.repeats.factor,
      repeatMax: effortFile.repeats.max_matches,
      scoring: files['effort-scoring.json'],
    },
    intents: { minConfidence: intents.min_confidence, intents: Object.keys(intents.intents), weights },
    negatorBits,
  };
}
