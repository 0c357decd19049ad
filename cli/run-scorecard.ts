/** Reading human QA reviews from a CSV for `voc import reviews`: every bad row named with its line and reason. */
import { createReadStream, existsSync } from 'node:fs';
import { parse } from 'fast-csv';
import { UsageError } from '../lib/errors.ts';
import type { Answer } from '../pipeline/scorecard/evaluate.ts';
import type { Scorecard } from '../pipeline/scorecard/scorecard.ts';
import type { ReviewRow } from '../store/scorecards.ts';

const ANSWERS: Record<string, Answer> = { yes: 'yes', y: 'yes', pass: 'yes', '1': 'yes', true: 'yes', no: 'no', n: 'no', fail: 'no', '0': 'no', false: 'no', na: 'na', 'n/a': 'na', 'not applicable': 'na' };
const REQUIRED = ['interaction_id', 'reviewer', 'item', 'answer'] as const;

export async function readReviewsCsv(file: string, card: Scorecard): Promise<{ rows: ReviewRow[]; errors: { line: number; reason: string }[] }> {
  if (!existsSync(file)) throw new UsageError(`cannot read ${file}: no such file`);
  const items = new Set(card.items.map((i) => i.id));
  const rows: ReviewRow[] = [];
  const errors: { line: number; reason: string }[] = [];
  let line = 1;
  await new Promise<void>((resolve, reject) => {
    createReadStream(file)
      .pipe(parse({ headers: (h) => h.map((x) => x?.trim().toLowerCase()), trim: true, discardUnmappedColumns: true, strictColumnHandling: false }))
      .on('headers', (headers: string[]) => {
        const missing = REQUIRED.filter((c) => !headers.includes(c));
        if (missing.length) reject(new UsageError(`${file}: missing column(s) ${missing.join(', ')}; a reviews file has interaction_id, reviewer, item, answer and optionally comment`));
      })
      .on('data', (r: Record<string, string>) => {
        line++;
        const answer = ANSWERS[(r.answer ?? '').toLowerCase()];
        if (!r.interaction_id) errors.push({ line, reason: 'no interaction_id' });
        else if (!r.reviewer) errors.push({ line, reason: 'no reviewer' });
        else if (!items.has(r.item ?? '')) errors.push({ line, reason: `item ${JSON.stringify(r.item)} is not on the scorecard (${[...items].join(', ')})` });
        else if (!answer) errors.push({ line, reason: `answer ${JSON.stringify(r.answer)} is not yes, no or na` });
        else rows.push({ interaction_id: r.interaction_id, reviewer: r.reviewer, item: r.item!, answer, comment: r.comment || null });
      })
      .on('error', (err) => reject(new UsageError(`${file}: cannot read it as CSV after line ${line}: ${err.message}`)))
      .on('end', () => resolve());
  });
  return { rows, errors };
}
