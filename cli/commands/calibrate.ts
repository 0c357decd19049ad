/**
 * `voc calibrate effort`: fits the effort → CES mapping on the stored interactions that have both a CES
 * survey answer and an effort score from the current scorer, prints the agreement before and after,
 * and saves the fit in the `effort_calibration` table (store/calibration.ts), where the scorer finds it
 * (workers/scorer.ts).
 */
import type { Command } from 'commander';
import type { CesMapping } from '../../pipeline/effort/ces.ts';
import type { Calibration } from '../../pipeline/effort/calibrate.ts';
import type { EmpathyCalibration } from '../../pipeline/empathy/calibrate.ts';
import { UsageError } from '../../lib/errors.ts';
import { configFrom, withStoreOptions } from '../options.ts';

interface CalibrateOptions {
  json?: boolean;
  dryRun?: boolean;
  databaseUrl?: string;
  dataDir?: string;
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
      : `  saved as effort_calibration ${savedId} (mapping id c${savedId}); scores stamped with it carry "+ces.c${savedId}" in their version: run \`voc requeue\` to rescore with it`,
  ].join('\n') + '\n';
}

async function calibrateEffortCommand(opts: CalibrateOptions): Promise<void> {
  const { openStore } = await import('../../store/open.ts');
  const { loadEffortCalibration, readEffortSamples, saveCalibration } = await import('../../store/calibration.ts');
  const { currentScorerVersion } = await import('../../workers/scorer.ts');
  const { calibrateEffort } = await import('../../pipeline/effort/calibrate.ts');
  const { DEFAULT_CES_MAPPING } = await import('../../pipeline/effort/ces.ts');
  const config = configFrom(opts);
  const db = await openStore(config, { mustExist: true });
  try {
    // The scores the fit learns from: the configured scorer's, with or without an earlier calibration.
    const version = await currentScorerVersion(db, config, { calibrated: false });
    const samples = await readEffortSamples(db, version);
    const current = (await loadEffortCalibration(db)) ?? DEFAULT_CES_MAPPING;
    let calibration: Calibration;
    try {
      calibration = calibrateEffort(samples, current);
    } catch (err) {
      if (err instanceof RangeError) {
        throw new UsageError(`cannot calibrate effort in ${db.location}: ${err.message} (scored by voc ${version}; ingest CES answers and run the worker)`, { cause: err });
      }
      throw err;
    }
    const savedId = opts.dryRun ? null : await saveCalibration(db, version, calibration);
    if (opts.json) process.stdout.write(JSON.stringify({ ...calibration, saved_id: savedId, previous: current.id }, null, 2) + '\n');
    else process.stdout.write(describe(calibration, current, savedId));
  } finally {
    await db.close();
  }
}

async function calibrateEmpathyCommand(opts: CalibrateOptions): Promise<void> {
  const { openStore } = await import('../../store/open.ts');
  const { readEmpathySamples } = await import('../../store/calibration.ts');
  const { currentScorerVersion } = await import('../../workers/scorer.ts');
  const { calibrateEmpathy } = await import('../../pipeline/empathy/calibrate.ts');
  const config = configFrom(opts);
  const db = await openStore(config);
  try {
    const version = await currentScorerVersion(db, config, { calibrated: false });
    const samples = await readEmpathySamples(db, version);
    let c: EmpathyCalibration;
    try {
      c = calibrateEmpathy(samples);
    } catch (err) {
      if (err instanceof RangeError) {
        throw new UsageError(`cannot calibrate empathy in ${db.location}: ${err.message} (scored by voc ${version}; ingest a qa_empathy column, 0–100 or 1–5, and run the worker)`, { cause: err });
      }
      throw err;
    }
    if (opts.json) {
      process.stdout.write(JSON.stringify(c, null, 2) + '\n');
      return;
    }
    const row = (name: string, a: EmpathyCalibration['before']) => `  ${name.padEnd(22)} ${fmt(a.spearman).padStart(9)} ${a.mae.toFixed(1).padStart(6)} ${`${Math.round(100 * a.within_band)}%`.padStart(10)}`;
    process.stdout.write([
      `Empathy against your QA empathy scores on ${c.n} interactions (QA scale ${c.scale}, on 0–100; band ±${c.band} points)`,
      `  ${''.padEnd(22)} ${'Spearman'.padStart(9)} ${'MAE'.padStart(6)} ${'in band'.padStart(10)}`,
      row('voc empathy as is', c.before),
      row('fitted, in sample', c.after),
      row('fitted, cross-validated', c.cross_validated),
      `  knots [voc empathy, QA on 0–100]: ${c.knots.map(([x, y]) => `[${x}, ${y}]`).join(' ')}`,
      '  Spearman is what a fitted mapping cannot change: it says whether voc ranks interactions as your reviewers do.',
      '  The fit is reported, not applied: empathy scores stay on voc\'s scale.',
    ].join('\n') + '\n');
  } finally {
    await db.close();
  }
}

export function register(program: Command): void {
  const calibrate = program.command('calibrate').description('fit score mappings to your own survey answers');
  withStoreOptions(calibrate.command('effort'))
    .description('fit the effort → CES mapping on stored interactions with a CES answer; prints Pearson, Spearman and MAE before and after')
    .option('--json', 'print the result as JSON')
    .option('--dry-run', 'fit and report, but do not save')
    .addHelpText('after', '\nThe fit is saved in the effort_calibration table; the newest row is the one in use.\n\nExample:\n  voc calibrate effort --dry-run')
    .action(calibrateEffortCommand);
  withStoreOptions(calibrate.command('empathy'))
    .description('agreement of empathy with your QA reviewers\' qa_empathy scores (0–100 or 1–5): Spearman, MAE and share within a band, before and after a fitted mapping, cross-validated')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nIngest a qa_empathy column beside the other KPIs first.\n\nExample:\n  voc calibrate empathy')
    .action(calibrateEmpathyCommand);
}
