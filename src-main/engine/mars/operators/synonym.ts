// The `synonym` operator: swaps a fraction of content words for WordNet synonyms, conservatively, keeping case and punctuation.
import type { Rng } from '../../rng';
import { shuffled, STOP_WORDS } from './text';
import type { AugmentOperator } from './types';
import { wordNet, type WordNetLexicon, type WordNetPos } from './wordnet';

export interface SynonymParams {
  /** Share of the substitutable words replaced in each variant (at least one). */
  fraction: number;
  /** Words with more senses than this in their part of speech are left alone. */
  maxSenses: number;
  /** See SynonymOptions: how usual the synonym's reading must be, how clear the word's sense, how common the synonym. */
  mutualSenses: number;
  dominance: number;
  minCount: number;
}

export const DEFAULT_SYNONYM_PARAMS: SynonymParams = {
  fraction: 0.2,
  maxSenses: 4,
  mutualSenses: 1,
  dominance: 2,
  minCount: 3,
};

/** A word the operator may replace: where it is and what may stand in for it. */
export interface SynonymSlot {
  start: number;
  end: number;
  choices: string[];
}

const WORD = /[A-Za-z]+(?:['’][A-Za-z]+)*/g;
const DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'my',
  'your',
  'his',
  'her',
  'its',
  'our',
  'their',
  'this',
  'that',
  'these',
  'those',
  'some',
  'any',
  'every',
  'each',
  'no',
]);
const MODALS = new Set([
  'can',
  'could',
  'will',
  'would',
  'should',
  'must',
  'may',
  'might',
  'shall',
  'do',
  'does',
  'did',
  "don't",
  "didn't",
  "can't",
  "won't",
]);

/** Irregular inflections WordNet also lists as lemmas of another meaning ("found" a company, "men" as manpower). */
const IRREGULAR = new Set(
  `found ground bound wound left felt lay lain saw seen rose fell fallen spoke spoken meant built sent spent lent bent lost
made paid said told sold held kept slept swept wept dealt knelt led fed fled bred shed shot got gotten taught thought
bought brought caught fought sought struck stuck hung rang sang sank swam drank drove rode wrote written broke broken
chose chosen froze frozen stole stolen wore worn tore torn bore borne born men women children people feet teeth geese
mice lice oxen data media criteria better best worse worst`.split(/\s+/),
);

