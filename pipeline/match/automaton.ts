/**
 * Every pattern of every lexicon of a language compiled once into one automaton over word ids: a trie
 * of the patterns' element sequences (optional elements and gaps unfolded into variants), whose
 * states are shared wherever patterns start alike ("i am sorry", "i am so sorry", "i am here to help"
 * share "i am"). A sentence is scanned once, left to right, with the set of states reached so far; each
 * word is one id lookup, and a state's edges are found by (state, word id), by prefix, by "a number"
 * and by "any word". The scan reports every (pattern, start, end) of every lexicon at once, by family;
 * the passes read these matches instead of walking the words again.
 *
 * The compiled tables are flat arrays (states are numbers), so that a scan allocates nothing but its
 * matches.
 */
import { literalsOf, parsePattern, PatternError, variantsOf, type Atom, type Element, type ParseOptions } from './pattern.ts';

/** One lexicon pattern as compiled: where it came from and what the lexicon attached to it. */
export interface CompiledPattern<T = unknown> {
  /** Dense id, in order of compilation. */
  id: number;
  /** The lexicon family it belongs to ("empathy", "effort", "intent", "sentiment" …). */
  family: string;
  /** The family's index in `Automaton.families`. */
  familyIndex: number;
  source: string;
  data: T;
  /** Every word the pattern spells out literally. */
  literals: ReadonlySet<string>;
  elements: readonly Element[];
  /** How many unfolded variants it has (1 when it has no optional element or gap). */
  variants: number;
  /** The scans it takes part in (bits). */
  mask: number;
}

export interface PatternInput<T = unknown> {
  family: string;
  pattern: string;
  data: T;
  /** Which scans it takes part in, as bits of the `mask` given to `scan` (e.g. speakers). @defaultValue all */
  mask?: number;
  classes?: Readonly<Record<string, readonly string[]>>;
}

/** A match: pattern, and the canonical words `from` … `to` (exclusive) it covers. */
export interface Match<T = unknown> {
  pattern: CompiledPattern<T>;
  from: number;
  to: number;
}

/** The stream the automaton reads: one entry per canonical word. */
export interface WordStream {
  /** Word id of each canonical word (0 when no pattern names it; numbers are 0). */
  ids: Int32Array;
  /** Whether each is a number (matches `#`, never a literal word). */
  numbers: Uint8Array;
  /** Whether each opens a clause (for `^`). */
  firsts: Uint8Array;
  /** The canonical words themselves (for prefixes). */
  words: readonly string[];
}

/** The mask of every scan. */
const ALL = 0x7fffffff;

/** Numbers per state in `Automaton.stateInfo` (a record of 32 bytes: one cache line holds it whole). */
const STATE_INFO = 8;
/** Its flags: the state has edges out (kept active); it has edges by word; by prefix. */
const LIVE = 1, HAS_WORD = 2, HAS_PREFIX = 4;
/** A word id's bit among a state's 32 word bits (set for every word on the state's edges). */
const wordBit = (id: number) => 1 << (Math.imul(id, 0x9e3779b1) >>> 27);

interface PrefixNode {
  next: Map<number, PrefixNode>;
  /** The id of the prefix ending here, 0 if none. */
  id: number;
}

/** A trie node while compiling. */
interface Node {
  id: number;
  /** Union of the masks of the patterns through it. */
  mask: number;
  children: Map<string, { atoms: Atom[]; node: Node }>;
  accepts: { pattern: number; rank: number }[];
}

function labelOf(atoms: Atom[]): string {
  return atoms.map((a) => (a.kind === 'word' ? `w:${a.word}` : a.kind === 'prefix' ? `p:${a.prefix}` : a.kind === 'class' ? `c:${a.words.join(',')}` : a.kind)).sort().join('|');
}

/** Lists of state numbers by an integer key, packed: `offsets[key]` … `offsets[key + 1]` in `items`. */
class Lists {
  readonly offsets: Int32Array;
  readonly items: Int32Array;
  constructor(n: number, lists: Map<number, number[]>) {
    this.offsets = new Int32Array(n + 1);
    let total = 0;
    for (let k = 0; k < n; k++) {
      this.offsets[k] = total;
      total += lists.get(k)?.length ?? 0;
    }
    this.offsets[n] = total;
    this.items = new Int32Array(total);
    for (const [k, list] of lists) this.items.set(list, this.offsets[k]!);
  }
}

