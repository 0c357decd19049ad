/**
 * QA review in the workspace: the scorecard on an interaction's page (the automatic answer and its
 * evidence per item, people's answers beside it, the reviewer's form, the agent's dispute), the review
 * queue a lead fills by sampling, the disputes a lead settles, and the calibration page: how often the
 * automatic answers agree with the reviewers, item by item.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AgreementStat, Interval } from '../pipeline/scorecard/agreement.ts';
import type { Answer } from '../pipeline/scorecard/evaluate.ts';
import type { Principal } from '../store/access.ts';
import { listDisputes, listReviewQueue, openDispute, resolveDispute, ReviewError, sampleForReview, saveReview, SAMPLE_METHODS, type Dispute, type SampleMethod } from '../store/qa-review.ts';
import { teamsInScope } from '../store/interaction-read.ts';
import { evaluatePending } from '../workers/scorecard.ts';
import { BadRequest, NotFound, type ServeContext } from './context.ts';
import { esc, text } from './escape.ts';
import { answerThatCounts, reviewSheet, scopedAgreement, type ReviewSheet } from './review-data.ts';

type Req = FastifyRequest;

/** What the review pages borrow from the workspace's page frame. */
export interface PageKit {
  layout(req: Req, title: string, body: string, active?: string): string;
  csrfField(req: Req): string;
  requireLogin(req: Req, reply: FastifyReply): Principal | null;
}

const html = (reply: FastifyReply, body: string) => reply.type('text/html; charset=utf-8').send(body);
const empty = (what: string) => `<p class="empty">${what}</p>`;
const pct = (v: number | null | undefined) => (v == null ? '–' : `${Math.round(100 * v)}%`);
const when = (iso: string | null) => (iso ? esc(iso.slice(0, 16).replace('T', ' ')) : '');
export const ANSWER_LABEL: Record<Answer, string> = { yes: 'Yes', no: 'No', na: 'N/A' };
const METHOD_LABEL: Record<SampleMethod, string> = { random: 'at random', per_agent: 'the same number from every agent', lowest_score: 'lowest automatic score first' };
const canReview = (p: Principal) => p.role !== 'agent';
const isLead = (p: Principal) => p.role === 'admin' || p.role === 'lead';

function answerBadge(a: Answer): string {
  return `<span class="answer a-${a}">${ANSWER_LABEL[a]}</span>`;
}

