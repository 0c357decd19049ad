/**
 * Validation of one input record against the input format (README "Input"): a record either becomes
 * an Interaction ready to store, or a reason that names the field and what was wrong with it.
 */
import { toTurns, type NormaliseOptions } from '../pipeline/text/normalise.ts';
import { CHANNELS, SPEAKERS, type Channel, type Interaction, type Kpis, type Turn } from '../pipeline/types.ts';

/** The columns voc reads; any other column is kept as metadata. */
export const KNOWN_FIELDS = new Set([
  'interaction_id', 'channel', 'text', 'turns', 'agent_id', 'team', 'customer_id', 'started_at',
  'csat', 'nps', 'ces', 'handle_time_s', 'wait_time_s', 'hold_time_s', 'transfers', 'resolved', 'rating',
  'first_response_s', 'resolution_time_s', 'queue_time_s', 'abandoned', 'escalated',
]);

type NumberRule = { min: number; max?: number; integer?: boolean; label: string };
const KPI_RULES: Record<Exclude<keyof Kpis, BoolKpi | 'ces' | 'ces_norm'>, NumberRule> = {
  csat: { min: 1, max: 5, integer: true, label: 'a whole number 1–5' },
  nps: { min: 0, max: 10, integer: true, label: 'a whole number 0–10' },
  handle_time_s: { min: 0, label: 'seconds, 0 or more' },
  wait_time_s: { min: 0, label: 'seconds, 0 or more' },
  hold_time_s: { min: 0, label: 'seconds, 0 or more' },
  transfers: { min: 0, integer: true, label: 'a whole number, 0 or more' },
  rating: { min: 1, max: 5, integer: true, label: 'a whole number 1–5' },
  first_response_s: { min: 0, label: 'seconds, 0 or more' },
  resolution_time_s: { min: 0, label: 'seconds, 0 or more' },
  queue_time_s: { min: 0, label: 'seconds, 0 or more' },
};
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

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function str(v: unknown): string | null {
  if (isBlank(v)) return null;
  return typeof v === 'string' ? v.trim() : String(v);
}

function num(field: string, v: unknown, rule: NumberRule): number | null {
  if (isBlank(v)) return null;
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  if (!Number.isFinite(n) || (rule.integer && !Number.isInteger(n)) || n < rule.min || (rule.max !== undefined && n > rule.max)) {
    throw new RecordError(`${field} must be ${rule.label}, got ${JSON.stringify(v)}`);
  }
  return n;
}

function bool(field: string, v: unknown): boolean | null {
  if (isBlank(v)) return null;
  if (typeof v === 'boolean') return v;
  const s = String(v).trim().toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  throw new RecordError(`${field} must be true or false, got ${JSON.stringify(v)}`);
}

function turnsOf(v: unknown): Turn[] | null {
  if (isBlank(v)) return null;
  let value = v;
  if (typeof v === 'string') {
    try {
      value = JSON.parse(v);
    } catch {
      throw new RecordError('turns must be a JSON array of {speaker, text}');
    }
  }
  if (!Array.isArray(value)) throw new RecordError('turns must be an array of {speaker, text}');
  return value.map((t, i) => {
    const speaker = String(t?.speaker ?? '').toLowerCase();
    if (!(SPEAKERS as readonly string[]).includes(speaker)) {
      throw new RecordError(`turns[${i}].speaker must be agent or customer, got ${JSON.stringify(t?.speaker)}`);
    }
    if (typeof t.text !== 'string') throw new RecordError(`turns[${i}].text must be a string`);
    const time = (k: 'start_s' | 'end_s') => num(`turns[${i}].${k}`, t[k], { min: 0, label: 'seconds, 0 or more' });
    return { speaker: speaker as Turn['speaker'], text: t.text, start_s: time('start_s'), end_s: time('end_s') };
  });
}

/** Validates and normalises one record; throws RecordError with the reason. */
export function toInteraction(fields: Record<string, unknown>, opts: RecordOptions = {}): Interaction {
  const id = str(fields.interaction_id);
  if (!id) throw new RecordError('interaction_id is missing');
  const channel = str(fields.channel)?.toLowerCase();
  if (!channel) throw new RecordError('channel is missing');
  if (!(CHANNELS as readonly string[]).includes(channel)) {
    throw new RecordError(`channel must be one of ${CHANNELS.join(', ')}, got ${JSON.stringify(fields.channel)}`);
  }
  let started_at: string | null = null;
  const when = str(fields.started_at);
  if (when) {
    const t = Date.parse(when);
    if (Number.isNaN(t)) throw new RecordError(`started_at must be a date and time (ISO 8601), got ${JSON.stringify(when)}`);
    started_at = new Date(t).toISOString();
  }
  // Keys in the order of the first input format, new KPIs only when given, so that a row from before
  // them hashes (and stores) exactly as it did.
  const scale = opts.ces ?? DEFAULT_CES_SCALE;
  const kpis: Kpis = { resolved: bool('resolved', fields.resolved) };
  for (const [k, rule] of Object.entries(KPI_RULES)) {
    if (k === 'handle_time_s') kpis.ces = num('ces', fields.ces, { min: 1, max: scale.max, integer: true, label: `a whole number 1–${scale.max}` });
    const v = num(k, fields[k], rule);
    if (v !== null || !NEW_FIELDS.has(k)) kpis[k as keyof typeof KPI_RULES] = v;
  }
  for (const k of ['abandoned', 'escalated'] as const) {
    const v = bool(k, fields[k]);
    if (v !== null) kpis[k] = v;
  }
  if (kpis.ces != null) kpis.ces_norm = normaliseCes(kpis.ces, scale);

  const turns = toTurns(channel as Channel, { text: str(fields.text), turns: turnsOf(fields.turns) }, opts);
  // An abandoned contact ended before an agent answered: its KPIs count even with no text.
  if (turns.length === 0 && !kpis.abandoned) throw new RecordError('text is empty (no text and no turns)');

  const metadata: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (!KNOWN_FIELDS.has(k) && !isBlank(v)) metadata[k] = v;
  return {
    interaction_id: id,
    channel: channel as Channel,
    turns,
    agent_id: str(fields.agent_id),
    team: str(fields.team),
    customer_id: str(fields.customer_id),
    started_at,
    kpis,
    metadata,
  };
}
