/**
 * `voc intent train` and `voc sentiment train`: fit a model on a labelled CSV and write it as JSON,
 * ready for scoring (`--model`). Training itself is pure (pipeline/learn); this file reads and writes.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { UsageError } from '../../lib/errors.ts';

interface TrainOptions {
  out: string;
  textColumn: string;
  labelColumn: string;
  /** Intent only: the label of out-of-scope rows. */
  oosLabel?: string;
  /** Empathy only: the column with the customer turn each reply answers. */
  customerColumn?: string;
}

/** Reads `text` and `label` from the named columns of a CSV with a header; rows with no text or label are skipped. */
async function readColumns(file: string, textColumn: string, labelColumn: string, contextColumn?: string): Promise<{ text: string; label: string; context?: string }[]> {
  if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
  const { parseFile } = await import('fast-csv');
  const rows: { text: string; label: string; context?: string }[] = [];
  await new Promise<void>((resolve, reject) => {
    let checked = false;
    const stream = parseFile(file, { headers: true, ignoreEmpty: true });
    stream
      .on('error', (err: Error) => reject(new UsageError(`cannot read ${file}: ${err.message}`, { cause: err })))
      .on('data', (row: Record<string, string>) => {
        if (!checked) {
          checked = true;
          const missing = [textColumn, labelColumn, ...(contextColumn ? [contextColumn] : [])].filter((c) => !(c in row));
          if (missing.length) {
            stream.destroy();
            reject(new UsageError(`${file} has no column ${missing.join(', ')} (found: ${Object.keys(row).join(', ')}); name them with --text-column / --label-column`));
            return;
          }
        }
        const text = row[textColumn]?.trim();
        const label = row[labelColumn]?.trim();
        if (text && label) rows.push({ text, label, context: contextColumn ? row[contextColumn]?.trim() || undefined : undefined });
      })
      .on('end', () => resolve());
  });
  if (!rows.length) throw new UsageError(`${file} has no rows with both ${textColumn} and ${labelColumn}`);
  return rows;
}

async function writeModel(out: string, json: unknown): Promise<void> {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(out, JSON.stringify(json) + '\n');
}

const seconds = (t0: number) => Math.round((performance.now() - t0) / 100) / 10;

async function trainIntent(file: string, opts: TrainOptions): Promise<void> {
  const rows = await readColumns(file, opts.textColumn, opts.labelColumn);
  const { trainTextClassifier } = await import('../../pipeline/learn/classifier.ts');
  const t0 = performance.now();
  const oos = opts.oosLabel ?? 'oos';
  const model = trainTextClassifier(rows, { outOfScopeLabel: oos });
  const json = model.toJSON();
  const nOos = rows.filter((r) => r.label === oos).length;
  await writeModel(opts.out, json);
  const held = model.heldOut;
  process.stdout.write(
    `intent model ${model.id} → ${opts.out}\n` +
      `  rows ${json.rows}, labels ${model.labels.length}, ${seconds(t0)} s\n` +
      (nOos ? `  ${nOos} rows labelled "${oos}" taught the out-of-scope rejection (they are no label of their own)\n` : `  no rows labelled "${oos}": the threshold is tuned on the misclassified rows alone (add out-of-scope examples, or name their label with --oos-label)\n`) +
      (held ? `  ${held.folds}-fold cross-validated accuracy ${held.accuracy}, macro-F1 ${held.macro_f1}\n` : '') +
      `  out-of-scope threshold ${model.threshold.toFixed(3)} (below it the answer is "${model.outOfScopeLabel}")\n` +
      useIt('VOC_INTENT_MODEL', opts.out),
  );
}

