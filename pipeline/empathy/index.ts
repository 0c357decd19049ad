/**
 * Agent empathy for one interaction, judged only where it was called for: each customer turn that
 * called for empathy (a trigger) is answered in the agent's next reply (timely), only in the reply after
 * (late), or not at all (missing). With no trigger, or no agent, empathy is not applicable and its
 * scores are null, so they stay out of averages.
 */
import { maskQuoted } from '../text/email.ts';
import type { EmpathyPredictor } from '../learn/empathy-model.ts';
import type { Doc, DocTurn } from '../text/document.ts';
import type { EmpathyCue, EmpathyResponse, EmpathyResult, EmpathyTrigger, SentimentResult } from '../types.ts';
import type { Rules } from '../passes/rules.ts';
import { findCues } from './cues.ts';
import { findTrigger, type TriggerFinding } from './triggers.ts';

type Weights = Rules['empathy']['scoring'];
const OVERTALK = 'overtalk';

const NOT_APPLICABLE = (cues: EmpathyCue[]): EmpathyResult => ({
  applicable: false, score: null, empathy_statements: null, ownership_statements: null, triggers: [], cues,
});

/** The agent starting to speak while the customer's previous turn is still going: a negative cue on the agent's first word. */
function overtalk(doc: Doc, turn: DocTurn, weights: Weights): EmpathyCue | null {
  const prev = doc.turns[turn.index - 1];
  if (!prev || prev.speaker !== 'customer' || turn.start_s === null || prev.end_s === null) return null;
  if (turn.start_s >= prev.end_s - weights.overtalk_tolerance_s) return null;
  const first = turn.sentences[0]?.tokens[0];
  const start = first?.start ?? 0;
  const end = first?.end ?? 0;
  return {
    turn: turn.index, category: OVERTALK, polarity: 'negative',
    evidence: { text: turn.text.slice(start, end), turn: turn.index, start, end, cue: `started ${round(prev.end_s - turn.start_s)} s before the customer finished` },
  };
}

/** What an agent turn's cues can answer a trigger with. */
interface ReplyCues {
  answers: boolean;
  empathy: boolean;
  ownership: boolean;
  /** A negative cue (blame, dismissal, rushing, overtalk) in the reply. */
  negative: boolean;
  /** A stock reply: a cue of `stock_reply_categories` (the formula apology) and nothing that answers. */
  stock: boolean;
}

function replyCues(cues: EmpathyCue[] | undefined, categories: Rules['empathy']['categories'], stockCategories: ReadonlySet<string>): ReplyCues {
  const out = { answers: false, empathy: false, ownership: false, negative: false, stock: false };
  let stock = false;
  for (const c of cues ?? []) {
    if (c.polarity === 'negative') out.negative = true;
    if (stockCategories.has(c.category)) stock = true;
    if (c.category === TRAINED_CUE) {
      out.answers = out.empathy = true;
      continue;
    }
    const cat = categories.get(c.category);
    if (c.polarity !== 'positive' || !cat?.answers) continue;
    out.answers = true;
    if (cat.statement === 'empathy') out.empathy = true;
    if (cat.statement === 'ownership') out.ownership = true;
  }
  out.stock = stock && !out.answers;
  return out;
}

/**
 * Credit for the first of the agent's replies after a trigger (from position `k` in `replies`) that has
 * `what`. A mild trigger (a problem stated, nothing felt: `mild_reasons`) calls for help more than for
 * feelings: the next reply taking it up without blame or dismissal earns `mild_reply_credit`; a stock
 * reply (the formula apology and nothing that answers) does not take it up.
 */
function credit(weights: Weights, replies: ReplyCues[], k: number, what: keyof ReplyCues, laterOwnership: boolean[] = [], mild = false): number {
  if (replies[k]?.[what]) return weights.response_credit.timely;
  if (mild && replies[k] && !replies[k].negative && !replies[k].stock) return weights.mild_reply_credit;
  if (replies[k + 1]?.[what]) return weights.response_credit.late;
  if (laterOwnership[k + 2]) return weights.ownership_eventual_credit;
  return weights.response_credit.missing;
}

function penalty(weights: Weights, cues: EmpathyCue[], include: (c: EmpathyCue) => boolean): number {
  const penalties: Record<string, number> = weights.penalties;
  const sum = cues.filter((c) => c.polarity === 'negative' && include(c)).reduce((acc, c) => acc + (penalties[c.category] ?? 0), 0);
  return Math.min(weights.penalty_cap, sum);
}

function groupByTurn<T extends { turn: number }>(items: T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const x of items) {
    const list = out.get(x.turn);
    if (list) list.push(x);
    else out.set(x.turn, [x]);
  }
  return out;
}

const clamp = (x: number) => Math.min(100, Math.max(0, x));
const round = (x: number) => Math.round(x * 10) / 10;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The category of the cue a trained model adds to a reply it judges empathic. */
export const TRAINED_CUE = 'trained empathy';

