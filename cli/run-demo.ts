import { createWriteStream, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { finished } from 'node:stream/promises';
import { DEMO_TEMPLATES, generateDemo, type DemoRecord } from '../demo/generate.ts';
import { fmt, Progress } from '../ingest/progress.ts';
import type { Config } from '../store/config.ts';
import type { Db } from '../store/db.ts';
import type { Labels } from '../report/labels.ts';
import { openStore } from '../store/open.ts';
import { statusCounts } from '../store/status.ts';
import { currentScorerVersion } from '../workers/scorer.ts';
import { configFrom } from './options.ts';
import { runIngest } from './run-ingest.ts';

export interface DemoOptions {
  count: number;
  seed: number;
  out?: string;
  generateOnly?: boolean;
  dataDir?: string;
  /** Language of the conversations and the reports: en or zh (default $VOC_LANG or en). */
  lang?: string;
}

/** Writes the sample as JSONL (timed turns) and CSV ("Agent:" / "Customer:" lines), oldest first. */
export async function writeDemoFiles(dir: string, count: number, seed: number, lang = 'en'): Promise<{ jsonl: string; csv: string }> {
  mkdirSync(dir, { recursive: true });
  // Oldest first, as a contact-centre export is: earlier contacts are stored before the repeats that follow them.
  const records = [...generateDemo({ n: count, seed, lang })].sort((a, b) => a.started_at.localeCompare(b.started_at));
  const jsonl = join(dir, 'interactions.jsonl');
  const csv = join(dir, 'interactions.csv');
  const { format } = await import('fast-csv');
  const j = createWriteStream(jsonl);
  const c = format({ headers: [...CSV_HEADERS] });
  c.pipe(createWriteStream(csv));
  for (const r of records) {
    j.write(JSON.stringify(r) + '\n');
    c.write(csvRow(r, lang));
  }
  j.end();
  c.end();
  await Promise.all([finished(j), finished(c)]);
  return { jsonl, csv };
}

/** Every column, so a record without an optional field still lines up. */
const CSV_HEADERS = [
  'interaction_id', 'channel', 'agent_id', 'team', 'customer_id', 'started_at', 'csat', 'nps', 'ces', 'handle_time_s', 'wait_time_s',
  'hold_time_s', 'transfers', 'resolved', 'rating', 'first_response_s', 'queue_time_s', 'resolution_time_s', 'abandoned', 'escalated', 'text',
] as const;

function csvRow(r: DemoRecord, lang: string): Record<string, unknown> {
  const { turns, text, ...rest } = r;
  const { agent, customer, colon } = DEMO_TEMPLATES[lang]!.SPEAKER_LABELS;
  const body = turns ? turns.map((t) => `${t.speaker === 'agent' ? agent : customer}${colon}${t.text}`).join('\n') : text;
  return { ...rest, text: body };
}

export async function runDemo(opts: DemoOptions): Promise<void> {
  const config = configFrom({ dataDir: opts.dataDir });
  const { labels, reportLanguage } = await import('../report/labels.ts');
  const lang = reportLanguage(opts.lang);
  const L = labels(lang);
  // English keeps its plain figures (1200); other languages write them in their locale.
  const n = (x: number) => (lang === 'en' ? fmt(x) : L.count(x));
  const out = opts.out ?? join(config.dataDir, lang === 'en' ? 'demo' : `demo-${lang}`);
  const progress = new Progress();
  progress.update(() => L.t('demo.making', { n: n(opts.count), seed: String(opts.seed) }), true);
  const files = await writeDemoFiles(out, opts.count, opts.seed, lang);
  progress.done();
  if (opts.generateOnly) {
    console.log(L.t('demo.wrote', { jsonl: files.jsonl, csv: files.csv }));
    return;
  }
  console.log(L.t('demo.storing', {
    n: n(opts.count), file: rel(files.jsonl), where: L.t(config.databaseUrl ? 'demo.postgres' : 'demo.embedded'), redis: config.redisUrl ? L.t('demo.through_redis') : '',
  }));
  // English prints ingest's own summary; another language prints its lines in its words.
  const outcome = await runIngest(files.jsonl, config, { quiet: lang !== 'en' });
  if (lang !== 'en') {
    const { file, read, inserted, updated, unchanged, rejected, scored } = outcome;
    console.log(L.t('demo.ingest', { file, read: n(read), inserted: n(inserted), updated: n(updated), unchanged: n(unchanged), rejected: n(rejected) }));
    if (!config.redisUrl) console.log(scored ? L.t('demo.scored_here', { n: n(scored) }) : L.t('demo.nothing_new'));
  }
  if (config.redisUrl) await workUntilScored(config);
  const db = await openStore(config);
  try {
    const version = await currentScorerVersion(db, config);
    const counts = await statusCounts(db, version);
    console.log(`\n${L.t('demo.scored', { scored: n(counts.scored), stored: n(counts.stored), how: L.t(outcome.inserted ? 'demo.new_run' : 'demo.already') })}\n`);
    await printReports(db, out, version, lang);
  } finally {
    await db.close();
  }
}

/** With Redis configured, this process works the queue until nothing is left to score. */
async function workUntilScored(config: Config): Promise<void> {
  const { runWorker } = await import('./run-worker.ts');
  await runWorker(config, { exitWhenIdle: true });
}

/** The agent table, the driver headline, and where the coaching export and the HTML report went. */
async function printReports(db: Db, out: string, scorerVersion: string, lang = 'en'): Promise<void> {
  const { labels } = await import('../report/labels.ts');
  const { agentTable } = await import('../report/agents.ts');
  const { formatAgentTable } = await import('../report/agents-format.ts');
  const { driverReport } = await import('../report/drivers.ts');
  const { exportCoaching } = await import('../report/coaching.ts');
  const { scorecardByAgent } = await import('../store/scorecards.ts');
  // The scorecard first, so the agent table and the report carry its figures.
  const { card, said } = await demoScorecard(db, out, scorerVersion, labels(lang));
  const qa = await scorecardByAgent(db, { scorecardVersion: card.version, scorerVersion });
  console.log(formatAgentTable(await agentTable(db, { scorerVersion }), undefined, qa, labels(lang)));
  const L = labels(lang);
  const n = (x: number) => (lang === 'en' ? fmt(x) : L.count(x));
  const drivers = await driverReport(db, { scorerVersion, perTeam: false, labels: L });
  console.log(`\n${L.t('demo.drivers', { headline: drivers.overall.headline })}`);
  const coaching = join(out, 'coaching.csv');
  const exported = await exportCoaching(db, { scorerVersion, out: coaching, labels: L });
  console.log(`\n${L.t('demo.coaching', { rows: n(exported.rows), agents: n(exported.agents), file: rel(coaching) })}`);
  const { htmlReport } = await import('../report/html.ts');
  const { writeFile } = await import('node:fs/promises');
  const page = join(out, 'report.html');
  const scorecard = { name: card.name, version: card.version, questions: new Map(card.items.map((i) => [i.id, i.question])) };
  await writeFile(page, await htmlReport(db, { scorerVersion, lang, scorecard }));
  console.log(L.t('demo.report', { file: rel(page) }));
  console.log(said);
  console.log(L.t('demo.next'));
}

/**
 * Evaluates every interaction on the default scorecard, then has the demo reviewers (a strict and a
 * lenient one, with noise at known rates) review a sample, writes their reviews as a CSV beside the
 * sample and stores them, as `voc import reviews` would.
 */
async function demoScorecard(db: Db, out: string, scorerVersion: string, L: Labels) {
  const { configuredScorecard, evaluatePending } = await import('../workers/scorecard.ts');
  const { writeReviews, readAutoAnswers } = await import('../store/scorecards.ts');
  const { demoReviews } = await import('../demo/reviewers.ts');
  const { writeCsvFile } = await import('../report/csv.ts');
  const { card } = configuredScorecard({ scorecard: null });
  await evaluatePending(db, card, scorerVersion);
  const answers = await readAutoAnswers(db, card.version, scorerVersion, { conversationsOnly: true });
  const { reviews } = demoReviews(answers, { sample: DEMO_REVIEW_SAMPLE, seed: 15 });
  const file = join(out, 'reviews.csv');
  await writeCsvFile(file, ['interaction_id', 'reviewer', 'item', 'answer', 'comment'], reviews);
  await writeReviews(db, reviews, file);
  const name = L.lang === 'en' ? card.name : L.maybe('demo.scorecard_name') ?? card.name;
  const said = L.t('demo.scorecard', { name, version: card.version, n: String(DEMO_REVIEW_SAMPLE), file: rel(file) });
  return { card, said };
}

/** Interactions the demo reviewers score. */
export const DEMO_REVIEW_SAMPLE = 200;

const rel = (p: string) => relative(process.cwd(), p) || p;
