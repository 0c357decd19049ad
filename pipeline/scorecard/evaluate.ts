/**
 * Scores one interaction on a scorecard: its scores, KPIs and turns in, each item's answer (yes / no /
 * N/A) with points and the evidence out. Pure: no I/O, no clock. N/A items leave the total, which is
 * rescaled over the items that applied; a failed critical item fails the evaluation (and zeroes the
 * score when the scorecard says `critical_fail: "zero"`).
 */
import type { Evidence, Interaction, InteractionScores, Turn } from '../types.ts';
import type { Rule, Scorecard, ScorecardItem } from './scorecard.ts';

export type Answer = 'yes' | 'no' | 'na';
export const ANSWERS: readonly Answer[] = ['yes', 'no', 'na'];

export interface ItemAnswer {
  item: string;
  answer: Answer;
  /** Weight when yes, 0 when no, null when N/A. */
  points: number | null;
  max_points: number;
  critical: boolean;
  /** Why, in words: what was found or missing. */
  reason: string;
  evidence: Evidence[];
}

export interface Evaluation {
  interaction_id: string;
  scorecard_version: string;
  /** 0–100 over the items that applied; null when none did. */
  score: number | null;
  passed: boolean | null;
  critical_failed: boolean;
  answers: ItemAnswer[];
}

/** Facts from other records, found at the edge. */
export interface EvaluationContext {
  /** Days until the same customer's next contact; null when there was none; undefined when unknown (no customer or date). */
  daysToNextContact?: number | null;
}

type Outcome = { answer: Answer; reason: string; evidence?: Evidence[] };

export function evaluate(card: Scorecard, interaction: Pick<Interaction, 'interaction_id' | 'channel' | 'turns' | 'kpis'>, scores: InteractionScores, context: EvaluationContext = {}): Evaluation {
  const answers = card.items.map((item): ItemAnswer => {
    const o: Outcome = !item.channels.includes(interaction.channel)
      ? { answer: 'na', reason: `not scored on ${interaction.channel}` }
      : interaction.kpis.abandoned === true
        ? { answer: 'na', reason: 'abandoned before an agent answered' }
        : answerRule(item.rule, interaction, scores, context);
    return {
      item: item.id,
      answer: o.answer,
      points: o.answer === 'na' ? null : o.answer === 'yes' ? item.weight : 0,
      max_points: item.weight,
      critical: item.critical,
      reason: o.reason,
      evidence: o.evidence ?? [],
    };
  });
  return { interaction_id: interaction.interaction_id, scorecard_version: card.version, ...total(card, answers), answers };
}

/** The total of a set of answers on a scorecard (also for a reviewer's answers). */
export function total(card: Pick<Scorecard, 'pass_mark' | 'critical_fail' | 'items'>, answers: readonly Pick<ItemAnswer, 'item' | 'answer'>[]): { score: number | null; passed: boolean | null; critical_failed: boolean } {
  const byId = new Map(card.items.map((i) => [i.id, i]));
  let got = 0;
  let max = 0;
  let criticalFailed = false;
  for (const a of answers) {
    const item = byId.get(a.item);
    if (!item || a.answer === 'na') continue;
    max += item.weight;
    if (a.answer === 'yes') got += item.weight;
    else if (item.critical) criticalFailed = true;
  }
  if (max === 0) return { score: null, passed: null, critical_failed: false };
  let score = Math.round((1000 * got) / max) / 10;
  if (criticalFailed && card.critical_fail === 'zero') score = 0;
  return { score, passed: !criticalFailed && score >= card.pass_mark, critical_failed: criticalFailed };
}

