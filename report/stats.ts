/**
 * The statistics behind the driver analysis: Pearson correlation, ordinary least squares on
 * standardized drivers, seeded bootstrap confidence intervals, and warnings when there is too little
 * data to say anything. Pure functions over arrays; the SQL that fetches the arrays lives elsewhere.
 */
import { createRandom } from '../lib/random.ts';

/** Fewer rows than this and a regression says nothing worth reading. */
export const MIN_ROWS = 30;
/** Rule of thumb for a stable regression: at least this many rows per driver. */
export const ROWS_PER_DRIVER = 10;
/** Bootstrap resamples. @defaultValue 500 (percentile intervals settle to ±0.01 SD well before that) */
export const DEFAULT_BOOTSTRAP = 500;

export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return xs.length ? s / xs.length : NaN;
}

/** Sample standard deviation (n − 1). */
export function sd(xs: readonly number[]): number {
  if (xs.length < 2) return NaN;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
}

/** Pearson's r, or null when either variable is constant or there are fewer than 3 pairs. */
export function pearson(x: readonly number[], y: readonly number[]): number | null {
  const n = Math.min(x.length, y.length);
  if (n < 3) return null;
  const mx = mean(x.slice(0, n));
  const my = mean(y.slice(0, n));
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

/** The p-th quantile (0–1) of a list, by linear interpolation between order statistics. */
export function quantile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return s[lo]! + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]!) - s[lo]!);
}

export interface OlsFit {
  intercept: number;
  /** One coefficient per column of X, in order. */
  coef: number[];
  r2: number;
}

/**
 * Ordinary least squares with an intercept, by the normal equations solved with Gaussian elimination
 * and partial pivoting. `rows` indexes which rows to use (repeats allowed: that is the bootstrap).
 * Returns null when the design is singular (a constant or duplicated driver).
 */
export function ols(y: readonly number[], X: readonly (readonly number[])[], rows?: readonly number[]): OlsFit | null {
  const p = X.length + 1;
  const idx = rows ?? y.map((_, i) => i);
  // Normal equations A·b = c with A = ZᵀZ, Z = [1, X].
  const A = Array.from({ length: p }, () => new Float64Array(p));
  const c = new Float64Array(p);
  const z = new Float64Array(p);
  for (const i of idx) {
    z[0] = 1;
    for (let j = 1; j < p; j++) z[j] = X[j - 1]![i]!;
    const yi = y[i]!;
    for (let j = 0; j < p; j++) {
      c[j]! += z[j]! * yi;
      const Aj = A[j]!;
      for (let k = j; k < p; k++) Aj[k]! += z[j]! * z[k]!;
    }
  }
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) A[j]![k] = A[k]![j]!;
  const b = solve(A, c);
  if (!b) return null;
  let ssRes = 0;
  let ssTot = 0;
  let my = 0;
  for (const i of idx) my += y[i]!;
  my /= idx.length;
  for (const i of idx) {
    let fit = b[0]!;
    for (let j = 1; j < p; j++) fit += b[j]! * X[j - 1]![i]!;
    ssRes += (y[i]! - fit) ** 2;
    ssTot += (y[i]! - my) ** 2;
  }
  return { intercept: b[0]!, coef: Array.from(b.slice(1)), r2: ssTot === 0 ? 0 : 1 - ssRes / ssTot };
}

/** Relative pivot size below which the system counts as singular. */
const SINGULAR = 1e-10;

