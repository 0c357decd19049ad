/**
 * Sentiment at every level of an interaction: per sentence (by rule, or by a trained model when one
 * is given), per turn, per speaker, and for the interaction as the customer's sentiment with the end
 * weighed more, plus the customer's start → end shift and trajectory.
 */
import type { Doc, DocTurn } from '../text/document.ts';
import type { Evidence, SentenceSentiment, SentimentResult, SentimentValue, Trajectory, TurnSentiment } from '../types.ts';
import type { SentimentLexicon, SentimentRules } from './lexicon.ts';
import { phraseCue, phraseWeight } from './phrases.ts';
import type { SentimentPredictor } from './predictor.ts';
import { labelOf, scoreRuleSentence, squash, type PhraseHit, type RuleSentence } from './sentence.ts';

export type { SentimentPredictor } from './predictor.ts';
export { labelOf } from './sentence.ts';

const round = (x: number) => Math.round(x * 10000) / 10000;

function value(score: number, rules: SentimentRules): SentimentValue {
  const s = round(score);
  return { score: s, label: labelOf(s, rules.neutralBand, rules.neutralBandNegative) };
}

/**
 * Weighted mean of turn scores over `indexes` (into `turns` / `weights`); with `endWeight` > 1 the
 * weights rise linearly from 1 at the first to `endWeight` at the last.
 */
function mean(turns: TurnSentiment[], weights: number[], indexes: number[], endWeight = 1): number {
  let sum = 0;
  let total = 0;
  const last = indexes.length - 1;
  for (let k = 0; k <= last; k++) {
    const i = indexes[k]!;
    const w = weights[i]! * (last > 0 ? 1 + ((endWeight - 1) * k) / last : 1);
    sum += w * turns[i]!.score;
    total += w;
  }
  return total > 0 ? sum / total : 0;
}

/** The customer's start, end, shift and trajectory over their turns in order. */
function customerArc(
  turns: TurnSentiment[], weights: number[], customer: number[], overall: SentimentValue, rules: SentimentRules,
): Pick<SentimentResult, 'customer_start' | 'customer_end' | 'customer_shift' | 'trajectory'> {
  if (customer.length === 0) return { customer_start: null, customer_end: null, customer_shift: null, trajectory: null };
  const k = Math.max(1, Math.ceil(customer.length * rules.customerWindow));
  const start = round(mean(turns, weights, customer.slice(0, k)));
  const end = round(mean(turns, weights, customer.slice(customer.length - k)));
  const shift = round(end - start);
  const trajectory: Trajectory = shift >= rules.trajectoryShift ? 'improving'
    : shift <= -rules.trajectoryShift ? 'worsening'
    : overall.label;
  return { customer_start: start, customer_end: end, customer_shift: shift, trajectory };
}

/**
 * A conversation where the customer never spoke after the agent's first reply has no shift to measure:
 * whatever the customer felt, nothing the agent did could have moved it (shift null, trajectory the
 * overall label). Reviews and surveys (no agent) keep their arc.
 */
function spokeAfterAgent(doc: Doc, arc: ReturnType<typeof customerArc>, overall: SentimentValue): ReturnType<typeof customerArc> {
  const firstAgent = doc.turns.findIndex((t) => t.speaker === 'agent');
  if (firstAgent < 0 || arc.customer_start === null) return arc;
  if (doc.turns.some((t, i) => i > firstAgent && t.speaker === 'customer')) return arc;
  return { ...arc, customer_shift: null, trajectory: overall.label };
}

/** The `n` strongest pieces of evidence of the given turns' sentences, strongest first. */
function topEvidence(sentences: SentenceSentiment[], inVoice: (turn: number) => boolean, n: number): Evidence[] {
  const top: Evidence[] = [];
  for (const s of sentences) {
    if (!inVoice(s.turn)) continue;
    for (const e of s.evidence) {
      const size = Math.abs(e.weight ?? 0);
      if (top.length === n && size <= Math.abs(top[n - 1]!.weight ?? 0)) continue;
      let at = top.length < n ? top.length : n - 1;
      while (at > 0 && Math.abs(top[at - 1]!.weight ?? 0) < size) at--;
      // Inserted at `at`, the weakest dropped past `n` (by hand: `splice` costs more than the rest).
      let j = top.length < n ? top.length : n - 1;
      if (j === top.length) top.push(e);
      for (; j > at; j--) top[j] = top[j - 1]!;
      top[at] = e;
    }
  }
  return top;
}

