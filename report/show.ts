/**
 * `voc show`: one interaction as a QA lead reads it. Each turn with its speaker, sentiment and the cues
 * found in it (matched words marked «like this»), the customer turns that called for empathy and
 * whether and when they were answered, then the empathy score and why, effort with its drivers, the
 * contact reason and the sentiment trajectory. Pure: a record in, text out.
 */
import { CATEGORIES } from '../pipeline/empathy/cues.ts';
import type { EmpathyCue, Evidence, Interaction, InteractionScores } from '../pipeline/types.ts';
import type { ShowRecord } from '../store/show.ts';
import { ENGLISH_LABELS, type Labels } from './labels.ts';

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

/** A date and time as the reader's locale writes it; English keeps the stored form. */
function when(iso: string, L: Labels): string {
  if (L.lang === 'en') return iso;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const time = /T\d\d:\d\d/.test(iso) ? ` ${new Intl.DateTimeFormat(L.locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }).format(d)}` : '';
  return `${L.date(d)}${time}`;
}

function header(r: ShowRecord, L: Labels): string[] {
  const i = r.interaction;
  const who = [
    i.agent_id ? L.t('show.agent', { id: i.agent_id }) : null,
    i.team ? L.t('show.team', { team: i.team }) : null,
    i.customer_id ? L.t('show.customer', { id: i.customer_id }) : null,
    i.started_at ? when(i.started_at, L) : null,
  ].filter(Boolean);
  const k = i.kpis;
  const v = (x: number) => String(x);
  // Whole seconds with the locale's grouping (1,234 秒); English keeps the plain figure.
  const secs = (x: number) => (L.lang === 'en' ? String(Math.round(x)) : Math.round(x));
  const kpis = [
    k.csat != null ? L.t('show.kpi.csat', { v: v(k.csat) }) : null,
    k.nps != null ? L.t('show.kpi.nps', { v: v(k.nps) }) : null,
    k.ces != null ? L.t('show.kpi.ces', { v: v(k.ces) }) : null,
    k.rating != null ? L.t('show.kpi.rating', { v: v(k.rating) }) : null,
    k.handle_time_s != null ? L.t('show.kpi.handle', { v: secs(k.handle_time_s) }) : null,
    k.wait_time_s != null ? L.t('show.kpi.wait', { v: secs(k.wait_time_s) }) : null,
    k.hold_time_s != null ? L.t('show.kpi.hold', { v: secs(k.hold_time_s) }) : null,
    k.transfers != null ? L.t('show.kpi.transfers', { v: v(k.transfers) }) : null,
    k.resolved != null ? L.t(k.resolved ? 'show.kpi.resolved' : 'show.kpi.not_resolved') : null,
  ].filter(Boolean);
  const lines = [`${L.t('show.interaction', { id: i.interaction_id, channel: L.term('channel', i.channel) })}${who.length ? ' · ' + who.join(' · ') : ''}`];
  if (kpis.length) lines.push(L.t('show.kpis', { list: kpis.join(' · ') }));
  if (!r.score) lines.push(L.t('show.not_scored'));
  else {
    const stale = r.score.scorer_version !== r.currentVersion ? L.t('show.stale', { current: r.currentVersion }) : '';
    const at = r.score.scored_at ? L.t('show.scored_at', { at: when(r.score.scored_at, L) }) : '';
    lines.push(L.t('show.scored_by', { version: r.score.scorer_version, at, stale }));
  }
  return lines;
}

function cueLabel(c: EmpathyCue, L: Labels): string {
  return `${c.polarity === 'negative' ? '−' : '+'}${L.term('category', c.category)} ${quoted(c.evidence)}`;
}

/** A trigger reason (`frustration, complaint`) in the reader's words. */
const reasonText = (reason: string, L: Labels) => reason.split(', ').map((x) => L.term('reason', x)).join(L.t('show.list_sep'));

/** The characters a terminal gives `s`: two for a Chinese character, one for the rest. */
const cells = (s: string) => s.length + (s.match(/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/g)?.length ?? 0);
const padCells = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - cells(s)));