/** Stepping from a state over a word costs one lookup by this key, or none from the roots. */
function edgeKey(state: number, word: number, words: number): number {
  return state * words + word;
}

/**
 * (state, word) edges in an open-addressing hash table of typed arrays: key → the range of its target
 * states in `targets`. Faster than a `Map` in the scan's inner loop, and no allocation. A slot is two
 * numbers side by side, the key and the range packed (first target << 8 | count), so that a probe
 * reads one cache line and the table stays small. Most look-ups find nothing (an active state seldom
 * goes on by the next word): a one-bit-per-key filter, small enough to stay in the nearest cache,
 * answers most of those without touching the table.
 */
class EdgeTable {
  readonly slots: Int32Array;
  /** 2^18 bits: bit `filterBit(key)` is set for every key in the table. */
  readonly filter = new Int32Array(1 << 13);
  readonly targets: Int32Array;
  readonly mask: number;
  constructor(edges: Map<number, number[]>) {
    let size = 16;
    while (size < edges.size * 1.5) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size * 2).fill(-1);
    let total = 0;
    for (const list of edges.values()) total += list.length;
    if (total >= 1 << 23) throw new Error(`the automaton has ${total} word edges: more than the edge table packs (${1 << 23})`);
    this.targets = new Int32Array(total);
    let at = 0;
    for (const [key, list] of edges) {
      if (list.length > 255) throw new Error(`${list.length} edges by one word from one state: more than the edge table packs (255)`);
      const bit = EdgeTable.filterBit(key);
      this.filter[bit >>> 5]! |= 1 << (bit & 31);
      let h = EdgeTable.hash(key) & this.mask;
      while (this.slots[2 * h] !== -1) h = (h + 1) & this.mask;
      this.slots[2 * h] = key;
      this.slots[2 * h + 1] = (at << 8) | list.length;
      this.targets.set(list, at);
      at += list.length;
    }
  }
  static hash(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> 7;
  }
  static filterBit(key: number): number {
    return Math.imul(key, 0x85ebca6b) >>> 14;
  }
  /** The packed range of `key`'s targets (first << 8 | count), or -1. */
  find(key: number): number {
    const bit = EdgeTable.filterBit(key);
    if ((this.filter[bit >>> 5]! & (1 << (bit & 31))) === 0) return -1;
    const slots = this.slots;
    let h = EdgeTable.hash(key) & this.mask;
    for (;;) {
      const k = slots[2 * h]!;
      if (k === key) return slots[2 * h + 1]!;
      if (k === -1) return -1;
      h = (h + 1) & this.mask;
    }
  }
}

/** Appends `match` to `out[family]`, making the list when it is the family's first. */
function push(out: (Match[] | undefined)[], family: number, match: Match): void {
  const list = out[family];
  if (list === undefined) out[family] = [match];
  else list.push(match);
}

export class Automaton {
  /** Word → id; ids start at 1. */
  readonly vocabulary = new Map<string, number>();
  readonly patterns: CompiledPattern[] = [];
  /** Family names, in order of first appearance; `CompiledPattern.familyIndex` points here. */
  readonly families: string[] = [];
  private readonly prefixIds = new Map<string, number>();
  /** The prefixes as a trie over character codes: walking a word finds every prefix it starts with. */
  private readonly prefixTrie: PrefixNode = { next: new Map(), id: 0 };
  private prefixNext = new Int32Array(0);
  private prefixNodeId = new Int32Array(1);
  private prefixOther: Map<number, number>[] = [new Map()];