function answerRule(rule: Rule, ix: Pick<Interaction, 'turns' | 'kpis'>, s: InteractionScores, ctx: EvaluationContext): Outcome {
  const hasAgent = ix.turns.some((t) => t.speaker === 'agent');
  const noAgent: Outcome = { answer: 'na', reason: 'no agent turn' };
  switch (rule.kind) {
    case 'empathy': {
      if (!s.empathy.applicable || s.empathy.score === null) return { answer: 'na', reason: 'no customer turn called for empathy' };
      const missed = s.empathy.triggers.filter((t) => t.response !== 'timely');
      const evidence = s.empathy.triggers.flatMap((t) => t.evidence.slice(0, 1)).concat(s.empathy.cues.filter((c) => c.polarity === 'positive').map((c) => c.evidence));
      const yes = s.empathy.score >= rule.min_score;
      return { answer: yes ? 'yes' : 'no', reason: `empathy ${Math.round(s.empathy.score)} of 100 (needs ${rule.min_score}); ${s.empathy.triggers.length - missed.length} of ${s.empathy.triggers.length} calls for empathy answered in time`, evidence };
    }
    case 'ownership': {
      if (!hasAgent) return noAgent;
      const cues = s.empathy.cues.filter((c) => c.category === 'ownership');
      return { answer: cues.length >= rule.min ? 'yes' : 'no', reason: cues.length ? `${cues.length} ownership statement(s)` : 'no ownership statement', evidence: cues.map((c) => c.evidence) };
    }
    case 'phrases': {
      const turns = pickTurns(ix.turns, rule.speaker, rule.where, rule.turns);
      if (turns.length === 0) return { answer: 'na', reason: `no ${rule.speaker} turn` };
      const found = turns.flatMap(({ turn, index }) => findPhrases(turn.text, index, rule.phrases));
      const place = rule.where === 'any' ? '' : ` in the ${rule.where} ${rule.turns} ${rule.speaker} turn(s)`;
      return found.length ? { answer: 'yes', reason: `said "${found[0]!.text}"${place}`, evidence: found } : { answer: 'no', reason: `none of the phrases${place}` };
    }
    case 'effort': {
      const e = s.effort.score;
      return { answer: e <= rule.max_effort ? 'yes' : 'no', reason: `effort ${Math.round(e)} of 100 (at most ${rule.max_effort} passes)`, evidence: s.effort.drivers.flatMap((d) => d.evidence).slice(0, 5) };
    }
    case 'resolution': {
      if (ix.kpis.resolved === true) return { answer: 'yes', reason: 'recorded as resolved' };
      if (ix.kpis.resolved === false) return { answer: 'no', reason: 'recorded as not resolved' };
      if (ctx.daysToNextContact === undefined) return { answer: 'na', reason: 'no resolution recorded and no customer id and date to look for a repeat contact' };
      if (ctx.daysToNextContact !== null && ctx.daysToNextContact <= rule.days) return { answer: 'no', reason: `the customer contacted again ${ctx.daysToNextContact.toFixed(1)} days later` };
      return { answer: 'yes', reason: `no repeat contact within ${rule.days} days` };
    }
    case 'no_cue': {
      if (!hasAgent) return noAgent;
      const cues = s.empathy.cues.filter((c) => rule.categories.includes(c.category));
      return cues.length ? { answer: 'no', reason: `${cues.map((c) => c.category).join(', ')}: "${cues[0]!.evidence.text}"`, evidence: cues.map((c) => c.evidence) } : { answer: 'yes', reason: `no ${rule.categories.join(' or ')}` };
    }
    case 'hold': {
      const h = ix.kpis.hold_time_s;
      if (h == null) return { answer: 'na', reason: 'no hold time recorded' };
      return { answer: h <= rule.max_seconds ? 'yes' : 'no', reason: `hold ${Math.round(h)} s (at most ${rule.max_seconds} s passes)` };
    }
    case 'transfers': {
      const t = ix.kpis.transfers;
      if (t == null) return { answer: 'na', reason: 'no transfer count recorded' };
      return { answer: t <= rule.max ? 'yes' : 'no', reason: `${t} transfer(s) (at most ${rule.max} passes)` };
    }
    case 'talk_over': {
      if (!hasAgent) return noAgent;
      const timed = ix.turns.every((t) => t.start_s != null && t.end_s != null);
      if (!timed) return { answer: 'na', reason: 'the transcript has no turn times' };
      const overs: Evidence[] = [];
      for (let i = 1; i < ix.turns.length; i++) {
        const prev = ix.turns[i - 1]!;
        const cur = ix.turns[i]!;
        if (cur.speaker === 'agent' && prev.speaker === 'customer' && prev.end_s! - cur.start_s! >= rule.min_overlap_s) {
          overs.push({ text: cur.text.slice(0, 80), turn: i, start: 0, end: Math.min(80, cur.text.length), cue: `started ${(prev.end_s! - cur.start_s!).toFixed(1)} s before the customer finished` });
        }
      }
      return { answer: overs.length <= rule.max ? 'yes' : 'no', reason: `talked over the customer ${overs.length} time(s) (at most ${rule.max} passes)`, evidence: overs };
    }
    case 'intent_phrases': {
      const intents = new Set(s.intent.intents.map((i) => i.intent).concat(s.intent.primary));
      const hit = rule.intents.find((i) => intents.has(i));
      if (!hit) return { answer: 'na', reason: `contact reason is not ${rule.intents.join(' or ')}` };
      if (!hasAgent) return noAgent;
      const found = ix.turns.flatMap((t, index) => (t.speaker === 'agent' ? findPhrases(t.text, index, rule.phrases) : []));
      return found.length ? { answer: 'yes', reason: `${hit}: said "${found[0]!.text}"`, evidence: found } : { answer: 'no', reason: `${hit}: none of the phrases said` };
    }
  }
}

function pickTurns(turns: readonly Turn[], speaker: Turn['speaker'], where: 'first' | 'last' | 'any', n: number) {
  const mine = turns.map((turn, index) => ({ turn, index })).filter((t) => t.turn.speaker === speaker);
  return where === 'first' ? mine.slice(0, n) : where === 'last' ? mine.slice(-n) : mine;
}

const cache = new Map<string, RegExp>();

/**
 * A phrase is words separated by spaces, matched whole and case-insensitively; a word ending in `*` is
 * a prefix (`cancel*`), and `'` matches a straight or curly apostrophe.
 */
function phraseRegex(phrase: string): RegExp {
  let re = cache.get(phrase);
  if (!re) {
    const words = phrase.trim().toLowerCase().split(/\s+/).map((w) => {
      const prefix = w.endsWith('*');
      const body = (prefix ? w.slice(0, -1) : w).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, "['’]");
      return prefix ? `${body}[\\p{L}\\p{N}]*` : body;
    });
    re = new RegExp(`(?<![\\p{L}\\p{N}])${words.join('\\s+')}(?![\\p{L}\\p{N}])`, 'giu');
    cache.set(phrase, re);
  }
  re.lastIndex = 0;
  return re;
}

export function findPhrases(text: string, turn: number, phrases: readonly string[]): Evidence[] {
  const out: Evidence[] = [];
  for (const p of phrases) {
    const m = phraseRegex(p).exec(text);
    if (m) out.push({ text: m[0], turn, start: m.index, end: m.index + m[0].length, cue: p });
  }
  return out.sort((a, b) => a.turn - b.turn || a.start - b.start);
}
