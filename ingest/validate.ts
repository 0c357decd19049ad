/**
 * Validation of one input record against the input format (README "Input"): a record either becomes
 * an Interaction ready to store, with warnings for what was dropped or cleaned, or a reason that names
 * the field and what was wrong with it.
 *
 * Everything PostgreSQL would refuse is caught here, so that one row never costs the rows around it:
 * NUL and other control characters, numbers outside a column's range, ids longer than an index takes,
 * impossible dates, values of the wrong type. A bad required field (the id, the channel, the text or
 * turns) rejects the row; a bad optional field is dropped with a warning and the row is kept.
 */
import { toTurns, type NormaliseOptions } from '../pipeline/text/normalise.ts';
import { speakerOf } from '../pipeline/text/turns.ts';
import { CHANNELS, type Channel, type Interaction, type Kpis, type Turn } from '../pipeline/types.ts';

/** The columns voc reads; any other column is kept as metadata. */
export const KNOWN_FIELDS = new Set([
  'interaction_id', 'channel', 'text', 'turns', 'agent_id', 'team', 'customer_id', 'started_at',
  'csat', 'nps', 'ces', 'handle_time_s', 'wait_time_s', 'hold_time_s', 'transfers', 'resolved', 'rating',
  'first_response_s', 'resolution_time_s', 'queue_time_s', 'abandoned', 'escalated',
]);

/**
 * Longest `interaction_id`, `agent_id`, `team` and `customer_id`, in characters. They are indexed, and
 * a PostgreSQL btree index row holds at most 2,704 bytes; 256 characters of up to 4 bytes stay well
 * under it.
 */
export const MAX_ID_LENGTH = 256;
/** Longest text of one interaction (all its turns together), in characters: a ten-hour call transcript. */
export const MAX_TEXT_LENGTH = 500_000;
/** Most turns in one interaction. */
export const MAX_TURNS = 10_000;
/** Deepest nesting of a metadata value (JSON objects and arrays). */
export const MAX_METADATA_DEPTH = 32;
/** Largest metadata value, in characters of JSON. */
export const MAX_METADATA_SIZE = 100_000;

/** PostgreSQL `integer` holds up to 2,147,483,647. */
const INT_MAX = 2_147_483_647;

type NumberRule = { min: number; max: number; integer?: boolean; label: string; maxLabel?: string };
/**
 * The customer's own QA reviewer's empathy score for the interaction: 0–100, or a 1–5 form (read as
 * such by `voc calibrate empathy` when every answer is a whole number 1–5). Kept with the metadata.
 */
export const QA_EMPATHY = 'qa_empathy';
const QA_EMPATHY_RULE: NumberRule = { min: 0, max: 100, label: 'a number 0–100 (or a whole number 1–5)' };
/**
 * A time of more than a year (99999999999999999999 s, an export's overflow) is no handle, wait or
 * resolution time: stored, one such row would turn every average it falls in into millennia.
 */
export const MAX_SECONDS = 365 * 24 * 3600;
const SECONDS: NumberRule = { min: 0, max: MAX_SECONDS, label: 'seconds, 0 or more', maxLabel: '31,536,000 (a year)' };
/** A number as people write it in a file: decimal, optionally signed, with a fraction and an exponent (not 0x10, not Infinity). */
const DECIMAL_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const KPI_RULES: Record<Exclude<keyof Kpis, BoolKpi | 'ces' | 'ces_norm'>, NumberRule> = {
  csat: { min: 1, max: 5, integer: true, label: 'a whole number 1–5' },
  nps: { min: 0, max: 10, integer: true, label: 'a whole number 0–10' },
  handle_time_s: SECONDS,
  wait_time_s: SECONDS,
  hold_time_s: SECONDS,
  transfers: { min: 0, max: INT_MAX, integer: true, label: 'a whole number, 0 or more' },
  rating: { min: 1, max: 5, integer: true, label: 'a whole number 1–5' },
  first_response_s: SECONDS,
  resolution_time_s: SECONDS,
  queue_time_s: SECONDS,
};
/** KPI_RULES as a list, made once rather than for every row. */
const KPI_ENTRIES = Object.entries(KPI_RULES) as [keyof typeof KPI_RULES, NumberRule][];
type BoolKpi = 'resolved' | 'abandoned' | 'escalated';
/** Fields added after the first input format: absent from a record's KPIs unless given. */
const NEW_FIELDS = new Set(['first_response_s', 'resolution_time_s', 'queue_time_s', 'abandoned', 'escalated']);

