/**
 * `voc calibrate effort`: fits the effort → CES mapping on the stored interactions that have both a CES
 * survey answer and an effort score from the current scorer, prints the agreement before and after,
 * and saves the fit in the `effort_calibration` table (migrations/002_effort_calibration.sql), where
 * `loadEffortCalibration` finds it for the scorer (`createScorer({ cesMapping })`).
 */
import type { Command } from 'commander';
import type { CesMapping } from '../../pipeline/effort/ces.ts';
import type { Calibration, EffortSample } from '../../pipeline/effort/calibrate.ts';
import { resolveStoreConfig } from '../../store/config.ts';
import type { Queryable } from '../../store/db.ts';
import { UsageError } from '../errors.ts';

interface CalibrateOptions {
  json?: boolean;
  dryRun?: boolean;
  databaseUrl?: string;
  dataDir?: string;
}

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
  const { validateKnots } = await import('../../pipeline/effort/ces.ts');
  return { id: `c${r.id}`, knots: validateKnots(typeof r.knots === 'string' ? JSON.parse(r.knots) : r.knots, `effort_calibration row ${r.id}`) };
}

async function saveCalibration(db: Queryable, version: string, c: Calibration): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO effort_calibration (scorer_version, method, knots, n, metrics) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [version, c.method, JSON.stringify(c.knots), c.n, JSON.stringify({ before: c.before, after: c.after, cross_validated: c.cross_validated })],
  );
  return rows[0]!.id;
}

const fmt = (x: number | null) => (x === null ? '–' : x.toFixed(3));

function describe(c: Calibration, current: CesMapping, savedId: number | null): string {
  const row = (name: string, a: Calibration['before']) => `  ${name.padEnd(22)} ${fmt(a.pearson).padStart(8)} ${fmt(a.spearman).padStart(9)} ${fmt(a.mae).padStart(6)}`;
  return [
    `Effort → CES calibration on ${c.n} interactions with a CES answer (${c.method} fit)`,
    `  ${''.padEnd(22)} ${'Pearson'.padStart(8)} ${'Spearman'.padStart(9)} ${'MAE'.padStart(6)}`,
    row(`before (${current.id})`, c.before),
    row('after, in sample', c.after),
    row('after, cross-validated', c.cross_validated),
    `  knots [effort, CES]: ${c.knots.map(([x, y]) => `[${x}, ${y}]`).join(' ')}`,
    savedId === null
      ? '  not saved (--dry-run)'
      : `  saved as effort_calibration ${savedId} (mapping id c${savedId}); scores stamped with it carry "+ces.c${savedId}" in their version`,
  ].join('\n') + '\n';
}

async function calibrateEffortCommand(opts: CalibrateOptions): Promise<void> {
  const { openStore } = await import('../../store/open.ts');
  const { SCORER_VERSION } = await import('../../pipeline/version.ts');
  const { calibrateEffort } = await import('../../pipeline/effort/calibrate.ts');
  const { DEFAULT_CES_MAPPING } = await import('../../pipeline/effort/ces.ts');
  const db = await openStore(resolveStoreConfig({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir }));
  try {
    const samples = await readEffortSamples(db, SCORER_VERSION);
    const current = (await loadEffortCalibration(db)) ?? DEFAULT_CES_MAPPING;
    let calibration: Calibration;
    try {
      calibration = calibrateEffort(samples, current);
    } catch (err) {
      if (err instanceof RangeError) {
        throw new UsageError(`cannot calibrate effort in ${db.location}: ${err.message} (scored by voc ${SCORER_VERSION}; ingest CES answers and run the worker)`, { cause: err });
      }
      throw err;
    }
    const savedId = opts.dryRun ? null : await saveCalibration(db, SCORER_VERSION, calibration);
    if (opts.json) process.stdout.write(JSON.stringify({ ...calibration, saved_id: savedId, previous: current.id }, null, 2) + '\n');
    else process.stdout.write(describe(calibration, current, savedId));
  } finally {
    await db.close();
  }
}

export function register(program: Command): void {
  const calibrate = program.command('calibrate').description('fit score mappings to your own survey answers');
  calibrate
    .command('effort')
    .description('fit the effort → CES mapping on stored interactions with a CES answer; prints Pearson, Spearman and MAE before and after')
    .option('--json', 'print the result as JSON')
    .option('--dry-run', 'fit and report, but do not save')
    .option('--database-url <url>', 'PostgreSQL server (default: $DATABASE_URL, else embedded)')
    .option('--data-dir <dir>', 'folder for the embedded database (default: $VOC_DATA_DIR or .voc)')
    .addHelpText('after', '\nThe fit is saved in the effort_calibration table; the newest row is the one in use.\n\nExample:\n  voc calibrate effort --dry-run')
    .action(calibrateEffortCommand);
}