/** In a turn that asks a question, thanks are politeness: they keep only part of their valence. */
function politeThanks(rule: RuleSentence, rules: SentimentRules): void {
  for (const e of rule.thanks!) {
    if (e.weight! <= 0) continue; // turned sarcastic
    const kept = e.weight! * rules.politenessFactor;
    rule.raw -= e.weight! - kept;
    e.weight = Math.round(kept * 1000) / 1000;
    e.cue = `polite ${e.cue}`;
  }
  rule.score = squash(rule.raw, rules.alpha);
}

const KIND_RANK = { sentiment: 3, booster: 2, irrealis: 1 } as const;

/**
 * The sentiment, booster and irrealis phrases the automaton found in a turn, per sentence, by the
 * token they start at. A phrase counts only on whole written tokens with nothing skipped between them
 * ("can't wait", not "not wait" inside "can't"; not across a comma). At one token a sentiment phrase
 * comes before a booster, a booster before an irrealis marker; then the longer, then the later layer.
 */
function phraseHits(turn: DocTurn, lex: SentimentLexicon): (PhraseHit | undefined)[][] | null {
  const families = turn.language.automaton.families;
  // Each phrase pattern's weight and cue, worked out once per language (when the language's lexicon is `lex`).
  const table = turn.language.sentimentPhrases.lexicon === lex ? turn.language.sentimentPhrases : null;
  let out: (PhraseHit | undefined)[][] | null = null;
  let ranks: number[][] | null = null;
  const canon = turn.canon;
  for (const family of ['sentiment', 'booster', 'irrealis'] as const) {
    const f = families.indexOf(family);
    const matches = f < 0 ? undefined : turn.matches[f];
    if (matches === undefined || matches.length === 0) continue;
    out ??= turn.sentences.map(() => []);
    ranks ??= turn.sentences.map(() => []);
    for (const m of matches) {
      const from = m.from, last = m.to - 1;
      const sentence = canon.sentence[from]!;
      const firstTok = canon.tok[from]!, lastTok = canon.tok[last]!;
      if ((from > canon.begin && canon.sentence[from - 1] === sentence && canon.tok[from - 1] === firstTok) ||
        (m.to < canon.length && canon.sentence[m.to] === sentence && canon.tok[m.to] === lastTok)) continue;
      const tokens = turn.sentences[sentence]!.tokens;
      let contiguous = true;
      for (let k = firstTok; k <= lastTok && contiguous; k++) {
        const kind = tokens[k]!.kind;
        contiguous = kind === 'word' || kind === 'number';
      }
      if (!contiguous) continue;
      const span = lastTok - firstTok + 1;
      const rank = KIND_RANK[family] * 1e9 + span * 1e5 + m.pattern.id;
      const at = ranks[sentence]!;
      if ((at[firstTok] ?? -1) >= rank) continue;
      at[firstTok] = rank;
      if (table !== null) {
        const id = m.pattern.id;
        out[sentence]![firstTok] = { kind: family, weight: table.weight[id]!, cue: table.cue[id]!, span };
        continue;
      }
      out[sentence]![firstTok] = { kind: family, weight: phraseWeight(lex, family, m.pattern), cue: phraseCue(m.pattern), span };
    }
  }
  return out;
}

/**
 * An agent's turn that apologises or sympathises restates the customer's trouble ("Sorry to hear
 * that. The item has not arrived and the app shows an error"): its negative words describe the
 * customer's situation, not the agent's sentiment, so they are taken out (weight 0, cue marked) and
 * only its positive valence counts.
 */
function sympathises(turn: Doc['turns'][number], lex: SentimentLexicon): boolean {
  const rules = lex.rules;
  for (const s of turn.sentences) {
    const tokens = s.tokens;
    for (let k = 0; k < tokens.length; k++) {
      const t = tokens[k]!;
      // Pass 1's look-up says it of a word of this lexicon's language; any other token is looked up.
      const info = t.info;
      const sympathy = info !== undefined && info.sentimentIndex === lex.index ? info.agentSympathy : rules.agentSympathy.has(t.lower);
      if (sympathy && !(k > 0 && rules.negators.has(tokens[k - 1]!.lower))) return true;
    }
  }
  return false;
}

