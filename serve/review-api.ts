/**
 * QA review in the JSON API: an interaction's scorecard sheet, a reviewer's answers, the review queue,
 * disputes and the agreement of the automatic answers with the reviewers. Every read and write is in
 * the caller's scope: what is outside it answers 404 like what does not exist.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Answer } from '../pipeline/scorecard/evaluate.ts';
import type { Principal } from '../store/access.ts';
import { interactionInScope, listDisputes, listReviewQueue, openDispute, resolveDispute, ReviewError, sampleForReview, saveReview, DISPUTE_STATUSES, SAMPLE_METHODS, type DisputeStatus, type SampleMethod } from '../store/qa-review.ts';
import { evaluatePending } from '../workers/scorecard.ts';
import { BadRequest, NotFound, type ServeContext } from './context.ts';
import { reviewSheet, scopedAgreement } from './review-data.ts';
import { errorSchema } from './schemas.ts';

const ANSWER = { type: 'string', enum: ['yes', 'no', 'na'] } as const;
const who = (req: FastifyRequest): Principal => req.principal!;
const responses = (ok: number, schema: object) => ({ [ok]: schema, 400: errorSchema, 403: errorSchema, 404: errorSchema });
const anyObject = { type: 'object', additionalProperties: true } as const;

function needsRole(req: FastifyRequest, roles: Principal['role'][], what: string) {
  if (!roles.includes(who(req).role)) throw Object.assign(new Error(`${what} needs a ${roles.join(' or ')} token`), { statusCode: 403 });
}
const badRequest = (err: unknown): never => {
  if (err instanceof ReviewError) throw new BadRequest(err.message);
  throw err;
};

export function registerReviewApi(api: FastifyInstance, ctx: ServeContext): void {
  const itemIds = ctx.scorecard.items.map((i) => i.id);

  api.get('/api/v1/interactions/:id/scorecard', {
    schema: {
      summary: "One interaction's scorecard: the automatic answer, points, reason and evidence per item, people's answers beside them (who, when, comment) and its disputes",
      tags: ['review'],
      params: { type: 'object', properties: { id: { type: 'string' } } },
      response: responses(200, anyObject),
    },
  }, async (req) => {
    const { id } = req.params as { id: string };
    if (!(await interactionInScope(ctx.db, id, who(req).scope))) throw new NotFound(`no interaction ${JSON.stringify(id)}`);
    return { scorecard: { name: ctx.scorecard.name, pass_mark: ctx.scorecard.pass_mark }, ...(await reviewSheet(ctx, id, who(req).scope)) };
  });

  api.post('/api/v1/interactions/:id/reviews', {
    schema: {
      summary: "Record your own answer (yes / no / na) and a comment per item (reviewer, lead or admin); kept beside the automatic answer, never over it; your earlier answer to an item is replaced",
      tags: ['review'],
      params: { type: 'object', properties: { id: { type: 'string' } } },
      body: {
        type: 'object', additionalProperties: false, required: ['answers'],
        properties: { answers: { type: 'array', minItems: 1, maxItems: 200, items: { type: 'object', additionalProperties: false, required: ['item', 'answer'], properties: { item: { type: 'string', enum: itemIds }, answer: ANSWER, comment: { type: 'string', maxLength: 2000 } } } } },
      },
      response: responses(201, { type: 'object', properties: { reviewer: { type: 'string' }, stored: { type: 'integer' } } }),
    },
  }, async (req, reply) => {
    needsRole(req, ['admin', 'lead', 'reviewer'], 'reviewing');
    const { id } = req.params as { id: string };
    const p = who(req);
    if (!(await interactionInScope(ctx.db, id, p.scope))) throw new NotFound(`no interaction ${JSON.stringify(id)}`);
    const sheet = await reviewSheet(ctx, id, p.scope);
    if (!sheet.evaluation) throw new BadRequest(`interaction ${id} is not scored by scorer ${ctx.scorer.version} yet, so it has no evaluation to review`);
    const b = req.body as { answers: { item: string; answer: Answer; comment?: string }[] };
    const saved = await saveReview(ctx.db, p, id, b.answers, itemIds).catch(badRequest);
    if (!saved) throw new NotFound(`no interaction ${JSON.stringify(id)}`);
    return reply.code(201).send(saved);
  });

  api.get('/api/v1/reviews/queue', {
    schema: {
      summary: 'The review queue in your teams: conversations picked for human review, still to review first, with who reviewed them',
      tags: ['review'],
      response: responses(200, { type: 'object', properties: { queue: { type: 'array', items: anyObject } } }),
    },
  }, async (req) => {
    needsRole(req, ['admin', 'lead', 'reviewer'], 'the review queue');
    return { queue: await listReviewQueue(ctx.db, who(req).scope) };
  });

  api.post('/api/v1/reviews/queue', {
    schema: {
      summary: 'Pick conversations for review (lead or admin): at random, the same number per agent (per_agent: n is per agent), or lowest automatic score first',
      tags: ['review'],
      body: { type: 'object', additionalProperties: false, required: ['method', 'n'], properties: { method: { type: 'string', enum: [...SAMPLE_METHODS] }, n: { type: 'integer', minimum: 1, maximum: 500 }, team: { type: 'string' } } },
      response: responses(201, { type: 'object', properties: { added: { type: 'integer' } } }),
    },
  }, async (req, reply) => {
    needsRole(req, ['admin', 'lead'], 'picking conversations for review');
    const b = req.body as { method: SampleMethod; n: number; team?: string };
    await evaluatePending(ctx.db, ctx.scorecard, ctx.scorer.version);
    const added = await sampleForReview(ctx.db, who(req), { method: b.method, n: b.n, team: b.team ?? null }, ctx.scorecard.version, ctx.scorer.version).catch(badRequest);
    return reply.code(201).send({ added });
  });

  api.get('/api/v1/disputes', {
    schema: {
      summary: 'Disputes in your scope (an agent sees their own), open first',
      tags: ['review'],
      querystring: { type: 'object', additionalProperties: false, properties: { status: { type: 'string', enum: [...DISPUTE_STATUSES] } } },
      response: responses(200, { type: 'object', properties: { disputes: { type: 'array', items: anyObject } } }),
    },
  }, async (req) => {
    needsRole(req, ['admin', 'lead', 'agent'], 'disputes');
    return { disputes: await listDisputes(ctx.db, who(req).scope, { status: (req.query as { status?: DisputeStatus }).status }) };
  });

  api.post('/api/v1/disputes', {
    schema: {
      summary: 'Dispute the answer of an item on your own evaluation, with a reason (agent)',
      tags: ['review'],
      body: { type: 'object', additionalProperties: false, required: ['interaction_id', 'item', 'reason'], properties: { interaction_id: { type: 'string' }, item: { type: 'string', enum: itemIds }, reason: { type: 'string', minLength: 1, maxLength: 2000 } } },
      response: responses(201, anyObject),
    },
  }, async (req, reply) => {
    needsRole(req, ['agent'], 'disputing an answer');
    const b = req.body as { interaction_id: string; item: string; reason: string };
    const p = who(req);
    if (await interactionInScope(ctx.db, b.interaction_id, p.scope)) await reviewSheet(ctx, b.interaction_id, p.scope);
    const d = await openDispute(ctx.db, p, b, ctx.scorecard.version, ctx.scorer.version).catch(badRequest);
    if (!d) throw new NotFound(`no evaluated interaction ${JSON.stringify(b.interaction_id)} of yours`);
    return reply.code(201).send(d);
  });

  api.post('/api/v1/disputes/:id/resolve', {
    schema: {
      summary: 'Settle an open dispute (lead or admin): accept (your answer is stored as a review and counts) or reject (the answer stays)',
      tags: ['review'],
      params: { type: 'object', properties: { id: { type: 'integer' } } },
      body: { type: 'object', additionalProperties: false, required: ['decision'], properties: { decision: { type: 'string', enum: ['accept', 'reject'] }, answer: ANSWER, note: { type: 'string', maxLength: 2000 } } },
      response: responses(200, anyObject),
    },
  }, async (req) => {
    needsRole(req, ['admin', 'lead'], 'settling a dispute');
    const { id } = req.params as { id: number };
    const d = await resolveDispute(ctx.db, who(req), id, req.body as { decision: 'accept' | 'reject'; answer?: Answer; note?: string }).catch(badRequest);
    if (!d) throw new NotFound(`no dispute ${id}`);
    return d;
  });

  api.get('/api/v1/calibration', {
    schema: {
      summary: 'How often the automatic scorecard answers agree with your reviewers (in your teams): per item and overall exact agreement, kappa and n with 95% intervals, flagged items, total-score agreement',
      tags: ['review'],
      querystring: { type: 'object', additionalProperties: false, properties: { threshold: { type: 'number', exclusiveMinimum: 0, maximum: 1, default: 0.8 }, min_n: { type: 'integer', minimum: 1, default: 20 } } },
      response: responses(200, anyObject),
    },
  }, async (req) => {
    needsRole(req, ['admin', 'lead', 'reviewer'], 'calibration');
    const q = req.query as { threshold: number; min_n: number };
    const a = await scopedAgreement(ctx, who(req).scope, { threshold: q.threshold, minN: q.min_n });
    if (!a) throw new NotFound('no reviews in your scope yet');
    return a;
  });
}
