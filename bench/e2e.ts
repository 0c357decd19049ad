/**
 * `voc bench --e2e N`: the whole pipeline on the local servers for N interactions of the seeded demo
 * corpus: `voc ingest` into a fresh PostgreSQL database through Redis, `voc worker` processes scoring
 * at the same time, then the storage per interaction and the time of each report command. Beside it,
 * in the same run and on the same server, a plain COPY of the same rows (interactions and turns, into
 * tables of the same shape and indexes): the speed the ingest is compared with. Every process is a
 * separate `voc` command, as in production, and reports its own peak RSS.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Redis } from 'ioredis';
import { generateDemo } from '../demo/generate.ts';
import { toInteraction } from '../ingest/validate.ts';
import { contentHash } from '../store/interactions.ts';
import { openStore } from '../store/open.ts';

export interface E2eOptions {
  n: number;
  /** Demo corpus seed. @defaultValue 7 */
  seed?: number;
  /** Worker processes. @defaultValue 2 */
  workers?: number;
  /** The PostgreSQL server (a database of its own is created on it and dropped after). */
  databaseUrl: string;
  redisUrl: string;
  /** Keep the database (its name is printed) instead of dropping it. @defaultValue false */
  keep?: boolean;
}

export interface E2eResult {
  n: number;
  seed: number;
  workers: number;
  database: string | null;
  ingest: { seconds: number; rows_per_s: number; peak_rss_mb: number | null; cpu_s: number | null };
  /**
   * The plain COPY: reading, validating and hashing the rows as the ingest does, then COPY (`seconds`);
   * `copy_seconds` is the COPY statements alone, on rows made beforehand.
   */
  copy: { seconds: number; rows_per_s: number; copy_seconds: number; copy_rows_per_s: number };
  /** Ingest rows/s ÷ plain COPY rows/s, same rows, same run. */
  ingest_to_copy: number;
  /** Ingest rows/s ÷ the COPY statements' rows/s alone. */
  ingest_to_copy_alone: number;
  /** From the start of the ingest until every interaction is scored. */
  end_to_end: { seconds: number; interactions_per_s: number };
  workers_peak_rss_mb: (number | null)[];
  /** CPU seconds (user + system) each worker process used. */
  workers_cpu_s: (number | null)[];
  /** Bytes per interaction per table (table + TOAST + indexes), and in all. */
  storage: { table: string; bytes: number; index_bytes: number; per_interaction: number }[];
  bytes_per_interaction: number;
  reports: { command: string; seconds: number }[];
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUN = fileURLToPath(new URL('./rss-run.mjs', import.meta.url));
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** The report commands timed after the run. */
const REPORTS: string[][] = [
  // The cost of starting a voc process at all, for reading the others.
  ['--version'],
  ['report', 'agents'], ['report', 'kpis'], ['report', 'reasons'], ['report', 'channels'], ['analyze', 'drivers'], ['status'],
];

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

interface Child {
  done: Promise<Exit>;
  kill(): void;
}

interface Exit {
  code: number | null;
  seconds: number;
  rss: number | null;
  /** CPU seconds, user + system. */
  cpu: number | null;
  stderr: string;
}

/** Starts `voc ARGS` in its own process; its peak RSS is read when it exits. */
function voc(args: string[], env: Record<string, string>, dir: string): Child {
  const rssFile = join(dir, `rss-${randomBytes(4).toString('hex')}`);
  const t0 = performance.now();
  const child = spawn(process.execPath, [RUN, ...args], { cwd: ROOT, env: { ...process.env, ...env, VOC_BENCH_RSS_FILE: rssFile }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b) => (stderr = (stderr + b).slice(-4000)));
  const done = new Promise<Exit>((resolve) => {
    child.on('exit', (code) => {
      let rss: number | null = null;
      let cpu: number | null = null;
      try {
        [rss, cpu] = readFileSync(rssFile, 'utf8').split(' ').map(Number) as [number, number];
      } catch {
        rss = null;
      }
      resolve({ code, seconds: (performance.now() - t0) / 1000, rss, cpu, stderr });
    });
  });
  return { done, kill: () => child.kill('SIGTERM') };
}

/** Writes the corpus as JSONL, oldest first (as `voc demo` does). */
async function writeCorpus(file: string, n: number, seed: number): Promise<void> {
  const records = [...generateDemo({ n, seed })].sort((a, b) => a.started_at.localeCompare(b.started_at));
  const out = createWriteStream(file);
  for (const r of records) if (!out.write(JSON.stringify(r) + '\n')) await new Promise((res) => out.once('drain', res));
  out.end();
  await finished(out);
}

/** A COPY text field. */
const field = (v: unknown): string => {
  if (v === null || v === undefined) return '\\N';
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
};

/** Writes lines to a file stream, waiting when it is full. */
async function writeLine(out: ReturnType<typeof createWriteStream>, line: string): Promise<void> {
  if (!out.write(line)) await new Promise((res) => out.once('drain', res));
}

/**
 * Reads the file, validates each row as the ingest does, writes the COPY text of interactions and
 * turns to files beside it (memory stays flat at any N), then COPYs them; seconds taken in all, and by
 * the COPY alone.
 */
async function plainCopy(url: string, file: string, dir: string): Promise<{ seconds: number; copySeconds: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const interactionsFile = join(dir, 'copy-interactions.txt');
  const turnsFile = join(dir, 'copy-turns.txt');
  try {
    await client.query(`CREATE TABLE bench_copy_interactions (LIKE interactions INCLUDING ALL);
      CREATE TABLE bench_copy_turns (LIKE turns INCLUDING ALL)`);
    const t0 = performance.now();
    const interactions = createWriteStream(interactionsFile);
    const turns = createWriteStream(turnsFile);
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      if (!line) continue;
      const i = toInteraction(JSON.parse(line));
      const k = i.kpis;
      await writeLine(interactions, [i.interaction_id, i.channel, i.agent_id, i.team, i.customer_id, i.started_at, k.csat, k.nps, k.ces, k.handle_time_s,
        k.wait_time_s, k.hold_time_s, k.transfers, k.resolved, k.rating, i.metadata ?? {}, 'bench', contentHash(i)].map(field).join('\t') + '\n');
      let text = '';
      i.turns.forEach((t, n) => (text += [i.interaction_id, n, t.speaker, t.text, t.start_s, t.end_s].map(field).join('\t') + '\n'));
      if (text) await writeLine(turns, text);
    }
    interactions.end();
    turns.end();
    await Promise.all([finished(interactions), finished(turns)]);
    const t1 = performance.now();
    await client.query('BEGIN');
    await pipeline(createReadStream(interactionsFile), client.query(copyFrom(`COPY bench_copy_interactions (interaction_id, channel, agent_id, team,
      customer_id, started_at, csat, nps, ces, handle_time_s, wait_time_s, hold_time_s, transfers, resolved, rating, metadata, source, content_hash) FROM STDIN`)));
    await pipeline(createReadStream(turnsFile), client.query(copyFrom('COPY bench_copy_turns (interaction_id, turn_index, speaker, text, start_s, end_s) FROM STDIN')));
    await client.query('COMMIT');
    const t2 = performance.now();
    return { seconds: (t2 - t0) / 1000, copySeconds: (t2 - t1) / 1000 };
  } finally {
    await client.query('DROP TABLE IF EXISTS bench_copy_interactions, bench_copy_turns').catch(() => {});
    await client.end();
    rmSync(interactionsFile, { force: true });
    rmSync(turnsFile, { force: true });
  }
}