  // The compiled tables.
  private stateCount = 0;
  /** (state, word id) → targets, for every state but the roots. */
  private byWord!: EdgeTable;
  /** Whether a state has edges by word. */
  private hasWord!: Uint8Array;
  /** Root (state 0) and clause root (state 1) targets by word id: no lookup at all. */
  private rootByWord!: Lists;
  private clauseRootByWord!: Lists;
  /** Targets of "any word", of "a number", by state. */
  private anyEdges!: Lists;
  private numberEdges!: Lists;
  /** (state, prefix id) → targets; the state's HAS_PREFIX flag says whether to look. */
  private readonly byPrefix = new Map<number, Int32Array>();
  private hasPrefix!: Uint8Array;
  /** The scans each state serves (bits). */
  private masks!: Int32Array;
  /** The mask of the scan under way. */
  private scanMask = ALL;
  /** Whether a state has any edge out (else it is not kept active). */
  private live!: Uint8Array;
  /** Accepting states: pattern ids and variant ranks, by state. */
  private acceptOffsets!: Int32Array;
  private acceptPattern!: Int32Array;
  private acceptRank!: Int32Array;
  /**
   * Per state, side by side in one record of STATE_INFO numbers (what a step into it reads, and what
   * the next word's step from it reads): mask, first of its accepts, the bits (`wordBit`) of the words
   * on its edges, flags (LIVE, HAS_WORD, HAS_PREFIX) with the count of its accepts above them, and the
   * ranges of its "any word" and "a number" targets. Most steps by a word from a state find nothing:
   * its word bits answer most of those before the edge table is read.
   */
  private stateInfo!: Int32Array;
  private wordCount = 0;
  private prefixCount = 0;

  // Scan buffers, reused: the automaton is used by one scan at a time (a scorer runs on one thread).
  private active = new Int32Array(64);
  private activeStart = new Int32Array(64);
  private next = new Int32Array(64);
  private nextStart = new Int32Array(64);

  /**
   * Compiles `inputs`; a pattern that does not parse throws PatternError (the lexicon loader checks
   * every pattern first and reports its file and entry).
   */
  constructor(inputs: Iterable<PatternInput>, opts: Pick<ParseOptions, 'canonical'> = {}) {
    const root: Node = { id: 0, mask: ALL, children: new Map(), accepts: [] };
    const clauseRoot: Node = { id: 1, mask: ALL, children: new Map(), accepts: [] };
    const nodes: Node[] = [root, clauseRoot];
    /** Edge labels by element atoms (shared by a pattern's variants), computed once each. */
    const labels = new Map<Atom[], string>();
    for (const input of inputs) {
      const elements = parsePattern(input.pattern, { classes: input.classes, canonical: opts.canonical });
      const variants = variantsOf(elements);
      let familyIndex = this.families.indexOf(input.family);
      if (familyIndex < 0) familyIndex = this.families.push(input.family) - 1;
      const compiled: CompiledPattern = {
        id: this.patterns.length, family: input.family, familyIndex, source: input.pattern, data: input.data,
        literals: literalsOf(elements), elements, variants: variants.length, mask: input.mask ?? ALL,
      };
      this.patterns.push(compiled);
      variants.forEach((variant, rank) => {
        let node = variant[0]!.atStart ? clauseRoot : root;
        for (const el of variant) {
          let label = labels.get(el.atoms);
          if (label === undefined) labels.set(el.atoms, (label = labelOf(el.atoms)));
          let child = node.children.get(label);
          if (child === undefined) {
            const created: Node = { id: nodes.length, mask: 0, children: new Map(), accepts: [] };
            nodes.push(created);
            node.children.set(label, (child = { atoms: el.atoms, node: created }));
          }
          node = child.node;
          // Every state on the pattern's paths serves its scans.
          node.mask |= compiled.mask;
        }
        node.accepts.push({ pattern: compiled.id, rank });
      });
    }
    this.compile(nodes);
  }

  private wordId(word: string): number {
    let id = this.vocabulary.get(word);
    if (id === undefined) this.vocabulary.set(word, (id = this.vocabulary.size + 1));
    return id;
  }

  private prefixId(prefix: string): number {
    let id = this.prefixIds.get(prefix);
    if (id === undefined) {
      this.prefixIds.set(prefix, (id = this.prefixIds.size + 1));
      let node = this.prefixTrie;
      for (let i = 0; i < prefix.length; i++) {
        const c = prefix.charCodeAt(i);
        let child = node.next.get(c);
        if (child === undefined) node.next.set(c, (child = { next: new Map(), id: 0 }));
        node = child;
      }
      node.id = id;
    }
    return id;
  }

