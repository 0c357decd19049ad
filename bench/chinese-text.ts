/**
 * The choice of Chinese segmenter and script converter, measured: `npx tsx bench/chinese-text.ts
 * [--data ../shared/data]`. On the zh-shopping reviews (read at run time, never copied):
 * - speed (MB/s of UTF-8 text by CPU time, one core) and start-up time of `Intl.Segmenter('zh')` and of
 *   `@node-rs/jieba` with its default dictionary, with lexicons/zh/segmenter.json, and with every
 *   entry of lexicons/zh/sentiment.json as a user word (what the scorer does);
 * - how well lexicon phrases are found: of every place a sentiment entry occurs in the text, the share
 *   lost because the segmenter cut through it (phraseLoss);
 * - opencc-js traditional → simplified: start-up and MB/s on the same reviews written in traditional;
 * - the part of scoring that depends on the language (sentences, words, canonical form, one scan of
 *   the language's automaton) on the Chinese reviews against the generated English bench corpus of
 *   the same size, as a ratio measured in the same run.
 */
import { parseFile } from 'fast-csv';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { Converter } from 'opencc-js';
import customerService from '../lexicons/zh/sentiment-customer-service.json' with { type: 'json' };
import supplement from '../lexicons/zh/sentiment-supplement.json' with { type: 'json' };
import type { Match } from '../pipeline/match/automaton.ts';
import { canonicalStreams } from '../pipeline/match/canonical.ts';
import { createScorer } from '../pipeline/score.ts';
import { chinese, ENGLISH } from '../pipeline/text/languages.ts';
import type { Interaction } from '../pipeline/types.ts';
import { generateCorpus, plainText } from './corpus.ts';
import segmenterWords from '../lexicons/zh/segmenter.json' with { type: 'json' };

interface Jieba {
  cut(s: string, hmm?: boolean): string[];
  loadDict(d: Uint8Array): void;
}

const args = process.argv.slice(2);
const dataDir = resolve(args[args.indexOf('--data') + 1] && args.includes('--data') ? args[args.indexOf('--data') + 1]! : '../shared/data');

async function reviews(): Promise<string[]> {
  const out: string[] = [];
  await new Promise<void>((res, rej) =>
    parseFile(join(dataDir, 'zh-shopping', 'reviews.csv'), { headers: true })
      .on('error', rej)
      .on('data', (r: Record<string, string>) => r.review?.trim() && out.push(r.review))
      .on('end', () => res()),
  );
  return out;
}

const ms = (t0: number) => performance.now() - t0;
const mb = (texts: string[]) => texts.reduce((a, t) => a + Buffer.byteLength(t), 0) / 1e6;

/**
 * MB/s of `cut` over `texts`, by the CPU time of this process (user + system), not the wall clock: on
 * a shared machine the wall clock measures the neighbours as much as the code.
 */
function timed(texts: string[], cut: (t: string) => string[]): number {
  for (const t of texts.slice(0, 2000)) cut(t); // warm up
  const c0 = process.cpuUsage();
  for (const t of texts) cut(t);
  const c = process.cpuUsage(c0);
  return mb(texts) / ((c.user + c.system) / 1e6);
}

/**
 * Of every place a lexicon entry occurs, the share a matcher would miss: the words there are not the
 * words the same segmenter cuts the entry into on its own (a matcher compiles each entry that way),
 * and no overlapping entry is found instead (很好 in 很好吃 is rightly read as 很 + 好吃).
 */
function phraseLoss(texts: string[], cut: (t: string) => string[], entries: string[]): number {
  const alone = new Map(entries.map((e) => [e, cut(e).join('|')]));
  let lost = 0, total = 0;
  for (const t of texts) {
    const words = cut(t);
    const startAt = new Map<number, number>(); // char offset → word index
    let p = 0;
    words.forEach((w, i) => {
      startAt.set(p, i);
      p += w.length;
    });
    startAt.set(p, words.length);
    const occ: { s: number; e: number; ok: boolean }[] = [];
    for (const e of entries) {
      for (let i = t.indexOf(e); i !== -1; i = t.indexOf(e, i + 1)) {
        const a = startAt.get(i), b = startAt.get(i + e.length);
        const ok = a !== undefined && b !== undefined && words.slice(a, b).join('|') === alone.get(e);
        occ.push({ s: i, e: i + e.length, ok });
      }
    }
    for (const o of occ) {
      total++;
      if (!o.ok && !occ.some((x) => x.ok && x.s < o.e && o.s < x.e)) lost++;
    }
  }
  return lost / total;
}

const userDict = (words: string[]) => new TextEncoder().encode(words.map((w) => `${w} 100000`).join('\n') + '\n');

/**
 * The full scorer (`createScorer().score`, every pass) on Chinese reviews and on generated English of
 * the same number of bytes, each text one customer turn: MB/s of each and the ratio.
 */
