/**
 * A QA scorecard (form, rubric) as data: sections of weighted yes / no / N/A questions, each answered
 * automatically from voc's signals by a rule. `parseScorecard` checks a parsed JSON file and names the
 * bad item; the version is the content hash of the file, stamped on every stored answer like the
 * scorer version, so an edited scorecard is a new version and is scored again.
 */
import { lexiconHash } from '../lexicon/load.ts';
import { CHANNELS, type Channel } from '../types.ts';

/** How an item is answered automatically. */
export type Rule =
  /** Yes when the empathy score (0–100) reaches `min_score`; N/A when no customer turn called for empathy. */
  | { kind: 'empathy'; min_score: number }
  /** Yes when the agent made at least `min` ownership statements (taking the problem on). */
  | { kind: 'ownership'; min: number }
  /** Yes when a `speaker` turn among the first (or last) `turns` of that speaker says one of `phrases`. */
  | { kind: 'phrases'; speaker: 'agent' | 'customer'; where: 'first' | 'last' | 'any'; turns: number; phrases: string[] }
  /** Yes when the customer's effort (0–100, higher = harder) is at most `max_effort`. */
  | { kind: 'effort'; max_effort: number }
  /** Yes when `resolved` is true, or (no FCR flag) the customer did not contact again within `days`. */
  | { kind: 'resolution'; days: number }
  /** No when the agent said a cue of one of `categories` (lexicons/en/empathy-cues.json: blame, dismissal, rushing). */
  | { kind: 'no_cue'; categories: string[] }
  /** Yes when hold time is at most `max_seconds`; N/A when hold time is not recorded. */
  | { kind: 'hold'; max_seconds: number }
  /** Yes when transfers are at most `max`; N/A when not recorded. */
  | { kind: 'transfers'; max: number }
  /** Yes when the agent started talking over the customer at most `max` times (by `min_overlap_s` or more); N/A on untimed transcripts. */
  | { kind: 'talk_over'; max: number; min_overlap_s: number }
  /** N/A unless the contact reason is one of `intents`; then yes when an agent turn says one of `phrases`. */
  | { kind: 'intent_phrases'; intents: string[]; phrases: string[] };

export const RULE_KINDS = ['empathy', 'ownership', 'phrases', 'effort', 'resolution', 'no_cue', 'hold', 'transfers', 'talk_over', 'intent_phrases'] as const;

export interface ScorecardItem {
  id: string;
  question: string;
  section: string;
  weight: number;
  channels: Channel[];
  critical: boolean;
  rule: Rule;
  why?: string;
}

export interface Scorecard {
  name: string;
  /** `sc` + the evaluation code's version + `.` + 8 hex digits of the file's content hash, e.g. `sc2.6f405d14`. */
  version: string;
  /** An evaluation passes at this score (0–100) or above, when no critical item failed. */
  pass_mark: number;
  /** A failed critical item: `zero` sets the score to 0, `mark` keeps it and marks the evaluation failed. */
  critical_fail: 'zero' | 'mark';
  items: ScorecardItem[];
}

/**
 * Bump with any change to the evaluation code that can change an answer: it is part of every
 * scorecard version, so stored evaluations from older code are evaluated again.
 */
export const EVALUATION_VERSION = 2;