function agentSympathy(rule: RuleSentence, rules: SentimentRules): void {
  let dropped = false;
  for (const e of rule.evidence) {
    if ((e.weight ?? 0) >= 0) continue;
    rule.raw -= e.weight!;
    e.weight = 0;
    e.cue = `restated by the agent: ${e.cue}`;
    dropped = true;
  }
  if (dropped) {
    rule.raw = Math.max(0, rule.raw);
    rule.score = squash(rule.raw, rules.alpha);
  }
}

/**
 * Scores a prepared document. With `model`, sentence scores and labels come from the model and the
 * rules supply only the evidence; without, from the rules.
 */
export function scoreSentiment(doc: Doc, model?: SentimentPredictor): SentimentResult {
  const lex = doc.language.rules.sentiment;
  const rules = lex.rules;
  const sentences: SentenceSentiment[] = [];
  const turns: TurnSentiment[] = [];
  /** Each turn's weight in its speaker's and the interaction's averages. */
  const weights: number[] = [];
  const customer: number[] = [];
  const agent: number[] = [];

  for (const turn of doc.turns) {
    // A turn's rule score is its sentences' valences summed, then squashed (VADER scores a short text
    // as a whole); a model's sentence scores are averaged, a sentence with no sentiment counting less.
    let raw = 0;
    let modelSum = 0;
    let modelWeight = 0;
    let evidenceCount = 0;
    let first = true;
    const ruled: RuleSentence[] = [];
    let asks = false;
    const own = turn.language.sentence;
    const hits = own ? null : phraseHits(turn, lex);
    const restates = turn.speaker === 'agent' && sympathises(turn, lex);
    for (let k = 0; k < turn.sentences.length; k++) {
      const s = turn.sentences[k]!;
      const rule = own ? own(s.tokens, turn.text, s.start, s.end, turn.index) : scoreRuleSentence(s.tokens, turn.text, turn.index, lex, hits?.[k]);
      if (restates) agentSympathy(rule, rules);
      ruled.push(rule);
      if (rule.question) asks = true;
    }
    if (asks) for (const rule of ruled) if (rule.thanks) politeThanks(rule, rules);
    for (let k = 0; k < ruled.length; k++) {
      const s = turn.sentences[k]!;
      const rule = ruled[k]!;
      evidenceCount += rule.evidence.length;
      let score: number;
      let label;
      if (model) {
        const predicted = model.predict(turn.text.slice(s.start, s.end));
        score = round(predicted.score);
        label = predicted.label;
        let w = rule.evidence.length > 0 || label !== 'neutral' ? 1 : rules.emptySentenceWeight;
        if (rule.opensWithContrast && !first) {
          // "… But …" across sentences: what came before counts less, as inside a sentence.
          modelSum *= rules.contrastBefore;
          modelWeight *= rules.contrastBefore;
          w *= rules.contrastAfter;
        }
        modelSum += w * score;
        modelWeight += w;
      } else {
        score = round(rule.score);
        label = labelOf(score, rules.neutralBand, rules.neutralBandNegative);
        if (rule.opensWithContrast && !first) raw *= rules.contrastBefore;
        raw += rule.raw;
      }
      first = false;
      sentences.push({ turn: turn.index, start: s.start, end: s.end, score, label, evidence: rule.evidence });
    }
    const v = value(model ? (modelWeight > 0 ? modelSum / modelWeight : 0) : squash(raw, rules.alpha), rules);
    turns.push({ turn: turn.index, speaker: turn.speaker, score: v.score, label: v.label });
    weights.push(evidenceCount > 0 || v.label !== 'neutral' ? 1 : rules.emptySentenceWeight);
    (turn.speaker === 'customer' ? customer : agent).push(turns.length - 1);
  }

  const speakers: SentimentResult['speakers'] = {};
  if (customer.length > 0) speakers.customer = value(mean(turns, weights, customer), rules);
  if (agent.length > 0) speakers.agent = value(mean(turns, weights, agent), rules);

  // The interaction is the customer's voice, later turns weighing more; with no customer turn, all.
  const voice = customer.length > 0 ? customer : turns.map((_, i) => i);
  const overall = value(mean(turns, weights, voice, rules.customerEndWeight), rules);
  const hasCustomer = customer.length > 0;

  return {
    score: overall.score,
    label: overall.label,
    sentences,
    turns,
    speakers,
    ...spokeAfterAgent(doc, customerArc(turns, weights, customer, overall, rules), overall),
    evidence: topEvidence(sentences, (t) => !hasCustomer || doc.turns[t]!.speaker === 'customer', rules.topEvidence),
  };
}
