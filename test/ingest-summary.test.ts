/**
 * The summary `voc ingest` prints: which kinds of reject and warning, how many of each, without each
 * row's own value; "1 row", and a word when the file had no rows at all.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { printSummary, type IngestOutcome } from '../cli/run-ingest.ts';
import { issueKind } from '../ingest/ingest.ts';

const rt = { inProcess: true, totals: { scored: 0, failed: 0, skipped: 0, chunkErrors: 0 } };
const outcome = (o: Partial<IngestOutcome>): IngestOutcome => ({
  file: 'calls.csv', read: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, warned: 0, queued: 0, rejectsPath: null, issues: {}, scored: 0, failed: 0, ...o,
});
const printed = (o: IngestOutcome) => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  printSummary(o, rt);
  return log.mock.calls.map((c) => c.join(' ')).join('\n');
};
afterEach(() => vi.restoreAllMocks());

describe('issueKind', () => {
  it.each([
    ['started_at must be a date and time (ISO 8601, e.g. 2026-03-02T09:30:00Z), got "Mon Jan 05 10:00:00 +0000 2026"; dropped', 'started_at must be a date and time (ISO 8601, e.g. 2026-03-02T09:30:00Z); dropped'],
    ['csat must be a whole number 1–5, got "4.5"; dropped', 'csat must be a whole number 1–5; dropped'],
    ['csat must be a whole number 1–5, got 1e+308; dropped', 'csat must be a whole number 1–5; dropped'],
    ['channel must be one of call, email, chat, review, survey, got "fax, \\"x\\""', 'channel must be one of call, email, chat, review, survey'],
    ['interaction_id is 10,000 characters long; at most 256', 'interaction_id is too long; at most 256'],
    ['duplicate interaction_id (first on line 12)', 'duplicate interaction_id'],
    ["broken CSV quoting: missing closing: '\"' in line: at '\"Customer: hi'", 'broken CSV quoting'],
    ['expected 7 columns, found 9', 'the wrong number of columns'],
    ['the rest of line 12, whose quoting broke (expected 7 columns, found 1)', 'the rest of a row whose quoting broke'],
    ['text: removed 3 control characters', 'text: removed control characters'],
  ])('%s → %s', (text, kind) => {
    expect(issueKind(text)).toBe(kind);
  });
});

describe('the ingest summary', () => {
  it('lists the commonest kinds of problem first, rejects marked, at most five', () => {
    const issues = { 'rejected: channel must be one of call, email, chat, review, survey': 2, 'csat must be a whole number 1–5; dropped': 7, a: 1, b: 1, c: 1, d: 1, e: 1 };
    const out = printed(outcome({ read: 20, inserted: 11, rejected: 2, warned: 7, issues, rejectsPath: '/tmp/x.rejects.csv' }));
    const lines = out.split('\n');
    expect(lines[0]).toBe('calls.csv: 20 rows read — 11 new, 0 changed, 0 unchanged, 2 rejected');
    expect(lines[2]).toBe('    7 × csat must be a whole number 1–5; dropped');
    expect(lines[3]).toBe('    2 × rejected: channel must be one of call, email, chat, review, survey');
    expect(out).toContain('    … and 2 other kinds');
  });

  it('says "1 row" and what an empty file means', () => {
    expect(printed(outcome({ read: 1, inserted: 1 }))).toMatch(/^calls\.csv: 1 row read — 1 new/);
    expect(printed(outcome({}))).toContain('the file has no rows (a header only, or blank lines): nothing to store');
  });
});
