/**
 * The `voc` command line. Each subcommand lives in `cli/commands/` and imports its heavy
 * dependencies only when it runs, so `voc --help` stays instant.
 */
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import * as alerts from './commands/alerts.ts';
import * as analyze from './commands/analyze.ts';
import * as bench from './commands/bench.ts';
import * as calibrate from './commands/calibrate.ts';
import * as demo from './commands/demo.ts';
import * as evaluate from './commands/eval.ts';
import * as ingest from './commands/ingest.ts';
import * as migrate from './commands/migrate.ts';
import * as requeue from './commands/requeue.ts';
import * as status from './commands/status.ts';
import * as worker from './commands/worker.ts';
import * as report from './commands/report.ts';
import * as scorecard from './commands/scorecard.ts';
import * as serve from './commands/serve.ts';
import * as show from './commands/show.ts';
import * as train from './commands/train.ts';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

export function buildProgram(): Command {
  const program = new Command('voc')
    .description('Score every customer interaction for sentiment, agent empathy, customer effort and intent,\n  and store the scores beside the KPIs in PostgreSQL.')
    .version(pkg.version)
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Environment:
  DATABASE_URL   PostgreSQL server, e.g. postgres://user@127.0.0.1:5432/voc
                 (unset: an embedded PostgreSQL kept in $VOC_DATA_DIR/pgdata)
  REDIS_URL      Redis for the BullMQ queue, e.g. redis://127.0.0.1:6379
                 (unset: an in-process queue; ingest scores as it goes)
  VOC_QUEUE_PREFIX  prefix of the queue's Redis keys (default voc), to share one Redis
  VOC_DATA_DIR   local folder for the embedded database and outputs (default .voc)
  VOC_ALERTS     alert rules file (default ./alerts.json); checked after every ingest when present
  VOC_ALERT_WEBHOOK  where alert firings are POSTed as JSON (or "webhook" in the rules file)
  VOC_CES_SCALE, VOC_CES_HIGH  the CES survey's top answer (5, 7, 10) and whether high = easy or hard
  VOC_SENTIMENT_MODEL, VOC_INTENT_MODEL, VOC_EMPATHY_MODEL
                 models written by \`voc sentiment|intent|empathy train\`; their ids
                 become part of the scorer version, so \`voc requeue\` rescores with them
  VOC_SCORECARD  the QA scorecard file (default lexicons/scorecards/default.json)
  VOC_CHUNK_SIZE interactions per queued job (default 200; --chunk-size wins)
  VOC_TIMEZONE   the centre's time zone, e.g. Asia/Shanghai: reports cut days and weeks
                 (Monday to Sunday) in it (default UTC)
  VOC_REPEAT_WINDOW_DAYS  days within which an earlier contact is a repeat (default 7): the
                 effort cue, FCR and repeat contacts in every report; part of the scorer version

Examples:
  voc demo                                   make sample data, score it, print the agent table
  voc ingest interactions.csv                store, queue and (without Redis) score a file
  REDIS_URL=redis://127.0.0.1:6379 DATABASE_URL=postgres://127.0.0.1/voc voc worker --concurrency 4
  voc status --json
  voc report agents --format csv > agents.csv
  voc serve                                  the web workspace and API on http://127.0.0.1:8080`,
    );
  for (const mod of [demo, migrate, ingest, worker, requeue, status, show, report, alerts, serve, analyze, evaluate, train, calibrate, scorecard, bench]) mod.register(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}
