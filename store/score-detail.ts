/**
 * The stored form of a score's detail (`scores.detail`, json text, and `scores.detail_packed`): what
 * SQL reads as json, the rest packed, the evidence kept once in a table
 * of the row and referred to by position, its words referred to by turn and offsets into the stored
 * turn text (interaction_turns) rather than copied, positional arrays instead of repeated keys,
 * one-letter codes for labels, speakers and polarities, and numbers rounded to 4 decimals.
 * `encodeDetail` and `decodeDetail` are exact inverses for the scorer's output (its figures have at
 * most 4 decimals), given the same turn texts.
 *
 * Layout (format 2). In `detail` (json), what SQL reads (the turn_scores view, the reasons and coaching
 * reports):
 *   f  2
 *   e  evidence table, the part cues and reasons refer to: [turn, start, end, cue?, weight?, text?].
 *        The text is left out when it is the turn's text from start to end (offsets in UTF-16 code
 *        units, the same as characters where SQL cuts it: the text is kept when the turn has a
 *        character outside the BMP before its end). cue null when only a weight or text follows; a
 *        number is the id of the cue's name in score_cues, a string the name itself.
 *        voc_evidence_text(detail, k, texts) in SQL (migration 013) gives the words of evidence k.
 *   g  [language, {turn: its language, for the turns in another one}]
 *   u  turns: [turn, speaker, score, label]
 *   t  triggers: [turn, reason, response, answered_by]
 *   q  cues: [turn, category, polarity, evidence]
 *   i  the reasons named as the primary one: [[intent, [evidence]]]
 * In `detail_packed` (json deflated with the preset dictionary score-detail.dict), the rest:
 *   e  the rest of the evidence table (evidence k of the whole table is e[k - length of detail.e])
 *   g  language: [language, script, confidence, [per turn: its confidence when in the same language and
 *        script, else [language, script, confidence]]]
 *   x  not_scored (only when set)
 *   s  sentiment: [score, label, customer_start, customer_end, customer_shift, trajectory,
 *        {a|c: [score, label]}, [evidence], [[turn, start, end, score, label, [evidence]] per sentence]]
 *   m  empathy: [applicable, score, empathy_statements, ownership_statements]
 *   t  the evidence of each trigger: [[evidence] per trigger]
 *   d  effort: [score, predicted_ces, [[driver, kind, weight, [evidence]] per driver]]
 *   i  intent: [primary, confidence, [[intent, confidence, [evidence]] per reason]]
 * Labels are p/u/n (positive, neutral, negative), speakers a/c, polarities p/n.
 * Format 1 (migration 010) was one json: e whole, with the words of each evidence copied ([turn, start,
 * end, text, cue?, weight?]), g, s, m, t (with its evidence), d and i as in the packed part, u and q.
 */
import type { Evidence, InteractionScores, SentimentLabel, Speaker } from '../pipeline/types.ts';
import { readFileSync } from 'node:fs';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Queryable } from './db.ts';

export const DETAIL_FORMAT = 2;

/** Format 1's evidence, the words copied. */
type Ev1 = [number, number, number, string, (string | number | null)?, number?];
type Ev = [number, number, number, (string | number | null)?, (number | null)?, string?];

/** Whether `text` is `turn` cut from start to end, the same in UTF-16 units as in characters. */
const isSlice = (turn: string | undefined, start: number, end: number, text: string): boolean =>
  turn !== undefined && turn.slice(start, end) === text && !/[\uD800-\uDFFF]/.test(turn.slice(0, end));

const r4 = (x: number | null | undefined): number | null => (x == null ? null : Math.round(x * 1e4) / 1e4);
const LABEL = { positive: 'p', neutral: 'u', negative: 'n' } as const;
const UNLABEL: Record<string, SentimentLabel> = { p: 'positive', u: 'neutral', n: 'negative' };
const SPEAKER = { agent: 'a', customer: 'c' } as const;
const UNSPEAKER: Record<string, Speaker> = { a: 'agent', c: 'customer' };

/**
 * The preset dictionary of the packed part: packed parts of scored demo interactions (seed 1, made by
 * bench/detail-dictionary.ts), so that even a short one finds the keys, labels, driver names and
 * number shapes it repeats. Format 2 is bound to it: a new dictionary needs a new format.
 */
