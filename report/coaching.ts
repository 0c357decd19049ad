/**
 * The coaching export: for each agent, the moments where a customer turn called for empathy and the
 * reply missed it or came late (the customer's words, the agent's reply, what was missing, and how a
 * top agent of the same team answered a similar turn), plus the agent's best interactions for
 * positive feedback. Read from the stored scores (`detail` → empathy triggers and cues) and turns.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Queryable } from '../store/db.ts';
import { failedItems } from '../store/scorecards.ts';
import advice from './coaching-advice.json' with { type: 'json' };
import { writeCsvFile } from './csv.ts';
import { filterSql, type ReportFilters } from './filters.ts';
import { ENGLISH_LABELS, type Labels } from './labels.ts';

/** Longest excerpt of a turn in the export; a coach reads a line, not a transcript. */
const EXCERPT_CHARS = 400;

export interface CoachingRow {
  agent_id: string;
  team: string | null;
  /** `coach`: empathy missing or late; `praise`: one of the agent's best interactions. */
  kind: 'coach' | 'praise';
  interaction_id: string;
  started_at: string | null;
  channel: string;
  intent: string | null;
  csat: number | null;
  /** Why the customer turn called for empathy (the scorer's trigger reason). */
  trigger: string | null;
  /** `missing`, `late` or (praise) `timely`. */
  response: string | null;
  customer_turn: string | null;
  agent_reply: string | null;
  /** Coach rows: what was missing; praise rows: the empathy and ownership phrases used. */
  note: string;
  example_agent: string | null;
  example_customer_turn: string | null;
  example_reply: string | null;
  /** The scorecard items answered no on this interaction's evaluation (export with a scorecard only). */
  failed_items?: string;
}

export const COACHING_COLUMNS: readonly (keyof CoachingRow)[] = [
  'agent_id', 'team', 'kind', 'interaction_id', 'started_at', 'channel', 'intent', 'csat', 'trigger', 'response',
  'customer_turn', 'agent_reply', 'note', 'example_agent', 'example_customer_turn', 'example_reply',
];

export interface CoachingOptions extends ReportFilters {
  /** Coaching moments per agent, worst first. @defaultValue 10 */
  limit?: number;
  /** Best interactions per agent for positive feedback. @defaultValue 3 */
  praise?: number;
  /** Scores of this scorer version (the configured scorer's: `currentScorerVersion`). */
  scorerVersion: string;
  /** The language of the notes (and, in the export, of the headers and the named values). @defaultValue English */
  labels?: Labels;
}

/** Quoted e-mail lines dropped, whitespace squashed, cut to EXCERPT_CHARS. */
export function excerpt(text: string | null): string | null {
  if (text === null) return null;
  const s = text.replace(/^>.*$/gm, '').replace(/\s+/g, ' ').trim();
  return s.length > EXCERPT_CHARS ? `${s.slice(0, EXCERPT_CHARS - 1)}…` : s;
}

/**
 * What a reply to a trigger of this reason was missing, in the language of `L`: the advice of
 * report/coaching-advice.json, or its translation `coaching.advice.<key>` in the label file.
 */
export function missingCue(reason: string | null, response: string | null, dismissive: boolean, L: Labels = ENGLISH_LABELS): string {
  const r = (reason ?? '').toLowerCase();
  const key = Object.keys(advice.reasons).find((k) => k !== 'default' && r.includes(k)) ?? 'default';
  const say = (label: string, english: string) => (L.lang === 'en' ? english : L.maybe(label) ?? english);
  const parts = [say(`coaching.advice.${key}`, advice.reasons[key as keyof typeof advice.reasons])];
  if (response === 'late') parts.unshift(say('coaching.advice.late', advice.late));
  if (dismissive) parts.push(say('coaching.advice.dismissive', advice.dismissive));
  return parts.join(L.t('coaching.advice_sep'));
}

/** A JSON array from the score detail, or an empty one when the scorer left it out. */
const arr = (path: string) => `json_array_elements(CASE WHEN json_typeof(${path}) = 'array' THEN ${path} ELSE '[]'::json END)`;
// The compact detail (store/score-detail.ts): a trigger is [turn, reason, response, answered_by, evidence],
// a cue [turn, category, polarity p|n, evidence], an evidence in the table `e` (its words: voc_evidence_text).
const TRIGGERS = `CROSS JOIN LATERAL ${arr("s.detail->'t'")} AS tr`;
const CUES = arr("s.detail->'q'");

