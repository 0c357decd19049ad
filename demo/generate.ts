/**
 * Seeded demo interactions for a contact centre of twelve agents in three teams: calls with timed
 * turns, chats, e-mails (with quoted replies and signatures), reviews and surveys; customers who come
 * back within a week when their issue was not resolved; holds, transfers and a mix of contact reasons.
 * The KPIs follow the known model in `model.ts` (TRUE_EFFECTS), so the driver analysis can be checked
 * against the truth. Records come out in voc's input format.
 */
import { createRequire } from 'node:module';
import { REPEAT_WINDOW_DAYS } from '../pipeline/effort/index.ts';
import type { Channel } from '../pipeline/types.ts';
import {
  AGENTS,
  CHANNEL_WEIGHTS,
  DISMISSAL_POINTS,
  EMPATHY_EXPERIENCED,
  EMPATHY_LEVEL,
  EMPATHY_NOISE_SD,
  REASON_HANDLE_S,
  REPEAT_IF_UNRESOLVED,
  REVIEW_RATING,
  SURVEY_RESPONSE,
  TEAM_REASONS,
  TEAMS,
  TRUE_EFFECTS,
  WAIT_S,
  type DemoAgent,
  type Reason,
} from './model.ts';
import { createRandom, type Random } from '../lib/random.ts';
import * as EN_TEMPLATES from './templates.ts';
import * as ZH_TEMPLATES from './templates-zh.ts';

type Templates = typeof EN_TEMPLATES;
/** The demo's languages: the words of the conversations in each. */
export const DEMO_TEMPLATES: Readonly<Record<string, Templates>> = { en: EN_TEMPLATES, zh: ZH_TEMPLATES };
/** The templates of the record being made (set at the start of each generator; the generator is synchronous between records). */
let T: Templates = EN_TEMPLATES;

/** One interaction in voc's input format. */
export interface DemoRecord {
  interaction_id: string;
  channel: Channel;
  agent_id: string | null;
  team: string | null;
  customer_id: string;
  started_at: string;
  csat: number | null;
  nps: number | null;
  ces: number | null;
  handle_time_s: number | null;
  wait_time_s: number | null;
  hold_time_s: number | null;
  transfers: number | null;
  resolved: boolean | null;
  rating: number | null;
  /** Chat and e-mail: seconds to the first agent reply. */
  first_response_s?: number | null;
  /** Calls and chats: seconds in the queue. */
  queue_time_s?: number | null;
  /** Resolved contacts: seconds from the first contact about the issue to the end of this one. */
  resolution_time_s?: number | null;
  /** A call that ended in the queue, before an agent answered: no text. */
  abandoned?: boolean | null;
  /** Two or more transfers: escalated to a second line. */
  escalated?: boolean | null;
  turns?: { speaker: 'agent' | 'customer'; text: string; start_s?: number; end_s?: number }[];
  text?: string;
}

/** What the generator knew when it made a record: the values the KPI model used. */
export interface DemoTruth {
  reason: Reason | null;
  /** The contact's empathy level, 0–1 (the agent's habit plus noise); null without an agent. */
  empathy_level: number | null;
  /** The empathy the customer experienced, standardized (EMPATHY_EXPERIENCED): what the KPIs respond to. */
  empathy_z: number | null;
  wait_z: number | null;
  /** Earlier contacts about the same issue. */
  prior_contacts: number;
  /** Customer turns written to call for empathy, and how the agent answered each. */
  triggers: { turn: number; response: 'timely' | 'late' | 'missing' }[];
}

export interface DemoOptions {
  /** Number of records. */
  n: number;
  /** Same seed, same records. */
  seed: number;
  /** First possible contact time. @defaultValue `2026-08-03T00:00:00Z` (a Monday) */
  start?: string | Date;
  /** Days the contacts spread over. @defaultValue 84 (twelve weeks) */
  days?: number;
  /** Language of the conversations: `en` or `zh` (a quarter of the Chinese customers write traditional characters). @defaultValue 'en' */
  lang?: string;
}

