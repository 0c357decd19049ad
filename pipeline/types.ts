/**
 * The types of voc's scoring core. Terminology, one line each:
 *
 * - interaction: one customer contact (a call transcript, e-mail, chat, app-store review or survey
 *   answer) with its KPIs; `interaction_id` is unique and is the idempotency key everywhere.
 * - turn: one speaker's uninterrupted contribution to an interaction, in order.
 * - speaker: who said a turn, `agent` or `customer`; reviews and surveys have only the customer.
 * - sentence: a span of one turn's text; sentiment is scored per sentence first.
 * - cue: a phrase or pattern from a lexicon in `lexicons/` that signals something (an apology, a
 *   repeat contact, a refund request …).
 * - evidence: the words that drove a score: their text, the turn they are in and character offsets
 *   into that turn's (cleaned) text.
 * - score: a number with its label and evidence, stamped with the scorer version that produced it.
 * - KPI: a structured measure recorded beside the text: CSAT, NPS, CES, handle / wait / hold time,
 *   transfers, first-contact resolution, review rating.
 * - language: the ISO 639-1 code an interaction or turn is written in (`und` when too short to tell);
 *   a scorer declares the languages it supports and declines the others (`not_scored`).
 */
import type { InteractionLanguage } from './text/language.ts';

export const CHANNELS = ['call', 'email', 'chat', 'review', 'survey'] as const;
export type Channel = (typeof CHANNELS)[number];

export const SPEAKERS = ['agent', 'customer'] as const;
export type Speaker = (typeof SPEAKERS)[number];

export interface Turn {
  speaker: Speaker;
  text: string;
  /** Seconds from the start of the call, when the transcript is timed. */
  start_s?: number | null;
  end_s?: number | null;
}

/** The structured KPIs recorded beside an interaction; every one is optional. */
export interface Kpis {
  /** Post-contact satisfaction survey, 1–5. */
  csat?: number | null;
  /** Likelihood to recommend, 0–10. */
  nps?: number | null;
  /** Customer effort survey answer as given (1–5, 1–7 or 1–10; see ces_norm). */
  ces?: number | null;
  /** The CES answer on 0 (easiest) … 1 (hardest), whatever the survey's scale and direction. */
  ces_norm?: number | null;
  handle_time_s?: number | null;
  wait_time_s?: number | null;
  hold_time_s?: number | null;
  transfers?: number | null;
  /** First-contact resolution. */
  resolved?: boolean | null;
  /** Review stars, 1–5. */
  rating?: number | null;
  /** E-mail and chat: seconds until the first agent reply. */
  first_response_s?: number | null;
  /** Seconds from first contact about the issue to its resolution. */
  resolution_time_s?: number | null;
  /** Seconds in the queue before an agent answered (or the customer gave up). */
  queue_time_s?: number | null;
  /** The contact ended before an agent answered (it may have no text). */
  abandoned?: boolean | null;
  /** The contact was escalated (to a supervisor or a second line). */
  escalated?: boolean | null;
}

export interface Interaction {
  interaction_id: string;
  channel: Channel;
  /** The conversation, or a single customer turn for reviews and surveys. */
  turns: Turn[];
  agent_id?: string | null;
  team?: string | null;
  customer_id?: string | null;
  /** ISO 8601 timestamp. */
  started_at?: string | null;
  kpis: Kpis;
  /** Any other input column, kept as it came. */
  metadata?: Record<string, unknown>;
  /**
   * The language the row says it is written in (a BCP 47 tag: `zh`, `zh-Hant`, `zh-TW`, `en-GB`);
   * preferred over detection when given. An input column `language` arrives in `metadata.language`
   * and is read the same way.
   */
  language?: string | null;
}

/** Facts from records outside the text, joined at the edge before scoring. */
export interface ScoringContext {
  /** Earlier contacts by the same customer inside the repeat-contact window (any channel). */
  priorContacts?: number;
}

/** The words that drove a score. Offsets are into `turns[turn].text`. */
export interface Evidence {
  text: string;
  turn: number;
  start: number;
  end: number;
  /** The lexicon entry or category that matched, when there is one. */
  cue?: string;
  /** Its contribution to the score, when it has one. */
  weight?: number;
}

export type SentimentLabel = 'positive' | 'neutral' | 'negative';

export interface SentimentValue {
  /** −1 … 1. */
  score: number;
  label: SentimentLabel;
}

export interface SentenceSentiment extends SentimentValue {
  turn: number;
  start: number;
  end: number;
  evidence: Evidence[];
}

export interface TurnSentiment extends SentimentValue {
  turn: number;
  speaker: Speaker;
}

export type Trajectory = 'positive' | 'negative' | 'neutral' | 'improving' | 'worsening';

export interface SentimentResult extends SentimentValue {
  sentences: SentenceSentiment[];
  turns: TurnSentiment[];
  speakers: Partial<Record<Speaker, SentimentValue>>;
  /** The customer's sentiment at the start and end of the conversation, and end − start. */
  customer_start: number | null;
  customer_end: number | null;
  customer_shift: number | null;
  trajectory: Trajectory | null;
  /** The strongest drivers of the interaction's score. */
  evidence: Evidence[];
}

export type EmpathyResponse = 'timely' | 'late' | 'missing';

/** A customer turn that called for empathy, and how the agent answered it. */
export interface EmpathyTrigger {
  turn: number;
  reason: string;
  evidence: Evidence[];
  response: EmpathyResponse;
  /** The agent turn that answered, when one did. */
  answered_by: number | null;
}

export interface EmpathyCue {
  turn: number;
  category: string;
  polarity: 'positive' | 'negative';
  evidence: Evidence;
}

export interface EmpathyResult {
  /** False when no customer turn called for empathy, or there is no agent: scores are then null. */
  applicable: boolean;
  /** 0–100. */
  score: number | null;
  empathy_statements: number | null;
  ownership_statements: number | null;
  triggers: EmpathyTrigger[];
  cues: EmpathyCue[];
}

export interface EffortDriver {
  driver: string;
  /** `do`: what the customer had to do; `feel`: how it felt; `record`: from the KPI records. */
  kind: 'do' | 'feel' | 'record';
  weight: number;
  evidence: Evidence[];
}

export interface EffortResult {
  /** 0–100, higher = harder for the customer. */
  score: number;
  /** 1–7 on the CES scale (7 = very hard). */
  predicted_ces: number;
  drivers: EffortDriver[];
}

export interface IntentMatch {
  intent: string;
  confidence: number;
  evidence: Evidence[];
}

export interface IntentResult {
  /** The best contact reason, or `other` when nothing fits. */
  primary: string;
  confidence: number;
  /** Every reason above the threshold, best first. */
  intents: IntentMatch[];
}

export interface InteractionScores {
  interaction_id: string;
  scorer_version: string;
  /** The interaction's language and script, and each turn's. */
  language: InteractionLanguage;
  /**
   * Why the interaction was not scored, e.g. `language es` when the scorer does not support its
   * language; null when it was. When set, the four results below are empty (no sentences, cues,
   * drivers or intents) and the store writes their figures as NULL, so they stay out of every average.
   */
  not_scored: string | null;
  sentiment: SentimentResult;
  empathy: EmpathyResult;
  effort: EffortResult;
  intent: IntentResult;
}