interface Moment {
  agent_id: string; team: string | null; interaction_id: string; started_at: string | null; channel: string;
  intent: string | null; csat: number | null; reason: string | null; response: string; customer_turn: string | null;
  agent_reply: string | null; dismissive: boolean;
}
interface Example { team: string | null; agent_id: string; intent: string | null; reason: string | null; customer_turn: string | null; agent_reply: string | null; rk: number }

/** Every coaching and praise row for the agents selected by `opts`, grouped by agent. */
export async function coachingRows(db: Queryable, opts: CoachingOptions): Promise<CoachingRow[]> {
  const version = opts.scorerVersion;
  const f = filterSql(opts, 3);
  const moments = await db.query<Moment>(
    `SELECT * FROM (
       SELECT i.agent_id, i.team, i.interaction_id, to_char(i.started_at AT TIME ZONE current_setting('TimeZone'), 'YYYY-MM-DD HH24:MI') AS started_at,
         i.channel, s.intent, i.csat::int AS csat, tr->>1 AS reason, tr->>2 AS response,
         ct.text AS customer_turn,
         (SELECT a.text FROM turns a WHERE a.interaction_id = i.interaction_id AND a.speaker = 'agent'
            AND a.turn_index > (tr->>0)::int ORDER BY a.turn_index LIMIT 1) AS agent_reply,
         EXISTS (SELECT 1 FROM ${CUES} c
                 WHERE c->>2 = 'n' AND (c->>0)::int > (tr->>0)::int) AS dismissive,
         row_number() OVER (PARTITION BY i.agent_id
           ORDER BY (tr->>2) = 'missing' DESC, i.csat ASC NULLS LAST, s.empathy ASC NULLS LAST, i.interaction_id, (tr->>0)::int) AS k
       FROM interactions i
       JOIN scores s ON s.interaction_id = i.interaction_id AND s.scorer_version = $1 AND s.not_scored IS NULL
       ${TRIGGERS}
       LEFT JOIN turns ct ON ct.interaction_id = i.interaction_id AND ct.turn_index = (tr->>0)::int
       WHERE i.agent_id IS NOT NULL AND tr->>2 IN ('missing', 'late')${f.sql}) AS m
     WHERE k <= $2 ORDER BY agent_id, k`,
    [version, opts.limit ?? 10, ...f.params],
  );
  // Examples come from the whole team, whatever the agent filter, so the comparison is with peers
  // (within the reader's scope: an agent reading their own moments sees no peer's words).
  const teamOnly = filterSql({ team: opts.team, since: opts.since, until: opts.until, channel: opts.channel, scope: opts.scope }, 2);
  const examples = await db.query<Example>(
    `WITH agent_emp AS (
       SELECT i.agent_id, i.team, rank() OVER (PARTITION BY i.team ORDER BY avg(s.empathy) FILTER (WHERE s.empathy_applicable) DESC NULLS LAST)::int AS rk
       FROM interactions i JOIN scores s ON s.interaction_id = i.interaction_id AND s.scorer_version = $1 AND s.not_scored IS NULL
       WHERE i.agent_id IS NOT NULL${teamOnly.sql} GROUP BY i.agent_id, i.team)
     SELECT DISTINCT ON (i.team, tr->>1, s.intent, i.agent_id)
       i.team, i.agent_id, s.intent, tr->>1 AS reason, ct.text AS customer_turn, at.text AS agent_reply, ae.rk
     FROM interactions i
     JOIN scores s ON s.interaction_id = i.interaction_id AND s.scorer_version = $1 AND s.not_scored IS NULL
     JOIN agent_emp ae ON ae.agent_id = i.agent_id AND ae.team IS NOT DISTINCT FROM i.team
     ${TRIGGERS}
     JOIN turns ct ON ct.interaction_id = i.interaction_id AND ct.turn_index = (tr->>0)::int
     JOIN turns at ON at.interaction_id = i.interaction_id AND at.turn_index = (tr->>3)::int
     WHERE tr->>2 = 'timely'${teamOnly.sql}
     ORDER BY i.team, tr->>1, s.intent, i.agent_id, s.empathy DESC NULLS LAST, i.csat DESC NULLS LAST, length(at.text), i.interaction_id`,
    [version, ...teamOnly.params],
  );
  const praise = await db.query<Moment & { cues: string | null }>(
    `SELECT * FROM (
       SELECT i.agent_id, i.team, i.interaction_id, to_char(i.started_at AT TIME ZONE current_setting('TimeZone'), 'YYYY-MM-DD HH24:MI') AS started_at,
         i.channel, s.intent, i.csat::int AS csat, tr->>1 AS reason, tr->>2 AS response,
         ct.text AS customer_turn, at.text AS agent_reply,
         (SELECT string_agg(DISTINCT voc_evidence_text(s.detail, (c->>3)::int, it.texts), ' | ') FROM ${CUES} c
            WHERE c->>2 = 'p' AND (c->>0)::int = (tr->>3)::int) AS cues,
         row_number() OVER (PARTITION BY i.agent_id ORDER BY s.empathy DESC, i.csat DESC NULLS LAST, i.interaction_id, (tr->>0)::int) AS k
       FROM interactions i
       JOIN scores s ON s.interaction_id = i.interaction_id AND s.scorer_version = $1 AND s.not_scored IS NULL
       ${TRIGGERS}
       JOIN turns ct ON ct.interaction_id = i.interaction_id AND ct.turn_index = (tr->>0)::int
       JOIN turns at ON at.interaction_id = i.interaction_id AND at.turn_index = (tr->>3)::int
       JOIN interaction_turns it ON it.interaction_id = i.interaction_id
       WHERE i.agent_id IS NOT NULL AND s.empathy_applicable AND tr->>2 = 'timely'${f.sql}) AS p
     WHERE k <= $2 ORDER BY agent_id, k`,
    [version, opts.praise ?? 3, ...f.params],
  );

  const exampleFor = (m: Moment): Example | undefined => {
    // Peers are the agent's team; agents with no team are no one's peers (often different companies or
    // desks in one file), so their moments carry no example rather than another desk's reply.
    if (m.team === null) return undefined;
    const peers = examples.rows.filter((e) => e.team === m.team && e.agent_id !== m.agent_id && e.reason === m.reason);
    const best = (xs: Example[]) => xs.reduce<Example | undefined>((a, b) => (a === undefined || b.rk < a.rk ? b : a), undefined);
    return best(peers.filter((e) => e.intent === m.intent)) ?? best(peers);
  };
  const L = opts.labels ?? ENGLISH_LABELS;
  const out: CoachingRow[] = [];
  const agents = [...new Set([...moments.rows, ...praise.rows].map((r) => r.agent_id))].sort();
  for (const agent of agents) {
    for (const m of moments.rows.filter((r) => r.agent_id === agent)) {
      const ex = exampleFor(m);
      out.push({
        ...base(m),
        kind: 'coach',
        note: missingCue(m.reason, m.response, m.dismissive, L),
        example_agent: ex?.agent_id ?? null,
        example_customer_turn: excerpt(ex?.customer_turn ?? null),
        example_reply: excerpt(ex?.agent_reply ?? null),
      });
    }
    for (const p of praise.rows.filter((r) => r.agent_id === agent)) {
      out.push({ ...base(p), kind: 'praise', note: p.cues ? L.t('coaching.good', { cues: p.cues }) : L.t('coaching.in_time'), example_agent: null, example_customer_turn: null, example_reply: null });
    }
  }
  return out;
}