const DICTIONARY = readFileSync(new URL('./score-detail.dict', import.meta.url));
const ZLIB = { level: 6, dictionary: DICTIONARY };
const pack = (json: string): Buffer => deflateRawSync(json, ZLIB);
const unpack = (packed: Uint8Array): string => inflateRawSync(packed, ZLIB).toString('utf8');

/** The part of a result that no SQL reads, as it is packed (for bench/detail-dictionary.ts). */
export const packedJson = (s: StoredDetail): string => unpack(s.packed);

/** The stored form of a result: the json the SQL readers use, and the rest packed. */
export interface StoredDetail {
  detail: string;
  packed: Buffer;
}

/**
 * The stored form of a result. `texts` are the interaction's turn texts as stored; evidence whose
 * words are a cut of them is stored by its offsets only (without them, every text is kept).
 */
export function encodeDetail(s: InteractionScores, cueIds?: ReadonlyMap<string, number>, texts?: readonly string[]): StoredDetail {
  const table: Ev[] = [];
  const seen = new Map<string, number>();
  const ev = (e: Evidence): number => {
    const row: Ev = [e.turn, e.start, e.end];
    const cue = e.cue === undefined ? undefined : (cueIds?.get(e.cue) ?? e.cue);
    const text = isSlice(texts?.[e.turn], e.start, e.end, e.text) ? undefined : e.text;
    if (text !== undefined) row.push(cue ?? null, e.weight === undefined ? null : r4(e.weight), text);
    else if (e.weight !== undefined) row.push(cue ?? null, r4(e.weight));
    else if (cue !== undefined) row.push(cue);
    const key = JSON.stringify(row);
    let k = seen.get(key);
    if (k === undefined) {
      k = table.length;
      table.push(row);
      seen.set(key, k);
    }
    return k;
  };
  const evs = (list: Evidence[]) => list.map(ev);
  const st = s.sentiment;
  const lang = s.language;
  // The evidence SQL reads (of cues and reasons) first, in the json; the rest is packed.
  const q = s.empathy.cues.map((c) => [c.turn, c.category, c.polarity === 'positive' ? 'p' : 'n', ev(c.evidence)]);
  const reasons = s.intent.intents.filter((m) => m.intent === s.intent.primary).map((m) => [m.intent, evs(m.evidence)]);
  const shared = table.length;
  // The languages of the turns not in the interaction's, by turn.
  const turnLanguages: Record<number, string> = {};
  lang.turns.forEach((t, k) => {
    if (t.language !== lang.language) turnLanguages[k] = t.language;
  });
  const speakers: Record<string, [number | null, string]> = {};
  for (const [who, v] of Object.entries(st.speakers)) if (v) speakers[SPEAKER[who as Speaker]] = [r4(v.score), LABEL[v.label]];
  const rest: Record<string, unknown> = {
    s: [
      r4(st.score), LABEL[st.label], r4(st.customer_start), r4(st.customer_end), r4(st.customer_shift), st.trajectory, speakers,
      evs(st.evidence), st.sentences.map((x) => [x.turn, x.start, x.end, r4(x.score), LABEL[x.label], evs(x.evidence)]),
    ],
    m: [s.empathy.applicable, r4(s.empathy.score), r4(s.empathy.empathy_statements), r4(s.empathy.ownership_statements)],
    t: s.empathy.triggers.map((t) => evs(t.evidence)),
    d: [r4(s.effort.score), r4(s.effort.predicted_ces), s.effort.drivers.map((d) => [d.driver, d.kind, r4(d.weight), evs(d.evidence)])],
  };
  if (s.not_scored) rest.x = s.not_scored;
  // A turn in the interaction's language and script is only its confidence.
  rest.g = [lang.language, lang.script, r4(lang.confidence), lang.turns.map((t) => (t.language === lang.language && t.script === lang.script ? r4(t.confidence) : [t.language, t.script, r4(t.confidence)]))];
  rest.i = [s.intent.primary, r4(s.intent.confidence), s.intent.intents.map((m) => [m.intent, r4(m.confidence), evs(m.evidence)])];
  rest.e = table.slice(shared);
  const detail = {
    f: DETAIL_FORMAT,
    e: table.slice(0, shared),
    g: [lang.language, turnLanguages],
    u: st.turns.map((t) => [t.turn, SPEAKER[t.speaker], r4(t.score), LABEL[t.label]]),
    t: s.empathy.triggers.map((t) => [t.turn, t.reason, t.response, t.answered_by]),
    q,
    i: reasons,
  };
  return { detail: JSON.stringify(detail), packed: pack(JSON.stringify(rest)) };
}