/** The scorecard section of an interaction's page. */
export function scorecardSection(kit: PageKit, req: Req, ctx: ServeContext, id: string, sheet: ReviewSheet, agentOfInteraction: string | null, me: string | null): string {
  const p = req.principal!;
  const card = ctx.scorecard;
  const e = sheet.evaluation;
  if (!e) return `<section id="scorecard"><h2>Scorecard</h2>${empty('Not evaluated: this interaction is not scored by the current scorer yet.')}</section>`;
  const reviewer = canReview(p);
  const disputer = p.role === 'agent' && p.agent_id === agentOfInteraction;
  const mine = (item: string) => sheet.human_answers.find((h) => h.item === item && h.source !== 'dispute' && h.reviewer === me);
  const rows = card.items.map((item) => {
    const a = e.answers.find((x) => x.item === item.id);
    if (!a) return '';
    const evidence = a.evidence.slice(0, 3).map((ev) => `<li><a href="#turn-${ev.turn}">turn ${ev.turn}</a>: “${text(ev.text)}”</li>`).join('');
    const people = sheet.human_answers.filter((h) => h.item === item.id).map((h) =>
      `<li>${answerBadge(h.answer)} <strong>${text(h.reviewer)}</strong> <small>${when(h.reviewed_at)}${h.source === 'dispute' ? ' · settling a dispute' : ''}</small>${h.comment ? `<br>${text(h.comment)}` : ''}</li>`).join('');
    const counts = answerThatCounts(sheet, item.id)!;
    const disputes = sheet.disputes.filter((d) => d.item === item.id);
    const openD = disputes.find((d) => d.status === 'open');
    const disputeInfo = disputes.map((d) => `<div class="dispute ${d.status}"><span class="status ${d.status === 'open' ? 'open' : d.status === 'accepted' ? 'acknowledged' : 'coached'}">dispute ${d.status === 'open' ? 'waiting for a lead' : d.status}</span> “${text(d.reason)}”${d.resolution_note ? `<br><small>lead: ${text(d.resolution_note)}</small>` : ''}</div>`).join('');
    let action = '';
    if (reviewer) {
      const before = mine(item.id);
      const radio = (v: Answer) => `<label class="pick"><input type="radio" name="answer_${esc(item.id)}" value="${v}"${before?.answer === v ? ' checked' : ''}> ${ANSWER_LABEL[v]}</label>`;
      action = `<td class="your">${radio('yes')}${radio('no')}${radio('na')}<input type="text" name="comment_${esc(item.id)}" maxlength="2000" placeholder="comment (optional)" aria-label="comment on ${esc(item.id)}" value="${esc(before?.comment ?? '')}"></td>`;
    } else if (disputer) {
      action = `<td>${openD ? '' : `<details class="dispute-form"><summary>Dispute this answer</summary><form method="post" action="/interactions/${encodeURIComponent(id)}/disputes">${kit.csrfField(req)}<input type="hidden" name="item" value="${esc(item.id)}"><textarea name="reason" maxlength="2000" required rows="2" placeholder="Why is “${ANSWER_LABEL[counts.answer]}” wrong?" aria-label="reason for disputing ${esc(item.id)}"></textarea><button class="primary" type="submit">Send dispute</button></form></details>`}</td>`;
    }
    return `<tr data-item="${esc(item.id)}"><td><strong>${text(item.question)}</strong>${item.critical ? ' <span class="critical" title="failing it fails the whole evaluation">critical</span>' : ''}<br><small>${text(item.section)} · ${a.max_points} points</small></td>
<td class="auto">${answerBadge(a.answer)}${a.points == null ? '' : ` <small>${a.points}/${a.max_points}</small>`}</td>
<td>${text(a.reason)}${evidence ? `<ul class="evidence">${evidence}</ul>` : ''}</td>
<td class="people">${people ? `<ul>${people}</ul>` : '<span class="empty">not reviewed</span>'}${disputeInfo}</td>
<td class="counts">${answerBadge(counts.answer)}<br><small>${counts.by ? `by ${text(counts.by)}` : 'automatic'}</small></td>${action}</tr>`;
  }).join('\n');
  const head = `<tr><th>Question</th><th>Automatic answer</th><th>Why (what voc found)</th><th>People's answers</th><th>Answer that counts</th>${reviewer ? '<th>Your answer</th>' : p.role === 'agent' && disputer ? '<th></th>' : ''}</tr>`;
  const summary = `<p class="headline" id="scorecard-score">Automatic score <strong>${e.score == null ? '–' : e.score.toFixed(0)}</strong> of 100 · ${e.passed == null ? 'no item applies' : e.passed ? '<span class="answer a-yes">Pass</span>' : '<span class="answer a-no">Fail</span>'} (pass mark ${card.pass_mark})${e.critical_failed ? ' · a critical item failed' : ''}</p>`;
  const help = reviewer
    ? '<p class="note">Read the conversation, then give your own answer to each question (Yes, No, or N/A when it does not apply) and a comment where it helps. Your answers are kept beside the automatic ones and never replace them; questions you leave blank are not saved.</p>'
    : disputer ? '<p class="note">If an answer on your evaluation is wrong, dispute it and say why. A lead will accept it (the answer changes) or reject it.</p>' : '';
  const table = `<table id="scorecard-items"><thead>${head}</thead><tbody>${rows}</tbody></table>`;
  return `<section id="scorecard"><h2>Scorecard: ${text(card.name)}</h2>${summary}${help}
${reviewer ? `<form method="post" action="/interactions/${encodeURIComponent(id)}/review" id="review-form">${kit.csrfField(req)}${table}<p><button class="primary" type="submit">Save my review</button></p></form>` : table}</section>`;
}

const interval = (i: Interval, f: (x: number) => string) => (i ? ` <small>(${f(i[0])}–${f(i[1])})</small>` : '');
const k2 = (x: number | null) => (x == null ? '–' : x.toFixed(2));
const statCells = (s: AgreementStat) => `<td class="num">${s.n}</td><td class="num">${pct(s.exact_agreement)}${interval(s.exact_ci, pct)}</td><td class="num">${k2(s.kappa)}${interval(s.kappa_ci, k2)}</td>`;

