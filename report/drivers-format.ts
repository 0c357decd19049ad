/** The driver analysis as text for a terminal: the headline, then per scope a table of effects. */
import Table from 'cli-table3';
import { driverLabel, duration, type DriverAnalysis, type DriverReport } from './drivers.ts';
import { ENGLISH_LABELS, type Labels } from './labels.ts';

const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };
const signed = (x: number) => `${Number(x.toFixed(2)) < 0 ? '−' : '+'}${Math.abs(x).toFixed(2)}`;

function scopeText(a: DriverAnalysis, L: Labels): string {
  const lines = [`${a.scope === 'overall' ? L.t('drivers.overall') : L.t('drivers.team', { team: a.scope })}${L.lang === 'en' ? ': ' : '：'}${a.headline}`];
  if (a.effects.length > 0) {
    const table = new Table({
      head: [L.t('drivers.col.driver'), 'r', L.t('drivers.col.effect'), L.t('drivers.col.ci'), L.t('drivers.col.sd')],
      chars: COMPACT,
      style: { head: [], border: [] },
      colAligns: ['left', 'right', 'right', 'left', 'left'],
    });
    for (const e of [...a.effects].sort((x, y) => Math.abs(y.effect) - Math.abs(x.effect))) {
      const perChannel = a.channelSds[e.driver];
      const sd = perChannel
        ? Object.entries(perChannel).map(([ch, s]) => `${duration(s, L)} (${L.term('channel', ch)})`).join(', ')
        : e.sd.toFixed(e.sd < 10 ? 2 : 0);
      table.push([driverLabel(e.driver, L), e.r === null ? '–' : signed(e.r), signed(e.effect), `${signed(e.ci[0])} … ${signed(e.ci[1])}`, sd]);
    }
    lines.push(table.toString(), L.t('drivers.fit', { n: a.n, r2: a.r2 === null ? '–' : a.r2.toFixed(2) }));
  }
  for (const x of a.excluded) lines.push(L.t('drivers.left_out', { driver: driverLabel(x.driver, L), reason: x.reason }));
  for (const w of a.warnings) lines.push(L.t('drivers.note', { text: w }));
  return lines.join('\n');
}

/** The report in the language of `L` (English by default); the headlines are the report's own, made in the language asked of `driverReport`. */
export function formatDriverReport(r: DriverReport, L: Labels = ENGLISH_LABELS): string {
  const name = L.t(`drivers.outcome_name.${r.outcome}`);
  return [
    L.t('drivers.title', { outcome: name, version: r.scorer_version, handling: r.empathy_handling }),
    L.t('drivers.explain', { outcome: name }),
    '',
    scopeText(r.overall, L),
    ...r.teams.flatMap((t) => ['', scopeText(t, L)]),
  ].join('\n');
}
