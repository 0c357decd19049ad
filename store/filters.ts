/**
 * The filters every report takes, turned into one SQL condition on `interactions i` with $-parameters,
 * so the reports agree on what "team billing since June" means.
 */
import { scopeSql, type AccessScope } from './scope.ts';

export interface ReportFilters {
  /** Only this team. */
  team?: string | null;
  /** Only this agent. */
  agent?: string | null;
  /** Only interactions that started on or after this date (ISO 8601). */
  since?: string | null;
  /** Only this channel. */
  channel?: string | null;
  /** Only interactions that started before this date and time (ISO 8601). */
  until?: string | null;
  /** Only interactions with this primary contact reason (scorer intent; needs `s` joined to scores). */
  reason?: string | null;
  /** What the reader may see (`voc serve` tokens); applied on top of every other filter. */
  scope?: AccessScope | null;
}

/**
 * `AND …` conditions for the filters set, numbering parameters from `first`; append `params` to the
 * query's own parameters.
 */
export function filterSql(f: ReportFilters, first: number): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (cond: (p: string) => string, value: unknown) => {
    params.push(value);
    parts.push(cond(`$${first + params.length - 1}`));
  };
  if (f.team) add((p) => `i.team = ${p}`, f.team);
  if (f.agent) add((p) => `i.agent_id = ${p}`, f.agent);
  if (f.since) add((p) => `i.started_at >= ${p}::timestamptz`, f.since);
  if (f.channel) add((p) => `i.channel = ${p}`, f.channel);
  if (f.until) add((p) => `i.started_at < ${p}::timestamptz`, f.until);
  if (f.reason) add((p) => `s.intent = ${p}`, f.reason);
  if (f.scope) {
    const s = scopeSql(f.scope, first + params.length);
    parts.push(...s.conditions);
    params.push(...s.params);
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
}
