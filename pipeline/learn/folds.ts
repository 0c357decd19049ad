/** Stratified k-fold splits, seeded, shared by calibration and cross-validation. */
import { seededRandom, shuffle } from '../../lib/random.ts';

/** `fold[i]` ∈ 0 … k−1 for row i; each label's rows are dealt round-robin over the folds after a seeded shuffle. */
export function stratifiedFolds(labels: readonly string[], k: number, seed = 1): Int32Array {
  const byLabel = new Map<string, number[]>();
  labels.forEach((l, i) => {
    const list = byLabel.get(l);
    if (list) list.push(i);
    else byLabel.set(l, [i]);
  });
  const fold = new Int32Array(labels.length);
  const random = seededRandom(seed);
  let next = 0;
  for (const key of [...byLabel.keys()].sort()) {
    const rows = byLabel.get(key)!;
    shuffle(rows, random);
    // Continue the round-robin across labels so small labels don't all land in fold 0.
    for (const i of rows) fold[i] = next++ % k;
  }
  return fold;
}