/** Customers whose number is a multiple of this write traditional Chinese (Taiwan, Hong Kong) in the Chinese demo. */
const TRADITIONAL_EVERY = 4;

const DAY_S = 86_400;
/** At most this many contacts about one issue. */
const MAX_CONTACTS = 3;
/**
 * Known effects the reports must recover, drawn from a second random stream so that the records the
 * driver analysis reads stay as they were:
 * - SPIKE: in one week, a share of first contacts are about one reason (about three times its usual volume);
 * - SWITCH: an unresolved chat about one reason comes back as a call most of the time;
 * - ABANDONED: a share of calls end in the queue first (a record with no text, abandoned = true).
 * The repeat-contact penalty on CSAT and NPS is TRUE_EFFECTS' `repeat`.
 */
export const DEMO_EFFECTS = {
  spike: { reason: 'delivery' as Reason, week: 6, share: 0.4 },
  switch: { reason: 'account_access' as Reason, from: 'chat' as const, to: 'call' as const, chance: 0.85 },
  abandoned: { chance: 0.04, queue_s: { mean: 420, sd: 200 } },
};

/** Customers per record: about 40% of contacts come from a customer already seen. */
const CUSTOMERS_PER_RECORD = 0.6;
/** Speech rate for timing call turns, words per second. */
const WORDS_PER_S = 2.6;
/** Pause between call turns, seconds. */
const PAUSE_S = { min: 0.3, max: 2.5 };
/** After-contact work in seconds, before the agent's pace. */
const AFTER_CONTACT_S = 45;

/** The records alone, in input format. */
export function* generateDemo(opts: DemoOptions): Generator<DemoRecord> {
  for (const { record } of generateDemoWithTruth(opts)) yield record;
}

/** The records with the values the KPI model used for each, for testing the analysis against truth. */
export function* generateDemoWithTruth(opts: DemoOptions): Generator<{ record: DemoRecord; truth: DemoTruth }> {
  const templates = DEMO_TEMPLATES[opts.lang ?? 'en'];
  if (!templates) throw new Error(`no demo conversations in "${opts.lang}": there are ${Object.keys(DEMO_TEMPLATES).join(', ')}`);
  const inner = records(opts);
  const traditional = opts.lang === 'zh' ? toTraditional() : null;
  for (;;) {
    T = templates; // each record in this generator's language, even if another generator ran in between
    const next = inner.next();
    if (next.done) return;
    const { record } = next.value;
    if (traditional && Number(record.customer_id.slice(1)) % TRADITIONAL_EVERY === 0) {
      if (record.text) record.text = traditional(record.text);
      for (const turn of record.turns ?? []) turn.text = traditional(turn.text);
    }
    yield next.value;
  }
}

/** Simplified → traditional (Taiwan) Chinese, for the customers of the Chinese demo who write it. */
function toTraditional(): (text: string) => string {
  const { Converter } = createRequire(import.meta.url)('opencc-js') as { Converter: (o: { from: string; to: string }) => (t: string) => string };
  return Converter({ from: 'cn', to: 'twp' });
}