type Row = Record<string, any>;

/** A format-2 detail with its packed part put back (one evidence table, triggers with their evidence). */
function unpackDetail(d: Row, packed: Uint8Array | null | undefined, interactionId: string): Row {
  if (d.f !== DETAIL_FORMAT || 's' in d) return d;
  if (!packed) throw new Error(`the score of ${interactionId} has lost the packed part of its detail`);
  const rest = JSON.parse(unpack(packed));
  return { ...d, ...rest, e: [...d.e, ...rest.e], t: d.t.map((t: unknown[], k: number) => [...t, rest.t[k]]) };
}

/**
 * The result back from its stored detail (a compact one, or a whole result as stored before the
 * compact form, which is returned as it is). Format 2 needs its packed part and the interaction's
 * stored turn texts, which its evidence is cut from.
 */
export function decodeDetail(
  stored: string | Row,
  interactionId: string,
  scorerVersion: string,
  cueNames?: ReadonlyMap<number, string>,
  texts?: readonly string[],
  packed?: Uint8Array | null,
): InteractionScores {
  const d = unpackDetail(typeof stored === 'string' ? JSON.parse(stored) : stored, packed, interactionId);
  if (d.f !== DETAIL_FORMAT && d.f !== 1) return d as InteractionScores;
  const table = d.e as (Ev | Ev1)[];
  const ev = (k: number): Evidence => {
    let turn: number, start: number, end: number, text: string, cue: string | number | null | undefined, weight: number | null | undefined;
    if (d.f === 1) [turn, start, end, text, cue, weight] = table[k] as Ev1;
    else {
      let kept: string | undefined;
      [turn, start, end, cue, weight, kept] = table[k] as Ev;
      text = kept ?? (texts?.[turn] ?? '').slice(start, end);
    }
    const e: Evidence = { text, turn, start, end };
    if (cue != null) e.cue = typeof cue === 'number' ? (cueNames?.get(cue) ?? `#${cue}`) : cue;
    if (weight != null) e.weight = weight;
    return e;
  };
  const evs = (ks: number[]) => ks.map(ev);
  const [language, script, confidence, langTurns] = d.g;
  const [score, label, cStart, cEnd, cShift, trajectory, speakers, sEvidence, sentences] = d.s;
  const [applicable, empathy, empStatements, ownStatements] = d.m;
  const [effort, ces, drivers] = d.d;
  const [primary, intentConfidence, intents] = d.i;
  const speakerValues: InteractionScores['sentiment']['speakers'] = {};
  for (const k of ['a', 'c']) {
    const v = speakers[k];
    if (v) speakerValues[UNSPEAKER[k]!] = { score: v[0], label: UNLABEL[v[1]]! };
  }
  return {
    interaction_id: interactionId,
    scorer_version: scorerVersion,
    language: { language, script, confidence, turns: langTurns.map((t: any) => (typeof t === 'number' ? { language, script, confidence: t } : { language: t[0], script: t[1], confidence: t[2] })) },
    not_scored: d.x ?? null,
    sentiment: {
      score,
      label: UNLABEL[label]!,
      sentences: sentences.map((x: any[]) => ({ turn: x[0], start: x[1], end: x[2], score: x[3], label: UNLABEL[x[4]]!, evidence: evs(x[5]) })),
      turns: d.u.map((t: any[]) => ({ turn: t[0], speaker: UNSPEAKER[t[1]]!, score: t[2], label: UNLABEL[t[3]]! })),
      speakers: speakerValues,
      customer_start: cStart,
      customer_end: cEnd,
      customer_shift: cShift,
      trajectory,
      evidence: evs(sEvidence),
    },
    empathy: {
      applicable,
      score: empathy,
      empathy_statements: empStatements,
      ownership_statements: ownStatements,
      triggers: d.t.map((t: any[]) => ({ turn: t[0], reason: t[1], evidence: evs(t[4]), response: t[2], answered_by: t[3] })),
      cues: d.q.map((c: any[]) => ({ turn: c[0], category: c[1], polarity: c[2] === 'p' ? 'positive' : 'negative', evidence: ev(c[3]) })),
    },
    effort: { score: effort, predicted_ces: ces, drivers: drivers.map((x: any[]) => ({ driver: x[0], kind: x[1], weight: x[2], evidence: evs(x[3]) })) },
    intent: { primary, confidence: intentConfidence, intents: intents.map((m: any[]) => ({ intent: m[0], confidence: m[1], evidence: evs(m[2]) })) },
  } as InteractionScores;
}

