/**
 * `voc serve`: one Fastify app with the JSON API under /api/v1 (bearer tokens) and the web workspace
 * (a session cookie made by signing in with a token). It keeps nothing in memory that matters:
 * tokens, sessions, the coaching queue, the audit trail and live conversations are in PostgreSQL, so
 * any number of servers can run behind a load balancer on one database.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import { SORT_SCRIPT } from '../report/html.ts';
import { readSession, verifyToken, type Principal } from '../store/access.ts';
export type { ServeContext } from './context.ts';
import { registerApi } from './api.ts';
import { buildOpenApi } from './openapi.ts';
import { registerPages } from './pages.ts';
import { CSP, NotFound, parseCookies, SESSION_COOKIE, type ServeContext } from './context.ts';
import { momentSchema } from './schemas.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking, once authenticated. */
    principal?: Principal;
    /** The browser session's CSRF token (pages only). */
    csrf?: string;
  }
}






/** The principal of a request's bearer token, or a 401. */
async function bearer(ctx: ServeContext, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const auth = req.headers.authorization ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(auth);
  const principal = m ? await verifyToken(ctx.db, m[1]!) : null;
  if (!principal) {
    reply.header('WWW-Authenticate', 'Bearer realm="voc"');
    await reply.code(401).send({ error: m ? 'this token is not valid or has been revoked: ask an admin for a new one (`voc token create`)' : 'send a token: Authorization: Bearer <token> (`voc token create` makes one)' });
    return;
  }
  req.principal = principal;
}

/** The principal of a request's session cookie, if it has a live one. */
export async function sessionOf(ctx: ServeContext, req: FastifyRequest): Promise<void> {
  const id = parseCookies(req.headers.cookie)[SESSION_COOKIE];
  if (!id) return;
  const s = await readSession(ctx.db, id);
  if (s) {
    req.principal = s.principal;
    req.csrf = s.csrf;
  }
}

const ASSETS: Record<string, [string, string]> = {
  'app.css': ['text/css; charset=utf-8', readFileSync(new URL('./assets/app.css', import.meta.url), 'utf8')],
  'app.js': ['text/javascript; charset=utf-8', SORT_SCRIPT],
};

/** The longest path part (an agent id, a file name) the router accepts; Fastify's default. */
const MAX_PARAM_LENGTH = 100;
/** How much of a refused address an error message shows. */
const URL_SHOWN = 60;
/** Sent with every reply. */
const securityHeaders = { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store' };

export async function buildServer(ctx: ServeContext, opts: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    maxParamLength: MAX_PARAM_LENGTH,
    bodyLimit: 2 * 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    frameworkErrors: (err: Error, req: FastifyRequest, reply: FastifyReply) => {
      // An address the router refuses (a path part over 100 characters, a bad %-escape): say so
      // without echoing the whole address back, which can be kilobytes long.
      const code = (err as { code?: string }).code;
      const status = code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : code === 'FST_ERR_BAD_URL' ? 400 : 500;
      const path = req.url.split('?')[0] ?? '';
      const shown = path.length > URL_SHOWN ? `${path.slice(0, URL_SHOWN)}…` : path;
      const message = status === 414 ? `this address has a part longer than ${MAX_PARAM_LENGTH} characters: ${shown}`
        : status === 400 ? `this address is not valid (a bad %-escape): ${shown}` : 'internal error: see the server log';
      // These replies skip the onSend hooks: their headers are set here.
      reply.headers(securityHeaders);
      if (req.url.startsWith('/api/')) return reply.code(status).send({ error: message });
      return reply.code(status).type('text/plain; charset=utf-8').send(message);
    },
  });
  app.addSchema(momentSchema);
  const routes: { method: string; url: string; schema: any }[] = [];
  app.addHook('onRoute', (r) => {
    if (r.url.startsWith('/api/v1') && r.schema) for (const m of [r.method].flat()) if (m !== 'HEAD') routes.push({ method: m, url: r.url, schema: r.schema });
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.headers(securityHeaders);
    return payload;
  });
  app.setErrorHandler(async (err: Error & { statusCode?: number; validation?: unknown }, req, reply) => {
    const status = err.validation ? 400 : err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error(err);
    const message = status === 500 ? 'internal error: see the server log' : err.message;
    if (req.url.startsWith('/api/')) return reply.code(status).send({ error: message });
    const { errorPage } = await import('./pages.ts');
    return reply.code(status).type('text/html; charset=utf-8').send(errorPage(req, status, message));
  });
  app.setNotFoundHandler(async (req, reply) => {
    if (req.url.startsWith('/api/')) return reply.code(404).send({ error: `no such endpoint: ${req.method} ${req.url.split('?')[0]} (see /api/v1/openapi.json)` });
    const { errorPage } = await import('./pages.ts');
    await sessionOf(ctx, req);
    return reply.code(404).type('text/html; charset=utf-8').send(errorPage(req, 404, 'There is no page here.'));
  });

  app.get('/assets/:file', async (req, reply) => {
    const asset = ASSETS[(req.params as { file: string }).file];
    if (!asset) throw new NotFound('no such file');
    return reply.type(asset[0]).header('Cache-Control', 'max-age=3600').send(asset[1]);
  });
  // Browsers ask for an icon on every site; answer with none rather than a 404 in the console.
  app.get('/favicon.ico', async (_req, reply) => reply.code(204).send());
  app.get('/api/v1/openapi.json', async () => buildOpenApi(routes));

  await app.register(async (api) => {
    api.addHook('onRequest', (req, reply) => bearer(ctx, req, reply));
    registerApi(api, ctx);
  });
  await app.register(async (pages) => {
    pages.addHook('onRequest', (req) => sessionOf(ctx, req));
    registerPages(pages, ctx);
  });
  return app;
}