function* records(opts: DemoOptions): Generator<{ record: DemoRecord; truth: DemoTruth }> {
  const rng = createRandom(opts.seed);
  const start = new Date(opts.start ?? '2026-08-03T00:00:00Z').getTime() / 1000;
  const days = opts.days ?? 84;
  const customers = Math.max(1, Math.round(opts.n * CUSTOMERS_PER_RECORD));
  let count = 0;
  const prefix = opts.lang && opts.lang !== 'en' ? `demo-${opts.lang}` : 'demo';
  const nextId = () => `${prefix}-${opts.seed}-${String(++count).padStart(6, '0')}`;

  const extra = createRandom(opts.seed * 7919 + 17);
  const { spike, switch: sw, abandoned } = DEMO_EFFECTS;
  while (count < opts.n) {
    const customer_id = `C${String(rng.int(1, customers)).padStart(5, '0')}`;
    // Working hours, 08:00–20:00, so weekly trends have realistic timestamps.
    let t = start + rng.int(0, days - 1) * DAY_S + rng.int(8 * 3600, 20 * 3600);
    const channel = weighted(rng, CHANNEL_WEIGHTS);
    if (channel === 'review') {
      yield review(rng, nextId(), customer_id, t);
      continue;
    }
    const team = rng.pick(TEAMS);
    let reason = weighted(rng, TEAM_REASONS[team] as Record<Reason, number>);
    if (channel === 'survey') {
      yield survey(rng, nextId(), customer_id, t, rng.pick(AGENTS.filter((a) => a.team === team)));
      continue;
    }
    if (Math.floor((t - start) / (7 * DAY_S)) === spike.week && extra.chance(spike.share)) reason = spike.reason;
    let ch: 'call' | 'chat' | 'email' = channel;
    const issueStart = t;
    for (let prior = 0; prior < MAX_CONTACTS && count < opts.n; prior++) {
      const agent = rng.pick(AGENTS.filter((a) => a.team === team));
      if (ch === 'call' && extra.chance(abandoned.chance) && count < opts.n - 1) {
        const queue = Math.round(gamma(extra, abandoned.queue_s.mean, abandoned.queue_s.sd));
        yield abandonedCall(nextId(), customer_id, t - queue - 600, queue, reason);
      }
      const out = conversation(rng, nextId(), customer_id, t, agent, reason, ch, prior);
      const r = out.record;
      if (ch !== 'call') r.first_response_s = r.wait_time_s;
      if (ch !== 'email') r.queue_time_s = r.wait_time_s;
      r.escalated = (r.transfers ?? 0) >= 2;
      if (r.resolved) r.resolution_time_s = t - issueStart + (r.handle_time_s ?? 0);
      yield out;
      if (out.record.resolved || !rng.chance(REPEAT_IF_UNRESOLVED)) break;
      // The next working day or later, inside the repeat window.
      t = t - (t % DAY_S) + rng.int(1, REPEAT_WINDOW_DAYS - 1) * DAY_S + rng.int(8 * 3600, 20 * 3600);
      const before = ch;
      if (rng.chance(0.35)) ch = rng.pick(['call', 'chat', 'email'] as const);
      if (reason === sw.reason && before === sw.from && extra.chance(sw.chance)) ch = sw.to;
    }
  }
}