  /** Turns the trie into the flat tables. */
  private compile(nodes: Node[]): void {
    const n = (this.stateCount = nodes.length);
    // Word ids first, so that the edge keys can be computed.
    for (const node of nodes) {
      for (const { atoms } of node.children.values()) {
        for (const a of atoms) {
          if (a.kind === 'word') this.wordId(a.word);
          else if (a.kind === 'class') for (const w of a.words) this.wordId(w);
          else if (a.kind === 'prefix') this.prefixId(a.prefix);
        }
      }
    }
    const W = (this.wordCount = this.vocabulary.size + 1);
    this.prefixCount = this.prefixIds.size + 1;
    const add = (m: Map<number, number[]>, k: number, target: number) => {
      const list = m.get(k);
      if (list === undefined) m.set(k, [target]);
      else if (!list.includes(target)) list.push(target);
    };
    const byWord = new Map<number, number[]>();
    const rootWord = new Map<number, number[]>();
    const clauseWord = new Map<number, number[]>();
    const any = new Map<number, number[]>();
    const num = new Map<number, number[]>();
    const byPrefix = new Map<number, number[]>();
    this.hasPrefix = new Uint8Array(n);
    this.hasWord = new Uint8Array(n);
    const wordBits = new Int32Array(n);
    this.masks = Int32Array.from(nodes, (node) => node.mask);
    this.live = new Uint8Array(n);
    for (const node of nodes) {
      const s = node.id;
      const words = s === 0 ? rootWord : s === 1 ? clauseWord : null;
      for (const { atoms, node: child } of node.children.values()) {
        this.live[s] = 1;
        const t = child.id;
        for (const a of atoms) {
          if (a.kind === 'word' || a.kind === 'class') {
            for (const w of a.kind === 'word' ? [a.word] : a.words) {
              const id = this.vocabulary.get(w)!;
              if (words) add(words, id, t);
              else {
                add(byWord, edgeKey(s, id, W), t);
                this.hasWord[s] = 1;
                wordBits[s]! |= wordBit(id);
              }
            }
          } else if (a.kind === 'prefix') {
            add(byPrefix, s * this.prefixCount + this.prefixIds.get(a.prefix)!, t);
            this.hasPrefix[s] = 1;
          } else if (a.kind === 'number') add(num, s, t);
          else add(any, s, t);
        }
      }
    }
    this.byWord = new EdgeTable(byWord);
    this.flattenPrefixes();
    for (const [k, list] of byPrefix) this.byPrefix.set(k, Int32Array.from(list));
    this.rootByWord = new Lists(W, rootWord);
    this.clauseRootByWord = new Lists(W, clauseWord);
    this.anyEdges = new Lists(n, any);
    this.numberEdges = new Lists(n, num);
    const accepts = new Map<number, number[]>();
    const ranks = new Map<number, number[]>();
    for (const node of nodes) {
      if (node.accepts.length === 0) continue;
      accepts.set(node.id, node.accepts.map((a) => a.pattern));
      ranks.set(node.id, node.accepts.map((a) => a.rank));
    }
    const a = new Lists(n, accepts);
    this.acceptOffsets = a.offsets;
    this.acceptPattern = a.items;
    this.acceptRank = new Lists(n, ranks).items;
    this.stateInfo = new Int32Array(STATE_INFO * n);
    for (let t = 0; t < n; t++) {
      const r = STATE_INFO * t;
      this.stateInfo[r] = this.masks[t]!;
      this.stateInfo[r + 1] = this.acceptOffsets[t]!;
      this.stateInfo[r + 2] = wordBits[t]!;
      const accepts = this.acceptOffsets[t + 1]! - this.acceptOffsets[t]!;
      if (accepts >= 1 << 23) throw new Error(`${accepts} patterns accepted by one state: more than a state record packs`);
      this.stateInfo[r + 3] = (this.live[t] === 1 ? LIVE : 0) | (this.hasWord[t] === 1 ? HAS_WORD : 0) | (this.hasPrefix[t] === 1 ? HAS_PREFIX : 0) | (accepts << 8);
      this.stateInfo[r + 4] = this.anyEdges.offsets[t]!;
      this.stateInfo[r + 5] = this.anyEdges.offsets[t + 1]!;
      this.stateInfo[r + 6] = this.numberEdges.offsets[t]!;
      this.stateInfo[r + 7] = this.numberEdges.offsets[t + 1]!;
    }
  }

