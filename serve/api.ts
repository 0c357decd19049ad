/**
 * The JSON API under /api/v1. Every read passes the caller's scope down to the SQL (the report
 * functions take it as a filter), so what is outside it is never read and answers 404.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { liveGuidance } from '../pipeline/guidance.ts';
import type { Interaction } from '../pipeline/types.ts';
import { agentDetail, agentTable, type AgentRow } from '../report/agents.ts';
import { COACHING_COLUMNS, coachingRows } from '../report/coaching.ts';
import { toCsv } from '../report/csv.ts';
import { driverReport, OUTCOMES } from '../report/drivers.ts';
import { listAudit, type Principal } from '../store/access.ts';
import { listQueue, markToCoach, MOMENT_STATUSES, QueueError, updateMoment } from '../store/coaching-queue.ts';
import { CursorError, INTERACTION_COLUMNS, readInteraction, scopedStatus, searchInteractions } from '../store/interaction-read.ts';
import { appendLiveTurn, saveLiveEffort } from '../store/live.ts';
import {
  agentRowSchema, CHANNEL, coachingRowSchema, drillDownSchema, errorSchema, filterQuery, FORMAT, guidanceSchema,
  interactionDetailSchema, interactionRowSchema, scoresSchema, turnSchema,
} from './schemas.ts';
import { BadRequest, NotFound, type ServeContext } from './context.ts';
import { scorecardByAgent } from '../store/scorecards.ts';
import { registerReviewApi } from './review-api.ts';

export interface Filters {
  team?: string;
  channel?: string;
  since?: string;
  until?: string;
}

/** The agent table says who has too few interactions to rank; the API says it as `ranked`. */
export function rankAgents(rows: AgentRow[]): (AgentRow & { ranked: boolean })[] {
  return rows.map((r) => ({ ...r, ranked: !r.too_few }));
}

const wantsCsv = (req: FastifyRequest) => (req.query as { format?: string }).format === 'csv' || /\btext\/csv\b/.test(req.headers.accept ?? '');

async function sendCsv(reply: FastifyReply, name: string, columns: readonly string[], rows: object[]) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('Content-Disposition', `attachment; filename="${name}.csv"`)
    .send(`${await toCsv(columns, rows as Record<string, unknown>[])}\n`);
}

const who = (req: FastifyRequest): Principal => req.principal!;
const ok = (schema: object) => ({ 200: schema, 400: errorSchema, 404: errorSchema });

function needsRole(req: FastifyRequest, roles: Principal['role'][], what: string) {
  if (!roles.includes(who(req).role)) {
    const e = new Error(`${what} needs a ${roles.join(' or ')} token`) as Error & { statusCode: number };
    e.statusCode = 403;
    throw e;
  }
}

