/**
 * The web workspace, rendered on the server: sign in with a token, then Overview, Agents, an agent's
 * page, an interaction's page and the coaching queue. No script but the table sorter, nothing from
 * another server; charts are Vega-Lite rendered to SVG here, as in `voc report html`. Forms that
 * change something carry the session's CSRF token.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TopLevelSpec } from 'vega-lite';
import { CATEGORIES } from '../pipeline/empathy/cues.ts';
import type { InteractionScores } from '../pipeline/types.ts';
import { secs } from '../report/agents-format.ts';
import { agentDetail, agentTable, MIN_PEERS, QUADRANT_ADVICE, type AgentRow } from '../report/agents.ts';
import { coachingRows, type CoachingRow } from '../report/coaching.ts';
import { driverReport } from '../report/drivers.ts';
import { CONFIG, driverChart, effortByReasonChart, renderSvg, trendChart, weeklyByTeam } from '../report/html.ts';
import { effortByReason } from '../store/reports-reasons.ts';
import { MAX_LABELS, quadrantSpec } from './charts.ts';
import { audit, consumeLoginCode, createSession, createToken, endSession, listTokens, revokeToken, sameSecret, verifyToken, ROLES, type Principal, type Role } from '../store/access.ts';
import { listQueue, markToCoach, QueueError, updateMoment, type MomentStatus, type QueuedMoment } from '../store/coaching-queue.ts';
import { readInteraction, teamsInScope } from '../store/interaction-read.ts';
import { reviewerName } from '../store/qa-review.ts';
import { agentEvaluations, scorecardByAgent } from '../store/scorecards.ts';
import { reviewSheet } from './review-data.ts';
import { registerReviewPages, scorecardSection, type PageKit } from './review-pages.ts';
import { rankAgents, type Filters } from './api.ts';
import { esc, markedText, text, type Mark } from './escape.ts';
import { BadRequest, NotFound, parseCookies, SESSION_COOKIE, type ServeContext } from './context.ts';

type Req = FastifyRequest;
const html = (reply: FastifyReply, body: string) => reply.type('text/html; charset=utf-8').send(body);
const fixed = (v: number | null | undefined, d: number) => (v == null ? '–' : v.toFixed(d));
const percent = (v: number | null | undefined) => (v == null ? '–' : `${Math.round(100 * v)}%`);
const slug = (q: string) => q.replace(/\s+/g, '-');

function nav(req: Req, active: string): string {
  const p = req.principal;
  if (!p) return '';
  const link = (href: string, label: string, key: string) => `<a href="${href}"${active === key ? ' class="here"' : ''}>${label}</a>`;
  const scope = p.role === 'admin' ? 'all teams' : p.role === 'lead' || p.role === 'reviewer' ? `teams ${p.teams.join(', ')}` : `agent ${p.agent_id}`;
  return `<header class="top"><span class="brand">voc</span>
${link('/', 'Overview', 'overview')}${link('/agents', 'Agents', 'agents')}${p.role === 'agent' ? link(`/agents/${encodeURIComponent(p.agent_id!)}`, 'My page', 'agent') : ''}${p.role === 'reviewer' ? '' : link('/coaching', p.role === 'agent' ? 'My coaching' : 'Coaching queue', 'coaching')}${p.role === 'agent' ? '' : link('/reviews', 'Reviews', 'reviews')}${p.role === 'reviewer' ? '' : link('/disputes', p.role === 'agent' ? 'My disputes' : 'Disputes', 'disputes')}${p.role === 'agent' ? '' : link('/calibration', 'Calibration', 'calibration')}${p.role === 'admin' ? link('/tokens', 'Tokens', 'tokens') : ''}
<span class="who">${esc(p.role)} · ${esc(scope)}<form method="post" action="/logout">${csrfField(req)}<button type="submit">Sign out</button></form></span></header>`;
}

function layout(req: Req, title: string, body: string, active = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · voc</title><link rel="stylesheet" href="/assets/app.css"></head>
<body>${nav(req, active)}<main>
${body}
</main><script src="/assets/app.js"></script></body></html>`;
}

export function errorPage(req: Req, status: number, message: string): string {
  const title = status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : status === 400 ? 'That did not work' : 'Something went wrong';
  return layout(req, title, `<h1>${title}</h1><p class="error">${text(message)}</p><p><a href="/">Back to the overview</a></p>`);
}

/** A path on this server to go to after signing in; anything else (`//host`, `/\\host`, a URL) is `/`. */
const localPath = (next: string | undefined) => (next && /^\/(?![\/\\])[^\s]*$/.test(next) ? next : '/');

const csrfField = (req: Req) => `<input type="hidden" name="_csrf" value="${esc(req.csrf ?? '')}">`;

/** Filters from the URL, so a filtered page can be shared as a link. */
function filtersOf(req: Req): Filters {
  const q = req.query as Record<string, string | undefined>;
  const date = (v: string | undefined) => (v && !Number.isNaN(Date.parse(v)) ? v : undefined);
  const channel = ['call', 'chat', 'email', 'review', 'survey'].includes(q.channel ?? '') ? q.channel : undefined;
  return { team: q.team || undefined, channel, since: date(q.since), until: date(q.until) };
}