  /** The id of a canonical word, 0 when no pattern names it. */
  idOf(word: string): number {
    return this.vocabulary.get(word) ?? 0;
  }

  /** The ids of the prefixes `word` starts with, in `prefixFound` (reused); returns how many. */
  private prefixesOf(word: string): number {
    let count = 0;
    const next = this.prefixNext, ids = this.prefixNodeId;
    let node = 0;
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      node = c >= 97 && c <= 122 ? next[node * 26 + c - 97]! : this.prefixOther[node]!.get(c) ?? -1;
      if (node < 0) break;
      if (ids[node] !== 0) {
        if (count === this.prefixFound.length) {
          const grown = new Int32Array(2 * count);
          grown.set(this.prefixFound);
          this.prefixFound = grown;
        }
        this.prefixFound[count++] = ids[node]!;
      }
    }
    return count;
  }

  /** The prefixes of the word under the scan (`prefixesOf`). */
  private prefixFound = new Int32Array(8);

  /** The prefix trie as flat tables: `a`–`z` by array, other characters by map; -1 for no edge. */
  private flattenPrefixes(): void {
    const nodes: PrefixNode[] = [this.prefixTrie];
    const index = new Map<PrefixNode, number>([[this.prefixTrie, 0]]);
    for (let k = 0; k < nodes.length; k++) {
      for (const child of nodes[k]!.next.values()) {
        index.set(child, nodes.length);
        nodes.push(child);
      }
    }
    this.prefixNext = new Int32Array(nodes.length * 26).fill(-1);
    this.prefixNodeId = Int32Array.from(nodes, (n) => n.id);
    this.prefixOther = nodes.map(() => new Map<number, number>());
    nodes.forEach((node, k) => {
      for (const [c, child] of node.next) {
        if (c >= 97 && c <= 122) this.prefixNext[k * 26 + c - 97] = index.get(child)!;
        else this.prefixOther[k]!.set(c, index.get(child)!);
      }
    });
  }

  private grow(): void {
    const size = this.next.length * 2;
    const n = new Int32Array(size);
    n.set(this.next);
    this.next = n;
    const ns = new Int32Array(size);
    ns.set(this.nextStart);
    this.nextStart = ns;
    const a = new Int32Array(size);
    a.set(this.active);
    this.active = a;
    const as = new Int32Array(size);
    as.set(this.activeStart);
    this.activeStart = as;
  }

  /**
   * Every match of every pattern in the words `from` … `to` (exclusive) of `stream` (one sentence: no
   * match crosses its end), appended to `out[familyIndex]` (a list made when the family's first match
   * is found: a family with none is left empty or undefined). Of the variants of a pattern that match at
   * one start only the first in search order is kept, as a backtracking matcher would report it.
   */
  scan(stream: WordStream, from: number, to: number, out: (Match[] | undefined)[], mask: number = ALL): void {
    this.scanMask = mask;
    const { ids, numbers, firsts, words } = stream;
    const table = this.byWord;
    const info = this.stateInfo;
    const edgeTargets = table.targets;
    const anyItems = this.anyEdges.items;
    const numItems = this.numberEdges.items;
    const rootOff = this.rootByWord.offsets, rootItems = this.rootByWord.items;
    const clauseOff = this.clauseRootByWord.offsets, clauseItems = this.clauseRootByWord.items;
    const W = this.wordCount;
    const P = this.prefixCount;
    const anyPrefix = this.prefixIds.size > 0;
    const clauseLive = this.live[1] === 1;
    this.multi = null;
    let nActive = 0;
    for (let i = from; i < to; i++) {
      const id = ids[i]!;
      const isNumber = numbers[i] === 1;
      const bit = wordBit(id);
      const word = !isNumber && id !== 0;
      let prefixes = -1; // how many prefixes the word starts with (in `prefixFound`), computed on first need
      let nNext = 0;
      const sources = nActive + (clauseLive && firsts[i] === 1 ? 2 : 1);
      for (let k = 0; k < sources; k++) {
        let s: number;
        let start: number;
        if (k < nActive) {
          s = this.active[k]!;
          start = this.activeStart[k]!;
          if (word && (info[STATE_INFO * s + 2]! & bit) !== 0) {
            const range = table.find(s * W + id);
            if (range >= 0) nNext = this.take(edgeTargets, range >>> 8, (range >>> 8) + (range & 0xff), start, i, nNext, out);
          }
        } else {
          s = k === nActive ? 0 : 1;
          start = i;
          if (word) {
            const off = s === 0 ? rootOff : clauseOff;
            const a0 = off[id]!, a1 = off[id + 1]!;
            if (a0 < a1) nNext = this.take(s === 0 ? rootItems : clauseItems, a0, a1, start, i, nNext, out);
          }
        }
        const r = STATE_INFO * s;
        if (isNumber) {
          const a0 = info[r + 6]!, a1 = info[r + 7]!;
          if (a0 < a1) nNext = this.take(numItems, a0, a1, start, i, nNext, out);
        } else if (anyPrefix && (info[r + 3]! & HAS_PREFIX) !== 0) {
          if (prefixes < 0) prefixes = this.prefixesOf(words[i]!);
          for (let q = 0; q < prefixes; q++) {
            const more = this.byPrefix.get(s * P + this.prefixFound[q]!);
            if (more !== undefined) nNext = this.take(more, 0, more.length, start, i, nNext, out);
          }
        }
        const a0 = info[r + 4]!, a1 = info[r + 5]!;
        if (a0 < a1) nNext = this.take(anyItems, a0, a1, start, i, nNext, out);
      }
      const a = this.active, as = this.activeStart;
      this.active = this.next;
      this.activeStart = this.nextStart;
      this.next = a;
      this.nextStart = as;
      nActive = nNext;
    }
    const multi = this.multi as { pattern: number; rank: number; match: Match }[] | null;
    if (multi === null) return;
    this.multi = null;
    // Keep, per (pattern, start), the match of the lowest-ranked variant.
    const best = new Map<number, { rank: number; match: Match }>();
    for (const m of multi) {
      const key = m.pattern * 4_194_304 + m.match.from;
      const seen = best.get(key);
      if (seen === undefined || m.rank < seen.rank) best.set(key, m);
    }
    for (const { match } of best.values()) push(out, match.pattern.familyIndex, match);
  }

  /** Matches of a multi-variant pattern found in the current scan, resolved at its end. */
  private multi: { pattern: number; rank: number; match: Match }[] | null = null;

  /**
   * Steps into the states `list[a … b)` from a match that started at `start`, after word `i`: records
   * the patterns they accept and keeps them active when they have edges out. Returns the new count of
   * active states.
   */
  private take(list: Int32Array, a: number, b: number, start: number, i: number, nNext: number, out: (Match[] | undefined)[]): number {
    const mask = this.scanMask;
    const info = this.stateInfo;
    for (let q = a; q < b; q++) {
      const t = list[q]!;
      const at = STATE_INFO * t;
      if ((info[at]! & mask) === 0) continue;
      const acc0 = info[at + 1]!, acc1 = acc0 + (info[at + 3]! >>> 8);
      for (let r = acc0; r < acc1; r++) {
        const pattern = this.patterns[this.acceptPattern[r]!]!;
        if ((pattern.mask & mask) === 0) continue;
        const match: Match = { pattern, from: start, to: i + 1 };
        if (pattern.variants > 1) (this.multi ??= []).push({ pattern: pattern.id, rank: this.acceptRank[r]!, match });
        else push(out, pattern.familyIndex, match);
      }
      if ((info[at + 3]! & LIVE) !== 0) {
        if (nNext === this.next.length) this.grow();
        this.next[nNext] = t;
        this.nextStart[nNext] = start;
        nNext++;
      }
    }
    return nNext;
  }

  /** The number of states (for the bench's report). */
  get states(): number {
    return this.stateCount;
  }
}

export { PatternError };
