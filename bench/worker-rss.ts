/**
 * Run by `voc bench` in a fresh process: builds the full scorer, generates the bench corpus and scores
 * every interaction of it, as a worker does with its chunks, then prints its peak RSS in MB.
 */
import { createScorer } from '../pipeline/score.ts';
import { generateCorpus } from './corpus.ts';

const [size, seed] = process.argv.slice(2).map(Number);
const scorer = createScorer();
const corpus = generateCorpus(size ?? 3, seed ?? 1);
for (const interaction of corpus) scorer.score(interaction);
process.stdout.write(`${Math.round(process.resourceUsage().maxRSS / 1024)}\n`);