function disputeTable(kit: PageKit, req: Req, ctx: ServeContext, rows: Dispute[]): string {
  const p = req.principal!;
  if (rows.length === 0) return empty(p.role === 'agent' ? 'You have not disputed any answer.' : 'No disputes here.');
  const question = (item: string) => ctx.scorecard.items.find((i) => i.id === item)?.question ?? item;
  const flip = (a: Answer): Answer => (a === 'yes' ? 'no' : 'yes');
  const decide = (d: Dispute) => {
    if (!isLead(p) || d.status !== 'open') return d.final_answer ? `${answerBadge(d.final_answer)}<br><small>by ${text(d.resolved_by ?? '')} ${when(d.resolved_at)}</small>${d.resolution_note ? `<br>${text(d.resolution_note)}` : ''}` : '';
    const opt = (v: Answer) => `<option value="${v}"${v === flip(d.disputed_answer) ? ' selected' : ''}>${ANSWER_LABEL[v]}</option>`;
    return `<form method="post" action="/disputes/${d.dispute_id}" class="decide">${kit.csrfField(req)}
<label>Correct answer <select name="answer">${(['yes', 'no', 'na'] as Answer[]).filter((v) => v !== d.disputed_answer).map(opt).join('')}</select></label>
<input type="text" name="note" maxlength="2000" placeholder="note to the agent (optional)" aria-label="note to the agent">
<button class="primary" type="submit" name="decision" value="accept">Accept: change the answer</button>
<button type="submit" name="decision" value="reject">Reject: keep the answer</button></form>`;
  };
  return `<table id="disputes"><thead><tr><th>status</th><th>conversation</th>${p.role === 'agent' ? '' : '<th>agent</th>'}<th>question</th><th>answer disputed</th><th>agent's reason</th><th>raised</th><th>${p.role === 'agent' ? 'outcome' : 'decision'}</th></tr></thead><tbody>
${rows.map((d) => `<tr data-dispute="${d.dispute_id}"><td><span class="status ${d.status === 'open' ? 'open' : d.status === 'accepted' ? 'acknowledged' : 'coached'}">${d.status}</span></td>
<td><a href="/interactions/${encodeURIComponent(d.interaction_id)}#scorecard">${text(d.interaction_id)}</a></td>${p.role === 'agent' ? '' : `<td>${text(d.agent_id ?? '')}</td>`}
<td>${text(question(d.item))}</td><td>${answerBadge(d.disputed_answer)}</td><td>${text(d.reason)}</td><td class="num">${when(d.raised_at)}</td><td>${decide(d)}</td></tr>`).join('\n')}</tbody></table>`;
}

