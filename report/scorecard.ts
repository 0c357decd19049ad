/**
 * QA scorecard output for people: the items of a scorecard, one interaction's evaluation with its
 * evidence, the pass-rate report, and the agreement of the automatic answers with human reviewers.
 */
import type { ScorecardAgreement, AgreementStat, Interval } from '../pipeline/scorecard/agreement.ts';
import type { Evaluation } from '../pipeline/scorecard/evaluate.ts';
import type { Scorecard } from '../pipeline/scorecard/scorecard.ts';
import type { ScorecardReportRow } from '../store/scorecards.ts';
import { toCsv } from './csv.ts';
import { num, pct } from './format.ts';

function ruleText(r: Scorecard['items'][number]['rule']): string {
  switch (r.kind) {
    case 'empathy': return `empathy score ≥ ${r.min_score} where called for`;
    case 'ownership': return `≥ ${r.min} ownership statement(s)`;
    case 'phrases': return `${r.speaker} says one of ${r.phrases.length} phrases${r.where === 'any' ? '' : ` in the ${r.where} ${r.turns} turn(s)`}`;
    case 'effort': return `effort ≤ ${r.max_effort}`;
    case 'resolution': return `resolved, or no repeat contact within ${r.days} days`;
    case 'no_cue': return `no ${r.categories.join(' / ')}`;
    case 'hold': return `hold ≤ ${r.max_seconds} s`;
    case 'transfers': return `transfers ≤ ${r.max}`;
    case 'talk_over': return `talks over the customer ≤ ${r.max} time(s) (overlap ≥ ${r.min_overlap_s} s)`;
    case 'intent_phrases': return `${r.intents.join(' / ')}: agent says one of ${r.phrases.length} phrases`;
  }
}

export function formatScorecard(card: Scorecard, file: string): string {
  const total = card.items.reduce((s, i) => s + i.weight, 0);
  const lines = [`${file}: valid — "${card.name}", version ${card.version}, ${card.items.length} items, weights total ${num(total, 0)}, pass mark ${card.pass_mark}, a failed critical item ${card.critical_fail === 'zero' ? 'zeroes the score' : 'marks the evaluation failed'}`];
  let section = '';
  for (const i of card.items) {
    if (i.section !== section) lines.push(`\n  ${(section = i.section)}`);
    lines.push(`    ${i.id.padEnd(18)} ${String(i.weight).padStart(4)}${i.critical ? ' critical' : '         '}  ${i.channels.join(',').padEnd(16)} ${i.question}\n${' '.repeat(51)}auto: ${ruleText(i.rule)}`);
  }
  return lines.join('\n');
}

const ANSWER = { yes: 'yes', no: 'NO', na: 'n/a' } as const;

export function formatEvaluation(card: Scorecard, e: Evaluation): string {
  const byId = new Map(card.items.map((i) => [i.id, i]));
  const head = `${e.interaction_id} on "${card.name}" (${card.version}): ${e.score === null ? 'no item applies' : `${num(e.score, 1)} of 100, ${e.passed ? 'PASS' : 'FAIL'}`}${e.critical_failed ? ' (a critical item failed)' : ''}`;
  const lines = [head];
  for (const a of e.answers) {
    const item = byId.get(a.item)!;
    const pts = a.points === null ? '   –' : `${num(a.points, 0).padStart(2)}/${num(a.max_points, 0)}`;
    lines.push(`  ${ANSWER[a.answer].padEnd(4)} ${pts.padEnd(6)} ${a.item.padEnd(18)}${a.critical ? ' (critical)' : ''} ${item.question}`);
    lines.push(`       ${a.reason}`);
    for (const ev of a.evidence.slice(0, 3)) lines.push(`         turn ${ev.turn + 1}: "${ev.text}"${ev.cue && ev.cue !== ev.text ? ` (${ev.cue})` : ''}`);
  }
  return lines.join('\n');
}

const REPORT_COLUMNS = ['group', 'evaluations', 'pass_rate', 'mean_score', 'critical_failed'] as const;

export function formatScorecardReport(rows: ScorecardReportRow[], by: string, format: string): Promise<string> | string {
  if (format === 'json') return JSON.stringify(rows, null, 2) + '\n';
  if (format === 'csv') return toCsv(REPORT_COLUMNS, rows as unknown as Record<string, unknown>[]);
  if (rows.length === 0) return 'no evaluations yet (run `voc ingest` or `voc demo`, then `voc scorecard score`)\n';
  const passHead = by === 'item' ? 'yes rate' : 'pass rate';
  const w = Math.max(8, ...rows.map((r) => r.group.length));
  const out = [`${by.padEnd(w)}  ${'n'.padStart(6)}  ${passHead.padStart(9)}  ${'mean score'.padStart(10)}  ${'critical fails'.padStart(14)}`];
  for (const r of rows) out.push(`${r.group.padEnd(w)}  ${r.evaluations.toLocaleString('en-US').padStart(6)}  ${pct(r.pass_rate).padStart(9)}  ${num(r.mean_score, 1).padStart(10)}  ${String(r.critical_failed).padStart(14)}`);
  return out.join('\n') + '\n';
}

const ci = (i: Interval, f: (x: number) => string) => (i ? `${f(i[0])}–${f(i[1])}` : '–');
const k2 = (x: number | null) => (x === null ? '–' : x.toFixed(2));
const statCells = (s: AgreementStat) => `${String(s.n).padStart(6)}  ${pct(s.exact_agreement).padStart(5)} ${ci(s.exact_ci, pct).padStart(9)}  ${k2(s.kappa).padStart(5)} ${ci(s.kappa_ci, k2).padStart(11)}`;

export function formatAgreement(a: ScorecardAgreement): string {
  const w = Math.max(20, ...a.items.map((i) => i.item.length), ...a.per_reviewer.map((r) => r.reviewer.length + 2));
  const head = `${''.padEnd(w)}  ${'n'.padStart(6)}  ${'exact'.padStart(5)} ${'95% CI'.padStart(9)}  ${'kappa'.padStart(5)} ${'95% CI'.padStart(11)}`;
  const lines = [
    `Agreement of the automatic scorecard (${a.scorecard_version}) with ${a.reviewers.length} reviewer(s) on ${a.interactions.toLocaleString('en-US')} interaction(s)`,
    head,
  ];
  for (const i of a.items) lines.push(`${i.item.padEnd(w)}  ${statCells(i)}${i.trusted ? '' : i.n < a.min_n ? '  too few reviews to trust yet' : '  do not trust automatically yet'}`);
  lines.push(`${'all items'.padEnd(w)}  ${statCells(a.overall)}`);
  lines.push('', 'per reviewer, against the automatic answers');
  for (const r of a.per_reviewer) lines.push(`${`  ${r.reviewer}`.padEnd(w)}  ${statCells(r)}`);
  lines.push(`${'between reviewers'.padEnd(w)}  ${statCells(a.between_reviewers)}`);
  const t = a.total;
  lines.push('', `total score (${t.n.toLocaleString('en-US')} reviewed evaluations, each over the items the reviewer answered): mean absolute difference ${num(t.mean_abs_diff, 1)} points (95% CI ${ci(t.mean_abs_diff_ci, (x) => num(x, 1))}), Spearman ${k2(t.spearman)} (95% CI ${ci(t.spearman_ci, k2)})`);
  lines.push(`Items below ${pct(a.threshold)} exact agreement, or with fewer than ${a.min_n} reviewed answers, are flagged.`);
  return lines.join('\n') + '\n';
}
