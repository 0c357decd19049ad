/**
 * The words of the reports in the reader's language (`--lang zh` or VOC_LANG): the strings are in
 * lexicons/labels/<lang>.json, keyed; a key a language lacks falls back to English. Numbers and dates
 * are written in the language's locale.
 */
import en from '../lexicons/labels/en.json' with { type: 'json' };
import zh from '../lexicons/labels/zh.json' with { type: 'json' };
import { UsageError } from '../lib/errors.ts';

interface LabelFile {
  locale: string;
  week_axis_format: string;
  labels: Record<string, string>;
}

const FILES: Record<string, LabelFile> = { en, zh };

/** The report languages there are label files for. */
export const REPORT_LANGUAGES: readonly string[] = Object.keys(FILES);

export interface Labels {
  lang: string;
  /** BCP 47 locale for numbers and dates (`en-US`, `zh-CN`). */
  locale: string;
  /** d3 time format of a week on a chart axis. */
  weekAxisFormat: string;
  /** The label `key` with `{name}` filled from `vars`; the key itself when no file has it. */
  t(key: string, vars?: Record<string, string | number>): string;
  /** A whole number with the locale's grouping (1,234). */
  count(n: number): string;
  /** A date (ISO string or Date) as the locale writes it (2026年9月1日). */
  date(d: string | Date): string;
  /** The label `key` in this language or in English, or undefined when neither file has it. */
  maybe(key: string, vars?: Record<string, string | number>): string | undefined;
  /**
   * The reader's word for a value the data names in English (a cue category, an intent, an effort
   * driver, a sentiment label): label `<kind>.<value>` when the file has it, else the value itself.
   */
  term(kind: string, value: string): string;
}

/**
 * The report language from an option, else VOC_LANG, else English: `zh`, `zh-CN`, `zh-Hans` … are
 * Chinese. An unknown language is an error naming the ones there are.
 */
export function reportLanguage(option?: string | null, env: string | undefined = process.env.VOC_LANG): string {
  const raw = (option ?? env ?? 'en').trim();
  const code = raw.toLowerCase().split(/[-_]/)[0] || 'en';
  if (!FILES[code]) throw new UsageError(`no report labels for language "${raw}": voc has ${REPORT_LANGUAGES.join(', ')}`);
  return code;
}

export function labels(lang = 'en'): Labels {
  const file = FILES[lang] ?? en;
  const numbers = new Intl.NumberFormat(file.locale);
  const dates = new Intl.DateTimeFormat(file.locale, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
  const fill = (text: string, vars?: Record<string, string | number>) =>
    vars ? text.replace(/\{(\w+)\}/g, (m, k: string) => (vars[k] === undefined ? m : typeof vars[k] === 'number' ? numbers.format(vars[k] as number) : String(vars[k]))) : text;
  const find = (key: string): string | undefined => file.labels[key] ?? (en.labels as Record<string, string>)[key];
  return {
    lang,
    locale: file.locale,
    weekAxisFormat: file.week_axis_format,
    t: (key, vars) => fill(find(key) ?? key, vars),
    maybe(key, vars) {
      const text = find(key);
      return text === undefined ? undefined : fill(text, vars);
    },
    term: (kind, value) => file.labels[`${kind}.${value}`] ?? value,
    count: (n) => numbers.format(n),
    date: (d) => dates.format(typeof d === 'string' ? new Date(d) : d),
  };
}

/** English, the default of every formatter. */
export const ENGLISH_LABELS: Labels = labels('en');