export function solve(A: Float64Array[], c: Float64Array): Float64Array | null {
  const p = c.length;
  const M = A.map((row, i) => {
    const r = new Float64Array(p + 1);
    r.set(row);
    r[p] = c[i]!;
    return r;
  });
  const scale = Math.max(...A.map((r, i) => Math.abs(r[i]!)), 1);
  for (let col = 0; col < p; col++) {
    let best = col;
    for (let r = col + 1; r < p; r++) if (Math.abs(M[r]![col]!) > Math.abs(M[best]![col]!)) best = r;
    if (Math.abs(M[best]![col]!) < SINGULAR * scale) return null;
    [M[col], M[best]] = [M[best]!, M[col]!];
    const pivot = M[col]!;
    for (let r = 0; r < p; r++) {
      if (r === col) continue;
      const f = M[r]![col]! / pivot[col]!;
      if (f === 0) continue;
      const row = M[r]!;
      for (let k = col; k <= p; k++) row[k]! -= f * pivot[k]!;
    }
  }
  return Float64Array.from({ length: p }, (_, i) => M[i]![p]! / M[i]![i]!);
}

export interface DriverEffect {
  driver: string;
  /** Outcome units per one standard deviation of the driver, holding the others fixed. */
  effect: number;
  /** 95% bootstrap percentile interval of `effect`. */
  ci: [number, number];
  /** Pearson correlation of the driver with the outcome on its own. */
  r: number | null;
  /** The driver's mean and SD in these rows (what "one standard deviation" means). */
  mean: number;
  sd: number;
}

export interface Regression {
  n: number;
  r2: number;
  effects: DriverEffect[];
  /** Drivers left out, with why (constant in these rows). */
  dropped: { driver: string; reason: string }[];
  warnings: string[];
  /** Bootstrap draws of every effect, by driver, for comparing two effects. */
  draws: Record<string, number[]>;
}

export interface RegressionOptions {
  /** Bootstrap resamples. @defaultValue DEFAULT_BOOTSTRAP */
  bootstrap?: number;
  /** Seed of the resampling, so a report is reproducible. @defaultValue 1 */
  seed?: number;
}

/**
 * Regresses `y` on the drivers, each standardized to mean 0 and SD 1, so every effect reads as "one
 * standard deviation more of this driver moves the outcome by this much", comparable across drivers.
 * Rows must be complete (no NaN); constant drivers are dropped with a reason.
 */
export function standardizedRegression(
  y: readonly number[],
  drivers: Record<string, readonly number[]>,
  opts: RegressionOptions = {},
): Regression | null {
  const n = y.length;
  const warnings: string[] = [];
  const dropped: Regression['dropped'] = [];
  const names: string[] = [];
  const cols: number[][] = [];
  const moments: { mean: number; sd: number }[] = [];
  for (const [name, xs] of Object.entries(drivers)) {
    const m = mean(xs);
    const s = sd(xs);
    if (!(s > 0)) {
      dropped.push({ driver: name, reason: 'the same value in every row' });
      continue;
    }
    names.push(name);
    cols.push(xs.map((x) => (x - m) / s));
    moments.push({ mean: m, sd: s });
  }
  if (n < MIN_ROWS) warnings.push(`only ${n} interactions: fewer than ${MIN_ROWS}, the effects are not worth reading`);
  else if (n < ROWS_PER_DRIVER * names.length) {
    warnings.push(`only ${n} interactions for ${names.length} drivers (fewer than ${ROWS_PER_DRIVER} per driver): intervals are wide and effects unstable`);
  }
  if (names.length === 0 || n <= names.length + 1) return null;
  const fit = ols(y, cols);
  if (!fit) {
    warnings.push('the drivers are collinear (one is a combination of others); no regression');
    return null;
  }
  const B = opts.bootstrap ?? DEFAULT_BOOTSTRAP;
  const rng = createRandom(opts.seed ?? 1);
  const draws: Record<string, number[]> = Object.fromEntries(names.map((d) => [d, []]));
  const rows = new Array<number>(n);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < n; i++) rows[i] = Math.floor(rng.next() * n);
    const f = ols(y, cols, rows);
    if (f) names.forEach((d, j) => draws[d]!.push(f.coef[j]!));
  }
  const effects = names.map((driver, j) => ({
    driver,
    effect: fit.coef[j]!,
    ci: [quantile(draws[driver]!, 0.025), quantile(draws[driver]!, 0.975)] as [number, number],
    r: pearson(drivers[driver]!, y),
    ...moments[j]!,
  }));
  return { n, r2: fit.r2, effects, dropped, warnings, draws };
}