/** Runs the whole pipeline once and measures it. */
export async function runE2e(opts: E2eOptions): Promise<E2eResult> {
  const seed = opts.seed ?? 7;
  const nWorkers = opts.workers ?? 2;
  const dir = mkdtempSync(join(tmpdir(), 'voc-bench-'));
  const name = `voc_bench_${randomBytes(4).toString('hex')}`;
  const prefix = name;
  const admin = new pg.Client({ connectionString: opts.databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(opts.databaseUrl, name);
  const env = { DATABASE_URL: url, REDIS_URL: opts.redisUrl, VOC_QUEUE_PREFIX: prefix };
  try {
    const file = join(dir, 'interactions.jsonl');
    await writeCorpus(file, opts.n, seed);
    const db = await openStore({ databaseUrl: url, dataDir: dir });
    try {
      const copy = await plainCopy(url, file, dir);
      // Workers first, so that scoring overlaps the ingest, as in production.
      const workers = Array.from({ length: nWorkers }, () => voc(['worker', '--sweep-every', '3600'], env, dir));
      const t0 = performance.now();
      const ingest = await voc(['ingest', file], env, dir).done;
      if (ingest.code !== 0) throw new Error(`voc ingest failed: ${ingest.stderr}`);
      for (;;) {
        const { rows } = await db.query<{ n: number }>('SELECT (SELECT count(*) FROM scores) + (SELECT count(*) FROM score_failures) AS n');
        if (Number(rows[0]!.n) >= opts.n) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      const endToEnd = (performance.now() - t0) / 1000;
      workers.forEach((w) => w.kill());
      const workerRuns = await Promise.all(workers.map((w) => w.done));
      await db.query('VACUUM ANALYZE');
      const { rows: sizes } = await db.query<{ table: string; bytes: string; index_bytes: string }>(
        `SELECT c.relname AS table, pg_total_relation_size(c.oid) AS bytes, pg_indexes_size(c.oid) AS index_bytes
         FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace
         WHERE ns.nspname = current_schema() AND c.relkind = 'r' ORDER BY pg_total_relation_size(c.oid) DESC`,
      );
      const storage = sizes
        .map((s) => ({ table: s.table, bytes: Number(s.bytes), index_bytes: Number(s.index_bytes), per_interaction: round(Number(s.bytes) / opts.n, 0) }))
        // Tables of a few empty pages are left out: they do not grow with the interactions.
        .filter((s) => s.bytes > 64 * 1024);
      const reports: E2eResult['reports'] = [];
      for (const args of REPORTS) {
        const r = await voc(args, env, dir).done;
        if (r.code !== 0) throw new Error(`voc ${args.join(' ')} failed: ${r.stderr}`);
        reports.push({ command: `voc ${args.join(' ')}`, seconds: round(r.seconds) });
      }
      const ingestRate = opts.n / ingest.seconds;
      const copyRate = opts.n / copy.seconds;
      const copyAloneRate = opts.n / copy.copySeconds;
      return {
        n: opts.n,
        seed,
        workers: nWorkers,
        database: opts.keep ? url : null,
        ingest: { seconds: round(ingest.seconds), rows_per_s: Math.round(ingestRate), peak_rss_mb: ingest.rss, cpu_s: ingest.cpu },
        copy: { seconds: round(copy.seconds), rows_per_s: Math.round(copyRate), copy_seconds: round(copy.copySeconds), copy_rows_per_s: Math.round(copyAloneRate) },
        ingest_to_copy: round(ingestRate / copyRate, 3),
        ingest_to_copy_alone: round(ingestRate / copyAloneRate, 3),
        end_to_end: { seconds: round(endToEnd), interactions_per_s: Math.round(opts.n / endToEnd) },
        workers_peak_rss_mb: workerRuns.map((w) => w.rss),
        workers_cpu_s: workerRuns.map((w) => w.cpu),
        storage,
        bytes_per_interaction: Math.round(sizes.reduce((a, s) => a + Number(s.bytes), 0) / opts.n),
        reports,
      };
    } finally {
      await db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await dropQueue(opts.redisUrl, prefix);
    if (!opts.keep) {
      const c = new pg.Client({ connectionString: opts.databaseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    }
  }
}

/** Deletes the run's queue keys, and only those. */
async function dropQueue(url: string, prefix: string): Promise<void> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  r.on('error', () => {});
  try {
    await r.connect();
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await r.del(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
}

export function formatE2e(r: E2eResult): string {
  const kb = (b: number) => `${Math.round(b / 1024).toLocaleString('en-US')} kB`;
  const lines = [
    `end to end on the local servers: ${r.n.toLocaleString('en-US')} demo interactions (seed ${r.seed}), ${r.workers} workers`,
    `  ingest        ${r.ingest.rows_per_s.toLocaleString('en-US')} rows/s (${r.ingest.seconds} s, ${r.ingest.cpu_s ?? '?'} CPU-s), peak RSS ${r.ingest.peak_rss_mb ?? '?'} MB`,
    `  plain COPY    ${r.copy.rows_per_s.toLocaleString('en-US')} rows/s (${r.copy.seconds} s) of the same rows, same run, read and validated as the ingest does: ingest = ${r.ingest_to_copy}× COPY`,
    `                the COPY statements alone ${r.copy.copy_rows_per_s.toLocaleString('en-US')} rows/s (${r.copy.copy_seconds} s): ingest = ${r.ingest_to_copy_alone}× that`,
    `  end to end    ${r.end_to_end.interactions_per_s.toLocaleString('en-US')} interactions/s (${r.end_to_end.seconds} s from the ingest's start to the last score)`,
    `  workers       peak RSS ${r.workers_peak_rss_mb.map((m) => `${m ?? '?'} MB`).join(', ')}; CPU ${r.workers_cpu_s.map((c) => `${c ?? '?'} s`).join(', ')}`,
    `  storage       ${r.bytes_per_interaction.toLocaleString('en-US')} bytes per interaction, with indexes:`,
    ...r.storage.map((s) => `    ${s.table.padEnd(24)} ${String(s.per_interaction).padStart(6)} B/interaction (${kb(s.bytes)}, of which indexes ${kb(s.index_bytes)})`),
    '  reports',
    ...r.reports.map((x) => `    ${x.command.padEnd(24)} ${x.seconds.toFixed(2).padStart(7)} s`),
  ];
  if (r.database) lines.push(`  database kept: ${r.database}`);
  return lines.join('\n');
}
