/**
 * Every pattern of every lexicon of a language compiled once into one automaton over word ids: a trie
 * of the patterns' element sequences (optional elements and gaps unfolded into variants), whose
 * states are shared wherever patterns start alike ("i am sorry", "i am so sorry", "i am here to help"
 * share "i am"). A sentence is scanned once, left to right, with the set of states reached so far; each
 * word is one id lookup, and a state's edges are found by id, by prefix, by "a number" and by "any
 * word". The scan reports every (pattern, start, end) of every lexicon at once; the passes read these
 * matches instead of walking the words again.
 */
import { literalsOf, parsePattern, PatternError, variantsOf, type Atom, type Element, type ParseOptions } from './pattern.ts';

/** One lexicon pattern as compiled: where it came from and what the lexicon attached to it. */
export interface CompiledPattern<T = unknown> {
  /** Dense id, in order of compilation. */
  id: number;
  /** The lexicon family it belongs to ("empathy", "effort", "intent", "sentiment" …). */
  family: string;
  source: string;
  data: T;
  /** Every word the pattern spells out literally. */
  literals: ReadonlySet<string>;
  elements: readonly Element[];
  /** How many unfolded variants it has (1 when it has no optional element or gap). */
  variants: number;
}

export interface PatternInput<T = unknown> {
  family: string;
  pattern: string;
  data: T;
  classes?: Readonly<Record<string, readonly string[]>>;
}

interface Accept {
  pattern: CompiledPattern;
  /** The variant's rank: of several variants matching at one start, the lowest stands. */
  rank: number;
}

interface State {
  /** Children by edge label (compile time only). */
  children: Map<string, { atoms: Atom[]; state: State }>;
  byWord: Map<number, State[]> | null;
  byPrefix: Map<number, State[]> | null;
  number: State[] | null;
  any: State[] | null;
  accepts: Accept[] | null;
}

/** A match: pattern, and the canonical tokens `from` … `to` (exclusive) it covers. */
export interface Match<T = unknown> {
  pattern: CompiledPattern<T>;
  from: number;
  to: number;
}

/** The stream the automaton reads: one entry per canonical word. */
export interface WordStream {
  /** Word id of each canonical word (0 when no pattern names it). */
  ids: Int32Array;
  /** Whether each is a number (matches `#`, never a literal word). */
  numbers: Uint8Array;
  /** Whether each opens a clause (for `^`). */
  firsts: Uint8Array;
  /** The canonical words themselves (for prefixes). */
  words: readonly string[];
}

const newState = (): State => ({ children: new Map(), byWord: null, byPrefix: null, number: null, any: null, accepts: null });

function labelOf(atoms: Atom[]): string {
  return atoms.map((a) => (a.kind === 'word' ? `w:${a.word}` : a.kind === 'prefix' ? `p:${a.prefix}` : a.kind === 'class' ? `c:${a.words.join(',')}` : a.kind)).sort().join('|');
}

function push<K>(map: Map<K, State[]>, key: K, s: State): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [s]);
  else if (!list.includes(s)) list.push(s);
}

export class Automaton {
  /** Word → id; ids start at 1. */
  readonly vocabulary = new Map<string, number>();
  readonly patterns: CompiledPattern[] = [];
  private readonly prefixes = new Map<string, number>();
  /** First character of a prefix → the prefixes starting with it, longest first. */
  private readonly prefixByChar = new Map<string, [string, number][]>();
  private readonly root = newState();
  /** Patterns whose first element carries `^`: tried only where a clause starts. */
  private readonly clauseRoot = newState();

  /**
   * Compiles `inputs`; a pattern that does not parse throws PatternError, which the lexicon loader
   * reports with its file and entry.
   */
  constructor(inputs: Iterable<PatternInput>, opts: Pick<ParseOptions, 'canonical'> = {}) {
    for (const input of inputs) this.add(input, opts);
    for (const s of [this.root, this.clauseRoot]) this.finish(s, new Set());
  }

  private wordId(word: string): number {
    let id = this.vocabulary.get(word);
    if (id === undefined) this.vocabulary.set(word, (id = this.vocabulary.size + 1));
    return id;
  }

  private add(input: PatternInput, opts: Pick<ParseOptions, 'canonical'>): void {
    const elements = parsePattern(input.pattern, { classes: input.classes, canonical: opts.canonical });
    const variants = variantsOf(elements);
    const compiled: CompiledPattern = {
      id: this.patterns.length, family: input.family, source: input.pattern, data: input.data,
      literals: literalsOf(elements), elements, variants: variants.length,
    };
    this.patterns.push(compiled);
    variants.forEach((variant, rank) => {
      let state = variant[0]!.atStart ? this.clauseRoot : this.root;
      for (const el of variant) {
        const label = labelOf(el.atoms);
        let child = state.children.get(label);
        if (child === undefined) state.children.set(label, (child = { atoms: el.atoms, state: newState() }));
        state = child.state;
      }
      (state.accepts ??= []).push({ pattern: compiled, rank });
    });
  }