export interface Comparison {
  /** |effect a| ÷ |effect b|. */
  ratio: number;
  /** 95% bootstrap interval of |a| − |b|; it excludes 0 when the two are distinguishable. */
  differenceCi: [number, number];
  distinguishable: boolean;
}

/** Whether driver `a` matters more than driver `b` (by size of effect), from the bootstrap draws. */
export function compareEffects(reg: Regression, a: string, b: string): Comparison | null {
  const ea = reg.effects.find((e) => e.driver === a);
  const eb = reg.effects.find((e) => e.driver === b);
  const da = reg.draws[a];
  const db = reg.draws[b];
  if (!ea || !eb || !da || !db) return null;
  const diffs = da.map((x, i) => Math.abs(x) - Math.abs(db[i]!));
  const ci: [number, number] = [quantile(diffs, 0.025), quantile(diffs, 0.975)];
  return { ratio: Math.abs(ea.effect) / Math.abs(eb.effect), differenceCi: ci, distinguishable: ci[0] > 0 || ci[1] < 0 };
}

/**
 * The cross-products of one cluster of rows: `q` = 2 + drivers, the vector of a row being
 * [1, y, x₁ … xₚ], and `sums[a·q + b]` the sum over the cluster's rows of vₐ·v_b (so sums[0] is its
 * row count). The regression needs nothing else: `regressionFromSums` is `standardizedRegression` on
 * these, with the bootstrap resampling clusters instead of rows.
 */
export interface ClusterSums {
  sums: Float64Array;
}

/** Relative variance below which a driver counts as constant (sums of a constant column cancel to ~0). */
const CONSTANT = 1e-12;

/**
 * `standardizedRegression` from sufficient statistics: the drivers named `names` (in the order of the
 * vector), the sums per cluster. The estimates are those of the rows; the bootstrap draws whole
 * clusters with replacement (pass one row per cluster for the row bootstrap).
 */
