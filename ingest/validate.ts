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
]);

type NumberRule = { min: number; max?: number; integer?: boolean; label: string };
const KPI_RULES: Record<Exclude<keyof Kpis, 'resolved'>, NumberRule> = {
  csat: { min: 1, max: 5, integer: true, label: 'a whole number 1–5' },
  nps: { min: 0, max: 10, integer: true, label: 'a whole number 0–10' },
  ces: { min: 1, max: 7, integer: true, label: 'a whole number 1–7' },
  handle_time_s: { min: 0, label: 'seconds, 0 or more' },
  wait_time_s: { min: 0, label: 'seconds, 0 or more' },
  hold_time_s: { min: 0, label: 'seconds, 0 or more' },
  transfers: { min: 0, integer: true, label: 'a whole number, 0 or more' },
  rating: { min: 1, max: 5, integer: true, label: 'a whole number 1–5' },
};
/**
 * The customer's own QA reviewer's empathy score for the interaction: 0–100, or a 1–5 form (read as
 * such by `voc calibrate empathy` when every answer is a whole number 1–5). Kept with the metadata.
 */
export const QA_EMPATHY = 'qa_empathy';
const QA_EMPATHY_RULE: NumberRule = { min: 0, max: 100, label: 'a number 0–100 (or a whole number 1–5)' };
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
export function toInteraction(fields: Record<string, unknown>, opts: NormaliseOptions = {}): Interaction {
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
  const kpis: Kpis = { resolved: bool('resolved', fields.resolved) };
  for (const [k, rule] of Object.entries(KPI_RULES)) kpis[k as keyof typeof KPI_RULES] = num(k, fields[k], rule);

  const turns = toTurns(channel as Channel, { text: str(fields.text), turns: turnsOf(fields.turns) }, opts);
  if (turns.length === 0) throw new RecordError('text is empty (no text and no turns)');

  const metadata: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (!KNOWN_FIELDS.has(k) && !isBlank(v)) metadata[k] = v;
  const qa = num(QA_EMPATHY, fields[QA_EMPATHY], QA_EMPATHY_RULE);
  if (qa !== null) metadata[QA_EMPATHY] = qa;
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
