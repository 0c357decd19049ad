/** Alert firings in PostgreSQL: one open row per rule and scope until it clears. */
import type { Queryable } from './db.ts';

export interface FiringRow {
  id: number;
  rule_id: string;
  scope_key: string;
  value: number | null;
  threshold: number | null;
  message: string;
  fired_at: string;
  cleared_at: string | null;
  delivery: string;
  attempts: number;
  last_error: string | null;
}

/** Open firings of these rules. */
export async function openFirings(db: Queryable, ruleIds: string[]): Promise<FiringRow[]> {
  const { rows } = await db.query<FiringRow>(`SELECT * FROM alert_firings WHERE cleared_at IS NULL AND rule_id = ANY($1::text[])`, [ruleIds]);
  return rows;
}

/** Records a new firing; null when the rule already has an open firing for the scope (fired once until it clears). */
export async function recordFiring(db: Queryable, f: { rule_id: string; scope_key: string; value: number | null; threshold: number | null; message: string; delivery: string }): Promise<FiringRow | null> {
  const { rows } = await db.query<FiringRow>(
    `INSERT INTO alert_firings (rule_id, scope_key, value, threshold, message, delivery)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (rule_id, scope_key) WHERE cleared_at IS NULL DO NOTHING
     RETURNING *`,
    [f.rule_id, f.scope_key, f.value, f.threshold, f.message, f.delivery],
  );
  return rows[0] ?? null;
}

export async function clearFiring(db: Queryable, id: number): Promise<void> {
  await db.query(`UPDATE alert_firings SET cleared_at = now() WHERE id = $1`, [id]);
}

export async function recordDelivery(db: Queryable, id: number, delivery: 'sent' | 'failed', attempts: number, error: string | null): Promise<void> {
  await db.query(`UPDATE alert_firings SET delivery = $2, attempts = $3, last_error = $4 WHERE id = $1`, [id, delivery, attempts, error]);
}

export async function listFirings(db: Queryable, limit = 50): Promise<FiringRow[]> {
  const { rows } = await db.query<FiringRow>(`SELECT * FROM alert_firings ORDER BY fired_at DESC, id DESC LIMIT $1`, [limit]);
  return rows;
}