function conversation(
  rng: Random,
  interaction_id: string,
  customer_id: string,
  t: number,
  agent: DemoAgent,
  reason: Reason,
  channel: 'call' | 'chat' | 'email',
  prior: number,
): { record: DemoRecord; truth: DemoTruth } {
  const level = clamp(agent.empathy + EMPATHY_NOISE_SD * rng.normal(), 0, 1);
  const w = WAIT_S[channel];
  const wait = gamma(rng, w.mean, w.sd);
  const waitZ = (wait - w.mean) / w.sd;
  const transfers = channel === 'email' ? 0 : rng.chance(channel === 'call' ? 0.14 : 0.06) ? (rng.chance(0.2) ? 2 : 1) : 0;
  const hold = channel === 'call' && rng.chance(0.35) ? Math.round(gamma(rng, 90, 60)) : 0;
  const f = TRUE_EFFECTS.fcr;
  const resolved = rng.chance(logistic(f.intercept + agent.skill + f.empathy * levelZ(level) + f.transfers * transfers));

  const slots = fillSlots(rng, agent);
  const { turns, triggers: said, dismissals } = dialogue(rng, slots, agent, level, reason, channel, { prior, resolved, transfers, hold, waitZ });
  // An e-mail is one message and one reply: whatever the reply acknowledges, it answers in time.
  const answeredByMail = said.some((tr) => tr.response !== 'missing');
  const triggers = channel === 'email' && said.length > 0 ? [{ turn: 0, response: answeredByMail ? ('timely' as const) : ('missing' as const) }] : said;
  const empZ = (experiencedEmpathy(triggers, dismissals, level) - EMPATHY_EXPERIENCED.mean) / EMPATHY_EXPERIENCED.sd;
  const x = { empZ, waitZ, resolved: resolved ? 1 : 0, transfers, holdMin: hold / 60, prior };
  const csat = rng.chance(SURVEY_RESPONSE.csat) ? answer(rng, TRUE_EFFECTS.csat, x, 1, 5) : null;
  const nps = rng.chance(SURVEY_RESPONSE.nps) ? answer(rng, TRUE_EFFECTS.nps, x, 0, 10) : null;
  const ces = rng.chance(SURVEY_RESPONSE.ces) ? answer(rng, TRUE_EFFECTS.ces, x, 1, 7) : null;
  const base = REASON_HANDLE_S[reason] * agent.pace * Math.exp(0.25 * rng.normal());
  const handle = Math.round(channel === 'email' ? 0.5 * base : base + hold + AFTER_CONTACT_S * agent.pace);

  const record: DemoRecord = {
    interaction_id,
    channel,
    agent_id: agent.agent_id,
    team: agent.team,
    customer_id,
    started_at: new Date(t * 1000).toISOString(),
    csat,
    nps,
    ces,
    handle_time_s: handle,
    wait_time_s: Math.round(wait),
    hold_time_s: channel === 'email' ? null : hold,
    transfers,
    resolved,
    rating: null,
  };
  if (channel === 'call') record.turns = timeTurns(rng, turns, hold);
  else if (channel === 'chat') record.turns = turns;
  else if (rng.chance(0.3)) record.text = turns.map((tn) => `${tn.speaker === 'agent' ? 'Agent' : 'Customer'}: ${tn.text}`).join('\n');
  else record.turns = emailThread(rng, turns, slots, t);
  return { record, truth: { reason, empathy_level: level, empathy_z: empZ, wait_z: waitZ, prior_contacts: prior, triggers } };
}

interface Plan {
  prior: number;
  resolved: boolean;
  transfers: number;
  hold: number;
  waitZ: number;
}

type Line = { speaker: 'agent' | 'customer'; text: string };

/**
 * The turns of one conversation. The opening (a problem) and each customer turn that voices
 * frustration, worry or a repeat contact is a trigger; the agent answers it in the next reply (timely) with probability equal to the
 * contact's empathy level, else (with half that chance) one reply later (late), else not at all
 * (missing), and then half the time dismissively. An answer is an empathy statement, an ownership
 * statement or both (both count as answering, as in voc's empathy score).
 */
