/**
 * `voc show INTERACTION_ID`: one interaction's transcript with the cues, triggers, empathy, effort,
 * intent and sentiment of its latest score (rendered by report/show.ts); `--json` prints the raw record.
 */
import type { Command } from 'commander';
import type { Interaction, InteractionScores, Turn } from '../../pipeline/types.ts';
import type { ShowRecord } from '../../report/show.ts';
import type { Queryable } from '../../store/db.ts';
import { visible } from '../../report/safe-text.ts';
import { UsageError } from '../errors.ts';
import { withStore, withStoreOptions } from '../options.ts';

interface ShowOptions {
  json?: boolean;
  databaseUrl?: string;
  dataDir?: string;
}

const iso = (d: Date | string | null) => (d == null ? null : new Date(d).toISOString());

/**
 * Reads an interaction, its turns and its latest score: the one of `currentVersion` when there is one,
 * else the most recent. Null when the id is unknown.
 */
export async function readShowRecord(db: Queryable, id: string, currentVersion: string): Promise<ShowRecord | null> {
  const { rows } = await db.query('SELECT * FROM interactions WHERE interaction_id = $1', [id]);
  const r = rows[0];
  if (!r) return null;
  const turns = await db.query<{ speaker: Turn['speaker']; text: string; start_s: number | null; end_s: number | null }>(
    'SELECT speaker, text, start_s, end_s FROM turns WHERE interaction_id = $1 ORDER BY turn_index',
    [id],
  );
  const score = await db.query<{ scorer_version: string; scored_at: Date | string | null; detail: InteractionScores | string }>(
    `SELECT scorer_version, scored_at, detail FROM scores WHERE interaction_id = $1
     ORDER BY (scorer_version = $2) DESC, scored_at DESC LIMIT 1`,
    [id, currentVersion],
  );
  const interaction: Interaction = {
    interaction_id: r.interaction_id,
    channel: r.channel,
    turns: turns.rows.map((t) => ({ speaker: t.speaker, text: t.text, start_s: t.start_s, end_s: t.end_s })),
    agent_id: r.agent_id,
    team: r.team,
    customer_id: r.customer_id,
    started_at: iso(r.started_at),
    kpis: {
      csat: r.csat, nps: r.nps, ces: r.ces, handle_time_s: r.handle_time_s, wait_time_s: r.wait_time_s,
      hold_time_s: r.hold_time_s, transfers: r.transfers, resolved: r.resolved, rating: r.rating,
    },
    metadata: r.metadata,
  };
  const s = score.rows[0];
  return {
    interaction,
    score: s ? { scorer_version: s.scorer_version, scored_at: iso(s.scored_at), detail: typeof s.detail === 'string' ? JSON.parse(s.detail) : s.detail } : null,
    currentVersion,
  };
}

async function show(id: string, opts: ShowOptions): Promise<void> {
  const record = await withStore(opts, async (db, scorerVersion) => {
    const found = await readShowRecord(db, id, scorerVersion);
    if (!found) throw new UsageError(`no interaction with id ${JSON.stringify(id)} in ${db.location}`);
    return found;
  });
  if (opts.json) {
    process.stdout.write(JSON.stringify(record, null, 2) + '\n');
    return;
  }
  const { renderShow } = await import('../../report/show.ts');
  process.stdout.write(visible(renderShow(record)));
}

export function register(program: Command): void {
  withStoreOptions(program.command('show <interaction_id>'))
    .description('one interaction: transcript with cues and triggers marked, empathy and why, effort drivers, intent, sentiment')
    .option('--json', 'print the raw record (interaction, turns, latest score) as JSON')
    .addHelpText('after', '\nExample:\n  voc show C-1042\n  voc show C-1042 --json | jq .score.detail.empathy')
    .action(show);
}