export function registerApi(api: FastifyInstance, ctx: ServeContext): void {
  const version = ctx.scorer.version;

  api.get('/api/v1/status', {
    schema: {
      summary: 'Counts of stored, scored, queued and failed interactions in your scope, and who you are',
      tags: ['status'],
      response: ok({ type: 'object', properties: {
        stored: { type: 'integer' }, scored: { type: 'integer' }, queued: { type: 'integer' }, failed: { type: 'integer' },
        scorer_version: { type: 'string' }, role: { type: 'string' }, teams: { type: 'array', items: { type: 'string' } }, agent_id: { type: ['string', 'null'] },
      } }),
    },
  }, async (req) => {
    const p = who(req);
    return { ...(await scopedStatus(ctx.db, version, p.scope)), scorer_version: version, role: p.role, teams: p.teams, agent_id: p.agent_id };
  });

  api.get('/api/v1/agents', {
    schema: {
      summary: 'One row per agent: empathy beside handle time, CSAT, FCR and transfers, with percentile, quadrant and weekly trend',
      tags: ['agents'],
      querystring: { type: 'object', additionalProperties: false, properties: { ...filterQuery, min_interactions: { type: 'integer', minimum: 1, description: `agents with fewer are listed with ranked: false (default ${ctx.minInteractions})` }, format: FORMAT } },
      response: ok({ type: 'object', properties: { min_interactions: { type: 'integer' }, agents: { type: 'array', items: agentRowSchema } } }),
    },
  }, async (req, reply) => {
    const q = req.query as Filters & { min_interactions?: number };
    const min = q.min_interactions ?? ctx.minInteractions;
    const scope = who(req).scope;
    const [rows, qa] = await Promise.all([
      agentTable(ctx.db, { ...q, scope, scorerVersion: version, minInteractions: min, repeatWindowDays: ctx.repeatWindowDays }),
      scorecardByAgent(ctx.db, { ...q, scope, scorerVersion: version, scorecardVersion: ctx.scorecard.version }),
    ]);
    const agents = rankAgents(rows).map((a) => ({ ...a, scorecard: qa.get(a.agent_id) ?? null }));
    if (wantsCsv(req)) {
      const cols = ['agent_id', 'team', 'interactions', 'ranked', 'empathy_n', 'empathy', 'empathy_pct_team', 'ownership', 'sentiment_shift', 'effort', 'aht_s', 'wait_s', 'csat_n', 'csat', 'csat_score', 'fcr', 'transfer_rate', 'quadrant', 'qa_pass_rate', 'qa_mean_score'];
      return sendCsv(reply, 'agents', cols, agents.map((a) => ({ ...a, qa_pass_rate: a.scorecard?.pass_rate ?? null, qa_mean_score: a.scorecard?.mean_score ?? null })));
    }
    return { min_interactions: min, agents };
  });

  api.get('/api/v1/agents/:id', {
    schema: {
      summary: "One agent: figures, weekly trend, and the interactions behind each figure, worst first",
      tags: ['agents'],
      params: { type: 'object', properties: { id: { type: 'string' } } },
      querystring: { type: 'object', additionalProperties: false, properties: { ...filterQuery, limit: { type: 'integer', minimum: 1, maximum: 100, default: 5 } } },
      response: ok({ type: 'object', properties: { agent: agentRowSchema, drilldowns: { type: 'array', items: drillDownSchema } } }),
    },
  }, async (req) => {
    const { id } = req.params as { id: string };
    const q = req.query as Filters & { limit: number };
    const scope = who(req).scope;
    const detail = await agentDetail(ctx.db, id, { ...q, scope, scorerVersion: version, minInteractions: ctx.minInteractions, repeatWindowDays: ctx.repeatWindowDays });
    if (!detail) throw new NotFound(`no agent ${JSON.stringify(id)}`);
    const qa = await scorecardByAgent(ctx.db, { ...q, scope, agent: id, scorerVersion: version, scorecardVersion: ctx.scorecard.version });
    return { agent: { ...rankAgents([detail.row])[0], scorecard: qa.get(id) ?? null }, drilldowns: detail.drilldowns };
  });

  const range = (name: string, min: number, max: number) => ({
    [`${name}_min`]: { type: 'number', minimum: min, maximum: max },
    [`${name}_max`]: { type: 'number', minimum: min, maximum: max },
  });
  api.get('/api/v1/interactions', {
    schema: {
      summary: 'Search interactions, newest first, with cursor paging',
      tags: ['interactions'],
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          ...filterQuery, agent: { type: 'string' }, intent: { type: 'string' },
          ...range('empathy', 0, 100), ...range('effort', 0, 100), ...range('sentiment', -1, 1), ...range('csat', 1, 5),
          limit: { type: 'integer', minimum: 1, maximum: 1000, default: 50 }, cursor: { type: 'string', maxLength: 500 }, format: FORMAT,
        },
      },
      response: ok({ type: 'object', properties: { interactions: { type: 'array', items: interactionRowSchema }, next_cursor: { type: ['string', 'null'] } } }),
    },
  }, async (req, reply) => {
    const q = req.query as Record<string, any>;
    let page;
    try {
      page = await searchInteractions(ctx.db, q, version, who(req).scope);
    } catch (err) {
      if (err instanceof CursorError) throw new BadRequest(err.message);
      throw err;
    }
    if (wantsCsv(req)) {
      if (page.next_cursor) reply.header('Link', `<?${new URLSearchParams({ ...q, cursor: page.next_cursor }).toString()}>; rel="next"`);
      return sendCsv(reply, 'interactions', INTERACTION_COLUMNS, page.rows);
    }
    return { interactions: page.rows, next_cursor: page.next_cursor };
  });

  api.get('/api/v1/interactions/:id', {
    schema: {
      summary: 'One interaction: turns, every score with its evidence (offsets into the turn text), triggers, cues, and its coaching moments',
      tags: ['interactions'],
      params: { type: 'object', properties: { id: { type: 'string' } } },
      response: ok(interactionDetailSchema),
    },
  }, async (req) => {
    const { id } = req.params as { id: string };
    const r = await readInteraction(ctx.db, id, version, who(req).scope);
    if (!r) throw new NotFound(`no interaction ${JSON.stringify(id)}`);
    const coaching = await listQueue(ctx.db, who(req).scope, { interaction_id: id });
    return { interaction: r.interaction, score: r.score, current_version: version, coaching };
  });

  api.get('/api/v1/coaching/moments', {
    schema: {
      summary: 'Coaching moments found by the scorer: where empathy was called for and missing or late (with a peer example), and each agent\'s best moments',
      tags: ['coaching'],
      querystring: { type: 'object', additionalProperties: false, properties: { ...filterQuery, agent: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 100, default: 10 }, praise: { type: 'integer', minimum: 0, maximum: 100, default: 3 }, format: FORMAT } },
      response: ok({ type: 'object', properties: { moments: { type: 'array', items: coachingRowSchema } } }),
    },
  }, async (req, reply) => {
    const q = req.query as Filters & { agent?: string; limit: number; praise: number };
    const rows = await coachingRows(ctx.db, { ...q, scope: who(req).scope, scorerVersion: version });
    if (wantsCsv(req)) return sendCsv(reply, 'coaching-moments', COACHING_COLUMNS, rows);
    return { moments: rows };
  });

  api.get('/api/v1/coaching/queue', {
    schema: {
      summary: 'The coaching queue: moments marked "to coach", with status and note (an agent sees their own)',
      tags: ['coaching'],
      querystring: { type: 'object', additionalProperties: false, properties: { agent: { type: 'string' }, status: { type: 'string', enum: [...MOMENT_STATUSES] }, format: FORMAT } },
      response: ok({ type: 'object', properties: { queue: { type: 'array', items: { $ref: 'moment#' } } } }),
    },
  }, async (req, reply) => {
    const q = req.query as { agent?: string; status?: (typeof MOMENT_STATUSES)[number] };
    const rows = await listQueue(ctx.db, who(req).scope, q);
    if (wantsCsv(req)) return sendCsv(reply, 'coaching-queue', ['moment_id', 'interaction_id', 'turn_index', 'agent_id', 'team', 'status', 'note', 'created_by', 'created_at', 'updated_at', 'customer_turn'], rows);
    return { queue: rows };
  });

  api.post('/api/v1/coaching/queue', {
    schema: {
      summary: 'Mark a turn of an interaction "to coach" with a note (lead or admin); status starts open',
      tags: ['coaching'],
      body: { type: 'object', additionalProperties: false, required: ['interaction_id', 'turn_index'], properties: { interaction_id: { type: 'string' }, turn_index: { type: 'integer', minimum: 0 }, note: { type: 'string', maxLength: 2000, default: '' } } },
      response: { 201: { $ref: 'moment#' }, 400: errorSchema, 403: errorSchema, 404: errorSchema },
    },
  }, async (req, reply) => {
    needsRole(req, ['admin', 'lead'], 'marking a moment to coach');
    const b = req.body as { interaction_id: string; turn_index: number; note: string };
    const m = await markToCoach(ctx.db, who(req), b);
    if (!m) throw new NotFound(`no interaction ${JSON.stringify(b.interaction_id)} with an agent and a turn ${b.turn_index}`);
    return reply.code(201).send(m);
  });

  api.patch('/api/v1/coaching/queue/:id', {
    schema: {
      summary: 'Move a moment on: a lead marks it coached (or open again) and edits the note; the agent acknowledges it',
      tags: ['coaching'],
      params: { type: 'object', properties: { id: { type: 'integer' } } },
      body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { status: { type: 'string', enum: [...MOMENT_STATUSES] }, note: { type: 'string', maxLength: 2000 } } },
      response: { 200: { $ref: 'moment#' }, 400: errorSchema, 404: errorSchema },
    },
  }, async (req) => {
    needsRole(req, ['admin', 'lead', 'agent'], 'the coaching queue');
    const { id } = req.params as { id: number };
    try {
      const m = await updateMoment(ctx.db, who(req), id, req.body as { status?: (typeof MOMENT_STATUSES)[number]; note?: string });
      if (!m) throw new NotFound(`no coaching moment ${id}`);
      return m;
    } catch (err) {
      if (err instanceof QueueError) throw new BadRequest(err.message);
      throw err;
    }
  });

  api.get('/api/v1/drivers', {
    schema: {
      summary: 'What moves CSAT, NPS or CES here: each driver\'s effect per standard deviation with its 95% interval, overall and per team',
      tags: ['drivers'],
      querystring: { type: 'object', additionalProperties: false, properties: { ...filterQuery, outcome: { type: 'string', enum: [...OUTCOMES], default: 'csat' } } },
      response: ok({ type: 'object', additionalProperties: true }),
    },
  }, async (req) => {
    const q = req.query as Filters & { outcome: (typeof OUTCOMES)[number] };
    return driverReport(ctx.db, { ...q, scope: who(req).scope, scorerVersion: version });
  });

  api.get('/api/v1/audit', {
    schema: {
      summary: 'The audit trail: every change made through the server, newest first (admin)',
      tags: ['status'],
      querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 5000, default: 200 } } },
      response: { 200: { type: 'object', properties: { audit: { type: 'array', items: { type: 'object', additionalProperties: true } } } }, 403: errorSchema },
    },
  }, async (req) => {
    needsRole(req, ['admin'], 'the audit trail');
    return { audit: await listAudit(ctx.db, (req.query as { limit: number }).limit) };
  });

  api.post('/api/v1/score', {
    schema: {
      summary: 'Score one interaction sent in the body and return every score with its evidence; nothing is stored',
      tags: ['live'],
      body: {
        type: 'object', required: ['turns'], additionalProperties: false,
        properties: {
          interaction_id: { type: 'string', default: 'adhoc' }, channel: { ...CHANNEL, default: 'chat' },
          turns: { type: 'array', minItems: 1, maxItems: 2000, items: turnSchema },
          kpis: { type: 'object', additionalProperties: true, default: {} }, prior_contacts: { type: 'integer', minimum: 0, default: 0 },
        },
      },
      response: ok(scoresSchema),
    },
  }, async (req) => {
    const b = req.body as Interaction & { prior_contacts: number };
    return ctx.scorer.score({ interaction_id: b.interaction_id, channel: b.channel, turns: b.turns, kpis: b.kpis }, { priorContacts: b.prior_contacts });
  });

  api.post('/api/v1/live/:conversation/turns', {
    schema: {
      summary: 'Add the next turn of a conversation still going on and get guidance for the agent now (empathy due, repeat contact, effort rising)',
      description: 'The first turn starts the conversation (channel, customer_id, agent_id, team are read then). The conversation is kept in PostgreSQL, so any server can take the next turn; only the token that started it can add to it.',
      tags: ['live'],
      params: { type: 'object', properties: { conversation: { type: 'string', minLength: 1, maxLength: 200 } } },
      body: {
        type: 'object', required: ['speaker', 'text'], additionalProperties: false,
        properties: {
          speaker: { type: 'string', enum: ['agent', 'customer'] }, text: { type: 'string', maxLength: 20_000 },
          channel: { type: 'string', enum: ['call', 'chat', 'email'] }, customer_id: { type: 'string' }, agent_id: { type: 'string' }, team: { type: 'string' },
          prior_contacts: { type: 'integer', minimum: 0, description: 'earlier contacts by this customer; else counted from the store by customer_id' },
        },
      },
      response: ok({
        type: 'object',
        properties: {
          conversation: { type: 'string' }, turn: { type: 'integer' }, prior_contacts: { type: 'integer' },
          effort: { type: 'number' }, empathy: { type: ['number', 'null'] }, sentiment: { type: 'number' },
          guidance: { type: 'array', items: guidanceSchema },
        },
      }),
    },
  }, async (req) => {
    const { conversation } = req.params as { conversation: string };
    const conv = await appendLiveTurn(ctx.db, who(req).token_id, conversation, req.body as any, ctx.repeatWindowDays);
    if (!conv) throw new NotFound(`no conversation ${JSON.stringify(conversation)}`);
    const { scores, guidance } = liveGuidance(ctx.scorer, conversation, conv.turns, { channel: conv.channel, priorContacts: conv.prior_contacts, previousEffort: conv.last_effort });
    // Effort is a baseline only once the customer has spoken: a greeting alone says nothing of it.
    if (conv.turns.some((t) => t.speaker === 'customer')) await saveLiveEffort(ctx.db, conversation, scores.effort.score);
    return {
      conversation, turn: conv.turns.length - 1, prior_contacts: conv.prior_contacts,
      effort: scores.effort.score, empathy: scores.empathy.score, sentiment: scores.sentiment.score, guidance,
    };
  });

  registerReviewApi(api, ctx);
}