function transcript(r: ShowRecord, L: Labels): string[] {
  const s = r.score?.detail;
  const lines: string[] = [''];
  const speaker = (s: string) => (L.lang === 'en' ? s.toUpperCase() : L.term('speaker', s));
  const width = Math.max(...r.interaction.turns.map((t) => cells(speaker(t.speaker))));
  r.interaction.turns.forEach((turn, index) => {
    const cues = s?.empathy.cues.filter((c) => c.turn === index) ?? [];
    const trigger = s?.empathy.triggers.find((t) => t.turn === index);
    // Spoken effort cues only: the sentiment driver's evidence is listed under Effort below.
    const effort = s?.effort.drivers.filter((d) => d.driver !== 'negative_sentiment')
      .flatMap((d) => d.evidence.filter((e) => e.turn === index).map((e) => ({ driver: d.driver, e }))) ?? [];
    const sent = s?.sentiment.turns.find((t) => t.turn === index);
    const spans = [...cues.map((c) => c.evidence), ...(trigger?.evidence ?? []), ...effort.map((x) => x.e)];
    const time = turn.start_s != null ? `[${turn.start_s.toFixed(1)}s] ` : '';
    const mood = sent ? `${padCells(L.term('sentiment', sent.label), 8)} ${num(sent.score)}` : '';
    const prefix = `${String(index).padStart(3)}  ${padCells(speaker(turn.speaker), width)}  ${padCells(mood, 15)} `;
    lines.push(prefix + time + indent(markEvidence(turn.text, spans), ' '.repeat(cells(prefix))));
    const pad = ' '.repeat(5);
    const sep = L.t('show.list_sep');
    if (cues.length) lines.push(`${pad}${L.t('show.cues', { list: cues.map((c) => cueLabel(c, L)).join(sep) })}`);
    if (trigger) {
      const answer = trigger.response === 'timely' ? L.t('show.answered_in', { turn: String(trigger.answered_by) })
        : trigger.response === 'late' ? L.t('show.answered_late_in', { turn: String(trigger.answered_by) }) : L.t('show.not_answered');
      lines.push(`${pad}${L.t('show.calls_for_empathy', { reason: reasonText(trigger.reason, L), answer })}`);
    }
    if (effort.length) lines.push(`${pad}${L.t('show.effort_cues', { list: effort.map((x) => `${L.term('driver', x.driver)} ${quoted(x.e)}`).join(sep) })}`);
  });
  return lines;
}

function empathy(s: InteractionScores, L: Labels): string[] {
  const e = s.empathy;
  if (!e.applicable) return ['', L.t('show.empathy_na')];
  const sep = L.t('show.list_sep');
  const lines = ['', L.t('show.empathy', { score: String(e.score), empathy: String(e.empathy_statements), ownership: String(e.ownership_statements) })];
  for (const t of e.triggers) {
    const mark = t.response === 'timely' ? '✓' : t.response === 'late' ? '~' : '✗';
    const what = t.response === 'timely' ? L.t('show.answered_by', { turn: String(t.answered_by) })
      : t.response === 'late' ? L.t('show.answered_late_by', { turn: String(t.answered_by) }) : L.t('show.missed');
    const answer = t.answered_by == null ? [] : e.cues.filter((c) => c.turn === t.answered_by && c.polarity === 'positive' && CATEGORIES.get(c.category)?.answers);
    lines.push(`  ${mark} ${L.t('show.trigger', { turn: String(t.turn), reason: reasonText(t.reason, L), what })}${answer.length ? L.t('show.answer_sep') + answer.map((c) => cueLabel(c, L)).join(sep) : ''}`);
  }
  for (const c of e.cues.filter((c) => c.polarity === 'negative')) {
    const cue = c.evidence.cue?.startsWith('hollow') || c.category === 'overtalk' ? ` (${c.evidence.cue})` : '';
    lines.push(`  − ${L.t('show.negative_cue', { category: L.term('category', c.category), turn: String(c.turn), text: quoted(c.evidence) })}${cue}`);
  }
  return lines;
}

function effort(s: InteractionScores, L: Labels): string[] {
  const lines = ['', L.t('show.effort', { score: String(s.effort.score), ces: String(s.effort.predicted_ces) })];
  if (s.effort.drivers.length === 0) lines.push(`  ${L.t('show.no_effort')}`);
  for (const d of s.effort.drivers) {
    lines.push(`  ${num(d.weight, 1).padStart(6)} ${L.term('driver', d.driver)} (${L.term('driver_kind', d.kind)}): ${d.evidence.map(quoted).join(L.t('show.list_sep'))}`);
  }
  return lines;
}

function intentAndSentiment(s: InteractionScores, L: Labels): string[] {
  const i = s.intent;
  const sep = L.t('show.list_sep');
  const others = i.intents.filter((m) => m.intent !== i.primary).map((m) => `${L.term('intent', m.intent)} ${m.confidence.toFixed(2)}`);
  const st = s.sentiment;
  const customer = st.customer_start != null && st.customer_end != null
    ? L.t('show.customer_sentiment', { start: num(st.customer_start), end: num(st.customer_end), shift: num(st.customer_shift) }) : '';
  return [
    '',
    `${L.t('show.intent', { intent: L.term('intent', i.primary), confidence: i.confidence.toFixed(2) })}${others.length ? L.t('show.also', { list: others.join(sep) }) : ''}`,
    L.t('show.sentiment', { label: L.term('sentiment', st.label), score: num(st.score), customer, trajectory: st.trajectory ? L.term('trajectory', st.trajectory) : '–' }),
  ];
}

/** The readable view of one interaction and its latest score, in the reader's language (`L`, English by default). */
export function renderShow(r: ShowRecord, L: Labels = ENGLISH_LABELS): string {
  const lines = [...header(r, L), ...transcript(r, L)];
  const s = r.score?.detail;
  if (s) lines.push(...empathy(s, L), ...effort(s, L), ...intentAndSentiment(s, L));
  return lines.join('\n') + '\n';
}