/** How the CES survey is scored: its top answer, and whether a high answer means easy or hard. */
export interface CesScale {
  /** 5, 7 or 10 (answers 1 … max). @defaultValue 7 */
  max: number;
  /** @defaultValue 'hard' (7 = very hard, as the CES 2.0 wording is reversed in some surveys) */
  high: 'easy' | 'hard';
}
export const DEFAULT_CES_SCALE: CesScale = { max: 7, high: 'hard' };

/** A CES answer on 0 (easiest) … 1 (hardest). */
export const normaliseCes = (ces: number, scale: CesScale = DEFAULT_CES_SCALE) => {
  const x = (ces - 1) / (scale.max - 1);
  return scale.high === 'hard' ? x : 1 - x;
};

export interface RecordOptions extends NormaliseOptions {
  /** The scale the CES answers were given on. @defaultValue DEFAULT_CES_SCALE */
  ces?: CesScale;
}
const TRUE = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'f', 'no', 'n', '0']);

export class RecordError extends Error {
  override name = 'RecordError';
}

/** A valid record: the interaction to store, and what was dropped or cleaned on the way. */
export interface Validated {
  interaction: Interaction;
  /** One line per field dropped or cleaned; empty when the row was taken as it came. */
  warnings: string[];
}

/** C0 control characters other than tab, line feed and carriage return, and DEL: never stored. */
const CONTROL_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const hasControl = (s: string) => /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s);

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** A short, printable picture of a value for a reason: never `[object Object]`, never `null` for 1e309. */
export function describe(v: unknown): string {
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : 'a number too large to store';
  if (Array.isArray(v)) return 'a list';
  if (v !== null && typeof v === 'object') return 'an object';
  const s = typeof v === 'string' ? JSON.stringify(v) : String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…"` : s;
}

