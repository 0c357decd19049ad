/**
 * The effort → CES calibrations `voc calibrate effort` fits (migrations/002_effort_calibration.sql):
 * the samples it fits on, saving a fit, and the newest fit, which the scorer uses.
 */
import type { Calibration, EffortSample } from '../pipeline/effort/calibrate.ts';
import { validateKnots, type CesMapping } from '../pipeline/effort/ces.ts';
import type { Queryable } from './db.ts';

/**
 * The (effort, CES) pairs of every interaction with a CES answer and a score from `version`. A fitted
 * mapping only changes predicted CES, not effort, so scores stamped `version+ces.…` count too.
 */
export async function readEffortSamples(db: Queryable, version: string): Promise<EffortSample[]> {
  const { rows } = await db.query<{ effort: number; ces: number }>(
    `SELECT DISTINCT ON (i.interaction_id) s.effort, i.ces FROM interactions i
     JOIN scores s ON s.interaction_id = i.interaction_id
     WHERE i.ces IS NOT NULL AND (s.scorer_version = $1 OR s.scorer_version LIKE $1 || '+ces.%')
     ORDER BY i.interaction_id, s.scored_at DESC`,
    [version],
  );
  return rows.map((r) => ({ effort: Number(r.effort), ces: Number(r.ces) }));
}

/** The newest saved calibration as a mapping, or null when none was fitted. */
export async function loadEffortCalibration(db: Queryable): Promise<CesMapping | null> {
  const { rows } = await db.query<{ id: number; knots: [number, number][] | string }>(
    'SELECT id, knots FROM effort_calibration ORDER BY id DESC LIMIT 1',
  );
  const r = rows[0];
  if (!r) return null;
  return { id: `c${r.id}`, knots: validateKnots(typeof r.knots === 'string' ? JSON.parse(r.knots) : r.knots, `effort_calibration row ${r.id}`) };
}

export async function saveCalibration(db: Queryable, version: string, c: Calibration): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO effort_calibration (scorer_version, method, knots, n, metrics) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [version, c.method, JSON.stringify(c.knots), c.n, JSON.stringify({ before: c.before, after: c.after, cross_validated: c.cross_validated })],
  );
  return rows[0]!.id;
}


/**
 * The (empathy, QA empathy) pairs of every interaction with a `qa_empathy` answer and an applicable
 * empathy score from `version` (or `version+ces.…`, which has the same empathy).
 */
export async function readEmpathySamples(db: Queryable, version: string): Promise<{ empathy: number; qa: number }[]> {
  const { rows } = await db.query<{ empathy: number; qa: number }>(
    `SELECT DISTINCT ON (i.interaction_id) s.empathy, (i.metadata->>'qa_empathy')::float8 AS qa FROM interactions i
     JOIN scores s ON s.interaction_id = i.interaction_id
     WHERE i.metadata ? 'qa_empathy' AND s.empathy_applicable AND s.not_scored IS NULL
       AND (s.scorer_version = $1 OR s.scorer_version LIKE $1 || '+ces.%')
     ORDER BY i.interaction_id, s.scored_at DESC`,
    [version],
  );
  return rows.map((r) => ({ empathy: Number(r.empathy), qa: Number(r.qa) }));
}
