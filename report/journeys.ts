/**
 * `voc report journeys`: per customer, the contacts that follow each other within the window (each
 * within `windowDays` of the one before) make one journey. The report gives the most common paths of
 * channels (chat → call → email), where customers switch channel and after which contact reason, and
 * the CSAT at the end of each path. `voc show customer ID` prints one customer's timeline.
 */
import type { Queryable } from '../store/db.ts';
import { REPEAT_WINDOW_DAYS } from '../store/reports-facts.ts';
import { customerContacts, oneCustomer, type ContactRow } from '../store/reports-journeys.ts';
import type { ReportFilters } from '../store/filters.ts';

export interface JourneyOptions extends ReportFilters {
  scorerVersion: string;
  /** A contact within this many days of the customer's previous one continues the journey. @defaultValue REPEAT_WINDOW_DAYS */
  windowDays?: number;
  /** Paths listed. @defaultValue 10 */
  top?: number;
}

export interface PathRow {
  /** Channels in order, e.g. "chat → call". */
  path: string;
  journeys: number;
  /** Mean CSAT of the last contact of the path, where it was answered. */
  end_csat: number | null;
  end_csat_n: number;
}

export interface SwitchRow {
  from: string;
  to: string;
  /** The contact reason of the contact before the switch. */
  after_reason: string;
  n: number;
}

export interface JourneyReport {
  window_days: number;
  customers: number;
  /** Journeys of more than one contact. */
  journeys: number;
  /** Share of those journeys that changed channel at least once. */
  switch_share: number | null;
  paths: PathRow[];
  switches: SwitchRow[];
}

/** Splits a customer's ordered contacts into journeys: a gap longer than the window starts a new one. */
export function splitJourneys(contacts: readonly ContactRow[], windowDays: number): ContactRow[][] {
  const out: ContactRow[][] = [];
  let current: ContactRow[] = [];
  for (const c of contacts) {
    const prev = current.at(-1);
    if (prev && (prev.customer_id !== c.customer_id || Date.parse(c.started_at) - Date.parse(prev.started_at) > windowDays * 86_400_000)) {
      out.push(current);
      current = [];
    }
    current.push(c);
  }
  if (current.length) out.push(current);
  return out;
}

/** Paths, switches and end CSAT from ordered contacts (pure: the SQL only fetches the contacts). */
export function analyseJourneys(contacts: readonly ContactRow[], windowDays: number, top = 10): JourneyReport {
  const journeys = splitJourneys(contacts, windowDays).filter((j) => j.length > 1);
  const paths = new Map<string, { journeys: number; csat: number[] }>();
  const switches = new Map<string, SwitchRow>();
  let switched = 0;
  for (const j of journeys) {
    const path = j.map((c) => c.channel).join(' → ');
    let p = paths.get(path);
    if (!p) paths.set(path, (p = { journeys: 0, csat: [] }));
    p.journeys++;
    const end = j.at(-1)!;
    if (end.csat !== null) p.csat.push(end.csat);
    let any = false;
    for (let i = 1; i < j.length; i++) {
      const a = j[i - 1]!;
      const b = j[i]!;
      if (a.channel === b.channel) continue;
      any = true;
      const key = `${a.channel}\u0000${b.channel}\u0000${a.reason ?? 'unscored'}`;
      const s = switches.get(key) ?? { from: a.channel, to: b.channel, after_reason: a.reason ?? 'unscored', n: 0 };
      s.n++;
      switches.set(key, s);
    }
    if (any) switched++;
  }
  return {
    window_days: windowDays,
    customers: new Set(contacts.map((c) => c.customer_id)).size,
    journeys: journeys.length,
    switch_share: journeys.length ? switched / journeys.length : null,
    paths: [...paths].map(([path, p]) => ({ path, journeys: p.journeys, end_csat_n: p.csat.length, end_csat: p.csat.length ? p.csat.reduce((a, b) => a + b, 0) / p.csat.length : null }))
      .sort((a, b) => b.journeys - a.journeys || a.path.localeCompare(b.path)).slice(0, top),
    switches: [...switches.values()].sort((a, b) => b.n - a.n || a.from.localeCompare(b.from)).slice(0, top),
  };
}

export async function journeyReport(db: Queryable, opts: JourneyOptions): Promise<JourneyReport> {
  const contacts = await customerContacts(db, opts.scorerVersion, opts);
  return analyseJourneys(contacts, opts.windowDays ?? REPEAT_WINDOW_DAYS, opts.top ?? 10);
}

export interface CustomerTimeline {
  customer_id: string;
  contacts: (ContactRow & { days_since_previous: number | null; journey: number })[];
}

/** One customer's contacts in order, numbered by journey; null when the customer has none. */
export async function customerTimeline(db: Queryable, customerId: string, opts: { scorerVersion: string; windowDays?: number }): Promise<CustomerTimeline | null> {
  const rows = await oneCustomer(db, opts.scorerVersion, customerId);
  if (rows.length === 0) return null;
  const window = opts.windowDays ?? REPEAT_WINDOW_DAYS;
  let journey = 1;
  const contacts = rows.map((c, i) => {
    const prev = rows[i - 1];
    const days = prev?.started_at && c.started_at ? (Date.parse(c.started_at) - Date.parse(prev.started_at)) / 86_400_000 : null;
    if (days !== null && days > window) journey++;
    return { ...c, days_since_previous: days, journey };
  });
  return { customer_id: customerId, contacts };
}