function dialogue(rng: Random, s: Slots, agent: DemoAgent, level: number, reason: Reason, channel: Channel, p: Plan) {
  const turns: Line[] = [];
  const triggers: DemoTruth['triggers'] = [];
  let dismissals = 0;
  const say = (speaker: Line['speaker'], ...parts: string[]) => {
    turns.push({ speaker, text: fill(parts.filter(Boolean).join(T.JOIN), s) });
    return turns.length - 1;
  };
  const answer = (parts: string[]) => {
    const statement = rng.chance(0.75);
    if (statement) parts.push(rng.pick(T.AGENT_EMPATHY));
    if (!statement || rng.chance(0.4)) parts.push(rng.pick(T.AGENT_OWNERSHIP));
  };
  let lateEmpathy = false;
  // Detail lines without repeats: a customer does not give the same answer three times.
  const details = shuffled(rng, T.CUSTOMER_DETAILS);
  const reply = (trigger: number | null, body: string[]) => {
    const parts: string[] = [];
    if (lateEmpathy) {
      answer(parts);
      lateEmpathy = false;
    }
    if (trigger !== null) {
      if (rng.chance(level)) {
        answer(parts);
        triggers.push({ turn: trigger, response: 'timely' });
      } else if (rng.chance(0.5 * level)) {
        lateEmpathy = true;
        triggers.push({ turn: trigger, response: 'late' });
      } else {
        triggers.push({ turn: trigger, response: 'missing' });
        if (rng.chance(0.5)) {
          parts.push(rng.pick(T.AGENT_DISMISSIVE));
          dismissals++;
        }
      }
    }
    parts.push(...body);
    return say('agent', ...parts);
  };

  if (channel !== 'email') say('agent', rng.pick(T.AGENT_GREETING));
  const frustrated = p.prior > 0 || !p.resolved || rng.chance(0.6);
  const opening = [rng.pick(T.OPENINGS[reason])];
  if (p.prior > 0) opening.push(rng.pick(T.REPEAT));
  if (channel === 'call' && p.waitZ > 1 && rng.chance(0.5)) opening.push(rng.pick(T.CUSTOMER_WAIT));
  if (frustrated) opening.push(rng.pick(T.FRUSTRATION));
  const first = say('customer', ...opening);
  const turnsLeft = channel === 'email' ? 0 : rng.int(1, 3);
  reply(first, [rng.pick(T.AGENT_PROCEDURE)]); // every opening states a problem
  for (let i = 0; i < turnsLeft; i++) {
    const again = rng.chance(frustrated ? 0.3 : 0.1);
    const c = say('customer', details[i % details.length]!, again ? rng.pick(T.FRUSTRATION) : '');
    reply(again ? c : null, [rng.pick(T.AGENT_PROCEDURE)]);
  }
  if (p.hold > 0) say('agent', rng.pick(T.AGENT_HOLD));
  for (let i = 0; i < p.transfers; i++) {
    say('agent', rng.pick(T.AGENT_TRANSFER));
    const upset = rng.chance(0.5);
    const c = say('customer', upset ? rng.pick(T.FRUSTRATION) : T.OKAY);
    reply(upset ? c : null, [rng.pick(T.AGENT_PROCEDURE)]);
  }
  reply(null, [rng.pick(p.resolved ? T.AGENT_RESOLVE[reason] : T.AGENT_UNRESOLVED)]);
  if (channel === 'email') return { turns: mergeAdjacent(turns), triggers, dismissals };
  const closing = say('customer', rng.pick(p.resolved ? T.CUSTOMER_CLOSE_RESOLVED : T.CUSTOMER_CLOSE_UNRESOLVED));
  reply(p.resolved ? null : closing, [rng.pick(T.AGENT_CLOSE)]); // "this is useless" calls for empathy too
  return { turns, triggers, dismissals };
}

/**
 * Start and end seconds for call turns: speech by word count, short pauses between turns, the hold as
 * a gap. The transcript covers the conversation only; the rest of the handle time is system work and
 * after-contact work, which a transcript does not show.
 */
function timeTurns(rng: Random, turns: Line[], holdS: number): NonNullable<DemoRecord['turns']> {
  const speech = turns.map((t) => T.spokenWords(t.text) / WORDS_PER_S);
  const holdAfter = turns.findIndex((t) => T.AGENT_HOLD.includes(t.text));
  let clock = 0;
  return turns.map((t, i) => {
    clock += PAUSE_S.min + (PAUSE_S.max - PAUSE_S.min) * rng.next();
    const start_s = round1(clock);
    clock += speech[i]!;
    const out = { ...t, start_s, end_s: round1(clock) };
    if (i === holdAfter) clock += holdS;
    return out;
  });
}