export function registerReviewPages(app: FastifyInstance, ctx: ServeContext, kit: PageKit): void {
  const fail = (err: unknown) => {
    if (err instanceof ReviewError) throw new BadRequest(err.message);
    throw err;
  };
  const forbid = (message: string) => Object.assign(new Error(message), { statusCode: 403 });

  app.post('/interactions/:id/review', async (req, reply) => {
    const p = req.principal!;
    if (!canReview(p)) throw forbid('an agent cannot review; an agent can dispute an answer on their own evaluation');
    const { id } = req.params as { id: string };
    const b = req.body as Record<string, string>;
    const answers = ctx.scorecard.items
      .filter((i) => ['yes', 'no', 'na'].includes(b[`answer_${i.id}`] ?? ''))
      .map((i) => ({ item: i.id, answer: b[`answer_${i.id}`] as Answer, comment: (b[`comment_${i.id}`] ?? '').slice(0, 2000) }));
    if (answers.length === 0) throw new BadRequest('Pick Yes, No or N/A for at least one question, then save.');
    // The interaction must have its evaluation before a review is stored beside it.
    await reviewSheet(ctx, id, p.scope);
    const saved = await saveReview(ctx.db, p, id, answers, ctx.scorecard.items.map((i) => i.id)).catch(fail);
    if (!saved) throw new NotFound(`There is no interaction ${id} here.`);
    return reply.redirect(`/interactions/${encodeURIComponent(id)}?saved=${saved.stored}#scorecard`, 303);
  });

  app.post('/interactions/:id/disputes', async (req, reply) => {
    const p = req.principal!;
    if (p.role !== 'agent') throw forbid('only the agent an evaluation belongs to disputes it; a lead settles disputes on the Disputes page');
    const { id } = req.params as { id: string };
    const b = req.body as { item?: string; reason?: string };
    const d = await openDispute(ctx.db, p, { interaction_id: id, item: b.item ?? '', reason: b.reason ?? '' }, ctx.scorecard.version, ctx.scorer.version).catch(fail);
    if (!d) throw new NotFound(`There is no evaluated interaction ${id} of yours with that question.`);
    return reply.redirect(`/interactions/${encodeURIComponent(id)}#scorecard`, 303);
  });

  // ---- the review queue
  app.get('/reviews', async (req, reply) => {
    const p = kit.requireLogin(req, reply);
    if (!p) return;
    if (!canReview(p)) throw new NotFound('There is no page here.');
    const q = req.query as { added?: string };
    const [rows, teams] = await Promise.all([listReviewQueue(ctx.db, p.scope), teamsInScope(ctx.db, p.scope)]);
    const sample = isLead(p) ? `<form class="filters" method="post" action="/reviews/sample" id="sample-form">${kit.csrfField(req)}
<label>How many<input type="number" name="n" min="1" max="500" value="10" required></label>
<label>How to pick<select name="method">${SAMPLE_METHODS.map((m) => `<option value="${m}">${METHOD_LABEL[m]}</option>`).join('')}</select></label>
<label>Team<select name="team"><option value="">all my teams</option>${teams.map((t) => `<option value="${esc(t)}">${esc(t)}</option>`).join('')}</select></label>
<button class="primary" type="submit">Add to review queue</button></form>
<p class="note">Picks conversations not yet queued or reviewed. “The same number from every agent” takes that many from each agent, so every agent is reviewed.</p>` : '';
    const body = rows.length === 0 ? empty(isLead(p) ? 'Nothing to review yet: pick some conversations above.' : 'Nothing to review yet: a lead picks conversations for review.') : `<table class="sortable" id="review-queue"><thead><tr><th>status</th><th>conversation</th><th>agent</th><th>team</th><th>date</th><th>automatic score</th><th>picked</th><th>reviewed by</th><th></th></tr></thead><tbody>
${rows.map((r) => `<tr data-interaction="${esc(r.interaction_id)}"><td>${r.reviewers.length ? '<span class="status acknowledged">reviewed</span>' : '<span class="status open">to review</span>'}</td>
<td>${text(r.interaction_id)}</td><td>${text(r.agent_id ?? '')}</td><td>${text(r.team ?? '')}</td><td class="num">${when(r.started_at)}</td>
<td class="num" data-v="${r.auto_score ?? ''}">${r.auto_score == null ? '–' : r.auto_score.toFixed(0)}</td><td>${METHOD_LABEL[r.method]}</td><td>${r.reviewers.map(text).join(', ')}</td>
<td><a class="button" href="/interactions/${encodeURIComponent(r.interaction_id)}#scorecard">Review</a></td></tr>`).join('\n')}</tbody></table>`;
    return html(reply, kit.layout(req, 'Reviews', `<h1>Review queue</h1>
${q.added ? `<p class="flash" id="added">${esc(q.added)} conversation(s) added to the queue.</p>` : ''}
${sample}${body}`, 'reviews'));
  });

  app.post('/reviews/sample', async (req, reply) => {
    const p = req.principal!;
    if (!isLead(p)) throw forbid('a lead picks conversations for review');
    const b = req.body as { n?: string; method?: string; team?: string };
    const n = Number(b.n);
    if (!SAMPLE_METHODS.includes(b.method as SampleMethod)) throw new BadRequest('Choose how to pick the conversations.');
    await evaluatePending(ctx.db, ctx.scorecard, ctx.scorer.version);
    const added = await sampleForReview(ctx.db, p, { method: b.method as SampleMethod, n, team: b.team || null }, ctx.scorecard.version, ctx.scorer.version).catch(fail);
    return reply.redirect(`/reviews?added=${added}`, 303);
  });

  // ---- disputes
  app.get('/disputes', async (req, reply) => {
    const p = kit.requireLogin(req, reply);
    if (!p) return;
    if (p.role === 'reviewer') throw new NotFound('There is no page here.');
    const rows = await listDisputes(ctx.db, p.scope);
    const title = p.role === 'agent' ? 'My disputes' : 'Disputes';
    return html(reply, kit.layout(req, title, `<h1>${title}</h1>
<p class="note">${p.role === 'agent' ? 'Answers on your evaluations you disputed, and what the lead decided.' : 'An agent disputes an answer on their own evaluation. Accept it to change the answer (your answer is kept as a review and counts from then on), or reject it to keep the answer. Every decision is recorded with who and when.'}</p>
${disputeTable(kit, req, ctx, rows)}`, 'disputes'));
  });

  app.post('/disputes/:id', async (req, reply) => {
    const p = req.principal!;
    if (!isLead(p)) throw forbid('a lead settles disputes');
    const { id } = req.params as { id: string };
    const b = req.body as { decision?: string; answer?: string; note?: string };
    if (b.decision !== 'accept' && b.decision !== 'reject') throw new BadRequest('Choose accept or reject.');
    const d = await resolveDispute(ctx.db, p, Number(id), { decision: b.decision, answer: b.answer as Answer | undefined, note: b.note }).catch(fail);
    if (!d) throw new NotFound('There is no such dispute here.');
    return reply.redirect('/disputes', 303);
  });

  // ---- calibration
  app.get('/calibration', async (req, reply) => {
    const p = kit.requireLogin(req, reply);
    if (!p) return;
    if (!canReview(p)) throw new NotFound('There is no page here.');
    const a = await scopedAgreement(ctx, p.scope);
    const title = 'Calibration';
    if (!a) {
      return html(reply, kit.layout(req, title, `<h1>Can the automatic scorecard be trusted?</h1>${empty('No reviews yet. Review some conversations (Reviews page) or import your QA history with <code>voc import reviews FILE.csv</code>, then come back.')}`, 'calibration'));
    }
    const question = (item: string) => ctx.scorecard.items.find((i) => i.id === item)?.question ?? item;
    const verdict = (trusted: boolean, n: number) => trusted ? '<span class="verdict ok">can be trusted</span>'
      : n < a.min_n ? '<span class="verdict few">too few reviews to tell</span>' : '<span class="verdict bad">do not trust automatically yet</span>';
    const t = a.total;
    return html(reply, kit.layout(req, title, `<h1>Can the automatic scorecard be trusted?</h1>
<p class="meta">${a.reviewers.length} reviewer(s) · ${a.interactions} reviewed conversation(s) · scorecard version ${esc(a.scorecard_version)}</p>
<p class="note">For each question: how many reviewed answers there are, how often the reviewer gave the same answer as voc (<strong>same answer</strong>), and the agreement beyond what chance alone would give (<strong>kappa</strong>: 1 is perfect, 0 no better than chance). In brackets, the range the true figure is 95% likely to be in. A question is marked “do not trust automatically yet” when reviewers agree with voc less than ${pct(a.threshold)} of the time, and “too few reviews” under ${a.min_n} reviewed answers.</p>
<table id="agreement"><thead><tr><th>question</th><th>reviewed answers</th><th>same answer</th><th>kappa</th><th>verdict</th></tr></thead><tbody>
${a.items.map((i) => `<tr data-item="${esc(i.item)}" data-exact="${i.exact_agreement ?? ''}" data-kappa="${i.kappa ?? ''}" data-n="${i.n}"><td>${text(question(i.item))}<br><small>${esc(i.item)}</small></td>${statCells(i)}<td>${verdict(i.trusted, i.n)}</td></tr>`).join('\n')}
<tr class="total" data-item="all"><td><strong>All questions</strong></td>${statCells(a.overall)}<td></td></tr>
</tbody></table>
<h2>Each reviewer against voc, and reviewers against each other</h2>
<table id="reviewers"><thead><tr><th>reviewer</th><th>reviewed answers</th><th>same answer</th><th>kappa</th></tr></thead><tbody>
${a.per_reviewer.map((r) => `<tr data-reviewer="${esc(r.reviewer)}"><td>${text(r.reviewer)}</td>${statCells(r)}</tr>`).join('\n')}
<tr data-reviewer="between"><td><strong>Reviewers with each other</strong> <small>(same conversation and question)</small></td>${statCells(a.between_reviewers)}</tr></tbody></table>
<h2>Total score</h2>
<p id="total-agreement">Over ${t.n} reviewed evaluations, the reviewer's total differs from voc's by <strong>${t.mean_abs_diff == null ? '–' : t.mean_abs_diff.toFixed(1)}</strong> points on average${interval(t.mean_abs_diff_ci, (x) => x.toFixed(1))}; the two rank conversations alike with a Spearman correlation of <strong>${k2(t.spearman)}</strong>${interval(t.spearman_ci, k2)}.</p>
<p class="note">The same figures: <code>voc calibrate scorecard</code> (add <code>--json</code> for a machine-readable copy). Answers given when settling a dispute are left out, because disputed answers are not a fair sample.</p>`, 'calibration'));
  });
}