  /** Turns each state's labelled children into lookup tables by word id, prefix, number and any. */
  private finish(state: State, seen: Set<State>): void {
    if (seen.has(state)) return;
    seen.add(state);
    for (const { atoms, state: child } of state.children.values()) {
      for (const atom of atoms) {
        if (atom.kind === 'word') push((state.byWord ??= new Map()), this.wordId(atom.word), child);
        else if (atom.kind === 'class') for (const w of atom.words) push((state.byWord ??= new Map()), this.wordId(w), child);
        else if (atom.kind === 'prefix') push((state.byPrefix ??= new Map()), this.prefixId(atom.prefix), child);
        else if (atom.kind === 'number') { if (!(state.number ??= []).includes(child)) state.number.push(child); }
        else if (!(state.any ??= []).includes(child)) state.any.push(child);
      }
      this.finish(child, seen);
    }
    state.children.clear();
  }

  private prefixId(prefix: string): number {
    let id = this.prefixes.get(prefix);
    if (id === undefined) {
      this.prefixes.set(prefix, (id = this.prefixes.size + 1));
      const list = this.prefixByChar.get(prefix[0]!) ?? [];
      list.push([prefix, id]);
      this.prefixByChar.set(prefix[0]!, list);
    }
    return id;
  }

  /** The id of a canonical word, 0 when no pattern names it. */
  idOf(word: string): number {
    return this.vocabulary.get(word) ?? 0;
  }

  /** The ids of the prefixes `word` starts with (usually none). */
  private prefixesOf(word: string): number[] | null {
    const list = this.prefixByChar.get(word[0]!);
    if (list === undefined) return null;
    let out: number[] | null = null;
    for (const [p, id] of list) if (word.startsWith(p)) (out ??= []).push(id);
    return out;
  }

  /**
   * Every match of every pattern in the words `from` … `to` (exclusive) of `stream` (one sentence:
   * no match crosses its end), appended to `out`. Of the variants of a pattern that match at one start
   * only the first in search order is kept, as a backtracking matcher would report it.
   */
  scan(stream: WordStream, from: number, to: number, out: Match[]): void {
    const { ids, numbers, firsts, words } = this.prefixByChar.size ? stream : { ...stream, words: null };
    let active: State[] = [];
    let starts: number[] = [];
    let next: State[] = [];
    let nextStarts: number[] = [];
    const firstOut = out.length;
    let multi = false; // a pattern with several variants matched: resolve ranks at the end
    const ranks: number[] = [];
    const step = (s: State, start: number, id: number, isNumber: boolean, prefixes: number[] | null, end: number) => {
      let targets: State[] | null | undefined;
      if (isNumber) targets = s.number;
      else {
        if (s.byWord !== null && id !== 0) targets = s.byWord.get(id);
        if (prefixes !== null && s.byPrefix !== null) {
          for (const p of prefixes) {
            const more = s.byPrefix.get(p);
            if (more !== undefined) targets = targets ? [...targets, ...more] : more;
          }
        }
      }
      if (targets) for (const t of targets) reach(t, start, end);
      if (s.any !== null) for (const t of s.any) reach(t, start, end);
    };
    const reach = (t: State, start: number, end: number) => {
      if (t.accepts !== null) {
        for (const a of t.accepts) {
          if (a.pattern.variants > 1) multi = true;
          out.push({ pattern: a.pattern, from: start, to: end });
          ranks.push(a.rank);
        }
      }
      if (t.byWord !== null || t.byPrefix !== null || t.number !== null || t.any !== null) {
        next.push(t);
        nextStarts.push(start);
      }
    };
    for (let i = from; i < to; i++) {
      const id = ids[i]!;
      const isNumber = numbers[i] === 1;
      const prefixes = words !== null && !isNumber ? this.prefixesOf(words[i]!) : null;
      for (let k = 0; k < active.length; k++) step(active[k]!, starts[k]!, id, isNumber, prefixes, i + 1);
      step(this.root, i, id, isNumber, prefixes, i + 1);
      if (firsts[i] === 1) step(this.clauseRoot, i, id, isNumber, prefixes, i + 1);
      [active, next] = [next, active];
      [starts, nextStarts] = [nextStarts, starts];
      next.length = 0;
      nextStarts.length = 0;
    }
    if (!multi) return;
    // Keep, per (pattern, start), the match of the lowest-ranked variant.
    const best = new Map<number, number>();
    const kept: Match[] = [];
    const keptRank: number[] = [];
    for (let k = firstOut; k < out.length; k++) {
      const m = out[k]!;
      const rank = ranks[k - firstOut]!;
      if (m.pattern.variants === 1) {
        kept.push(m);
        keptRank.push(rank);
        continue;
      }
      const key = m.pattern.id * 4_194_304 + m.from;
      const at = best.get(key);
      if (at === undefined) {
        best.set(key, kept.length);
        kept.push(m);
        keptRank.push(rank);
      } else if (rank < keptRank[at]!) {
        kept[at] = m;
        keptRank[at] = rank;
      }
    }
    out.length = firstOut;
    for (const m of kept) out.push(m);
  }
}

export { PatternError };