export function regressionFromSums(names: readonly string[], clusters: readonly ClusterSums[], opts: RegressionOptions = {}): Regression | null {
  const q = names.length + 2;
  const total = new Float64Array(q * q);
  for (const c of clusters) for (let k = 0; k < q * q; k++) total[k]! += c.sums[k]!;
  const n = total[0]!;
  const warnings: string[] = [];
  const dropped: Regression['dropped'] = [];
  const at = (S: Float64Array, a: number, b: number) => S[a * q + b]!;
  const mean = (a: number) => at(total, 0, a) / n;
  const variance = (a: number) => (n > 1 ? Math.max(0, (at(total, a, a) - n * mean(a) ** 2) / (n - 1)) : 0);
  const kept: number[] = [];
  names.forEach((name, j) => {
    const a = j + 2;
    const v = variance(a);
    if (!(v > CONSTANT * Math.max(1, at(total, a, a) / Math.max(n, 1)))) dropped.push({ driver: name, reason: 'the same value in every row' });
    else kept.push(a);
  });
  if (n < MIN_ROWS) warnings.push(`only ${n} interactions: fewer than ${MIN_ROWS}, the effects are not worth reading`);
  else if (n < ROWS_PER_DRIVER * kept.length) {
    warnings.push(`only ${n} interactions for ${kept.length} drivers (fewer than ${ROWS_PER_DRIVER} per driver): intervals are wide and effects unstable`);
  }
  if (kept.length === 0 || n <= kept.length + 1) return null;
  const m = kept.map(mean);
  const sdv = kept.map((a) => Math.sqrt(variance(a)));
  const my = mean(1);
  // The normal equations of y on [1, z₁ … zₚ], z = (x − m) / sd with the whole sample's m and sd.
  const fit = (S: Float64Array): { coef: number[]; r2: number } | null => {
    const nn = at(S, 0, 0);
    const p = kept.length + 1;
    const A = Array.from({ length: p }, () => new Float64Array(p));
    const c = new Float64Array(p);
    A[0]![0] = nn;
    c[0] = at(S, 0, 1);
    for (let j = 0; j < kept.length; j++) {
      const a = kept[j]!;
      const sa = at(S, 0, a);
      const zj0 = (sa - m[j]! * nn) / sdv[j]!;
      A[0]![j + 1] = zj0;
      A[j + 1]![0] = zj0;
      c[j + 1] = (at(S, a, 1) - m[j]! * at(S, 0, 1)) / sdv[j]!;
      for (let k = j; k < kept.length; k++) {
        const b = kept[k]!;
        const v = (at(S, a, b) - m[j]! * at(S, 0, b) - m[k]! * sa + nn * m[j]! * m[k]!) / (sdv[j]! * sdv[k]!);
        A[j + 1]![k + 1] = v;
        A[k + 1]![j + 1] = v;
      }
    }
    const b = solve(A, c);
    if (!b) return null;
    const yy = at(S, 1, 1);
    let explained = 0;
    for (let j = 0; j < p; j++) explained += b[j]! * c[j]!;
    const ssTot = yy - (at(S, 0, 1) ** 2) / nn;
    return { coef: Array.from(b.slice(1)), r2: ssTot <= 0 ? 0 : 1 - (yy - explained) / ssTot };
  };
  const full = fit(total);
  if (!full) {
    warnings.push('the drivers are collinear (one is a combination of others); no regression');
    return null;
  }
  const B = opts.bootstrap ?? DEFAULT_BOOTSTRAP;
  const rng = createRandom(opts.seed ?? 1);
  const draws: Record<string, number[]> = Object.fromEntries(kept.map((a) => [names[a - 2]!, []]));
  const C = clusters.length;
  const times = new Uint32Array(C);
  const S = new Float64Array(q * q);
  // The sums are symmetric: each resample adds up the upper triangles (packed one cluster after
  // another) and mirrors the total, which gives the same numbers as adding the whole matrices.
  const u = (q * (q + 1)) / 2;
  const packed = new Float64Array(C * u);
  clusters.forEach((c, i) => {
    let k = i * u;
    for (let a = 0; a < q; a++) for (let b = a; b < q; b++) packed[k++] = c.sums[a * q + b]!;
  });
  const U = new Float64Array(u);
  for (let r = 0; r < B; r++) {
    times.fill(0);
    for (let i = 0; i < C; i++) times[Math.floor(rng.next() * C)]!++;
    U.fill(0);
    for (let i = 0; i < C; i++) {
      const t = times[i]!;
      if (t === 0) continue;
      const base = i * u;
      for (let k = 0; k < u; k++) U[k]! += t * packed[base + k]!;
    }
    for (let a = 0, k = 0; a < q; a++) {
      for (let b = a; b < q; b++, k++) {
        S[a * q + b] = U[k]!;
        S[b * q + a] = U[k]!;
      }
    }
    const f = fit(S);
    if (f) kept.forEach((a, j) => draws[names[a - 2]!]!.push(f.coef[j]!));
  }
  const effects = kept.map((a, j) => {
    const driver = names[a - 2]!;
    const vy = variance(1);
    const cov = (at(total, a, 1) - n * m[j]! * my) / (n - 1);
    return {
      driver,
      effect: full.coef[j]!,
      ci: [quantile(draws[driver]!, 0.025), quantile(draws[driver]!, 0.975)] as [number, number],
      r: vy > 0 && n >= 3 ? cov / (sdv[j]! * Math.sqrt(vy)) : null,
      mean: m[j]!,
      sd: sdv[j]!,
    };
  });
  return { n, r2: full.r2, effects, dropped, warnings, draws };
}
