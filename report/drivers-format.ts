/** The driver analysis as text for a terminal: the headline, then per scope a table of effects. */
import Table from 'cli-table3';
import { DRIVER_LABELS, duration, type DriverAnalysis, type DriverReport } from './drivers.ts';

const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };
const signed = (x: number) => `${Number(x.toFixed(2)) < 0 ? '−' : '+'}${Math.abs(x).toFixed(2)}`;
const OUTCOME_NAMES = { csat: 'CSAT', nps: 'NPS', ces: 'CES' } as const;

function scopeText(a: DriverAnalysis): string {
  const lines = [`${a.scope === 'overall' ? 'Overall' : `Team ${a.scope}`}: ${a.headline}`];
  if (a.effects.length > 0) {
    const table = new Table({
      head: ['driver', 'r', 'effect per SD', '95% CI', 'one SD is'],
      chars: COMPACT,
      style: { head: [], border: [] },
      colAligns: ['left', 'right', 'right', 'left', 'left'],
    });
    for (const e of [...a.effects].sort((x, y) => Math.abs(y.effect) - Math.abs(x.effect))) {
      const perChannel = a.channelSds[e.driver];
      const sd = perChannel
        ? Object.entries(perChannel).map(([ch, s]) => `${duration(s)} (${ch})`).join(', ')
        : e.sd.toFixed(e.sd < 10 ? 2 : 0);
      table.push([DRIVER_LABELS[e.driver] ?? e.driver, e.r === null ? '–' : signed(e.r), signed(e.effect), `${signed(e.ci[0])} … ${signed(e.ci[1])}`, sd]);
    }
    lines.push(table.toString(), `n = ${a.n.toLocaleString('en-US')}, R² = ${a.r2 === null ? '–' : a.r2.toFixed(2)}`);
  }
  for (const x of a.excluded) lines.push(`left out: ${DRIVER_LABELS[x.driver] ?? x.driver} (${x.reason})`);
  for (const w of a.warnings) lines.push(`note: ${w}`);
  return lines.join('\n');
}

export function formatDriverReport(r: DriverReport): string {
  const name = OUTCOME_NAMES[r.outcome];
  return [
    `What drives ${name} (scorer ${r.scorer_version}; ${r.empathy_handling})`,
    `effect per SD: how far ${name} moves for one standard deviation more of the driver, the others held fixed; r: the driver's correlation with ${name} on its own`,
    '',
    scopeText(r.overall),
    ...r.teams.flatMap((t) => ['', scopeText(t)]),
  ].join('\n');
}