const codePoint = (s: string) => `U+${s.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** An id or name: text or a number, no control characters, at most MAX_ID_LENGTH characters. */
function idOf(field: string, v: unknown): string | null {
  if (isBlank(v)) return null;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RecordError(`${field} must be text or a number, got ${describe(v)}`);
    return String(v);
  }
  if (typeof v !== 'string') throw new RecordError(`${field} must be text or a number, got ${describe(v)}`);
  const s = v.trim();
  const bad = s.match(CONTROL_RE);
  if (bad) throw new RecordError(`${field} contains a control character (${codePoint(bad[0])})`);
  if (s.length > MAX_ID_LENGTH) throw new RecordError(`${field} is ${s.length.toLocaleString('en')} characters long; at most ${MAX_ID_LENGTH}`);
  return s;
}

function num(field: string, v: unknown, rule: NumberRule): number | null {
  if (isBlank(v)) return null;
  const n = typeof v === 'number' ? v : typeof v === 'string' && (DECIMAL_RE.test(v.trim()) || /^[+-]?infinity$/i.test(v.trim())) ? Number(v.trim()) : Number.NaN;
  if (Number.isNaN(n)) throw new RecordError(`${field} must be ${rule.label}, got ${describe(v)}`);
  // Beyond what the column can hold (1e39 in a real, 1e309 in JSON), or than a time can be: say so, not "must be a number".
  if (!Number.isFinite(n) || (Math.abs(n) > rule.max && (rule.max >= INT_MAX || rule.maxLabel))) {
    throw new RecordError(`${field} is out of range: must be ${rule.label}, at most ${rule.maxLabel ?? rule.max.toPrecision(2)}, got ${describe(v)}`);
  }
  if ((rule.integer && !Number.isInteger(n)) || n < rule.min || n > rule.max) {
    throw new RecordError(`${field} must be ${rule.label}, got ${describe(v)}`);
  }
  return n;
}

function bool(field: string, v: unknown): boolean | null {
  if (isBlank(v)) return null;
  if (typeof v === 'boolean') return v;
  const s = typeof v === 'string' || typeof v === 'number' ? String(v).trim().toLowerCase() : '';
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  throw new RecordError(`${field} must be true or false, got ${describe(v)}`);
}

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
/** The years a contact's date may fall in; outside them it is read as a placeholder and dropped. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The form `Date#toISOString` writes (`2026-03-02T09:30:00.000Z`), years 1000–9999. */
const CANONICAL_RE = /^[1-9]\d{3}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** An ISO 8601 date or date and time that exists on the calendar, as an ISO string in UTC. */
function dateOf(field: string, v: unknown): string | null {
  if (isBlank(v)) return null;
  // Most exports write times as this very form: when it reads back to itself, it is a time on the
  // calendar (a 30 February or a 24:00 would come back as another day) and is taken as it is.
  if (typeof v === 'string' && v.length === 24 && CANONICAL_RE.test(v)) {
    const t = Date.parse(v);
    if (t === t && new Date(t).toISOString() === v) return v;
  }
  const fail = () => new RecordError(`${field} must be a date and time (ISO 8601, e.g. 2026-03-02T09:30:00Z), got ${describe(v)}`);
  if (typeof v !== 'string') throw fail();
  const s = v.trim();
  const m = ISO_RE.exec(s);
  if (!m) throw fail();
  const [y, mo, d, h = 0, mi = 0, se = 0] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((x) => (x === undefined ? undefined : Number(x))) as number[];
  if (mo! < 1 || mo! > 12 || d! < 1 || d! > daysIn(y!, mo!) || h > 23 || mi > 59 || se > 59) {
    throw new RecordError(`${field} is not a date on the calendar, got ${describe(v)}`);
  }
  const t = Date.parse(m[4] === undefined ? `${s}T00:00:00Z` : s.replace(' ', 'T').replace(/\s+(?=[Z+-])/i, ''));
  const year = new Date(t).getUTCFullYear();
  if (Number.isNaN(t) || year < 1 || year > 9999) throw fail();
  // 0001-01-01 and 9999-12-31 are how exports write "no date": as a date they would stretch every trend over millennia.
  if (year < MIN_YEAR || year > MAX_YEAR) throw new RecordError(`${field} is outside the years ${MIN_YEAR}–${MAX_YEAR} (a placeholder for no date?), got ${describe(v)}`);
  return new Date(t).toISOString();
}

/** Text with control characters removed; `warnings` gets a line for each field that lost any. */
function clean(s: string, field: string, warnings: string[]): string {
  if (!hasControl(s)) return s;
  const n = s.match(CONTROL_RE)!.length;
  warnings.push(`${field}: removed ${n} control character${n === 1 ? '' : 's'}`);
  return s.replace(CONTROL_RE, '');
}

function textOf(v: unknown): string | null {
  if (isBlank(v)) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new RecordError(`text must be text, got ${describe(v)}`);
}

function turnsOf(v: unknown, warnings: string[]): Turn[] | null {
  if (isBlank(v)) return null;
  let value = v;
  if (typeof v === 'string') {
    try {
      value = JSON.parse(v);
    } catch {
      throw new RecordError('turns must be a JSON array of {speaker, text}');
    }
  }
  if (!Array.isArray(value)) throw new RecordError(`turns must be a list of {speaker, text}, got ${describe(value)}`);
  if (value.length > MAX_TURNS) throw new RecordError(`turns has ${value.length.toLocaleString('en')} entries; at most ${MAX_TURNS.toLocaleString('en')}`);
  const out: Turn[] = [];
  for (let i = 0; i < value.length; i++) {
    const t: unknown = value[i];
    if (t === null || typeof t !== 'object' || Array.isArray(t)) throw new RecordError(`turns[${i}] must be {speaker, text}, got ${describe(t)}`);
    const turn = t as Record<string, unknown>;
    const speaker = typeof turn.speaker === 'string' ? speakerOf(turn.speaker) : undefined;
    if (!speaker) throw new RecordError(`turns[${i}].speaker must be agent or customer (or a label in lexicons/speakers.json), got ${describe(turn.speaker)}`);
    if (typeof turn.text !== 'string') throw new RecordError(`turns[${i}].text must be text, got ${describe(turn.text)}`);
    const text = clean(turn.text, `turns[${i}].text`, warnings);
    const start_s = optionalNum(`turns[${i}].start_s`, turn.start_s, SECONDS, warnings);
    out.push({ speaker, text, start_s, end_s: optionalNum(`turns[${i}].end_s`, turn.end_s, SECONDS, warnings) });
  }
  return out;
}

