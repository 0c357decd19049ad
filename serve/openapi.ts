/** The OpenAPI 3.1 document of /api/v1, built from the same route schemas Fastify validates with. */
import { momentSchema } from './schemas.ts';

interface RouteInfo {
  method: string;
  url: string;
  schema: { summary?: string; description?: string; querystring?: any; params?: any; body?: any; response?: Record<string, any>; tags?: string[] };
}

/** `$ref: 'moment#'` (Fastify's shared schema) → the OpenAPI component. */
function refs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(refs);
  if (schema && typeof schema === 'object') {
    const o = schema as Record<string, unknown>;
    if (o.$ref === 'moment#') return { $ref: '#/components/schemas/moment' };
    return Object.fromEntries(Object.entries(o).filter(([k]) => k !== '$id').map(([k, v]) => [k, refs(v)]));
  }
  return schema;
}

export function buildOpenApi(routes: RouteInfo[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    const s = r.schema;
    const parameters = [
      ...Object.entries(s.params?.properties ?? {}).map(([name, schema]) => ({ name, in: 'path', required: true, schema: refs(schema) })),
      ...Object.entries(s.querystring?.properties ?? {}).map(([name, schema]) => ({ name, in: 'query', required: (s.querystring?.required ?? []).includes(name), schema: refs(schema) })),
    ];
    const responses: Record<string, unknown> = {};
    for (const [code, schema] of Object.entries(s.response ?? {})) {
      responses[code] = { description: (schema as any).description ?? (code.startsWith('2') ? 'OK' : 'error'), content: { 'application/json': { schema: refs(schema) } } };
    }
    responses['401'] ??= { description: 'no token, or a revoked one' };
    (paths[path] ??= {})[r.method.toLowerCase()] = {
      summary: s.summary,
      description: s.description,
      tags: s.tags,
      parameters: parameters.length ? parameters : undefined,
      requestBody: s.body ? { required: true, content: { 'application/json': { schema: refs(s.body) } } } : undefined,
      responses,
      security: [{ bearer: [] }],
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'voc API',
      version: '1',
      description: 'Scores of every customer interaction (sentiment, empathy, effort, intent, with evidence) beside its KPIs, read within the scope of your token: an admin sees all, a lead their teams, an agent their own interactions. Anything outside your scope answers 404, like an id that does not exist. List endpoints answer CSV with ?format=csv or Accept: text/csv.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'a token from `voc token create`' } },
      schemas: { moment: refs(momentSchema) },
    },
    paths,
  };
}
