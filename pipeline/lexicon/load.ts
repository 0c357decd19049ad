/**
 * The one lexicon loader: a language's files (lexicons/<code>/*.json) checked against their schemas,
 * every pattern of every file parsed in the one pattern language (pipeline/match/pattern.ts) and
 * compiled into the language's one automaton, and a content hash of all of it for the scorer version.
 * A bad file fails at load with the file, the entry and the reason.
 */
import { createHash } from 'node:crypto';
import { Automaton, type PatternInput } from '../match/automaton.ts';
import { parsePattern, PatternError } from '../match/pattern.ts';
import type { Segmenter } from '../text/segmenter.ts';
import { LexiconError, validate, type Schema } from './schema.ts';

export { LexiconError } from './schema.ts';

const NOTES = { description: 'string', source: 'string' } as const satisfies Record<string, Schema>;
const words: Schema = { array: 'string' };
const negation: Schema = { object: { negators: { array: 'string', min: 1 }, window: { int: [0, 20] } } };
const classes: Schema = { map: { array: 'string', min: 1 } };

/** A pattern, parsed with the file's classes and the language's canonical form. */
function pattern(fileClasses: () => Record<string, string[]> | undefined, segmenter: Segmenter): Schema {
  return {
    check: (p) => {
      try {
        parsePattern(p, { classes: fileClasses(), canonical: segmenter.canonical });
        return null;
      } catch (e) {
        if (e instanceof PatternError) return e.message;
        throw e;
      }
    },
  };
}

/** Schemas of the files a language may have; `required` ones must be present. */
function schemas(json: Record<string, unknown>, segmenter: Segmenter): Record<string, { required: boolean; schema: Schema }> {
  const classesOf = (file: string) => () => (json[file] as { classes?: Record<string, string[]> } | undefined)?.classes;
  const valence: Schema = { num: [-5, 5] };
  const sentimentFile: Schema = { object: { ...NOTES, entries: { map: valence } } };
  return {
    'canonical.json': { required: true, schema: { object: { ...NOTES, expand: { map: 'string' }, suffixes: { map: 'string' }, contrast: words } } },
    'sentiment-corrections.json': { required: true, schema: sentimentFile },
    'sentiment-supplement.json': { required: true, schema: sentimentFile },
    'sentiment-phrases.json': { required: true, schema: sentimentFile },
    'sentiment-customer-service.json': { required: true, schema: sentimentFile },
    'sentiment-emoji.json': { required: true, schema: sentimentFile },
    'sentiment-rules.json': {
      required: true,
      schema: {
        object: {
          ...NOTES,
          afinn_scale: { num: [0, 10] },
          negators: { array: 'string', min: 1 },
          negation: { object: { window: { int: [1, 10] }, flip_positive: 'number', flip_negative: 'number', unresolved: 'number' } },
          boosters: { map: 'number' },
          booster_decay: { array: { num: [0, 1] }, min: 1 },
          contrast: { object: { words, before: 'number', after: 'number' } },
          irrealis: { object: { markers: words, positive_factor: 'number' } },
          sarcastic_gratitude: { object: { words } },
          politeness: { object: { words, factor: 'number' } },
          agent_sympathy: { object: { words } },
          emphasis: { object: { caps: 'number', exclamation: 'number', max_exclamations: { int: [0, 100] } } },
          negative_weight: { num: [0, 10] },
          normalisation_alpha: { num: [0, 1000] },
          neutral_band: { num: [0, 1] },
          aggregation: {
            object: {
              empty_sentence_weight: { num: [0, 1] }, customer_end_weight: { num: [0, 100] }, customer_window: { num: [0, 1] },
              trajectory_shift: { num: [0, 2] }, top_evidence: { int: [0, 100] },
            },
          },
        },
        optional: { hashtags: { object: { prefixes: { map: valence }, suffixes: { map: valence } } }, neutral_band_negative: { num: [0, 1] } },
      },
    },
    'empathy-cues.json': {
      required: true,
      schema: {
        object: {
          ...NOTES, negation, classes,
          hollow: { object: { sentences: { int: [0, 10] } } },
          categories: {
            map: {
              object: {
                polarity: { enum: ['positive', 'negative'] }, answers: 'boolean', statement: { enum: ['empathy', 'ownership', null] }, eval: 'boolean',
                patterns: { array: pattern(classesOf('empathy-cues.json'), segmenter), min: 1 },
              },
            },
            min: 1,
          },
        },
      },
    },
    'empathy-triggers.json': {
      required: true,
      schema: {
        object: {
          ...NOTES, negation, classes,
          sentiment_threshold: { num: [-1, 1] },
          effort_drivers: words,
          effort_priority: { int: [0, 100] },
          sentiment_priority: { int: [0, 100] },
          reasons: { map: { object: { priority: { int: [0, 100] }, patterns: { array: pattern(classesOf('empathy-triggers.json'), segmenter), min: 1 } } }, min: 1 },
        },
      },
    },
    'empathy-scoring.json': {
      required: true,
      schema: {
        object: {
          ...NOTES,
          response_credit: { object: { timely: { num: [0, 1] }, late: { num: [0, 1] }, missing: { num: [0, 1] } } },
          ownership_eventual_credit: { num: [0, 1] },
          penalties: { map: { num: [0, 100] } },
          penalty_cap: { num: [0, 100] },
          personal_address_bonus: { num: [0, 100] },
          overtalk_tolerance_s: { num: [0, 60] },
          mild_reasons: { array: 'string' },
          mild_reply_credit: { num: [0, 1] },
        },
        optional: { stock_reply_categories: { array: 'string' } },
      },
    },
    'effort-cues.json': {
      required: true,
      schema: {
        object: {
          ...NOTES, negation, classes,
          drivers: {
            map: { object: { kind: { enum: ['do', 'feel'] }, weight: 'number', patterns: { array: pattern(classesOf('effort-cues.json'), segmenter), min: 1 } } },
            min: 1,
          },
          corroboration: { object: { text_factor: { num: [0, 1] } } },
          repeats: { object: { factor: { num: [0, 1] }, max_matches: { int: [1, 100] } } },
        },
      },
    },
    'effort-scoring.json': {
      required: true,
      schema: {
        object: {
          ...NOTES,
          records: {
            object: {
              transfers: { object: { per_unit: 'number', max_units: 'number' } },
              hold_time: { object: { threshold_s: 'number', base: 'number', per_minute: 'number', max: 'number' } },
              prior_contacts: { object: { per_unit: 'number', max_units: 'number' } },
            },
          },
          sentiment: { object: { threshold: { num: [-1, 1] }, weight: 'number' } },
          curve: { object: { scale: { num: [0.001, 1e6] } } },
        },
      },
    },
    'effort-ces.json': { required: true, schema: { object: { ...NOTES, knots: { array: { array: 'number', min: 2 }, min: 2 } } } },
    'intents.json': {
      required: true,
      schema: {
        object: {
          ...NOTES,
          min_confidence: { num: [0.001, 0.999] },
          intents: { map: { object: { patterns: { map: { num: [0.001, 100] }, min: 1 } } }, min: 1 },
        },
      },
    },
    'email.json': { required: false, schema: { object: { ...NOTES, quote_headers: words, header_fields: words, signature_delimiters: words, sign_offs: words, max_lines_after_sign_off: { int: [0, 1000] } } } },
    'pii.json': { required: false, schema: { object: { ...NOTES, patterns: { array: { object: { kind: 'string', pattern: 'string', placeholder: 'string' }, optional: { luhn: 'boolean' } } } } } },
    'speakers.json': { required: false, schema: { object: { ...NOTES, agent: words, customer: words } } },
  };
}

