/**
 * Live guidance: while a conversation is still going on, what the agent should do next, read from the
 * same scores as the batch scorer. Pure: the turns so far and what is known about the customer in,
 * the scores and the guidance out.
 *
 * guidance: one prompt for the agent, with its kind, the turn it is about and the words behind it.
 */
import type { Scorer } from './score.ts';
import type { Evidence, Interaction, InteractionScores, Turn } from './types.ts';

/** An effort score this much higher than at the previous turn counts as rising. */
export const EFFORT_RISE = 8;
/** …and only once it is at least this high (0–100): a rise from very easy to easy is no alarm. */
export const EFFORT_ALERT = 50;
/** Earlier contacts by the customer from which "own the fix" is said (2: this is the third). */
export const REPEAT_CONTACTS_ALERT = 2;

export type GuidanceKind = 'empathy_due' | 'empathy_missed' | 'repeat_contact' | 'effort_rising' | 'dismissive';

export interface Guidance {
  kind: GuidanceKind;
  /** The turn it is about. */
  turn: number;
  message: string;
  evidence: Evidence[];
}

export interface LiveContext {
  channel: Interaction['channel'];
  /** Contacts by the same customer before this one, inside the repeat-contact window. */
  priorContacts: number;
  /** The effort score after the previous turn, if there was one. */
  previousEffort: number | null;
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
const ordinal = (n: number) => ORDINALS[n - 1] ?? `${n}th`;

/** Scores the conversation so far and says what the agent should do now, most urgent first. */
export function liveGuidance(scorer: Scorer, id: string, turns: Turn[], ctx: LiveContext): { scores: InteractionScores; guidance: Guidance[] } {
  const last = turns.length - 1;
  // A customer turn is judged for empathy once an agent turn follows it; while the agent has not
  // answered yet, an empty agent turn stands in, so a trigger in the last turn shows as unanswered.
  const padded = turns[last]?.speaker === 'customer' ? [...turns, { speaker: 'agent' as const, text: '' }] : turns;
  const scores = scorer.score({ interaction_id: id, channel: ctx.channel, turns: padded, kpis: {} }, { priorContacts: ctx.priorContacts });
  const guidance: Guidance[] = [];
  const e = scores.empathy;

  const open = e.triggers.filter((t) => t.response === 'missing');
  const due = open.find((t) => t.turn === last || turns.slice(t.turn + 1).every((x) => x.speaker === 'customer'));
  if (due) {
    guidance.push({
      kind: 'empathy_due',
      turn: due.turn,
      message: `The customer's last turn calls for empathy and the agent has not acknowledged it yet (${due.reason}): acknowledge how they feel before solving.`,
      evidence: due.evidence,
    });
  } else if (open.length > 0) {
    const missed = open[open.length - 1]!;
    guidance.push({
      kind: 'empathy_missed',
      turn: missed.turn,
      message: `The customer's turn ${missed.turn} called for empathy (${missed.reason}) and the replies since have not acknowledged it: acknowledge it now.`,
      evidence: missed.evidence,
    });
  }

  const owned = e.cues.some((c) => c.category === 'ownership' && c.turn <= last);
  // The records say so (earlier contacts in the window), or the customer does ("third time I call").
  const said = scores.effort.drivers.find((d) => d.driver === 'repeat_contact' && d.kind !== 'record');
  if (!owned && (ctx.priorContacts >= REPEAT_CONTACTS_ALERT || said)) {
    guidance.push({
      kind: 'repeat_contact',
      turn: said?.evidence[0]?.turn ?? last,
      message: ctx.priorContacts >= REPEAT_CONTACTS_ALERT
        ? `${ordinal(ctx.priorContacts + 1).replace(/^./, (c) => c.toUpperCase())} contact about this: own the fix (say what you will do and when) so the customer need not come back.`
        : 'The customer says they have contacted you about this before: own the fix (say what you will do and when) so they need not come back.',
      evidence: said?.evidence ?? [],
    });
  }

  const cold = e.cues.filter((c) => c.polarity === 'negative' && c.turn === last);
  if (cold.length > 0) {
    guidance.push({
      kind: 'dismissive',
      turn: last,
      message: `That reply reads as ${cold.map((c) => c.category).join(', ')}: acknowledge the customer and say what you can do.`,
      evidence: cold.map((c) => c.evidence),
    });
  }

  const effort = scores.effort.score;
  if (ctx.previousEffort !== null && effort - ctx.previousEffort >= EFFORT_RISE && effort >= EFFORT_ALERT) {
    const drivers = scores.effort.drivers.filter((d) => d.kind !== 'record').slice(0, 3);
    guidance.push({
      kind: 'effort_rising',
      turn: last,
      message: `Customer effort is rising (${Math.round(ctx.previousEffort)} → ${Math.round(effort)} of 100${drivers.length ? `: ${drivers.map((d) => d.driver.replace(/_/g, ' ')).join(', ')}` : ''}): take it off their hands; no more repeats or transfers.`,
      evidence: drivers.flatMap((d) => d.evidence).slice(0, 5),
    });
  }
  return { scores, guidance };
}