function filterForm(action: string, f: Filters, teams: string[], extra = ''): string {
  const opt = (v: string, label: string, cur?: string) => `<option value="${esc(v)}"${cur === v ? ' selected' : ''}>${esc(label)}</option>`;
  return `<form class="filters" method="get" action="${action}">
<label>Team<select name="team">${opt('', 'all my teams', f.team ?? '')}${teams.map((t) => opt(t, t, f.team)).join('')}</select></label>
<label>Channel<select name="channel">${opt('', 'all channels', f.channel ?? '')}${['call', 'chat', 'email', 'review', 'survey'].map((c) => opt(c, c, f.channel)).join('')}</select></label>
<label>From<input type="date" name="since" value="${esc(f.since ?? '')}"></label>
<label>Before<input type="date" name="until" value="${esc(f.until ?? '')}"></label>
${extra}<button class="primary" type="submit">Apply</button> <a href="${action}">clear</a></form>`;
}

const describeFilters = (f: Filters) => [f.team && `team ${f.team}`, f.channel && `channel ${f.channel}`, f.since && `from ${f.since}`, f.until && `before ${f.until}`].filter(Boolean).join(', ');

function requireLogin(req: Req, reply: FastifyReply): Principal | null {
  if (req.principal) return req.principal;
  void reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
  return null;
}

function requireCsrf(req: Req): void {
  const sent = (req.body as Record<string, string> | undefined)?._csrf ?? '';
  if (!req.csrf || !sameSecret(sent, req.csrf)) {
    const e = new Error('this form has expired or did not come from this workspace: reload the page and try again') as Error & { statusCode: number };
    e.statusCode = 403;
    throw e;
  }
}

const empty = (what: string) => `<p class="empty">${what}</p>`;

function quadrantBadge(q: string | null): string {
  return q ? `<span class="quadrant q-${slug(q)}">${esc(q)}</span>` : '–';
}

async function chart(spec: TopLevelSpec | null, hasData: boolean, none: string): Promise<string> {
  return spec && hasData ? renderSvg(spec) : empty(none);
}

/** The quadrant chart, with the agents clipped at the edge named and a word on unlabelled points. */
async function quadrant(agents: AgentRow[], highlight: string | undefined, none: string): Promise<string> {
  const q = quadrantSpec(agents, highlight);
  if (!q) return empty(none);
  const notes = [
    q.clipped.length ? `Beyond the right edge (handle time far above the rest): ${q.clipped.map(esc).join(', ')}.` : '',
    agents.length > MAX_LABELS ? `${agents.length} agents: hover a point for its name.` : '',
  ].filter(Boolean);
  return (await renderSvg(q.spec)) + (notes.length ? `<p class="note">${notes.join(' ')}</p>` : '');
}

function agentTrendChart(trend: AgentRow['trend']): TopLevelSpec {
  const values = trend.flatMap((w) => [
    ...(w.empathy !== null ? [{ week: w.week, value: w.empathy, figure: 'empathy (0–100)' }] : []),
    ...(w.csat !== null ? [{ week: w.week, value: w.csat * 20, figure: 'CSAT × 20' }] : []),
  ]);
  return {
    width: 460, height: 180, config: CONFIG, data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'week', type: 'temporal', timeUnit: 'yearmonthdate', title: 'week', axis: { format: '%d %b' } },
      y: { field: 'value', type: 'quantitative', title: 'weekly mean', scale: { zero: false } },
      color: { field: 'figure', type: 'nominal', title: null, legend: { orient: 'bottom' } },
    },
  } as TopLevelSpec;
}

function sentimentLine(s: InteractionScores): TopLevelSpec {
  const values = s.sentiment.turns.map((t) => ({ turn: t.turn, sentiment: t.score, speaker: t.speaker }));
  return {
    width: 260, height: 80, config: { ...CONFIG, axis: { ...CONFIG.axis, labelFontSize: 9, titleFontSize: 10 } }, data: { values },
    layer: [
      { mark: { type: 'rule', color: '#bbb' }, encoding: { y: { datum: 0 } } },
      { mark: { type: 'line', color: '#999' }, encoding: { x: { field: 'turn', type: 'quantitative', title: 'turn', axis: { tickMinStep: 1 } }, y: { field: 'sentiment', type: 'quantitative', title: 'sentiment', scale: { domain: [-1, 1] } } } },
      { mark: { type: 'point', filled: true, size: 30 }, encoding: { x: { field: 'turn', type: 'quantitative' }, y: { field: 'sentiment', type: 'quantitative' }, color: { field: 'speaker', type: 'nominal', scale: { domain: ['customer', 'agent'], range: ['#d95f02', '#1f78b4'] }, legend: { orient: 'bottom', title: null } } } },
    ],
  } as TopLevelSpec;
}

const kit: PageKit = { layout, csrfField, requireLogin };