/** Interactions compacted per transaction by `compactStoredScores`. */
const COMPACT_BATCH = 500;

/**
 * Rewrites the scores stored in an earlier form (whole results before migration 010, format 1 before
 * 013; listed in scores_to_compact by those migrations) in batches, and drops the list when it is
 * empty. Safe to run from several processes at once: each takes batches the others have not locked.
 * Returns how many rows it went through.
 */
export async function compactStoredScores(db: { query: Queryable['query']; transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> }): Promise<number> {
  const { rows } = await db.query<{ t: string | null }>(`SELECT to_regclass('scores_to_compact')::text AS t`);
  if (!rows[0]?.t) return 0;
  let done = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const batch = await tx.query<{ interaction_id: string; scorer_version: string; detail: string | Row; texts: string[] | null }>(
        `WITH b AS (DELETE FROM scores_to_compact WHERE ctid IN (SELECT ctid FROM scores_to_compact LIMIT ${COMPACT_BATCH} FOR UPDATE SKIP LOCKED)
           RETURNING interaction_id, scorer_version)
         SELECT s.interaction_id, s.scorer_version, s.detail, t.texts FROM scores s JOIN b USING (interaction_id, scorer_version)
           LEFT JOIN interaction_turns t ON t.interaction_id = s.interaction_id`,
      );
      const todo = batch.rows
        .map((r) => ({ r, d: (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as Row }))
        .filter(({ d }) => d.f !== DETAIL_FORMAT);
      if (todo.length > 0) {
        const names = await allCueNames(tx, todo.map((x) => x.d));
        const results = todo.map((x) => decodeDetail(x.d, x.r.interaction_id, x.r.scorer_version, names, x.r.texts ?? undefined));
        const ids = await cueIdsFor(tx, tx, results);
        const stored = results.map((s, k) => encodeDetail(s, ids, todo[k]!.r.texts ?? undefined));
        await tx.query(
          `UPDATE scores s SET detail = u.detail, detail_packed = decode(u.packed, 'base64')
           FROM unnest($1::text[], $2::text[], $3::json[], $4::text[]) AS u(interaction_id, scorer_version, detail, packed)
           WHERE s.interaction_id = u.interaction_id AND s.scorer_version = u.scorer_version`,
          [todo.map((x) => x.r.interaction_id), todo.map((x) => x.r.scorer_version), stored.map((x) => x.detail), stored.map((x) => x.packed.toString('base64'))],
        );
      }
      return batch.rows.length;
    });
    done += n;
    if (n === 0) break;
  }
  await db.query(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM scores_to_compact) THEN DROP TABLE scores_to_compact; END IF; END $$`).catch(() => {});
  return done;
}

/** The cue names of the score_cues table, per database handle: a name never changes its id. */
const cueCache = new WeakMap<object, { ids: Map<string, number>; names: Map<number, string> }>();
const cacheOf = (db: object) => {
  let c = cueCache.get(db);
  if (!c) cueCache.set(db, (c = { ids: new Map(), names: new Map() }));
  return c;
};

/** The cue names of these results that the cache does not know yet. */
function unknownCues(cache: object, results: readonly InteractionScores[]): Set<string> {
  const known = cacheOf(cache).ids;
  const names = new Set<string>();
  const add = (e: Evidence) => {
    if (e.cue !== undefined && !known.has(e.cue)) names.add(e.cue);
  };
  for (const s of results) {
    s.sentiment.evidence.forEach(add);
    for (const x of s.sentiment.sentences) x.evidence.forEach(add);
    for (const t of s.empathy.triggers) t.evidence.forEach(add);
    for (const c of s.empathy.cues) add(c.evidence);
    for (const d of s.effort.drivers) d.evidence.forEach(add);
    for (const m of s.intent.intents) m.evidence.forEach(add);
  }
  return names;
}

/** Adds the names not in score_cues yet (in name order, so two writers cannot deadlock) and reads their ids. */
async function addCues(tx: Queryable, cache: object, names: Set<string>): Promise<Map<string, number>> {
  const out = new Map(cacheOf(cache).ids);
  if (names.size > 0) {
    const list = [...names].sort();
    await tx.query('INSERT INTO score_cues (cue) SELECT c FROM unnest($1::text[]) AS c WHERE NOT EXISTS (SELECT 1 FROM score_cues k WHERE k.cue = c) ORDER BY c ON CONFLICT (cue) DO NOTHING', [list]);
    const { rows } = await tx.query<{ id: number; cue: string }>('SELECT id, cue FROM score_cues WHERE cue = ANY($1::text[])', [list]);
    for (const r of rows) out.set(r.cue, r.id);
  }
  return out;
}

/** The ids of these cue names in score_cues, adding the names not there yet, in the caller's transaction. */
export async function cueIdsFor(tx: Queryable, cache: object, results: readonly InteractionScores[]): Promise<Map<string, number>> {
  return addCues(tx, cache, unknownCues(cache, results));
}

/**
 * The same in a short transaction of its own, committed before the caller writes its scores: two
 * writers meeting the same new name wait for each other only that long, not for the whole of each
 * other's score write. The ids are remembered.
 */
export async function commitCueIds(
  db: { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> },
  results: readonly InteractionScores[],
): Promise<Map<string, number>> {
  const names = unknownCues(db, results);
  if (names.size === 0) return new Map(cacheOf(db).ids);
  const ids = await db.transaction((tx) => addCues(tx, db, names));
  rememberCueIds(db, ids);
  return ids;
}

/** Remembers ids that are now committed, so the next chunk need not look them up. */
export function rememberCueIds(cache: object, ids: ReadonlyMap<string, number>): void {
  const c = cacheOf(cache);
  for (const [name, id] of ids) {
    c.ids.set(name, id);
    c.names.set(id, name);
  }
}

/** The names of the cue ids that format-1 details refer to. */
async function allCueNames(db: Queryable, details: readonly Row[]): Promise<Map<number, string>> {
  const wanted = new Set<number>();
  for (const d of details) if (d.f === 1) for (const e of d.e as Ev1[]) if (typeof e[4] === 'number') wanted.add(e[4]);
  if (wanted.size === 0) return new Map();
  const { rows } = await db.query<{ id: number; cue: string }>('SELECT id, cue FROM score_cues WHERE id = ANY($1::int[])', [[...wanted]]);
  return new Map(rows.map((r) => [r.id, r.cue]));
}

/** The id of the cue a stored evidence refers to, if any. */
const cueOf = (d: Row, e: Ev | Ev1): unknown => (d.f === 1 ? e[4] : e[3]);

/** A stored score as read: its detail, packed part and, when read with it, the interaction's turn texts. */
export interface StoredRow {
  interaction_id: string;
  scorer_version: string;
  detail: string | Row;
  detail_packed?: Uint8Array | null;
  texts?: readonly string[] | null;
}

/**
 * Decodes stored details, reading the names of the cue ids they refer to and, for the rows given
 * without them, the turn texts their evidence is cut from.
 */
export async function decodeStored(db: Queryable, rows: readonly StoredRow[]): Promise<InteractionScores[]> {
  const parsed = rows.map((r) => unpackDetail(typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail, r.detail_packed, r.interaction_id));
  const names = cacheOf(db).names;
  const missing = new Set<number>();
  for (const d of parsed) {
    if (d.f !== DETAIL_FORMAT && d.f !== 1) continue;
    for (const e of d.e as Ev[]) {
      const cue = cueOf(d, e);
      if (typeof cue === 'number' && !names.has(cue)) missing.add(cue);
    }
  }
  if (missing.size > 0) {
    const { rows: found } = await db.query<{ id: number; cue: string }>('SELECT id, cue FROM score_cues WHERE id = ANY($1::int[])', [[...missing]]);
    for (const r of found) names.set(r.id, r.cue);
  }
  const texts = new Map<string, readonly string[]>();
  const unread = [...new Set(rows.filter((r, k) => !r.texts && parsed[k]!.f === DETAIL_FORMAT).map((r) => r.interaction_id))];
  if (unread.length > 0) {
    const { rows: found } = await db.query<{ interaction_id: string; texts: string[] }>('SELECT interaction_id, texts FROM interaction_turns WHERE interaction_id = ANY($1::text[])', [unread]);
    for (const r of found) texts.set(r.interaction_id, r.texts);
  }
  return parsed.map((d, k) => {
    const r = rows[k]!;
    return decodeDetail(d, r.interaction_id, r.scorer_version, names, r.texts ?? texts.get(r.interaction_id));
  });
}
