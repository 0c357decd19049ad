/**
 * The QA scorecard at the edge: reading the scorecard file, and the pass that evaluates every scored
 * interaction not yet evaluated on this scorecard version (from this scorer version's scores). A
 * changed file is a new version, so the next pass evaluates everything again; a rescore by `voc
 * requeue` gives new scores, which the next pass evaluates.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { UsageError } from '../lib/errors.ts';
import { evaluate } from '../pipeline/scorecard/evaluate.ts';
import { parseScorecard, ScorecardError, type Scorecard } from '../pipeline/scorecard/scorecard.ts';
import type { Config } from '../store/config.ts';
import type { Db } from '../store/db.ts';
import { unevaluated, writeEvaluations } from '../store/scorecards.ts';

export const DEFAULT_SCORECARD = fileURLToPath(new URL('../lexicons/scorecards/default.json', import.meta.url));

/** Reads and checks a scorecard file (JSON, or YAML when it ends in .yaml / .yml); a bad file is a UsageError naming the item and the reason. */
export function loadScorecardFile(file: string): Scorecard {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read the scorecard ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  if (/\.ya?ml$/i.test(file)) {
    // YAML 1.2 core schema: no custom tags, no merge keys; duplicate keys are errors, as in a strict JSON reading.
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, merge: false, schema: 'core' });
    const err = doc.errors[0];
    if (err) throw new UsageError(`${file} is not valid YAML: ${err.message.split('\n')[0]}${err.linePos ? ` (line ${err.linePos[0].line}, column ${err.linePos[0].col})` : ''}`);
    json = doc.toJS({ maxAliasCount: 100 });
  } else {
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new UsageError(`${file} is not valid JSON: ${(err as Error).message}`);
    }
  }
  try {
    return parseScorecard(json, file);
  } catch (err) {
    if (err instanceof ScorecardError) throw new UsageError(`${err.message} (fix the file and run \`voc scorecard check ${file}\`)`);
    throw err;
  }
}

/** The configured scorecard: --scorecard, $VOC_SCORECARD, else the default. */
export function configuredScorecard(config: Pick<Config, 'scorecard'>): { file: string; card: Scorecard } {
  const file = config.scorecard ?? DEFAULT_SCORECARD;
  return { file, card: loadScorecardFile(file) };
}

/** Evaluates every interaction scored by `scorerVersion` that has no evaluation on `card` yet; returns how many. */
export async function evaluatePending(db: Db, card: Scorecard, scorerVersion: string, pageSize = 500): Promise<number> {
  let done = 0;
  for (;;) {
    const inputs = await unevaluated(db, card.version, scorerVersion, pageSize);
    if (inputs.length === 0) return done;
    await writeEvaluations(db, scorerVersion, inputs.map((x) => evaluate(card, x.interaction, x.scores, x.context)));
    done += inputs.length;
  }
}