/** JSON with sorted keys: the hash must not depend on how a file's keys happen to be ordered. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

/** The content hash of a language's lexicon files: the first 8 hex digits of SHA-256 over their sorted JSON. */
export function lexiconHash(json: Record<string, unknown>): string {
  const h = createHash('sha256');
  for (const name of Object.keys(json).sort()) h.update(`${name}\n${stable(json[name])}\n`);
  return h.digest('hex').slice(0, 8);
}

/** Checks every file of a language; throws LexiconError with the file, the entry and the reason. */
export function validateLanguage(code: string, json: Record<string, unknown>, segmenter: Segmenter): void {
  const known = schemas(json, segmenter);
  for (const name of Object.keys(json)) {
    if (!known[name]) throw new LexiconError(`lexicons/${code}/${name}: not a lexicon file voc knows (expected one of ${Object.keys(known).join(', ')})`);
  }
  for (const [name, { required, schema }] of Object.entries(known)) {
    if (!(name in json)) {
      if (required) throw new LexiconError(`lexicons/${code}/${name}: missing (every language needs it; copy the English one and translate)`);
      continue;
    }
    validate(`${code}/${name}`, json[name], schema);
  }
  const check = (file: string, path: string, p: string) => {
    try {
      parsePattern(p, { canonical: segmenter.canonical });
    } catch (e) {
      if (e instanceof PatternError) throw new LexiconError(`lexicons/${code}/${file}: ${path} › ${p}: ${e.reason}`);
      throw e;
    }
  };
  for (const file of ['empathy-cues.json', 'empathy-triggers.json', 'effort-cues.json']) {
    for (const [name, list] of Object.entries((json[file] as { classes: Record<string, string[]> }).classes)) {
      list.forEach((w, i) => check(file, `classes › ${name} › ${i}`, w));
    }
  }
  for (const file of SENTIMENT_LAYERS.map(([f]) => f)) {
    for (const key of Object.keys((json[file] as { entries: Record<string, number> }).entries)) if (/\s/.test(key)) check(file, 'entries', key);
  }
  const rules = json['sentiment-rules.json'] as { boosters: Record<string, number>; irrealis: { markers: string[] } };
  for (const key of Object.keys(rules.boosters)) if (/\s/.test(key)) check('sentiment-rules.json', 'boosters', key);
  rules.irrealis.markers.forEach((m, i) => check('sentiment-rules.json', `irrealis › markers › ${i}`, m));
  const intents = (json['intents.json'] as { intents: Record<string, { patterns: Record<string, number> }> }).intents;
  if ('other' in intents) throw new LexiconError(`lexicons/${code}/intents.json: intents › other: "other" is the answer when nothing fits, not an intent`);
  for (const [intent, def] of Object.entries(intents)) {
    for (const p of Object.keys(def.patterns)) {
      try {
        parsePattern(p, { canonical: segmenter.canonical });
      } catch (e) {
        if (e instanceof PatternError) throw new LexiconError(`lexicons/${code}/intents.json: intents › ${intent} › patterns › ${p}: ${e.reason}`);
        throw e;
      }
    }
  }
}

