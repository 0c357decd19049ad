/**
 * `npm run eval` (`voc eval all`): every eval suite in this folder (`suite-*.ts`) on the labelled sets
 * in the data folder, printed as one table (or JSON with --json), each figure beside the previous
 * release's (eval/previous-release.json) so a change that helps one set and hurts another shows.
 */
import Table from 'cli-table3';
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../lib/errors.ts';
import previous from './previous-release.json' with { type: 'json' };
import type { EvalRow, EvalSuite } from './suite.ts';

/** The previous release's figure for a row, when it had that row. */
const PREVIOUS = new Map(previous.rows.map((r) => [`${r.set}|${r.task}|${r.metric}`, r.value]));
export const previousValue = (r: EvalRow): number | undefined => PREVIOUS.get(`${r.set}|${r.task}|${r.metric}`);
const PREVIOUS_HEAD = `${previous.release}`;

const HERE = fileURLToPath(new URL('.', import.meta.url));

/** The suites in this folder by name (`suite-<name>.ts`), all or those `only` names (comma-separated). */
export function suiteFiles(only?: string): string[] {
  const all = readdirSync(HERE).filter((f) => /^suite-.+\.ts$/.test(f)).sort();
  if (!only) return all;
  const wanted = only.split(',').map((s) => s.trim()).filter(Boolean);
  const known = all.map((f) => f.replace(/^suite-|\.ts$/g, ''));
  const unknown = wanted.filter((w) => !known.includes(w));
  if (unknown.length) throw new UsageError(`no eval suite ${unknown.join(', ')}: the suites are ${known.join(', ')}`);
  return all.filter((f) => wanted.includes(f.replace(/^suite-|\.ts$/g, '')));
}

export async function evalAll(opts: { data: string; json?: boolean; markdown?: boolean; only?: string }): Promise<EvalRow[]> {
  const dataDir = resolve(opts.data);
  if (!existsSync(dataDir)) {
    throw new UsageError(`no labelled data at ${dataDir}: pass --data <dir> (the folder with airline-tweets/, banking77/, …)`);
  }
  const names = suiteFiles(opts.only);
  const rows: EvalRow[] = [];
  for (const name of names) {
    const t0 = performance.now();
    process.stderr.write(`eval: ${name.replace(/^suite-|\.ts$/g, '')} …\n`);
    const { suite } = (await import(`./${name}`)) as { suite: EvalSuite };
    rows.push(...(await suite(dataDir)));
    process.stderr.write(`eval: ${name.replace(/^suite-|\.ts$/g, '')} done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  if (opts.json) console.log(JSON.stringify(rows.map((r) => ({ ...r, previous: previousValue(r) })), null, 2));
  else if (opts.markdown) console.log(formatEvalMarkdown(rows));
  else console.log(formatEvalTable(rows));
  return rows;
}

const fixed = (x: number) => (Number.isInteger(x) && x > 1 ? x.toLocaleString('en-US') : x.toFixed(3));

export function formatEvalTable(rows: EvalRow[]): string {
  const peerNames = [...new Set(rows.flatMap((r) => Object.keys(r.peers ?? {})))];
  const table = new Table({ head: ['set', 'task', 'metric', 'voc', PREVIOUS_HEAD, 'goal', ...peerNames, 'n', 'note'], style: { head: [] } });
  for (const r of rows) {
    const before = previousValue(r);
    table.push([r.set, r.task, r.metric, fixed(r.value), before === undefined ? '' : fixed(before), r.goal ?? '', ...peerNames.map((p) => (r.peers?.[p] === undefined ? '' : fixed(r.peers[p]!))), r.n.toLocaleString('en-US'), r.note ?? '']);
  }
  return table.toString();
}

/** The same table in Markdown, for the README. */
export function formatEvalMarkdown(rows: EvalRow[]): string {
  const peerNames = [...new Set(rows.flatMap((r) => Object.keys(r.peers ?? {})))];
  const head = ['set', 'task', 'metric', 'voc', PREVIOUS_HEAD, 'goal', ...peerNames.map((p) => `\`${p}\``), 'n'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const before = previousValue(r);
    lines.push(`| ${[r.set, r.task, r.metric, `**${fixed(r.value)}**`, before === undefined ? '' : fixed(before), r.goal ?? '', ...peerNames.map((p) => (r.peers?.[p] === undefined ? '' : fixed(r.peers[p]!))), r.n.toLocaleString('en-US')].join(' | ')} |`);
  }
  return lines.join('\n');
}