/** An e-mail exchange: customer message with a signature, agent reply quoting it, maybe a follow-up. */
function emailThread(rng: Random, lines: Line[], s: Slots, t: number): NonNullable<DemoRecord['turns']> {
  const customer = lines.filter((l) => l.speaker === 'customer').map((l) => l.text).join(T.JOIN);
  const agent = lines.filter((l) => l.speaker === 'agent').map((l) => l.text).join(T.JOIN);
  const sig = rng.chance(0.6) ? rng.pick(T.EMAIL_SIGNATURES) : '';
  const when = new Date(t * 1000).toUTCString().slice(0, 16);
  const quoted = `${customer}${sig}`.split('\n').map((l) => `> ${l}`).join('\n');
  const out: NonNullable<DemoRecord['turns']> = [
    { speaker: 'customer', text: `${T.EMAIL_CUSTOMER_HELLO}${customer}${sig}` },
    { speaker: 'agent', text: `${T.EMAIL_AGENT_HELLO}${agent}${fill(T.AGENT_SIGNATURE, s)}\n\n${T.EMAIL_QUOTE.replace('{when}', when)}\n${quoted}` },
  ];
  if (rng.chance(0.25)) out.push({ speaker: 'customer', text: `${rng.pick(T.CUSTOMER_CLOSE_RESOLVED)}${sig}` });
  return out;
}

function review(rng: Random, interaction_id: string, customer_id: string, t: number): { record: DemoRecord; truth: DemoTruth } {
  const happy = rng.chance(0.55);
  const rating = Math.round(clamp((happy ? REVIEW_RATING.happy : REVIEW_RATING.unhappy) + REVIEW_RATING.noise * rng.normal(), 1, 5));
  const record: DemoRecord = {
    ...emptyKpis(interaction_id, 'review', customer_id, t),
    rating,
    text: fill(rng.pick(happy ? T.REVIEW_HAPPY : T.REVIEW_UNHAPPY), fillSlots(rng, null)),
  };
  return { record, truth: { reason: null, empathy_level: null, empathy_z: null, wait_z: null, prior_contacts: 0, triggers: [] } };
}

/** A post-contact survey about a contact with `agent`: scores from the KPI model, a free-text comment. */
function survey(rng: Random, interaction_id: string, customer_id: string, t: number, agent: DemoAgent) {
  const level = clamp(agent.empathy + EMPATHY_NOISE_SD * rng.normal(), 0, 1);
  const empZ = (experiencedEmpathy([], 0, level) - EMPATHY_EXPERIENCED.mean) / EMPATHY_EXPERIENCED.sd;
  const wait = gamma(rng, WAIT_S.call.mean, WAIT_S.call.sd);
  const waitZ = (wait - WAIT_S.call.mean) / WAIT_S.call.sd;
  const f = TRUE_EFFECTS.fcr;
  const resolved = rng.chance(logistic(f.intercept + agent.skill + f.empathy * levelZ(level)));
  const x = { empZ, waitZ, resolved: resolved ? 1 : 0, transfers: 0, holdMin: 0, prior: 0 };
  const csat = answer(rng, TRUE_EFFECTS.csat, x, 1, 5);
  const comments = csat >= 4 ? T.SURVEY_HAPPY : csat <= 2 ? T.SURVEY_UNHAPPY : T.SURVEY_NEUTRAL;
  const record: DemoRecord = {
    ...emptyKpis(interaction_id, 'survey', customer_id, t),
    agent_id: agent.agent_id,
    team: agent.team,
    csat,
    nps: answer(rng, TRUE_EFFECTS.nps, x, 0, 10),
    wait_time_s: Math.round(wait),
    resolved,
    text: rng.pick(comments),
  };
  return { record, truth: { reason: null, empathy_level: level, empathy_z: empZ, wait_z: waitZ, prior_contacts: 0, triggers: [] } };
}

/** A call that ended in the queue before an agent answered: KPIs only, no text. */
function abandonedCall(interaction_id: string, customer_id: string, t: number, queue: number, reason: Reason): { record: DemoRecord; truth: DemoTruth } {
  const record: DemoRecord = { ...emptyKpis(interaction_id, 'call', customer_id, t), wait_time_s: queue, queue_time_s: queue, abandoned: true };
  return { record, truth: { reason, empathy_level: null, empathy_z: null, wait_z: null, prior_contacts: 0, triggers: [] } };
}