export function registerPages(app: FastifyInstance, ctx: ServeContext): void {
  const version = ctx.scorer.version;
  const teamsOf = (p: Principal) => teamsInScope(ctx.db, p.scope);

  // ---- signing in and out
  app.get('/login', async (req, reply) => {
    const q = req.query as { next?: string; failed?: string };
    const next = localPath(q.next);
    return html(reply, layout(req, 'Sign in', `<div class="login"><h1>voc workspace</h1>
${q.failed ? '<p class="error">That token is not valid or has been revoked. Ask your admin for a new one.</p>' : ''}
<form method="post" action="/login"><input type="hidden" name="next" value="${esc(next)}">
<label for="token">Your access token</label><input id="token" name="token" type="password" autocomplete="off" required placeholder="voc_…">
<button class="primary" type="submit">Sign in</button></form>
<p class="note">An admin makes tokens with <code>voc token create</code> (or on the Tokens page). A lead sees their teams; an agent sees their own conversations and coaching.</p></div>`));
  });

  const signIn = async (reply: FastifyReply, req: Req, p: Principal, next: string) => {
    const s = await createSession(ctx.db, p.token_id);
    const secure = req.protocol === 'https' ? '; Secure' : '';
    reply.header('Set-Cookie', `${SESSION_COOKIE}=${s.session}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${12 * 3600}${secure}`);
    const home = p.role === 'agent' ? `/agents/${encodeURIComponent(p.agent_id!)}` : p.role === 'reviewer' ? '/reviews' : '/';
    return reply.redirect(next === '/' ? home : next, 303);
  };

  app.post('/login', async (req, reply) => {
    const b = (req.body ?? {}) as { token?: string; next?: string };
    const next = localPath(b.next);
    const p = b.token ? await verifyToken(ctx.db, b.token) : null;
    if (!p) return reply.redirect(`/login?failed=1&next=${encodeURIComponent(next)}`, 303);
    return signIn(reply, req, p, next);
  });

  app.get('/login/once', async (req, reply) => {
    const q = req.query as { id?: string; code?: string };
    const p = q.id && q.code ? await consumeLoginCode(ctx.db, q.id, q.code) : null;
    if (!p) return reply.redirect('/login?failed=1', 303);
    return signIn(reply, req, p, '/');
  });

  app.post('/logout', async (req, reply) => {
    const id = parseCookies(req.headers.cookie)[SESSION_COOKIE];
    if (id) await endSession(ctx.db, id);
    reply.header('Set-Cookie', `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`);
    return reply.redirect('/login', 303);
  });

  // Every other form needs a session and its CSRF token.
  app.addHook('preHandler', async (req) => {
    if (req.method === 'POST' && req.url !== '/login' && req.url !== '/logout') {
      if (!req.principal) throw Object.assign(new Error('sign in first'), { statusCode: 401 });
      requireCsrf(req);
    }
  });

  // ---- Overview
  app.get('/', async (req, reply) => {
    const p = requireLogin(req, reply);
    if (!p) return;
    const f = filtersOf(req);
    const opts = { ...f, scope: p.scope, scorerVersion: version, minInteractions: ctx.minInteractions, repeatWindowDays: ctx.repeatWindowDays };
    const [agents, drivers, weeks, teams] = await Promise.all([
      agentTable(ctx.db, { ...opts, baseline: 'centre' }),
      driverReport(ctx.db, { ...opts, outcome: 'csat' }),
      weeklyByTeam(ctx.db, opts),
      teamsOf(p),
    ]);
    const ranked = rankAgents(agents).filter((a) => a.ranked);
    const noDrivers = drivers.overall.effects.length === 0;
    // With no driver analysis to show, the panel shows effort by contact reason instead, as the report does.
    const effortSpec = noDrivers ? effortByReasonChart(await effortByReason(ctx.db, version, opts)) : null;
    const noDriversWhy = drivers.overall.n === 0 ? 'No survey answers here: what moves CSAT cannot be estimated.' : `Too few interactions with CSAT here for a driver analysis (n = ${drivers.overall.n}).`;
    const [driversSvg, quadSvg, empSvg, csatSvg] = await Promise.all([
      noDrivers
        ? chart(effortSpec, true, noDriversWhy).then((svg) => (effortSpec ? `<p class="note">${esc(noDriversWhy)} Effort by contact reason instead:</p>${svg}` : svg))
        : chart(driverChart(drivers.overall, 'CSAT'), true, ''),
      quadrant(ranked, undefined, `No agent has ${ctx.minInteractions} or more interactions with these filters, so none is placed in a quadrant.`),
      chart(trendChart(weeks, 'empathy', 'mean empathy (where called for)'), true, 'Fewer than two weeks with 20 or more interactions here: no trend to draw.'),
      chart(trendChart(weeks, 'csat', 'mean CSAT'), true, 'Fewer than two weeks with 20 or more interactions with CSAT here: no trend to draw.'),
    ]);
    const desc = describeFilters(f);
    const teamLines = drivers.teams.length > 1 ? `<ul>${drivers.teams.map((t) => `<li><strong>${esc(t.scope)}</strong>: ${esc(t.headline.replace(/^Here /, ''))}</li>`).join('')}</ul>` : '';
    return html(reply, layout(req, 'Overview', `<h1>Empathy and efficiency</h1>
<p class="meta">${agents.length} agents · ${drivers.overall.n.toLocaleString('en-US')} interactions with CSAT${desc ? ` · ${esc(desc)}` : ''} · scorer ${esc(version)}</p>
${filterForm('/', f, teams)}
${agents.length === 0 && !desc ? '<p class="error">No scored interactions here yet. Load your data with <code>voc ingest FILE</code> (or try <code>npm run demo</code>) and reload this page.</p>' : ''}
<p class="headline" id="headline">${esc(drivers.overall.headline)}</p>
${teamLines}
<div class="grid">
<figure data-chart="drivers">${driversSvg}<figcaption>${noDrivers ? (effortSpec ? 'Mean customer effort by contact reason (0–100, higher is harder), over every scored interaction.' : '') : "What moves CSAT: each driver's effect per standard deviation, the others held fixed, with its 95% interval."}</figcaption></figure>
<figure data-chart="quadrant">${quadSvg}<figcaption>Agents with ${ctx.minInteractions}+ interactions by empathy and handle time (dashed: medians). <a href="/agents${req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : ''}">All agents →</a></figcaption></figure>
<figure data-chart="empathy-trend">${empSvg}<figcaption>Weekly mean empathy by team, where a customer turn called for it.</figcaption></figure>
<figure data-chart="csat-trend">${csatSvg}<figcaption>Weekly mean CSAT by team.</figcaption></figure>
</div>`, 'overview'));
  });

  // ---- Agents
  app.get('/agents', async (req, reply) => {
    const p = requireLogin(req, reply);
    if (!p) return;
    const f = filtersOf(req);
    const q = req.query as { min?: string };
    const min = Number.isInteger(Number(q.min)) && Number(q.min) >= 1 ? Number(q.min) : ctx.minInteractions;
    const [rows, teams] = await Promise.all([agentTable(ctx.db, { ...f, scope: p.scope, scorerVersion: version, minInteractions: min, repeatWindowDays: ctx.repeatWindowDays }), teamsOf(p)]);
    const agents = rankAgents(rows).sort((a, b) => Number(b.ranked) - Number(a.ranked));
    const unranked = agents.filter((a) => !a.ranked).length;
    const qs = new URLSearchParams(Object.entries(f).filter(([, v]) => v) as [string, string][]).toString();
    const cell = (v: number | string | null, shown: string, isNum = typeof v === 'number') => `<td data-v="${esc(v ?? '')}"${isNum ? ' class="num"' : ''}>${shown}</td>`;
    const body = agents.map((a) => `<tr${a.ranked ? '' : ' class="unranked" title="fewer than the minimum interactions: not ranked"'}>
<td data-v="${esc(a.agent_id)}"><a href="/agents/${encodeURIComponent(a.agent_id)}${qs ? `?${qs}` : ''}">${text(a.agent_id)}</a></td>${cell(a.team, text(a.team ?? ''))}
${cell(a.interactions, String(a.interactions))}${cell(a.empathy, a.empathy === null ? '–' : `${a.empathy.toFixed(0)} <small>(${a.empathy_n})</small>`)}
${cell(a.empathy_pct_team, a.ranked ? fixed(a.empathy_pct_team, 0) : 'not ranked')}${cell(a.effort, fixed(a.effort, 0))}${cell(a.aht_s, secs(a.aht_s))}
${cell(a.csat, fixed(a.csat, 2))}${cell(a.fcr, percent(a.fcr))}${cell(a.transfer_rate, percent(a.transfer_rate))}${cell(a.quadrant, a.ranked ? quadrantBadge(a.quadrant) : 'too few interactions', false)}</tr>`).join('\n');
    return html(reply, layout(req, 'Agents', `<h1>Agents</h1>
${filterForm('/agents', f, teams, `<label>Minimum interactions<input type="number" name="min" min="1" value="${min}"></label>`)}
${unranked ? `<p class="note" id="unranked-note">${unranked} agent${unranked === 1 ? ' has' : 's have'} fewer than ${min} interactions here: listed in grey, but not ranked or put in a quadrant, because a handful of conversations says little about an agent.</p>` : ''}
${agents.length === 0 ? empty('No interactions with an agent match these filters.') : `<p class="note">Click a column to sort. Empathy: mean 0–100 where a customer turn called for it (how many). Percentile among the team's agents. Effort 0–100, higher is harder for the customer. FCR: resolved (the row's flag, else no repeat contact within ${ctx.repeatWindowDays} day${ctx.repeatWindowDays === 1 ? '' : 's'}).</p>
<table class="sortable" id="agents"><thead><tr><th>agent</th><th>team</th><th>interactions</th><th>empathy</th><th>percentile in team</th><th>effort</th><th>AHT</th><th>CSAT</th><th>FCR</th><th>transfers</th><th>quadrant</th></tr></thead><tbody>
${body}</tbody></table>`}`, 'agents'));
  });

  // ---- One agent
  app.get('/agents/:id', async (req, reply) => {
    const p = requireLogin(req, reply);
    if (!p) return;
    const { id } = req.params as { id: string };
    const f = filtersOf(req);
    const opts = { ...f, scope: p.scope, scorerVersion: version, minInteractions: ctx.minInteractions, repeatWindowDays: ctx.repeatWindowDays };
    const detail = await agentDetail(ctx.db, id, opts);
    if (!detail) throw new NotFound(`There is no agent ${id} here${describeFilters(f) ? ` with these filters (${describeFilters(f)})` : ''}.`);
    const [a] = rankAgents([detail.row]);
    const [moments, queue, team, qa, evaluations] = await Promise.all([
      coachingRows(ctx.db, { ...opts, agent: id, limit: 8, praise: 5 }),
      listQueue(ctx.db, p.scope, { agent: id }),
      agentTable(ctx.db, { ...opts, team: a!.team ?? undefined }),
      scorecardByAgent(ctx.db, { ...opts, agent: id, scorecardVersion: ctx.scorecard.version }).then((m) => m.get(id) ?? null),
      agentEvaluations(ctx.db, id, { ...opts, scorecardVersion: ctx.scorecard.version, limit: 10 }),
    ]);
    const question = (item: string) => ctx.scorecard.items.find((x) => x.id === item)?.question ?? item;
    const evaluationsTable = evaluations.length === 0 ? empty('No scorecard evaluation yet.') : `<table id="evaluations"><thead><tr><th>when</th><th>channel</th><th>score</th><th>result</th><th>questions answered “No”</th><th></th></tr></thead><tbody>${evaluations.map((e) => `<tr data-interaction="${esc(e.interaction_id)}">
<td class="num">${esc(e.started_at ?? '')}</td><td>${esc(e.channel)}</td><td class="num">${fixed(e.score, 0)}</td><td>${e.passed ? '<span class="answer a-yes">Pass</span>' : '<span class="answer a-no">Fail</span>'}${e.open_disputes ? ' <span class="status open">disputed</span>' : ''}</td>
<td>${e.failed.length ? e.failed.map((f) => text(question(f))).join('<br>') : '–'}</td><td><a href="/interactions/${encodeURIComponent(e.interaction_id)}#scorecard">open</a></td></tr>`).join('')}</tbody></table>`;
    const teamRanked = rankAgents(team).filter((x) => x.ranked);
    const [trendSvg, quadSvg] = await Promise.all([
      chart(agentTrendChart(a!.trend), a!.trend.length > 0, 'No dated interactions.'),
      a!.ranked && teamRanked.length >= MIN_PEERS ? quadrant(teamRanked, id, 'Too few ranked agents in the team to draw a quadrant.')
        : a!.ranked ? empty(`Not placed: the team has ${teamRanked.length} ranked agent${teamRanked.length === 1 ? '' : 's'}, and a quadrant needs ${MIN_PEERS} to compare with.`) : empty(`Not placed: fewer than ${ctx.minInteractions} interactions.`),
    ]);
    const card = (k: string, v: string, sub = '') => `<div class="card"><div class="v">${v}</div><div class="k">${k}${sub ? ` · ${sub}` : ''}</div></div>`;
    const momentList = (rows: CoachingRow[], kind: 'coach' | 'praise') => {
      const list = rows.filter((r) => r.kind === kind);
      if (list.length === 0) return empty(kind === 'coach' ? 'No moment where empathy was called for and missing or late.' : 'No answered empathy trigger yet.');
      return `<table class="moments"><thead><tr><th>when</th><th>customer said</th><th>${kind === 'coach' ? 'what was missing' : 'what went well'}</th><th></th></tr></thead><tbody>${list.map((m) => `<tr>
<td class="num">${esc(m.started_at ?? '')}<br><small>${esc(m.channel)}${m.response ? ` · ${esc(m.response)}` : ''}</small></td><td>${text(m.customer_turn ?? '')}</td><td>${text(m.note)}${m.example_reply ? `<br><small>How ${text(m.example_agent)} answered a similar turn: “${text(m.example_reply)}”</small>` : ''}</td>
<td><a href="/interactions/${encodeURIComponent(m.interaction_id)}">open</a></td></tr>`).join('')}</tbody></table>`;
    };
    const drill = detail.drilldowns.map((d) => `<details><summary>${esc(d.figure)}: ${esc(d.order)} (${d.rows.length})</summary>${d.rows.length === 0 ? empty('none') : `<table><tbody>${d.rows.map((r) => `<tr><td><a href="/interactions/${encodeURIComponent(r.interaction_id)}">${text(r.interaction_id)}</a></td><td class="num">${esc(r.started_at ?? '')}</td><td>${esc(r.channel)}</td><td class="num">${esc(r.value ?? '–')}</td><td>${text(r.excerpt ?? '')}</td></tr>`).join('')}</tbody></table>`}</details>`).join('');
    return html(reply, layout(req, `Agent ${id}`, `<h1>Agent ${text(id)}</h1>
<p class="meta">team ${text(a!.team ?? '–')} · ${a!.interactions} interactions${describeFilters(f) ? ` · ${esc(describeFilters(f))}` : ''} · ${a!.ranked ? `quadrant ${quadrantBadge(a!.quadrant)}` : `not ranked: fewer than ${ctx.minInteractions} interactions`}</p>
${a!.quadrant ? `<p class="headline">${esc(QUADRANT_ADVICE[a!.quadrant])}</p>` : ''}
<div class="cards" id="figures">
${card('empathy (0–100)', fixed(a!.empathy, 0), `${a!.empathy_n} where called for`)}
${card('percentile in team', a!.ranked ? fixed(a!.empathy_pct_team, 0) : '–')}
${card('ownership (0–100)', fixed(a!.ownership, 0))}
${card('customer mood shift', fixed(a!.sentiment_shift, 2))}
${card('effort (0–100)', fixed(a!.effort, 0))}
${card('average handle time', secs(a!.aht_s))}
${card('CSAT', fixed(a!.csat, 2), a!.csat_n ? `${percent(a!.csat_score)} 4–5 of ${a!.csat_n}` : 'no survey answers')}
${card('FCR', percent(a!.fcr))}
${card('transfers', percent(a!.transfer_rate))}
${qa ? `${card('QA pass rate', percent(qa.pass_rate), `${qa.evaluations} evaluations`)}${card('QA score (0–100)', fixed(qa.mean_score, 0))}` : ''}
</div>
${qa?.worst_items.length ? `<p id="qa-worst">Scorecard questions answered “No” most often: ${qa.worst_items.map((w) => `${text(ctx.scorecard.items.find((i) => i.id === w.item)?.question ?? w.item)} <small>(${percent(w.fail_rate)} of ${w.n})</small>`).join('; ')}</p>` : ''}
<div class="grid">
<figure data-chart="agent-trend">${trendSvg}<figcaption>Weekly empathy and CSAT (CSAT × 20 to share the scale).</figcaption></figure>
<figure data-chart="agent-quadrant">${quadSvg}<figcaption>Where ${text(id)} sits among the team's agents (empathy against handle time).</figcaption></figure>
</div>
<h2 id="scorecard-evaluations">Scorecard evaluations</h2>
<p class="note">The latest ${evaluations.length} conversations scored on the scorecard. Open one to see each answer and why${p.role === 'agent' ? ', and to dispute an answer you think is wrong' : ''}.</p>
${evaluationsTable}
<h2>Coaching queue</h2>
${queueTable(req, queue, false)}
<h2 id="to-coach">Moments to coach</h2>
<p class="note">Customer turns that called for empathy where the reply missed it or came late, worst first. Open one to mark it “to coach”.</p>
${momentList(moments, 'coach')}
<h2 id="best">Best moments</h2>
${momentList(moments, 'praise')}
<h2>Interactions behind each figure, worst first</h2>
${drill}`, p.role === 'agent' ? 'agent' : 'agents'));
  });

  // ---- One interaction
  app.get('/interactions/:id', async (req, reply) => {
    const p = requireLogin(req, reply);
    if (!p) return;
    const { id } = req.params as { id: string };
    const r = await readInteraction(ctx.db, id, version, p.scope);
    if (!r) throw new NotFound(`There is no interaction ${id} here.`);
    const queue = await listQueue(ctx.db, p.scope, { interaction_id: id });
    const i = r.interaction;
    const s = r.score?.detail;
    const canCoach = (p.role === 'admin' || p.role === 'lead') && !!i.agent_id;
    const [sheet, me] = await Promise.all([reviewSheet(ctx, id, p.scope), p.role === 'agent' ? null : reviewerName(ctx.db, p)]);
    const saved = Number((req.query as { saved?: string }).saved);
    const k = i.kpis;
    const kpis: [string, string | null][] = [
      ['CSAT', k.csat != null ? String(k.csat) : null], ['NPS', k.nps != null ? String(k.nps) : null], ['CES', k.ces != null ? String(k.ces) : null],
      ['rating', k.rating != null ? String(k.rating) : null], ['handle time', k.handle_time_s != null ? secs(k.handle_time_s) : null],
      ['wait', k.wait_time_s != null ? secs(k.wait_time_s) : null], ['hold', k.hold_time_s != null ? secs(k.hold_time_s) : null],
      ['transfers', k.transfers != null ? String(k.transfers) : null], ['resolved', k.resolved != null ? (k.resolved ? 'yes' : 'no') : null],
    ];
    const turnsHtml = i.turns.map((turn, index) => {
      const cues = s?.empathy.cues.filter((c) => c.turn === index) ?? [];
      const trigger = s?.empathy.triggers.find((t) => t.turn === index);
      const effort = s?.effort.drivers.filter((d) => d.driver !== 'negative_sentiment').flatMap((d) => d.evidence.filter((e) => e.turn === index).map((e) => ({ driver: d.driver, e }))) ?? [];
      const sent = s?.sentiment.turns.find((t) => t.turn === index);
      const marks: Mark[] = [
        ...cues.map((c) => ({ start: c.evidence.start, end: c.evidence.end, kind: c.polarity === 'negative' ? 'cue-neg' : 'cue-pos', label: `${c.polarity === 'negative' ? '−' : '+'}${c.category}` })),
        ...(trigger?.evidence ?? []).map((e) => ({ start: e.start, end: e.end, kind: 'trigger', label: `calls for empathy: ${e.cue ?? trigger!.reason}` })),
        ...effort.map((x) => ({ start: x.e.start, end: x.e.end, kind: 'effort', label: `effort: ${x.driver}` })),
      ];
      const tags: string[] = [];
      for (const c of cues) tags.push(`<span class="tag">${c.polarity === 'negative' ? '−' : '+'}${esc(c.category)}${CATEGORIES.get(c.category)?.answers ? '' : ''}</span>`);
      if (trigger) {
        const answer = trigger.response === 'timely' ? `answered in turn ${trigger.answered_by}` : trigger.response === 'late' ? `answered late, in turn ${trigger.answered_by}` : 'not answered';
        tags.push(`<span class="tag ${trigger.response}">calls for empathy (${esc(trigger.reason)}): ${answer}</span>`);
      }
      for (const x of effort) tags.push(`<span class="tag">effort: ${esc(x.driver.replace(/_/g, ' '))}</span>`);
      const queued = queue.find((m) => m.turn_index === index);
      if (queued) tags.push(`<span class="status ${queued.status}">to coach · ${queued.status}</span>${queued.note ? ` <span>${text(queued.note)}</span>` : ''}`);
      const coachForm = canCoach && turn.speaker === 'customer' && (trigger || queued)
        ? `<form class="coach-form" method="post" action="/interactions/${encodeURIComponent(id)}/coach">${csrfField(req)}<input type="hidden" name="turn" value="${index}"><input type="text" name="note" maxlength="2000" placeholder="note for the agent" value="${esc(queued?.note ?? '')}" aria-label="coaching note"><button class="primary" type="submit">${queued ? 'Update note' : 'To coach'}</button></form>`
        : '';
      return `<div class="turn ${turn.speaker}" id="turn-${index}"><span class="idx">${index}</span><span class="who">${turn.speaker}${turn.start_s != null ? `<br><small>${turn.start_s.toFixed(1)} s</small>` : ''}</span>
<div class="body">${markedText(turn.text, marks)}</div><span class="mood">${sent ? `${esc(sent.label)} ${sent.score > 0 ? '+' : ''}${sent.score.toFixed(2)}` : ''}</span>
${tags.length || coachForm ? `<div class="tags">${tags.join(' ')}${coachForm}</div>` : ''}</div>`;
    }).join('\n');
    const sentSvg = s && s.sentiment.turns.length > 1 ? await renderSvg(sentimentLine(s)) : empty('One turn: no line to draw.');
    const side = s ? `<h2>Empathy</h2>${s.empathy.applicable ? `<p><strong>${fixed(s.empathy.score, 0)}</strong>/100 · empathy statements ${fixed(s.empathy.empathy_statements, 0)} · ownership ${fixed(s.empathy.ownership_statements, 0)}</p>` : '<p class="note">Not applicable: no customer turn called for empathy.</p>'}
<h2>Effort</h2><p><strong>${s.effort.score.toFixed(0)}</strong>/100 · predicted CES ${s.effort.predicted_ces.toFixed(1)} (1 easy … 7 hard)</p>
${s.effort.drivers.length ? `<ul id="effort-drivers">${s.effort.drivers.map((d) => `<li>${esc(d.driver.replace(/_/g, ' '))} (${esc(d.kind)}, ${d.weight > 0 ? '+' : ''}${d.weight.toFixed(1)})${d.evidence.length ? `: ${d.evidence.slice(0, 3).map((e) => `“${text(e.text)}”`).join(', ')}` : ''}</li>`).join('')}</ul>` : empty('no effort driver found')}
<h2>Intent</h2><p>${esc(s.intent.primary)} (${s.intent.confidence.toFixed(2)})${s.intent.intents.filter((m) => m.intent !== s.intent.primary).length ? `<br><small>also ${s.intent.intents.filter((m) => m.intent !== s.intent.primary).map((m) => `${esc(m.intent)} ${m.confidence.toFixed(2)}`).join(', ')}</small>` : ''}</p>
<h2>Sentiment</h2><p>${esc(s.sentiment.label)} ${s.sentiment.score.toFixed(2)}${s.sentiment.customer_shift != null ? ` · customer ${s.sentiment.customer_start?.toFixed(2)} → ${s.sentiment.customer_end?.toFixed(2)}` : ''}</p>
<figure data-chart="sentiment">${sentSvg}<figcaption>Sentiment per turn.</figcaption></figure>` : '<p class="error">Not scored yet: run <code>voc worker</code> (or ingest without Redis) to score it.</p>';
    const stale = r.score && r.score.scorer_version !== version ? ` (this server scores as ${esc(version)}; <code>voc requeue</code> rescores)` : '';
    return html(reply, layout(req, `Interaction ${id}`, `<h1>Interaction ${text(id)}</h1>
<p class="meta">${esc(i.channel)}${i.agent_id ? ` · agent <a href="/agents/${encodeURIComponent(i.agent_id)}">${text(i.agent_id)}</a>` : ''}${i.team ? ` · team ${text(i.team)}` : ''}${i.customer_id ? ` · customer ${text(i.customer_id)}` : ''}${i.started_at ? ` · ${esc(i.started_at.slice(0, 16).replace('T', ' '))} UTC` : ''}</p>
<dl class="kv" id="kpis">${kpis.filter(([, v]) => v !== null).map(([n, v]) => `<dt>${n}</dt><dd>${esc(v)}</dd>`).join('')}<dt>scorer</dt><dd>${r.score ? `voc ${esc(r.score.scorer_version)}${stale}` : 'not scored'}</dd></dl>
<p class="legend note"><mark class="trigger">calls for empathy</mark><mark class="cue-pos">empathy / ownership</mark><mark class="cue-neg">dismissive, blame, rushing</mark><mark class="effort">customer effort</mark> Hover a mark for what it matched.</p>
${saved > 0 ? `<p class="flash" id="review-saved">Your review is saved: ${saved} answer(s), kept beside the automatic ones.</p>` : ''}
<div class="twocol"><section class="turns" id="turns">${turnsHtml}</section><aside>${side}</aside></div>
${scorecardSection(kit, req, ctx, id, sheet, i.agent_id ?? null, me)}`, 'agents'));
  });

  app.post('/interactions/:id/coach', async (req, reply) => {
    const p = req.principal!;
    if (p.role !== 'admin' && p.role !== 'lead') throw Object.assign(new Error(`${p.role === 'agent' ? 'an agent' : 'a reviewer'} cannot mark moments to coach; a lead does`), { statusCode: 403 });
    const { id } = req.params as { id: string };
    const b = req.body as { turn?: string; note?: string };
    const turn = Number(b.turn);
    if (!Number.isInteger(turn) || turn < 0) throw new BadRequest('the form must name a turn');
    const m = await markToCoach(ctx.db, p, { interaction_id: id, turn_index: turn, note: (b.note ?? '').slice(0, 2000) });
    if (!m) throw new NotFound(`There is no interaction ${id} with a turn ${turn} here.`);
    return reply.redirect(`/interactions/${encodeURIComponent(id)}#turn-${turn}`, 303);
  });

  // ---- Coaching queue
  function queueTable(req: Req, rows: QueuedMoment[], withAgent: boolean): string {
    const p = req.principal!;
    if (rows.length === 0) return empty(p.role === 'agent' ? 'Nothing in your coaching queue.' : 'No moment marked “to coach” yet: open an interaction and use “To coach” on a customer turn.');
    const action = (m: QueuedMoment) => {
      const btn = (status: MomentStatus, label: string) => `<form method="post" action="/coaching/${m.moment_id}">${csrfField(req)}<input type="hidden" name="status" value="${status}"><button class="primary" type="submit">${label}</button></form>`;
      if (p.role === 'agent') return m.status === 'acknowledged' ? '' : btn('acknowledged', 'Acknowledge');
      if (m.status === 'open') return btn('coached', 'Mark coached');
      if (m.status === 'coached') return btn('open', 'Reopen');
      return '';
    };
    return `<table class="sortable" id="queue"><thead><tr><th>status</th>${withAgent ? '<th>agent</th>' : ''}<th>customer said</th><th>note</th><th>updated</th><th></th><th></th></tr></thead><tbody>${rows.map((m) => `<tr data-moment="${m.moment_id}">
<td><span class="status ${m.status}">${m.status}</span></td>${withAgent ? `<td><a href="/agents/${encodeURIComponent(m.agent_id)}">${text(m.agent_id)}</a></td>` : ''}<td>${text(m.customer_turn ?? '')}</td><td>${text(m.note)}</td>
<td class="num">${esc(m.updated_at.slice(0, 16).replace('T', ' '))}</td><td><a href="/interactions/${encodeURIComponent(m.interaction_id)}#turn-${m.turn_index}">open</a></td><td>${action(m)}</td></tr>`).join('')}</tbody></table>`;
  }

  app.get('/coaching', async (req, reply) => {
    const p = requireLogin(req, reply);
    if (!p) return;
    const q = req.query as { status?: string };
    const status = ['open', 'coached', 'acknowledged'].includes(q.status ?? '') ? (q.status as MomentStatus) : undefined;
    const rows = await listQueue(ctx.db, p.scope, { status });
    return html(reply, layout(req, p.role === 'agent' ? 'My coaching' : 'Coaching queue', `<h1>${p.role === 'agent' ? 'My coaching' : 'Coaching queue'}</h1>
<p class="note">A lead marks a customer turn “to coach” with a note (open), marks it coached after the session, and the agent acknowledges it. Every change is recorded with who and when.</p>
<p>${['', 'open', 'coached', 'acknowledged'].map((s) => `<a href="/coaching${s ? `?status=${s}` : ''}">${s || 'all'}</a>`).join(' · ')}</p>
${queueTable(req, rows, p.role !== 'agent')}`, 'coaching'));
  });

  app.post('/coaching/:id', async (req, reply) => {
    if (req.principal!.role === 'reviewer') throw Object.assign(new Error('a reviewer scores conversations; a lead coaches'), { statusCode: 403 });
    const { id } = req.params as { id: string };
    const b = req.body as { status?: string };
    if (!['open', 'coached', 'acknowledged'].includes(b.status ?? '')) throw new BadRequest('the form must name a status');
    try {
      const m = await updateMoment(ctx.db, req.principal!, Number(id), { status: b.status as MomentStatus });
      if (!m) throw new NotFound('There is no such coaching moment here.');
    } catch (err) {
      if (err instanceof QueueError) throw new BadRequest(err.message);
      throw err;
    }
    return reply.redirect('/coaching', 303);
  });

  // ---- Tokens (admin)
  app.get('/tokens', async (req, reply) => {
    const p = requireLogin(req, reply);
    if (!p) return;
    if (p.role !== 'admin') throw new NotFound('There is no page here.');
    const tokens = await listTokens(ctx.db);
    const made = (req.query as { made?: string }).made;
    return html(reply, layout(req, 'Tokens', `<h1>Tokens</h1>
<form class="filters" method="post" action="/tokens">${csrfField(req)}
<label>Role<select name="role">${ROLES.map((r) => `<option value="${r}"${r === 'lead' ? ' selected' : ''}>${r}</option>`).join('')}</select></label>
<label>Teams (lead or reviewer; comma-separated)<input name="teams" placeholder="billing, tech"></label>
<label>Agent id (agent)<input name="agent" placeholder="A01"></label>
<label>Label<input name="label" placeholder="who it is for"></label>
<button class="primary" type="submit">Create token</button></form>
${made ? '<p class="flash">Token created: it is shown once, on the page it was made on. Copy it now.</p>' : ''}
<table class="sortable"><thead><tr><th>id</th><th>role</th><th>scope</th><th>label</th><th>created</th><th>revoked</th><th></th></tr></thead><tbody>
${tokens.map((t) => `<tr><td>${esc(t.token_id)}</td><td>${esc(t.role)}</td><td>${t.role === 'lead' || t.role === 'reviewer' ? text(t.teams.join(', ')) : t.role === 'agent' ? text(t.agent_id) : 'all'}</td><td>${text(t.label ?? '')}</td><td>${esc(t.created_at)}</td><td>${esc(t.revoked_at ?? '')}</td>
<td>${t.revoked_at || t.token_id === p.token_id ? '' : `<form method="post" action="/tokens/${esc(t.token_id)}/revoke">${csrfField(req)}<button type="submit">Revoke</button></form>`}</td></tr>`).join('')}
</tbody></table>`, 'tokens'));
  });

  app.post('/tokens', async (req, reply) => {
    const p = req.principal!;
    if (p.role !== 'admin') throw new NotFound('There is no page here.');
    const b = req.body as { role?: string; teams?: string; agent?: string; label?: string };
    let made;
    try {
      made = await createToken(ctx.db, { role: b.role as Role, teams: (b.teams ?? '').split(',').map((t) => t.trim()).filter(Boolean), agent: b.agent?.trim() || null, label: b.label?.trim() || null });
    } catch (err) {
      throw new BadRequest((err as Error).message);
    }
    await audit(ctx.db, p, 'token.create', `token:${made.token_id}`, { role: b.role, teams: b.teams, agent: b.agent });
    return html(reply, layout(req, 'Token created', `<h1>Token created</h1><p class="flash">Give this token to its owner; it is not shown again.</p><p><code id="new-token">${esc(made.token)}</code></p><p><a href="/tokens">Back to tokens</a></p>`, 'tokens'));
  });

  app.post('/tokens/:id/revoke', async (req, reply) => {
    const p = req.principal!;
    if (p.role !== 'admin') throw new NotFound('There is no page here.');
    const { id } = req.params as { id: string };
    if (!(await revokeToken(ctx.db, id))) throw new NotFound('There is no such token.');
    await audit(ctx.db, p, 'token.revoke', `token:${id}`);
    return reply.redirect('/tokens', 303);
  });

  registerReviewPages(app, ctx, kit);
}
