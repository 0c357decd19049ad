/**
 * `voc show`: one interaction as a QA lead reads it. Each turn with its speaker, sentiment and the cues
 * found in it (matched words marked «like this»), the customer turns that called for empathy and
 * whether and when they were answered, then the empathy score and why, effort with its drivers, the
 * contact reason and the sentiment trajectory. Pure: a record in, text out.
 */
import { CATEGORIES } from '../pipeline/empathy/cues.ts';
import type { EmpathyCue, Evidence, Interaction, InteractionScores } from '../pipeline/types.ts';
import type { ShowRecord } from '../store/show.ts';

const OPEN = '«';
const CLOSE = '»';

/** `text` with every evidence span marked; overlapping spans are merged into one mark. */
export function markEvidence(text: string, spans: Pick<Evidence, 'start' | 'end'>[]): string {
  const sorted = spans.filter((s) => s.end > s.start && s.start >= 0 && s.end <= text.length).sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ start: s.start, end: s.end });
  }
  let out = '';
  let at = 0;
  for (const m of merged) {
    out += text.slice(at, m.start) + OPEN + text.slice(m.start, m.end) + CLOSE;
    at = m.end;
  }
  return out + text.slice(at);
}

const num = (x: number | null | undefined, digits = 2) => (x == null ? '–' : (x > 0 ? '+' : '') + x.toFixed(digits));
const quoted = (e: Evidence) => `"${e.text}"`;
const indent = (text: string, pad: string) => text.split('\n').join(`\n${pad}`);

function header(r: ShowRecord): string[] {
  const i = r.interaction;
  const who = [
    i.agent_id ? `agent ${i.agent_id}` : null,
    i.team ? `team ${i.team}` : null,
    i.customer_id ? `customer ${i.customer_id}` : null,
    i.started_at ?? null,
  ].filter(Boolean);
  const k = i.kpis;
  const kpis = [
    k.csat != null ? `CSAT ${k.csat}` : null,
    k.nps != null ? `NPS ${k.nps}` : null,
    k.ces != null ? `CES ${k.ces}` : null,
    k.rating != null ? `rating ${k.rating}` : null,
    k.handle_time_s != null ? `handle ${Math.round(k.handle_time_s)} s` : null,
    k.wait_time_s != null ? `wait ${Math.round(k.wait_time_s)} s` : null,
    k.hold_time_s != null ? `hold ${Math.round(k.hold_time_s)} s` : null,
    k.transfers != null ? `transfers ${k.transfers}` : null,
    k.resolved != null ? (k.resolved ? 'resolved' : 'not resolved') : null,
  ].filter(Boolean);
  const lines = [`Interaction ${i.interaction_id} · ${i.channel}${who.length ? ' · ' + who.join(' · ') : ''}`];
  if (kpis.length) lines.push(`KPIs: ${kpis.join(' · ')}`);
  if (!r.score) lines.push('Not scored yet: run `voc worker` (or ingest without Redis) to score it.');
  else {
    const stale = r.score.scorer_version !== r.currentVersion ? ` (this voc scores as ${r.currentVersion}; \`voc requeue\` rescores)` : '';
    lines.push(`Scored by voc ${r.score.scorer_version}${r.score.scored_at ? ' at ' + r.score.scored_at : ''}${stale}`);
  }
  return lines;
}

function cueLabel(c: EmpathyCue): string {
  return `${c.polarity === 'negative' ? '−' : '+'}${c.category} ${quoted(c.evidence)}`;
}