async function trainSentiment(file: string, opts: TrainOptions): Promise<void> {
  const rows = await readColumns(file, opts.textColumn, opts.labelColumn);
  const allowed = new Set(['positive', 'neutral', 'negative']);
  const bad = [...new Set(rows.map((r) => r.label.toLowerCase()))].filter((l) => !allowed.has(l));
  if (bad.length) throw new UsageError(`${file}: column ${opts.labelColumn} must hold positive, neutral or negative (found: ${bad.slice(0, 5).join(', ')})`);
  const { trainSentimentModel } = await import('../../pipeline/learn/sentiment-model.ts');
  const t0 = performance.now();
  const model = trainSentimentModel(rows.map((r) => ({ text: r.text, label: r.label.toLowerCase() as 'positive' | 'neutral' | 'negative' })));
  const json = model.toJSON();
  await writeModel(opts.out, json);
  const held = model.heldOut;
  process.stdout.write(
    `sentiment model ${model.id} → ${opts.out}\n` +
      `  rows ${rows.length}, ${seconds(t0)} s\n` +
      (held ? `  ${held.folds}-fold cross-validated accuracy ${held.accuracy}, macro-F1 ${held.macro_f1}\n` : '') +
      useIt('VOC_SENTIMENT_MODEL', opts.out),
  );
}

async function trainEmpathy(file: string, opts: TrainOptions): Promise<void> {
  const rows = await readColumns(file, opts.textColumn, opts.labelColumn, opts.customerColumn);
  const bad = rows.findIndex((r) => r.label !== '0' && r.label !== '1');
  if (bad >= 0) throw new UsageError(`${file}: column ${opts.labelColumn} must hold 1 (the reply expresses empathy) or 0; row ${bad + 1} of the labelled rows has "${rows[bad]!.label}"`);
  const { trainEmpathyModel } = await import('../../pipeline/learn/empathy-model.ts');
  const t0 = performance.now();
  const model = trainEmpathyModel(rows.map((r) => ({ text: r.text, label: r.label as '0' | '1', customer: r.context })));
  await writeModel(opts.out, model.toJSON());
  const held = model.heldOut;
  process.stdout.write(
    `empathy model ${model.id} → ${opts.out}\n` +
      `  rows ${rows.length} (${rows.filter((r) => r.label === '1').length} empathic)${opts.customerColumn ? `, ${rows.filter((r) => r.context).length} with the customer turn` : ''}, ${seconds(t0)} s\n` +
      (held ? `  ${held.folds}-fold cross-validated accuracy ${held.accuracy}, macro-F1 ${held.macro_f1}\n` : '') +
      useIt('VOC_EMPATHY_MODEL', opts.out),
  );
}

/** How the scorer picks a model up; every process (ingest, workers, status, reports) needs the same setting. */
const useIt = (variable: string, file: string) =>
  `  score with it: export ${variable}=${file} before \`voc ingest\` / \`voc worker\`, then \`voc requeue\` rescores what is stored\n`;

function trainCommand(parent: Command, what: string, action: (file: string, opts: TrainOptions) => Promise<void>): Command {
  return parent
    .command('train <file>')
    .description(`train a ${what} model on a CSV with a text and a label column`)
    .requiredOption('--out <file>', 'where to write the model (JSON)')
    .option('--text-column <name>', 'column holding the text', 'text')
    .option('--label-column <name>', 'column holding the label', 'label')
    .action(action);
}

export function register(program: Command): void {
  const intent = program.command('intent').description('contact-reason (intent) models');
  trainCommand(intent, 'contact-reason', trainIntent)
    .option('--oos-label <label>', 'rows with this label are out-of-scope examples: they teach the "none of these" answer and are no label of their own', 'oos');
  intent.addHelpText('after', '\nExample:\n  voc intent train reasons.csv --out intent-model.json --text-column message --label-column reason --oos-label none');
  const empathy = program.command('empathy').description('empathy models');
  trainCommand(empathy, 'empathy (label 1 = the agent reply expresses empathy, 0 = not)', trainEmpathy)
    .option('--customer-column <name>', 'column with the customer turn each reply answers (optional; it helps)');
  empathy.addHelpText('after', '\nExample:\n  voc empathy train qa-replies.csv --out empathy-model.json --text-column reply --customer-column customer_said');
  const sentiment = program.command('sentiment').description('sentiment models');
  trainCommand(sentiment, 'sentiment (labels positive | neutral | negative)', trainSentiment);
  sentiment.addHelpText('after', '\nExample:\n  voc sentiment train tweets.csv --out sentiment-model.json --label-column airline_sentiment');
}
