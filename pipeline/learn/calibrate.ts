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
 * The threshold maximising kept right guesses + `rejectWorth` × (rejected wrong guesses + rejected
 * out-of-scope rows): each row counts once, so a training file's handful of out-of-scope rows adds
 * evidence of where guesses go wrong instead of weighing as much as all the in-scope rows together
 * (which drove the threshold up until good answers were rejected). Without out-of-scope rows the
 * misclassified in-scope rows stand in for them.
 */
export function fitThreshold(top: Float64Array, correct: Uint8Array, oos: Uint8Array, rejectWorth: number): number {
  const order = [...top.keys()].sort((a, b) => top[a]! - top[b]!);
  let nRight = 0;
  for (let i = 0; i < top.length; i++) if (!oos[i] && correct[i]) nRight++;
  // Walk the thresholds upwards; rejecting rows order[0 .. r).
  let best = 0, bestValue = -Infinity;
  let rejRight = 0, rejWrong = 0, rejOos = 0;
  for (let r = 0; r <= order.length; r++) {
    if (r === 0 || r === order.length || top[order[r]!] !== top[order[r - 1]!]) {
      const value = (nRight - rejRight) + rejectWorth * (rejWrong + rejOos);
      if (value > bestValue) {
        bestValue = value;
        best = r === 0 ? 0 : r === order.length ? top[order[r - 1]!]! + 1e-9 : (top[order[r - 1]!]! + top[order[r]!]!) / 2;
      }
    }
    if (r === order.length) break;
    const i = order[r]!;
    if (oos[i]) rejOos++;
    else if (correct[i]) rejRight++;
    else rejWrong++;
  }
  return best;
}
