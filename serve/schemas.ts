/**
 * JSON schemas of the API's input and output. Fastify validates every request against them and
 * serialises every response through them; the OpenAPI document is built from the same objects.
 */

const nullable = (type: string) => ({ type: [type, 'null'] });
const num = nullable('number');
const str = nullable('string');
const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}([T ][0-9:.]+(Z|[+-]\\d{2}:?\\d{2})?)?$', description: 'ISO 8601 date or time, e.g. 2026-09-01' };

export const CHANNEL = { type: 'string', enum: ['call', 'chat', 'email', 'review', 'survey'] };
export const FORMAT = { type: 'string', enum: ['json', 'csv'], description: 'csv: one row per item (or send Accept: text/csv)' };

export const filterQuery = {
  team: { type: 'string', description: 'only this team (within your scope)' },
  channel: CHANNEL,
  since: { ...DATE, description: 'only interactions on or after this date' },
  until: { ...DATE, description: 'only interactions before this date' },
};

export const errorSchema = {
  type: 'object',
  properties: { error: { type: 'string' } },
  required: ['error'],
};

const trendWeek = {
  type: 'object',
  properties: { week: { type: 'string' }, n: { type: 'integer' }, empathy: num, csat: num },
};

export const agentRowSchema = {
  type: 'object',
  properties: {
    agent_id: { type: 'string' }, team: str, interactions: { type: 'integer' }, ranked: { type: 'boolean', description: `false below min_interactions: listed, not ranked or put in a quadrant` },
    empathy_n: { type: 'integer' }, empathy: num, empathy_pct_team: num, ownership: num, sentiment_shift: num, effort: num,
    aht_s: num, wait_s: num, csat_n: { type: 'integer' }, csat: num, csat_score: num, fcr: num, transfer_rate: num,
    quadrant: str, trend: { type: 'array', items: trendWeek },
    scorecard: {
      type: ['object', 'null'],
      description: 'QA scorecard figures on the evaluations stored for the configured scorecard (null: none yet)',
      properties: {
        evaluations: { type: 'integer' }, pass_rate: num, mean_score: num, critical_failed: { type: 'integer' },
        worst_items: { type: 'array', items: { type: 'object', properties: { item: { type: 'string' }, fail_rate: { type: 'number' }, n: { type: 'integer' } } } },
      },
    },
  },
};

export const drillDownSchema = {
  type: 'object',
  properties: {
    figure: { type: 'string' }, order: { type: 'string' },
    rows: { type: 'array', items: { type: 'object', properties: { interaction_id: { type: 'string' }, started_at: str, channel: { type: 'string' }, value: { type: ['number', 'string', 'null'] }, excerpt: str } } },
  },
};

export const interactionRowSchema = {
  type: 'object',
  properties: {
    interaction_id: { type: 'string' }, started_at: str, channel: { type: 'string' }, agent_id: str, team: str, customer_id: str,
    intent: str, sentiment: num, empathy: num, effort: num, predicted_ces: num, csat: num, nps: num, ces: num,
    handle_time_s: num, transfers: num, resolved: nullable('boolean'),
  },
};

/** Scores with their evidence: the full scorer output, as documented in pipeline/types.ts. */
export const scoresSchema = { type: 'object', additionalProperties: true, description: 'sentiment, empathy (triggers, cues), effort (drivers), intent; every score with evidence {text, turn, start, end}' };

export const turnSchema = {
  type: 'object',
  required: ['speaker', 'text'],
  properties: { speaker: { type: 'string', enum: ['agent', 'customer'] }, text: { type: 'string', maxLength: 100_000 }, start_s: num, end_s: num },
};

export const interactionDetailSchema = {
  type: 'object',
  properties: {
    interaction: {
      type: 'object',
      properties: {
        interaction_id: { type: 'string' }, channel: { type: 'string' }, agent_id: str, team: str, customer_id: str, started_at: str,
        kpis: { type: 'object', additionalProperties: true }, metadata: { type: 'object', additionalProperties: true },
        turns: { type: 'array', items: turnSchema },
      },
    },
    score: { anyOf: [{ type: 'null' }, { type: 'object', properties: { scorer_version: { type: 'string' }, scored_at: str, detail: scoresSchema } }] },
    current_version: { type: 'string' },
    coaching: { type: 'array', items: { $ref: 'moment#' } },
  },
};

export const momentSchema = {
  $id: 'moment',
  type: 'object',
  properties: {
    moment_id: { type: 'integer' }, interaction_id: { type: 'string' }, turn_index: { type: 'integer' }, agent_id: { type: 'string' }, team: str,
    status: { type: 'string', enum: ['open', 'coached', 'acknowledged'] }, note: { type: 'string' }, created_by: { type: 'string' },
    created_at: { type: 'string' }, updated_at: { type: 'string' }, customer_turn: str,
  },
};

export const coachingRowSchema = {
  type: 'object',
  properties: Object.fromEntries(
    ['agent_id', 'team', 'kind', 'interaction_id', 'started_at', 'channel', 'intent', 'trigger', 'response', 'customer_turn', 'agent_reply', 'note', 'example_agent', 'example_customer_turn', 'example_reply']
      .map((k) => [k, str])
      .concat([['csat', num]]),
  ),
};

export const guidanceSchema = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: ['empathy_due', 'empathy_missed', 'repeat_contact', 'effort_rising', 'dismissive'] },
    turn: { type: 'integer' },
    message: { type: 'string' },
    evidence: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
};