export class ScorecardError extends Error {
  override name = 'ScorecardError';
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks a parsed scorecard file; throws ScorecardError naming the section or item and the reason. */
export function parseScorecard(json: unknown, file = 'scorecard'): Scorecard {
  const fail = (where: string, reason: string): never => {
    throw new ScorecardError(`${file}: ${where}: ${reason}`);
  };
  if (!isObj(json)) fail('top level', 'must be a JSON object with "name" and "sections"');
  const top = json as Json;
  if (typeof top.name !== 'string' || !top.name) fail('name', 'must be a non-empty string');
  const passMark = top.pass_mark ?? 80;
  if (typeof passMark !== 'number' || passMark < 0 || passMark > 100) fail('pass_mark', `must be a number from 0 to 100, got ${JSON.stringify(top.pass_mark)}`);
  const criticalFail = top.critical_fail ?? 'zero';
  if (criticalFail !== 'zero' && criticalFail !== 'mark') fail('critical_fail', `must be "zero" or "mark", got ${JSON.stringify(top.critical_fail)}`);
  if (!Array.isArray(top.sections) || top.sections.length === 0) fail('sections', 'must be a non-empty list of sections');
  const items: ScorecardItem[] = [];
  const ids = new Set<string>();
  (top.sections as unknown[]).forEach((s, si) => {
    const sWhere = `sections[${si}]`;
    if (!isObj(s)) fail(sWhere, 'must be an object with "name" and "items"');
    const sec = s as Json;
    if (typeof sec.name !== 'string' || !sec.name) fail(sWhere, '"name" must be a non-empty string');
    if (!Array.isArray(sec.items) || sec.items.length === 0) fail(`section "${sec.name}"`, '"items" must be a non-empty list');
    (sec.items as unknown[]).forEach((it, ii) => {
      if (!isObj(it)) fail(`section "${sec.name}" item ${ii + 1}`, 'must be an object');
      const item = it as Json;
      const where = typeof item.id === 'string' && item.id ? `item "${item.id}"` : `section "${sec.name}" item ${ii + 1}`;
      if (typeof item.id !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(item.id)) fail(where, '"id" must be 1–64 letters, digits, "_", "-" or "."');
      if (ids.has(item.id as string)) fail(where, 'the id is used twice; every item needs its own');
      ids.add(item.id as string);
      if (typeof item.question !== 'string' || !item.question) fail(where, '"question" must be a non-empty string');
      if (typeof item.weight !== 'number' || !(item.weight > 0) || !Number.isFinite(item.weight)) fail(where, `"weight" must be a number above 0, got ${JSON.stringify(item.weight)}`);
      const channels = item.channels ?? [...CHANNELS];
      if (!Array.isArray(channels) || channels.length === 0 || channels.some((c) => !(CHANNELS as readonly unknown[]).includes(c))) {
        fail(where, `"channels" must be a non-empty list of ${CHANNELS.join(', ')}; got ${JSON.stringify(item.channels)}`);
      }
      if (item.critical !== undefined && typeof item.critical !== 'boolean') fail(where, '"critical" must be true or false');
      items.push({
        id: item.id as string,
        question: item.question as string,
        section: sec.name as string,
        weight: item.weight as number,
        channels: channels as Channel[],
        critical: item.critical === true,
        rule: parseRule(item.rule, (reason) => fail(where, reason)),
        ...(typeof item.why === 'string' ? { why: item.why } : {}),
      });
    });
  });
  return { name: top.name as string, version: `sc${EVALUATION_VERSION}.${lexiconHash({ scorecard: json })}`, pass_mark: passMark as number, critical_fail: criticalFail as 'zero' | 'mark', items };
}

function parseRule(rule: unknown, fail: (reason: string) => never): Rule {
  if (!isObj(rule)) return fail(`"rule" must be an object with a "kind" (${RULE_KINDS.join(', ')})`);
  const r = rule as Json;
  const num = (key: string, min: number, dflt?: number): number => {
    const v = r[key] ?? dflt;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) return fail(`rule "${String(r.kind)}": "${key}" must be a number ≥ ${min}, got ${JSON.stringify(r[key])}`);
    return v;
  };
  const words = (key: string): string[] => {
    const v = r[key];
    if (!Array.isArray(v) || v.length === 0 || v.some((p) => typeof p !== 'string' || !p.trim())) return fail(`rule "${String(r.kind)}": "${key}" must be a non-empty list of non-empty strings`);
    return v as string[];
  };
  switch (r.kind) {
    case 'empathy': return { kind: 'empathy', min_score: num('min_score', 0, 50) };
    case 'ownership': return { kind: 'ownership', min: num('min', 1, 1) };
    case 'phrases': {
      const speaker = r.speaker ?? 'agent';
      if (speaker !== 'agent' && speaker !== 'customer') return fail('rule "phrases": "speaker" must be "agent" or "customer"');
      const where = r.where ?? 'any';
      if (where !== 'first' && where !== 'last' && where !== 'any') return fail('rule "phrases": "where" must be "first", "last" or "any"');
      return { kind: 'phrases', speaker, where, turns: num('turns', 1, 1), phrases: words('phrases') };
    }
    case 'effort': return { kind: 'effort', max_effort: num('max_effort', 0) };
    case 'resolution': return { kind: 'resolution', days: num('days', 1, 7) };
    case 'no_cue': return { kind: 'no_cue', categories: words('categories') };
    case 'hold': return { kind: 'hold', max_seconds: num('max_seconds', 0) };
    case 'transfers': return { kind: 'transfers', max: num('max', 0, 0) };
    case 'talk_over': return { kind: 'talk_over', max: num('max', 0, 0), min_overlap_s: num('min_overlap_s', 0, 1) };
    case 'intent_phrases': return { kind: 'intent_phrases', intents: words('intents'), phrases: words('phrases') };
    default: return fail(`rule "kind" must be one of ${RULE_KINDS.join(', ')}, got ${JSON.stringify(r.kind)}`);
  }
}