/**
 * The check of an optional field failed: a bad value becomes a warning and the field is left empty.
 * (One function per kind of field below, rather than a closure per field and row.)
 */
function dropped(err: unknown, warnings: string[]): null {
  if (!(err instanceof RecordError)) throw err;
  warnings.push(`${err.message}; dropped`);
  return null;
}

function optionalNum(field: string, v: unknown, rule: NumberRule, warnings: string[]): number | null {
  if (v === undefined || v === null) return null;
  try {
    return num(field, v, rule);
  } catch (err) {
    return dropped(err, warnings);
  }
}

function optionalBool(field: string, v: unknown, warnings: string[]): boolean | null {
  if (v === undefined || v === null) return null;
  try {
    return bool(field, v);
  } catch (err) {
    return dropped(err, warnings);
  }
}

function optionalId(field: string, v: unknown, warnings: string[]): string | null {
  try {
    return idOf(field, v);
  } catch (err) {
    return dropped(err, warnings);
  }
}

function optionalDate(field: string, v: unknown, warnings: string[]): string | null {
  try {
    return dateOf(field, v);
  } catch (err) {
    return dropped(err, warnings);
  }
}

/** Nesting depth of a JSON value, without recursion (a hostile value may be nested thousands deep). */
function depthOf(v: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[v, 0]];
  while (stack.length > 0) {
    const [x, d] = stack.pop()!;
    if (x === null || typeof x !== 'object') continue;
    if (d + 1 > max) max = d + 1;
    if (max > MAX_METADATA_DEPTH) return max;
    for (const c of Object.values(x)) stack.push([c, d + 1]);
  }
  return max;
}

/** A metadata value as JSONB will take it: control characters (and NUL) removed from every string. */
function cleanJson(v: unknown): unknown {
  if (typeof v === 'string') return v.replace(CONTROL_RE, '');
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  if (Array.isArray(v)) return v.map(cleanJson);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replace(CONTROL_RE, ''), cleanJson(x)]));
  return v;
}

function metadataOf(fields: Record<string, unknown>, warnings: string[]): Record<string, unknown> {
  const out: [string, unknown][] = [];
  for (const k in fields) {
    if (!Object.hasOwn(fields, k) || KNOWN_FIELDS.has(k)) continue;
    const v = fields[k];
    if (isBlank(v)) continue;
    const key = k.replace(CONTROL_RE, '');
    if (depthOf(v) > MAX_METADATA_DEPTH) {
      warnings.push(`${JSON.stringify(key)} is nested deeper than ${MAX_METADATA_DEPTH} levels; dropped`);
      continue;
    }
    if (typeof v === 'number' && !Number.isFinite(v)) {
      warnings.push(`${JSON.stringify(key)} is out of range: got ${describe(v)}; dropped`);
      continue;
    }
    const json = JSON.stringify(v);
    if (json.length > MAX_METADATA_SIZE) {
      warnings.push(`${JSON.stringify(key)} is ${json.length.toLocaleString('en')} characters of JSON; at most ${MAX_METADATA_SIZE.toLocaleString('en')}; dropped`);
      continue;
    }
    const cleaned = cleanJson(v);
    if (json !== JSON.stringify(cleaned)) warnings.push(`${JSON.stringify(key)}: removed control characters or numbers too large to store`);
    out.push([key, cleaned]);
  }
  return out.length === 0 ? {} : Object.fromEntries(out);
}