function transcript(r: ShowRecord): string[] {
  const s = r.score?.detail;
  const lines: string[] = [''];
  const width = Math.max(...r.interaction.turns.map((t) => t.speaker.length));
  r.interaction.turns.forEach((turn, index) => {
    const cues = s?.empathy.cues.filter((c) => c.turn === index) ?? [];
    const trigger = s?.empathy.triggers.find((t) => t.turn === index);
    // Spoken effort cues only: the sentiment driver's evidence is listed under Effort below.
    const effort = s?.effort.drivers.filter((d) => d.driver !== 'negative_sentiment')
      .flatMap((d) => d.evidence.filter((e) => e.turn === index).map((e) => ({ driver: d.driver, e }))) ?? [];
    const sent = s?.sentiment.turns.find((t) => t.turn === index);
    const spans = [...cues.map((c) => c.evidence), ...(trigger?.evidence ?? []), ...effort.map((x) => x.e)];
    const time = turn.start_s != null ? `[${turn.start_s.toFixed(1)}s] ` : '';
    const mood = sent ? `${sent.label.padEnd(8)} ${num(sent.score)}` : '';
    const prefix = `${String(index).padStart(3)}  ${turn.speaker.toUpperCase().padEnd(width)}  ${mood.padEnd(15)} `;
    lines.push(prefix + time + indent(markEvidence(turn.text, spans), ' '.repeat(prefix.length)));
    const pad = ' '.repeat(5);
    if (cues.length) lines.push(`${pad}cues: ${cues.map(cueLabel).join(', ')}`);
    if (trigger) {
      const answer = trigger.response === 'timely' ? `answered in turn ${trigger.answered_by} (timely)`
        : trigger.response === 'late' ? `answered late, in turn ${trigger.answered_by}` : 'not answered';
      lines.push(`${pad}calls for empathy (${trigger.reason}): ${answer}`);
    }
    if (effort.length) lines.push(`${pad}effort: ${effort.map((x) => `${x.driver} ${quoted(x.e)}`).join(', ')}`);
  });
  return lines;
}

function empathy(s: InteractionScores): string[] {
  const e = s.empathy;
  if (!e.applicable) {
    return ['', 'Empathy: not applicable (no customer turn called for empathy, or no agent turn to answer one)'];
  }
  const lines = ['', `Empathy ${e.score}/100 · empathy statements ${e.empathy_statements} · ownership statements ${e.ownership_statements}`];
  for (const t of e.triggers) {
    const mark = t.response === 'timely' ? '✓' : t.response === 'late' ? '~' : '✗';
    const what = t.response === 'timely' ? `answered by turn ${t.answered_by}` : t.response === 'late' ? `answered late, by turn ${t.answered_by}` : 'missed';
    const answer = t.answered_by == null ? [] : e.cues.filter((c) => c.turn === t.answered_by && c.polarity === 'positive' && CATEGORIES.get(c.category)?.answers);
    lines.push(`  ${mark} turn ${t.turn} (${t.reason}) ${what}${answer.length ? ': ' + answer.map(cueLabel).join(', ') : ''}`);
  }
  for (const c of e.cues.filter((c) => c.polarity === 'negative')) {
    lines.push(`  − ${c.category} in turn ${c.turn}: ${quoted(c.evidence)}${c.evidence.cue?.startsWith('hollow') || c.category === 'overtalk' ? ` (${c.evidence.cue})` : ''}`);
  }
  return lines;
}

function effort(s: InteractionScores): string[] {
  const lines = ['', `Effort ${s.effort.score}/100 · predicted CES ${s.effort.predicted_ces} (1 easy … 7 hard)`];
  if (s.effort.drivers.length === 0) lines.push('  no effort driver found');
  for (const d of s.effort.drivers) {
    lines.push(`  ${num(d.weight, 1).padStart(6)} ${d.driver} (${d.kind}): ${d.evidence.map(quoted).join(', ')}`);
  }
  return lines;
}

function intentAndSentiment(s: InteractionScores): string[] {
  const i = s.intent;
  const others = i.intents.filter((m) => m.intent !== i.primary).map((m) => `${m.intent} ${m.confidence.toFixed(2)}`);
  const st = s.sentiment;
  const customer = st.customer_start != null && st.customer_end != null
    ? `; customer ${num(st.customer_start)} → ${num(st.customer_end)} (shift ${num(st.customer_shift)})` : '';
  return [
    '',
    `Intent: ${i.primary} (${i.confidence.toFixed(2)})${others.length ? '; also ' + others.join(', ') : ''}`,
    `Sentiment: ${st.label} ${num(st.score)}${customer}; trajectory ${st.trajectory ?? '–'}`,
  ];
}

/** The readable view of one interaction and its latest score. */
export function renderShow(r: ShowRecord): string {
  const lines = [...header(r), ...transcript(r)];
  const s = r.score?.detail;
  if (s) lines.push(...empathy(s), ...effort(s), ...intentAndSentiment(s));
  return lines.join('\n') + '\n';
}