/** The customer's last turn before turn `index`, when there is one. */
function customerBefore(doc: Doc, index: number): string | null {
  for (let i = index - 1; i >= 0; i--) if (doc.turns[i]!.speaker === 'customer') return maskQuoted(doc.turns[i]!.text);
  return null;
}

/**
 * Scores the agent's empathy; `sentiment` supplies the customer's clearly negative sentences as
 * triggers. `triggerOf` gives a customer turn's trigger (pass 5); by default it is found here. With a
 * trained model (`voc empathy train`), whether each reply expresses empathy is the model's verdict
 * (given the customer turn it answers); the rule cues remain the evidence, and still decide ownership
 * and the penalties.
 */
export function scoreEmpathy(
  doc: Doc, sentiment: SentimentResult,
  triggerOf?: (turn: DocTurn) => TriggerFinding | null,
  model?: EmpathyPredictor,
): EmpathyResult {
  const { scoring: weights, categories } = doc.language.rules.empathy;
  const mildReasons: ReadonlySet<string> = new Set(weights.mild_reasons);
  const agentTurns = doc.turns.filter((t) => t.speaker === 'agent');
  const cues = agentTurns.flatMap((t) => {
    const o = overtalk(doc, t, weights);
    const found = o ? [o, ...findCues(t)] : findCues(t);
    if (!model) return found;
    const verdict = model.predict(maskQuoted(t.text), customerBefore(doc, t.index));
    if (!verdict.empathic) return found.filter((c) => !(c.polarity === 'positive' && categories.get(c.category)?.statement === 'empathy'));
    const cue: EmpathyCue = {
      turn: t.index, category: TRAINED_CUE, polarity: 'positive',
      evidence: { text: t.text, turn: t.index, start: 0, end: t.text.length, cue: `model ${model.id}: p = ${verdict.probability.toFixed(2)}` },
    };
    return [...found, cue];
  });
  if (agentTurns.length === 0) return NOT_APPLICABLE(cues);

  const cuesByTurn = groupByTurn(cues);
  let sentencesByTurn: Map<number, SentimentResult['sentences']> | undefined;
  const trigger = triggerOf ?? ((turn: DocTurn) => findTrigger(turn, (sentencesByTurn ??= groupByTurn(sentiment.sentences)).get(turn.index)));

  const stockCategories: ReadonlySet<string> = new Set((weights as { stock_reply_categories?: string[] }).stock_reply_categories ?? []);
  const replies = agentTurns.map((a) => replyCues(cuesByTurn.get(a.index), categories, stockCategories));
  // laterOwnership[k]: an ownership statement in the agent's k-th reply or any after it.
  const laterOwnership = new Array<boolean>(replies.length + 1).fill(false);
  for (let k = replies.length - 1; k >= 0; k--) laterOwnership[k] = replies[k]!.ownership || laterOwnership[k + 1]!;

  const triggers: EmpathyTrigger[] = [];
  const empathyCredit: number[] = [];
  const ownershipCredit: number[] = [];
  const responseCredit: number[] = [];
  let next = 0;
  for (const turn of doc.turns) {
    if (turn.speaker !== 'customer') continue;
    while (next < agentTurns.length && agentTurns[next]!.index < turn.index) next++;
    // A turn the agent never got to reply to (the contact ends on it) is not the agent's to answer.
    if (next === agentTurns.length) break;
    const found = trigger(turn);
    if (!found) continue;
    const mild = found.reason.split(', ').every((r) => mildReasons.has(r));
    const c = credit(weights, replies, next, 'answers', [], mild);
    const response: EmpathyResponse = c === weights.response_credit.timely || (mild && c === weights.mild_reply_credit) ? 'timely'
      : c === weights.response_credit.late ? 'late' : 'missing';
    const answeredBy = response === 'timely' ? agentTurns[next]!.index : response === 'late' ? agentTurns[next + 1]!.index : null;
    // The finding's fields written out: an object spread costs more than the rest of this loop.
    triggers.push({ turn: found.turn, reason: found.reason, evidence: found.evidence, response, answered_by: answeredBy });
    responseCredit.push(c);
    empathyCredit.push(credit(weights, replies, next, 'empathy', [], mild));
    ownershipCredit.push(credit(weights, replies, next, 'ownership', laterOwnership));
  }
  if (triggers.length === 0) return NOT_APPLICABLE(cues);

  const addressed = cues.some((c) => c.category === 'personal_address') ? weights.personal_address_bonus : 0;
  const empathyPenalty = penalty(weights, cues, (c) => categories.get(c.category)?.statement === 'empathy');
  return {
    applicable: true,
    score: round(clamp(100 * mean(responseCredit) - penalty(weights, cues, () => true) + addressed)),
    empathy_statements: round(clamp(100 * mean(empathyCredit) - empathyPenalty)),
    ownership_statements: round(clamp(100 * mean(ownershipCredit))),
    triggers,
    cues,
  };
}
