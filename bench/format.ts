/** The `voc bench` table, for people. */
import Table from 'cli-table3';
import type { BenchResult } from './run.ts';

export function formatBench(result: BenchResult): string {
  const c = result.corpus;
  const mix = Object.entries(c.by_channel).map(([k, v]) => `${v} ${k}`).join(', ');
  const table = new Table({
    head: ['scorer', 'texts/s', 'MB/s', 'seconds', 'heap Δ MB', 'peak RSS MB', 'full voc ÷ this'],
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
    style: { head: [], border: [] },
  });
  for (const row of result.rows) {
    const ratio = result.ratios[row.name];
    table.push([
      row.name, row.texts_per_second.toLocaleString('en'), row.megabytes_per_second.toFixed(2), row.seconds.toFixed(2),
      row.heap_delta_mb.toFixed(1), row.peak_rss_mb.toFixed(0), ratio === undefined ? '' : `${ratio.toFixed(ratio < 1 ? 2 : 1)}×`,
    ]);
  }
  const goal = (ok: boolean) => (ok ? 'goal met' : 'goal not met');
  const passes = new Table({ head: ['pass', 'share', 'ms'], colAligns: ['left', 'right', 'right'], style: { head: [], border: [] } });
  for (const p of result.profile) passes.push([p.pass, `${(100 * p.share).toFixed(1)}%`, p.ms.toLocaleString('en')]);
  return [
    `corpus: ${c.texts.toLocaleString('en')} texts, ${c.megabytes} MB (${mix}), seed ${c.seed}; node ${result.node}`,
    `full scorer ÷ AFINN sentiment: ${result.full_to_afinn.toFixed(3)}× (${goal(result.full_to_afinn >= 0.45)}: ≥ 0.45×); ÷ vader-sentiment: ${result.full_to_vader.toFixed(1)}× (${goal(result.full_to_vader >= 15)}: ≥ 15×); full scorer ${result.full_mb_s} MB/s (goal ≥ 20 on one core)`,
    'one core, one process, the contenders taking turns on slices of 25 texts after a warm-up pass, median of 3 passes; quote the ratios, not absolute speeds',
    table.toString(),
    'peak RSS is the whole process so far; heap Δ counts uncollected garbage.',
    '',
    'time per pass of the full scorer (pipeline/passes/):',
    passes.toString(),
    result.worker_rss_mb === null ? 'worker RSS: not measured' : `a separate process scoring the whole corpus: peak RSS ${result.worker_rss_mb} MB (${goal(result.worker_rss_mb < 300)}: < 300 MB)`,
  ].join('\n');
}
