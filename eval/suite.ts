/**
 * A row of the `npm run eval` table. Each eval suite (`eval/suite-*.ts`) converts the labelled sets it
 * knows in ../shared/data into the `text,label` formats of `voc eval …`, runs them, and returns rows.
 */
export interface EvalRow {
  /** The data set and split, e.g. "airline-tweets (dev)". */
  set: string;
  /** What is measured, e.g. "sentiment, rules only". */
  task: string;
  /** The figure's name, e.g. "macro-F1". */
  metric: string;
  value: number;
  /** The goal from the issue, e.g. "≥ 0.65", when there is one. */
  goal?: string;
  n: number;
  /** The same figure for peers measured in the same run, keyed by package name. */
  peers?: Record<string, number>;
  /** Free-text note (a second figure, a caveat). */
  note?: string;
}

export type EvalSuite = (dataDir: string) => Promise<EvalRow[]>;
