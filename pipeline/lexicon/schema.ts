/**
 * A small schema language for the lexicon files, and its checker: every file in lexicons/ is checked
 * at load, and a bad one fails with the file, the entry and the reason.
 */

export class LexiconError extends Error {
  override name = 'LexiconError';
}

export type Schema =
  | 'string' | 'number' | 'boolean' | 'null' | 'any'
  | { num: [number, number] }
  | { int: [number, number] }
  | { enum: readonly (string | number | boolean | null)[] }
  | { array: Schema; min?: number }
  | { map: Schema; min?: number }
  | { object: Record<string, Schema>; optional?: Record<string, Schema> }
  | { oneOf: Schema[] }
  /** A string checked by a function that returns the reason it is bad, or null. */
  | { check: (value: string, path: string[]) => string | null };

const describe = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : JSON.stringify(v));

/** Keys every object may carry: the reasons and sources written beside the data. */
const NOTE = /(^|_)(why|description|source|note)$/;

/** The reason `value` fails `schema`, with the path to the entry, or null when it passes. */
export function check(value: unknown, schema: Schema, path: string[] = []): { path: string[]; reason: string } | null {
  const fail = (reason: string) => ({ path, reason });
  if (schema === 'any') return null;
  if (schema === 'string') return typeof value === 'string' ? null : fail(`expected text, got ${describe(value)}`);
  if (schema === 'number') return typeof value === 'number' && Number.isFinite(value) ? null : fail(`expected a number, got ${describe(value)}`);
  if (schema === 'boolean') return typeof value === 'boolean' ? null : fail(`expected true or false, got ${describe(value)}`);
  if (schema === 'null') return value === null ? null : fail(`expected null, got ${describe(value)}`);
  if ('num' in schema || 'int' in schema) {
    const [lo, hi] = 'num' in schema ? schema.num : schema.int;
    if (typeof value !== 'number' || !Number.isFinite(value)) return fail(`expected a number, got ${describe(value)}`);
    if ('int' in schema && !Number.isInteger(value)) return fail(`expected a whole number, got ${value}`);
    return value >= lo && value <= hi ? null : fail(`${value} is outside ${lo} … ${hi}`);
  }
  if ('enum' in schema) return schema.enum.includes(value as never) ? null : fail(`expected one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}, got ${describe(value)}`);
  if ('oneOf' in schema) {
    let first: ReturnType<typeof check> = null;
    for (const s of schema.oneOf) {
      const r = check(value, s, path);
      if (r === null) return null;
      first ??= r;
    }
    return first;
  }
  if ('check' in schema) {
    if (typeof value !== 'string') return fail(`expected text, got ${describe(value)}`);
    const reason = schema.check(value, path);
    return reason === null ? null : fail(reason);
  }
  if ('array' in schema) {
    if (!Array.isArray(value)) return fail(`expected a list, got ${describe(value)}`);
    if (schema.min !== undefined && value.length < schema.min) return fail(`needs at least ${schema.min} entr${schema.min === 1 ? 'y' : 'ies'}`);
    for (let i = 0; i < value.length; i++) {
      const r = check(value[i], schema.array, [...path, String(i)]);
      if (r) return r;
    }
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(`expected an object, got ${describe(value)}`);
  const obj = value as Record<string, unknown>;
  if ('map' in schema) {
    const keys = Object.keys(obj);
    if (schema.min !== undefined && keys.length < schema.min) return fail(`needs at least ${schema.min} entr${schema.min === 1 ? 'y' : 'ies'}`);
    for (const k of keys) {
      const r = check(obj[k], schema.map, [...path, k]);
      if (r) return r;
    }
    return null;
  }
  for (const [k, s] of Object.entries(schema.object)) {
    if (!(k in obj)) return { path: [...path, k], reason: 'missing' };
    const r = check(obj[k], s, [...path, k]);
    if (r) return r;
  }
  for (const k of Object.keys(obj)) {
    if (k in schema.object) continue;
    if (schema.optional && k in schema.optional) {
      const r = check(obj[k], schema.optional[k]!, [...path, k]);
      if (r) return r;
      continue;
    }
    if (NOTE.test(k) && typeof obj[k] === 'string') continue;
    const known = [...Object.keys(schema.object), ...Object.keys(schema.optional ?? {})];
    return { path: [...path, k], reason: `unknown key (expected ${known.join(', ')}, or a note such as "why")` };
  }
  return null;
}

/** Throws LexiconError naming the file, the entry and the reason when `value` fails `schema`. */
export function validate(file: string, value: unknown, schema: Schema): void {
  const r = check(value, schema);
  if (r) throw new LexiconError(`lexicons/${file}: ${r.path.length ? r.path.join(' › ') : '(top level)'}: ${r.reason}`);
}
