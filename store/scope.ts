/**
 * Who may read what, as SQL. A token's scope becomes a condition on `interactions i` that every
 * query of the server carries, so a row outside the scope is never read: an id of another team is
 * indistinguishable from one that does not exist.
 *
 * scope: what a token may see. An admin's scope is empty (everything); a lead's names teams; an
 * agent's names the agent.
 */

export interface AccessScope {
  /** Only interactions of these teams (a lead). */
  teams?: readonly string[] | null;
  /** Only interactions handled by this agent (an agent's own view). */
  agent?: string | null;
}

/** `AND …` conditions on `interactions i` for the scope, numbering parameters from `first`. */
export function scopeSql(scope: AccessScope | null | undefined, first: number, alias = 'i'): { sql: string; conditions: string[]; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (scope?.teams) {
    params.push([...scope.teams]);
    parts.push(`${alias}.team = ANY($${first + params.length - 1}::text[])`);
  }
  if (scope?.agent) {
    params.push(scope.agent);
    parts.push(`${alias}.agent_id = $${first + params.length - 1}`);
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(''), conditions: parts, params };
}
