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
  return [
    `corpus: ${c.texts.toLocaleString('en')} texts, ${c.megabytes} MB (${mix}), seed ${c.seed}; node ${result.node}`,
    'one core each, same process, in order, after a warm-up pass, median of 3 passes; compare ratios, not absolute speeds',
    table.toString(),
    'peak RSS is the whole process so far (it grows in the order of the rows); heap Δ counts uncollected garbage.',
  ].join('\n');
}