function base(m: Moment) {
  return {
    agent_id: m.agent_id,
    team: m.team,
    interaction_id: m.interaction_id,
    started_at: m.started_at,
    channel: m.channel,
    intent: m.intent,
    csat: m.csat,
    trigger: m.reason,
    response: m.response,
    customer_turn: excerpt(m.customer_turn),
    agent_reply: excerpt(m.agent_reply),
  };
}

export interface CoachingExportOptions extends CoachingOptions {
  /** One CSV with every agent. */
  out?: string;
  /** A folder to write one CSV per agent into (`<agent>.csv`). */
  perAgentDir?: string;
  /** The scorecard version whose failed items are named on each row (column `failed_items`). */
  scorecardVersion?: string;
}

/** Longest agent part of a per-agent file name, in characters (file systems allow 255 bytes). */
const MAX_FILE_STEM = 100;

/**
 * One file name per agent id that no other id of the export can take. Agent ids come from the input
 * data: names keep to letters, digits, `.`, `-` and `_`, at most MAX_FILE_STEM of them. An id that had
 * to be changed to fit (`A/1` → `A_1`), or that differs from another only in case (file systems on
 * macOS and Windows do not tell `a1` from `A1`), gets a short hash of the id: `A_1-3f9a0c1d.csv`.
 */