function emptyKpis(interaction_id: string, channel: Channel, customer_id: string, t: number): DemoRecord {
  return {
    interaction_id,
    channel,
    agent_id: null,
    team: null,
    customer_id,
    started_at: new Date(t * 1000).toISOString(),
    csat: null,
    nps: null,
    ces: null,
    handle_time_s: null,
    wait_time_s: null,
    hold_time_s: null,
    transfers: null,
    resolved: null,
    rating: null,
  };
}

type Effects = { intercept: number; empathy: number; wait: number; resolved: number; transfers: number; hold: number; repeat: number; noise: number };
type Drivers = { empZ: number; waitZ: number; resolved: number; transfers: number; holdMin: number; prior: number };

/** A survey answer: the latent value from the known effects, clipped to the scale, rounded stochastically. */
const levelZ = (level: number) => (level - EMPATHY_LEVEL.mean) / EMPATHY_LEVEL.sd;

/**
 * EMPATHY_EXPERIENCED of one contact: from the answers to the turns that called for empathy, or, where
 * none did (and in a survey, whose conversation is not shown), the agent's level on the same scale.
 */
function experiencedEmpathy(triggers: DemoTruth['triggers'], dismissals: number, level: number): number {
  if (triggers.length === 0) return 100 * level;
  const credit = triggers.reduce((sum, t) => sum + (t.response === 'timely' ? 1 : t.response === 'late' ? 0.5 : 0), 0) / triggers.length;
  return clamp(100 * credit - DISMISSAL_POINTS * dismissals, 0, 100);
}

function answer(rng: Random, e: Effects, x: Drivers, lo: number, hi: number): number {
  const latent =
    e.intercept +
    e.empathy * x.empZ +
    e.wait * x.waitZ +
    e.resolved * x.resolved +
    e.transfers * x.transfers +
    e.hold * x.holdMin +
    e.repeat * x.prior +
    e.noise * rng.normal();
  return clamp(Math.floor(clamp(latent, lo, hi) + rng.next()), lo, hi);
}

interface Slots {
  item: string;
  amount: string;
  days: string;
  ref: string;
  agent: string;
}

function fillSlots(rng: Random, agent: DemoAgent | null): Slots {
  return {
    item: rng.pick(T.ITEMS),
    amount: T.money(rng.int(9, 240), rng.int(0, 99)),
    days: String(rng.int(3, 14)),
    ref: T.orderRef(rng.int(100000, 999999)),
    agent: agent ? T.AGENT_NAMES[Number(agent.agent_id.slice(1)) - 1]! : '',
  };
}

function fill(template: string, s: Slots): string {
  return template.replace(/\{(item|amount|days|ref|agent)\}/g, (_, k: keyof Slots) => s[k]);
}

/** Consecutive lines by one speaker joined into one turn (an e-mail is one message each way). */
function mergeAdjacent(lines: Line[]): Line[] {
  const out: Line[] = [];
  for (const l of lines) {
    const last = out[out.length - 1];
    if (last && last.speaker === l.speaker) last.text = `${last.text} ${l.text}`;
    else out.push({ ...l });
  }
  return out;
}

function shuffled<T>(rng: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function weighted<K extends string>(rng: Random, weights: Partial<Record<K, number>>): K {
  const entries = Object.entries(weights) as [K, number][];
  let r = rng.next() * entries.reduce((a, [, w]) => a + w, 0);
  for (const [k, w] of entries) if ((r -= w) < 0) return k;
  return entries[entries.length - 1]![0];
}

/** Gamma draw with the given mean and SD (Marsaglia–Tsang; shape ≥ 1 here). */
function gamma(rng: Random, mean: number, sd: number): number {
  const shape = (mean / sd) ** 2;
  const scale = (sd * sd) / mean;
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = rng.normal();
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    if (Math.log(1 - rng.next()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v * scale;
  }
}

const logistic = (x: number) => 1 / (1 + Math.exp(-x));
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const round1 = (x: number) => Math.round(x * 10) / 10;