function fullScorer(texts: string[]): { zh: number; en: number } {
  const scorer = createScorer();
  const asReview = (language: string) => (text: string) => {
    scorer.score({ interaction_id: 'b', channel: 'review', language, kpis: {}, turns: [{ speaker: 'customer', text }] } as Interaction);
    return [] as string[];
  };
  const english = generateCorpus(mb(texts), 1).map(plainText);
  const zh = timed(texts, asReview('zh'));
  const en = timed(english, asReview('en'));
  // Again in the other order, best of two (the machine is shared).
  const en2 = timed(english, asReview('en'));
  const zh2 = timed(texts, asReview('zh'));
  return { zh: Math.max(zh, zh2), en: Math.max(en, en2) };
}

async function main(): Promise<void> {
  const texts = await reviews();
  if (args.includes('--scorer')) {
    const slice = texts.slice(0, Number(args[args.indexOf('--scorer') + 1]) || 20_000);
    const r = fullScorer(slice);
    console.log(`full scorer: Chinese ${r.zh.toFixed(2)} MB/s (${slice.length.toLocaleString('en-US')} reviews, ${mb(slice).toFixed(2)} MB), English (generated, same size) ${r.en.toFixed(2)} MB/s: ratio ${(r.zh / r.en).toFixed(2)}`);
    return;
  }
  const sample = texts.slice(0, 8000);
  const entries = [...Object.keys(supplement.entries), ...Object.keys(customerService.entries)].filter((e) => e.length > 1);
  const rows: [string, string, string, string][] = [];

  let t0 = performance.now();
  const intl = new Intl.Segmenter('zh', { granularity: 'word' });
  const intlCut = (t: string) => [...intl.segment(t)].map((s) => s.segment);
  intlCut('预热');
  rows.push(['Intl.Segmenter(zh)', ms(t0).toFixed(0), timed(texts, intlCut).toFixed(1), phraseLoss(sample, intlCut, entries).toFixed(3)]);

  const require = createRequire(import.meta.url);
  const variants: [string, string[]][] = [
    ['@node-rs/jieba, default dictionary', []],
    ['… + lexicons/zh/segmenter.json', segmenterWords.words],
    ['… + every sentiment entry (as the scorer loads it)', [...segmenterWords.words, ...entries]],
  ];
  for (const [name, words] of variants) {
    t0 = performance.now();
    const { Jieba } = require('@node-rs/jieba') as { Jieba: { withDict(d: Uint8Array): Jieba } };
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    const j = Jieba.withDict(dict);
    if (words.length) j.loadDict(userDict(words));
    const cut = (t: string) => j.cut(t, false);
    cut('预热');
    rows.push([name, ms(t0).toFixed(0), timed(texts, cut).toFixed(1), phraseLoss(sample, cut, entries).toFixed(3)]);
  }

  t0 = performance.now();
  const s2t = Converter({ from: 'cn', to: 'tw' });
  const traditional: string[] = texts.map((t) => String(s2t(t)));
  const s2tMs = ms(t0);
  t0 = performance.now();
  const t2s = Converter({ from: 'twp', to: 'cn' });
  const t2sStart = ms(t0);
  const t2sSpeed = timed(traditional, (t) => [t2s(t)]);
  let same = 0;
  for (let i = 0; i < traditional.length; i++) if (String(t2s(traditional[i]!)).length === traditional[i]!.length) same++;

  // Segment + match per language, same number of bytes.
  const segmentAndMatch = (lang: { segmenter: typeof ENGLISH.segmenter; automaton: typeof ENGLISH.automaton }) => (text: string) => {
    const sentences = lang.segmenter.sentences(text).map((sp) => ({ tokens: lang.segmenter.tokenize(text, sp.start, sp.end) }));
    const [canon] = canonicalStreams([sentences], lang.segmenter, lang.automaton);
    const matches: Match[][] = lang.automaton.families.map(() => []);
    for (let k = 0; k < sentences.length; k++) lang.automaton.scan(canon!, canon!.sentenceFrom[k]!, canon!.sentenceTo[k]!, matches);
    return [] as string[];
  };
  const zhLang = chinese();
  const english = generateCorpus(mb(texts), 1).map(plainText);
  const zhSpeed = timed(texts, segmentAndMatch(zhLang as unknown as typeof ENGLISH));
  const enSpeed = timed(english, segmentAndMatch(ENGLISH));

  console.log(`zh-shopping reviews: ${texts.length.toLocaleString('en-US')} texts, ${mb(texts).toFixed(1)} MB; phrase losses over the ${entries.length} sentiment entries of two characters or more, in the first 8,000`);
  console.log('segmenter | start-up ms | MB/s | phrase occurrences lost to segmentation');
  for (const r of rows) console.log(r.join(' | '));
  console.log(`segment + match: Chinese ${zhSpeed.toFixed(2)} MB/s, English (generated corpus, ${mb(english).toFixed(1)} MB) ${enSpeed.toFixed(2)} MB/s: ratio ${(zhSpeed / enSpeed).toFixed(2)}`);
  console.log(`opencc-js twp → cn: start-up ${t2sStart.toFixed(0)} ms, ${t2sSpeed.toFixed(1)} MB/s, length kept in ${((same / traditional.length) * 100).toFixed(2)}% of texts (cn → tw of the corpus: ${(s2tMs / 1000).toFixed(1)} s)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
