/**
 * Turning margins into probabilities and an out-of-scope threshold, both fitted on out-of-fold
 * predictions so they reflect rows the model has not seen.
 */

/** Softmax of margins × temperature. */
export function softmax(m: Float64Array, temperature: number): Float64Array {
  let max = -Infinity;
  for (const v of m) if (v > max) max = v;
  const out = new Float64Array(m.length);
  let sum = 0;
  for (let i = 0; i < m.length; i++) sum += out[i] = Math.exp((m[i]! - max) * temperature);
  for (let i = 0; i < m.length; i++) out[i]! /= sum;
  return out;
}

/** Temperatures tried; SVM margins on L2-normalised text features sit within about ±2. */
const TEMPERATURES = [0.5, 1, 1.5, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40];

/** The temperature that minimises the log loss of the gold labels. */
export function fitTemperature(margins: Float64Array[], gold: Int32Array): number {
  let best = 1, bestLoss = Infinity;
  for (const t of TEMPERATURES) {
    let loss = 0;
    for (let i = 0; i < margins.length; i++) loss -= Math.log(Math.max(softmax(margins[i]!, t)[gold[i]!]!, 1e-12));
    if (loss < bestLoss) {
      bestLoss = loss;
      best = t;
    }
  }
  return best;
}

/**
 * Threshold on the top probability below which the answer is "none of these".
 *
 * The highest threshold that costs at most `budget` of in-scope accuracy on the out-of-fold
 * predictions: rejecting a wrong guess or an out-of-scope row costs nothing, rejecting a right guess
 * costs one row, and at most `budget` × the in-scope rows may be spent. The rule reads only the
 * in-scope rows' cost, so a training file's out-of-scope rows (which teach each label's SVM what is
 * not that label) cannot drag the threshold up or down: with or without them the model keeps the same
 * share of its right answers. (Maximising kept right answers + a worth × rejected wrong ones, the rule
 * before, moved the threshold by half when a hundred out-of-scope rows were added.)
 */
export function fitThreshold(top: Float64Array, correct: Uint8Array, oos: Uint8Array, budget: number): number {
  const order = [...top.keys()].sort((a, b) => top[a]! - top[b]!);
  let inScope = 0;
  for (let i = 0; i < top.length; i++) if (!oos[i]) inScope++;
  const allowed = Math.floor(budget * inScope + 1e-9);
  // Reject rows order[0 .. r) while the right answers among them stay within the budget.
  let spent = 0, r = 0;
  while (r < order.length) {
    const i = order[r]!;
    if (!oos[i] && correct[i]) {
      if (spent === allowed) break;
      spent++;
    }
    r++;
  }
  // Ties: never split rows of the same probability.
  while (r > 0 && r < order.length && top[order[r - 1]!] === top[order[r]!]) r--;
  if (r === 0) return 0;
  if (r === order.length) return top[order[r - 1]!]! + 1e-9;
  return (top[order[r - 1]!]! + top[order[r]!]!) / 2;
}
