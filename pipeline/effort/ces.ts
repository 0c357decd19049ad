/**
 * The mapping from effort score (0-100) to a predicted CES answer (1-7): straight lines between knots.
 * The default knots are data (lexicons/en/effort-ces.json); `voc calibrate effort` fits others.
 */
import defaults from '../../lexicons/en/effort-ces.json' with { type: 'json' };
import { LexiconError } from '../lexicon/schema.ts';

export const CES_MIN = 1;
export const CES_MAX = 7;

/** Knots `[effort, ces]`, effort strictly increasing, ces not decreasing. */
export interface CesMapping {
  knots: [number, number][];
  /** Where the mapping came from: `default`, or the calibration's id. */
  id: string;
}

/** Throws when `knots` cannot be a monotone mapping on the CES scale. */
export function validateKnots(knots: unknown, what: string): [number, number][] {
  if (!Array.isArray(knots) || knots.length < 2) throw new LexiconError(`${what}: needs at least two knots`);
  const out = knots.map((k) => {
    if (!Array.isArray(k) || k.length !== 2 || !k.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw new LexiconError(`${what}: each knot is [effort, ces]`);
    }
    return [k[0], k[1]] as [number, number];
  });
  for (let i = 1; i < out.length; i++) {
    if (out[i]![0] <= out[i - 1]![0] || out[i]![1] < out[i - 1]![1]) {
      throw new LexiconError(`${what}: knots must rise in effort and not fall in CES`);
    }
  }
  return out;
}

export const DEFAULT_CES_MAPPING: CesMapping = { knots: validateKnots(defaults.knots, 'lexicons/en/effort-ces.json'), id: 'default' };

/** The predicted CES for an effort score, clamped to 1-7 and rounded to two decimals. */
export function predictCes(effort: number, mapping: CesMapping = DEFAULT_CES_MAPPING): number {
  const k = mapping.knots;
  let y: number;
  if (effort <= k[0]![0]) y = k[0]![1];
  else if (effort >= k[k.length - 1]![0]) y = k[k.length - 1]![1];
  else {
    let i = 1;
    while (k[i]![0] < effort) i++;
    const [x0, y0] = k[i - 1]!;
    const [x1, y1] = k[i]!;
    y = y0 + ((y1 - y0) * (effort - x0)) / (x1 - x0);
  }
  return Math.round(Math.min(CES_MAX, Math.max(CES_MIN, y)) * 100) / 100;
}