/**
 * The sentiment files whose entries of two or more words are phrase patterns (family "sentiment", the
 * layer name as data), in layer order: of two phrases matching the same words, the later layer wins.
 */
export const SENTIMENT_LAYERS: readonly (readonly [file: string, layer: string])[] = [
  ['sentiment-corrections.json', 'correction'],
  ['sentiment-supplement.json', 'supplement'],
  ['sentiment-phrases.json', 'idiom'],
  ['sentiment-customer-service.json', 'customer-service'],
];

/**
 * Lexicon families in the automaton. A match's `data` is a name: the cue category, trigger reason,
 * effort driver or intent; for "sentiment" the layer, for "booster" and "irrealis" the family name.
 */
export type Family = 'sentiment' | 'booster' | 'irrealis' | 'empathy' | 'trigger' | 'effort' | 'intent';

/**
 * The patterns of every family of a (validated) language, in file order; `extra` (phrases of lexicons
 * loaded from packages, such as AFINN's) come first, so that the language's own files win over them.
 */
export function patternInputs(json: Record<string, unknown>, extra: readonly PatternInput<string>[] = []): PatternInput<string>[] {
  const out: PatternInput<string>[] = [...extra];
  pushInputs(json, out);
  return out.map((p) => ({ ...p, mask: p.mask ?? FAMILY_SPEAKERS[p.family as Family] ?? CUSTOMER | AGENT }));
}

/** Scan masks: which speaker's turns a family is matched on. */
export const CUSTOMER = 1;
export const AGENT = 2;
const FAMILY_SPEAKERS: Record<Family, number> = {
  sentiment: CUSTOMER | AGENT, booster: CUSTOMER | AGENT, irrealis: CUSTOMER | AGENT,
  empathy: AGENT, trigger: CUSTOMER, effort: CUSTOMER, intent: CUSTOMER,
};

function pushInputs(json: Record<string, unknown>, out: PatternInput<string>[]): void {
  for (const [file, layer] of SENTIMENT_LAYERS) {
    for (const key of Object.keys((json[file] as { entries: Record<string, number> }).entries)) if (/\s/.test(key)) out.push({ family: 'sentiment', pattern: key, data: layer });
  }
  const rules = json['sentiment-rules.json'] as { boosters: Record<string, number>; irrealis: { markers: string[] } };
  for (const key of Object.keys(rules.boosters)) if (/\s/.test(key)) out.push({ family: 'booster', pattern: key, data: 'booster' });
  for (const m of rules.irrealis.markers) out.push({ family: 'irrealis', pattern: m, data: 'irrealis' });
  const cues = json['empathy-cues.json'] as { classes: Record<string, string[]>; categories: Record<string, { patterns: string[] }> };
  for (const [name, c] of Object.entries(cues.categories)) for (const p of c.patterns) out.push({ family: 'empathy', pattern: p, data: name, classes: cues.classes });
  const triggers = json['empathy-triggers.json'] as { classes: Record<string, string[]>; reasons: Record<string, { patterns: string[] }> };
  for (const [name, r] of Object.entries(triggers.reasons)) for (const p of r.patterns) out.push({ family: 'trigger', pattern: p, data: name, classes: triggers.classes });
  const effort = json['effort-cues.json'] as { classes: Record<string, string[]>; drivers: Record<string, { patterns: string[] }> };
  for (const [name, d] of Object.entries(effort.drivers)) for (const p of d.patterns) out.push({ family: 'effort', pattern: p, data: name, classes: effort.classes });
  const intents = json['intents.json'] as { intents: Record<string, { patterns: Record<string, number> }> };
  for (const [name, i] of Object.entries(intents.intents)) for (const p of Object.keys(i.patterns)) out.push({ family: 'intent', pattern: p, data: name });
}

/** A language ready to score: its segmenter, its checked files, its automaton and their hash. */
export interface LoadedLanguage<Files> {
  code: string;
  segmenter: Segmenter;
  files: Files;
  automaton: Automaton;
  hash: string;
}

export function loadLanguage<Files extends Record<string, unknown>>(
  code: string, files: Files, segmenter: Segmenter, extra: readonly PatternInput<string>[] = [],
): LoadedLanguage<Files> {
  validateLanguage(code, files, segmenter);
  const automaton = new Automaton(patternInputs(files, extra), { canonical: segmenter.canonical });
  return { code, segmenter, files, automaton, hash: lexiconHash(files) };
}