/** Text inside quotes, backticks, code fences and URLs/e-mails is quoted material: never rewritten. */
function protectedRanges(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const re of [
    /```[\s\S]*?(```|$)/g,
    /`[^`\n]*`/g,
    /"[^"\n]*"/g,
    /“[^”\n]*”/g,
    /\b(?:https?:\/\/|www\.)\S+/g,
    /\S+@\S+\.\S+/g,
  ]) {
    for (const m of text.matchAll(re)) out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

/** Simple English inflections a surface word may carry; any of them makes the word's part of speech ambiguous. */
function inflectedBases(word: string): string[] {
  const out: string[] = [];
  if (word.endsWith('ies')) out.push(word.slice(0, -3) + 'y');
  if (word.endsWith('es')) out.push(word.slice(0, -2));
  if (word.endsWith('s') && !word.endsWith('ss')) out.push(word.slice(0, -1));
  if (word.endsWith('ied')) out.push(word.slice(0, -3) + 'y');
  if (word.endsWith('ed')) out.push(word.slice(0, -2), word.slice(0, -1), word.slice(0, -3));
  if (word.endsWith('ing')) out.push(word.slice(0, -3), word.slice(0, -3) + 'e', word.slice(0, -4));
  return out.filter((b) => b.length > 1);
}

interface Reading {
  pos: WordNetPos;
  base: string;
  plural: boolean;
}

/** Readings of a lower-case word: its own lemma entries, plus a plural-noun reading of a regular `-s` form. */
function readings(
  lex: WordNetLexicon,
  word: string,
): { usable: Reading[]; ambiguous: boolean; poses: Set<WordNetPos> } {
  const own: Reading[] = lex.posOf(word).map((pos) => ({ pos, base: word, plural: false }));
  const inflected: Reading[] = [];
  const poses = new Set(own.map((r) => r.pos));
  for (const base of inflectedBases(word)) {
    for (const pos of lex.posOf(base)) {
      poses.add(pos);
      if (pos === 'n' && word === base + 's') inflected.push({ pos, base, plural: true });
    }
  }
  // A form that is both a lemma and an inflection ("works", "papers", "steps") is read as the inflection: its own
  // lemma entry is usually a specialised sense (works = factory, steps = stairs).
  const usable = inflected.length > 0 || poses.size > own.length ? inflected : own;
  return { usable, ambiguous: poses.size > 1, poses };
}

/** Picks the reading the context supports: unambiguous words directly, otherwise a determiner or subject/modal cue. */
function pickReading(
  usable: Reading[],
  ambiguous: boolean,
  poses: ReadonlySet<WordNetPos>,
  previous: string,
): Reading | null {
  if (!ambiguous) return usable[0] ?? null;
  // The cues separate nouns from verbs only: an adjective or adverb reading could follow either.
  if (poses.has('a') || poses.has('r')) return null;
  if (DETERMINERS.has(previous)) return usable.find((r) => r.pos === 'n') ?? null;
  if (MODALS.has(previous)) return usable.find((r) => r.pos === 'v' && !r.plural) ?? null;
  return null;
}

function pluralise(word: string): string | null {
  return /(s|x|z|ch|sh|y)$/.test(word) ? null : `${word}s`;
}

/** Finds every word the operator may replace in `text`, with its candidate replacements already cased. */
export function synonymSlots(text: string, lex: WordNetLexicon, params: SynonymParams): SynonymSlot[] {
  const guarded = protectedRanges(text);
  const slots: SynonymSlot[] = [];
  let previous = '';
  for (const m of text.matchAll(WORD)) {
    const token = m[0];
    const start = m.index;
    const end = start + token.length;
    const prevWord = previous;
    previous = token.toLowerCase();
    if (guarded.some(([a, b]) => start >= a && start < b)) continue;
    // Parts of compounds, file names and identifiers (e-mail, x_y, a/b, v1.2) are not free-standing words.
    if (/[-_/@\\\d]/.test(text[start - 1] ?? '') || /[-_/@\\\d]/.test(text[end] ?? '')) continue;
    if (text[end] === '.' && /[A-Za-z]/.test(text[end + 1] ?? '')) continue;
    if (/['’]/.test(token)) continue;
    const lower = token.toLowerCase();
    const initialCap = token !== lower && token.slice(1) === lower.slice(1);
    // Capitalised words are names unless they open a sentence (or a speaker's turn).
    const opensSentence = /(^|[.!?:\n])\s*["'(]*$/.test(text.slice(Math.max(0, start - 6), start));
    if (token !== lower && !(initialCap && opensSentence)) continue;
    if (lower.length < 3 || STOP_WORDS.has(lower) || IRREGULAR.has(lower)) continue;
    const { usable, ambiguous, poses } = readings(lex, lower);
    const reading = pickReading(usable, ambiguous, poses, prevWord);
    if (!reading) continue;
    const { maxSenses, mutualSenses, dominance, minCount } = params;
    const options = { maxSenses, mutualSenses, dominance, minCount };
    const choices = lex
      .synonyms(reading.base, reading.pos, options)
      // Abbreviations ("hr", "hrs") read as a different register: keep only words with a vowel and three letters.
      .filter((s) => !STOP_WORDS.has(s) && s.length >= 3 && /[aeiouy]/.test(s))
      .map((s) => (reading.plural ? pluralise(s) : s))
      .filter((s): s is string => s !== null)
      .map((s) => (initialCap ? s[0]?.toUpperCase() + s.slice(1) : s));
    if (choices.length > 0) slots.push({ start, end, choices });
  }
  return slots;
}

export function synonymOperator(
  params: Partial<SynonymParams> = {},
  lexicon: () => WordNetLexicon = wordNet,
): AugmentOperator {
  const p: SynonymParams = { ...DEFAULT_SYNONYM_PARAMS, ...params };
  return {
    name: 'synonym',
    params: { ...p },
    variants(text: string, rng: Rng, count: number): string[] {
      const slots = synonymSlots(text, lexicon(), p);
      if (slots.length === 0 || count <= 0) return [];
      const k = Math.max(1, Math.round(p.fraction * slots.length));
      const out = new Set<string>();
      for (let attempt = 0; attempt < count * 5 && out.size < count; attempt++) {
        const chosen = shuffled(
          slots.map((_, i) => i),
          rng,
        )
          .slice(0, k)
          .sort((a, b) => a - b);
        let result = '';
        let cursor = 0;
        for (const i of chosen) {
          const slot = slots[i] as SynonymSlot;
          const pick = slot.choices[Math.floor(rng() * slot.choices.length)] as string;
          result += text.slice(cursor, slot.start) + pick;
          cursor = slot.end;
        }
        result += text.slice(cursor);
        if (result !== text) out.add(result);
      }
      return [...out];
    },
  };
}