export function agentFileNames(agents: readonly string[]): Map<string, string> {
  const stem = (a: string) => (a.replace(/[^\w.-]/g, '_').replace(/^\./, '_') || '_').slice(0, MAX_FILE_STEM);
  const byLower = new Map<string, number>();
  for (const a of agents) byLower.set(stem(a).toLowerCase(), (byLower.get(stem(a).toLowerCase()) ?? 0) + 1);
  const hash = (a: string, n: number) => createHash('sha1').update(a).digest('hex').slice(0, n);
  const names = new Map(
    agents.map((a) => {
      const s = stem(a);
      const unique = s === a && byLower.get(s.toLowerCase()) === 1;
      return [a, unique ? `${s}.csv` : `${s}-${hash(a, 8)}.csv`];
    }),
  );
  // An id may itself look like another's hashed name: then both take the full hash.
  const taken = new Map<string, number>();
  for (const n of names.values()) taken.set(n.toLowerCase(), (taken.get(n.toLowerCase()) ?? 0) + 1);
  for (const [a, n] of names) if (taken.get(n.toLowerCase())! > 1) names.set(a, `${stem(a).slice(0, MAX_FILE_STEM - 40)}-${hash(a, 40)}.csv`);
  return names;
}

/** Writes the coaching CSV(s); returns the rows written and the files. */
export async function exportCoaching(db: Queryable, opts: CoachingExportOptions): Promise<{ rows: number; agents: number; files: string[] }> {
  const rows = await coachingRows(db, opts);
  let columns: readonly (keyof CoachingRow)[] = COACHING_COLUMNS;
  if (opts.scorecardVersion) {
    const failed = await failedItems(db, rows.map((r) => r.interaction_id), opts.scorecardVersion, opts.scorerVersion);
    for (const r of rows) r.failed_items = (failed.get(r.interaction_id) ?? []).join('; ');
    columns = [...COACHING_COLUMNS, 'failed_items'];
  }
  const L = opts.labels ?? ENGLISH_LABELS;
  // In another language the headers and the values that name something (kind, channel, intent,
  // trigger, response) are the reader's words; English keeps the column names and raw values.
  const headers = L.lang === 'en' ? undefined : columns.map((c) => L.t(`coaching.col.${c}`));
  if (L.lang !== 'en') {
    const sep = L.t('show.list_sep');
    for (const r of rows) {
      r.kind = L.term('coaching.kind', r.kind) as CoachingRow['kind'];
      r.channel = L.term('channel', r.channel);
      if (r.intent) r.intent = L.term('intent', r.intent);
      if (r.trigger) r.trigger = r.trigger.split(', ').map((x) => L.term('reason', x)).join(sep);
      if (r.response) r.response = L.term('coaching.response', r.response);
    }
  }
  const files: string[] = [];
  if (opts.out) {
    await writeCsvFile(opts.out, columns, rows as unknown as Record<string, unknown>[], headers);
    files.push(opts.out);
  }
  const agents = [...new Set(rows.map((r) => r.agent_id))];
  if (opts.perAgentDir) {
    mkdirSync(opts.perAgentDir, { recursive: true });
    const names = agentFileNames(agents);
    for (const agent of agents) {
      const file = join(opts.perAgentDir, names.get(agent)!);
      await writeCsvFile(file, columns, rows.filter((r) => r.agent_id === agent) as unknown as Record<string, unknown>[], headers);
      files.push(file);
    }
  }
  return { rows: rows.length, agents: agents.length, files };
}