/** Validates and normalises one record; throws RecordError with the reason when the row cannot be kept. */
export function validateRecord(fields: Record<string, unknown>, opts: RecordOptions = {}): Validated {
  const warnings: string[] = [];
  const id = idOf('interaction_id', fields.interaction_id);
  if (!id) throw new RecordError('interaction_id is missing');
  const rawChannel = fields.channel;
  if (isBlank(rawChannel)) throw new RecordError('channel is missing');
  const channel = typeof rawChannel === 'string' ? rawChannel.trim().toLowerCase() : '';
  if (!(CHANNELS as readonly string[]).includes(channel)) {
    throw new RecordError(`channel must be one of ${CHANNELS.join(', ')}, got ${describe(rawChannel)}`);
  }

  // Keys in the order of the first input format, new KPIs only when given, so that a row from before
  // them hashes (and stores) exactly as it did.
  const scale = opts.ces ?? DEFAULT_CES_SCALE;
  const kpis: Kpis = { resolved: optionalBool('resolved', fields.resolved, warnings) };
  for (const [k, rule] of KPI_ENTRIES) {
    if (k === 'handle_time_s') {
      kpis.ces = isBlank(fields.ces) ? null : optionalNum('ces', fields.ces, { min: 1, max: scale.max, integer: true, label: `a whole number 1–${scale.max}` }, warnings);
    }
    const v = optionalNum(k, fields[k], rule, warnings);
    if (v !== null || !NEW_FIELDS.has(k)) kpis[k] = v;
  }
  const abandoned = optionalBool('abandoned', fields.abandoned, warnings);
  if (abandoned !== null) kpis.abandoned = abandoned;
  const escalated = optionalBool('escalated', fields.escalated, warnings);
  if (escalated !== null) kpis.escalated = escalated;
  if (kpis.ces != null) kpis.ces_norm = normaliseCes(kpis.ces, scale);

  const turns = turnsOf(fields.turns, warnings);
  let text = turns && turns.length > 0 ? null : textOf(fields.text);
  if (turns && turns.length > 0 && !isBlank(fields.text)) warnings.push('text ignored: the row has turns, and the turns were used');
  if (text !== null) text = clean(text, 'text', warnings);
  const normalised = toTurns(channel as Channel, { text, turns }, opts);
  // An abandoned contact ended before an agent answered: its KPIs count even with no text.
  if (normalised.length === 0 && !kpis.abandoned) throw new RecordError('text is empty (no text and no turns)');
  let length = 0;
  for (const t of normalised) length += t.text.length;
  if (length > MAX_TEXT_LENGTH) {
    throw new RecordError(`text is ${length.toLocaleString('en')} characters long; at most ${MAX_TEXT_LENGTH.toLocaleString('en')}`);
  }

  const interaction: Interaction = {
    interaction_id: id,
    channel: channel as Channel,
    turns: normalised,
    agent_id: optionalId('agent_id', fields.agent_id, warnings),
    team: optionalId('team', fields.team, warnings),
    customer_id: optionalId('customer_id', fields.customer_id, warnings),
    started_at: optionalDate('started_at', fields.started_at, warnings),
    kpis,
    metadata: metadataOf(fields, warnings),
  };
  const qa = num(QA_EMPATHY, fields[QA_EMPATHY], QA_EMPATHY_RULE);
  if (qa !== null) interaction.metadata = { ...interaction.metadata, [QA_EMPATHY]: qa };
  return { interaction, warnings };
}

/** Validates one record and returns the interaction; throws RecordError when the row cannot be kept. */
export function toInteraction(fields: Record<string, unknown>, opts: RecordOptions = {}): Interaction {
  return validateRecord(fields, opts).interaction;
}

/**
 * The interaction id of a row, when it can be read, for a reject's `interaction_id` column: text or a
 * number, control characters removed, cut to MAX_ID_LENGTH.
 */
export function readableId(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return null;
  const s = v.replace(CONTROL_RE, '').trim();
  return s ? s.slice(0, MAX_ID_LENGTH) : null;
}
