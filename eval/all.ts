/**
 * `npm run eval` (`voc eval all`): every eval suite in this folder (`suite-*.ts`) on the labelled sets
 * in the data folder, printed as one table (or JSON with --json).
 */
import Table from 'cli-table3';
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../lib/errors.ts';
import type { EvalRow, EvalSuite } from './suite.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));

export async function evalAll(opts: { data: string; json?: boolean; markdown?: boolean }): Promise<EvalRow[]> {
  const dataDir = resolve(opts.data);
  if (!existsSync(dataDir)) {
    throw new UsageError(`no labelled data at ${dataDir}: pass --data <dir> (the folder with airline-tweets/, banking77/, …)`);
  }
  const names = readdirSync(HERE).filter((f) => /^suite-.+\.ts$/.test(f)).sort();
  const rows: EvalRow[] = [];
  for (const name of names) {
    const t0 = performance.now();
    process.stderr.write(`eval: ${name.replace(/^suite-|\.ts$/g, '')} …\n`);
    const { suite } = (await import(`./${name}`)) as { suite: EvalSuite };
    rows.push(...(await suite(dataDir)));
    process.stderr.write(`eval: ${name.replace(/^suite-|\.ts$/g, '')} done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  if (opts.json) console.log(JSON.stringify(rows, null, 2));
  else if (opts.markdown) console.log(formatEvalMarkdown(rows));
  else console.log(formatEvalTable(rows));
  return rows;
}

const fixed = (x: number) => (Number.isInteger(x) && x > 1 ? x.toLocaleString('en-US') : x.toFixed(3));

export function formatEvalTable(rows: EvalRow[]): string {
  const peerNames = [...new Set(rows.flatMap((r) => Object.keys(r.peers ?? {})))];
  const table = new Table({ head: ['set', 'task', 'metric', 'voc', 'goal', ...peerNames, 'n', 'note'], style: { head: [] } });
  for (const r of rows) {
    table.push([r.set, r.task, r.metric, fixed(r.value), r.goal ?? '', ...peerNames.map((p) => (r.peers?.[p] === undefined ? '' : fixed(r.peers[p]!))), r.n.toLocaleString('en-US'), r.note ?? '']);
  }
  return table.toString();
}

/** The same table in Markdown, for the README. */
export function formatEvalMarkdown(rows: EvalRow[]): string {
  const peerNames = [...new Set(rows.flatMap((r) => Object.keys(r.peers ?? {})))];
  const head = ['set', 'task', 'metric', 'voc', 'goal', ...peerNames.map((p) => `\`${p}\``), 'n'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    lines.push(`| ${[r.set, r.task, r.metric, `**${fixed(r.value)}**`, r.goal ?? '', ...peerNames.map((p) => (r.peers?.[p] === undefined ? '' : fixed(r.peers[p]!))), r.n.toLocaleString('en-US')].join(' | ')} |`);
  }
  return lines.join('\n');
}
