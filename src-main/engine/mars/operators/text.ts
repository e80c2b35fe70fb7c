// Text helpers shared by the augmentation operators: sentence spans, word counts, and the cues that pin meaning.
import type { Rng } from '../../rng';

/** A sentence inside a text: [start, end) covers the sentence itself, without the whitespace around it. */
export interface SentenceSpan {
  start: number;
  end: number;
  text: string;
}

/** Abbreviations whose final period does not end a sentence. */
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'vs',
  'etc',
  'e.g',
  'i.e',
  'approx',
  'no',
  'fig',
  'u.s',
]);

/**
 * Splits one line (no newlines) into sentences. A sentence ends at . ! or ? (plus closing quotes/brackets) followed
 * by whitespace and a capital letter, digit or opening quote; abbreviations and initials do not end one.
 */
export function splitSentences(line: string): SentenceSpan[] {
  const out: SentenceSpan[] = [];
  const boundary = /[.!?]+["')\]]*(?=\s+["'(]?[A-Z0-9])/g;
  let start = line.search(/\S/);
  if (start < 0) return out;
  for (let m = boundary.exec(line); m !== null; m = boundary.exec(line)) {
    const end = m.index + m[0].length;
    const before = line.slice(start, m.index);
    const lastWord = (/([A-Za-z.]+)$/.exec(before)?.[1] ?? '').toLowerCase();
    if (m[0].startsWith('.') && (ABBREVIATIONS.has(lastWord) || /^[a-z]$/i.test(lastWord))) continue;
    out.push({ start, end, text: line.slice(start, end) });
    start = end + (/^\s+/.exec(line.slice(end))?.[0].length ?? 0);
  }
  const tail = line.slice(start).trimEnd();
  if (tail.length > 0) out.push({ start, end: start + tail.length, text: tail });
  return out;
}

/** Lines of a text with their offsets, so operators never move or merge text across line or turn boundaries. */
export function lines(text: string): Array<{ start: number; text: string }> {
  const out: Array<{ start: number; text: string }> = [];
  let start = 0;
  for (const line of text.split('\n')) {
    out.push({ start, text: line });
    start += line.length + 1;
  }
  return out;
}

export function wordCount(text: string): number {
  return text.match(/[A-Za-z0-9]+(?:['’][A-Za-z]+)?/g)?.length ?? 0;
}

const NUMBER_WORDS =
  /\b(zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|half|quarter|dozen|once|twice|first|second|third|percent)\b/i;
const NEGATION =
  /\b(not|no|never|none|nobody|nothing|nowhere|neither|nor|without|cannot|can't|won't|don't|doesn't|didn't|isn't|aren't|wasn't|weren't|shouldn't|wouldn't|couldn't|mustn't)\b|n['’]t\b/i;

/** Numbers and negations carry the facts a reader acts on: text with them is never deleted. */
export function hasNumberOrNegation(text: string): boolean {
  return /\d/.test(text) || NUMBER_WORDS.test(text) || NEGATION.test(text);
}

const FACT_CUES = new RegExp(`${NEGATION.source}|${NUMBER_WORDS.source}|\\d+(?:[.,]\\d+)*`, 'gi');

/**
 * The negations and numbers of a text, lower-cased ("n't" and "cannot" count as "not"): two texts with the same
 * cues say the same things are (not) so, in the same amounts.
 */
export function factCues(text: string): string[] {
  return (text.match(FACT_CUES) ?? []).map((c) => {
    const cue = c.toLowerCase();
    return /n['’]t$/.test(cue) || cue === 'cannot' ? 'not' : cue;
  });
}

/** A seeded Fisher–Yates shuffle of a copy of `items`. */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Whitespace-collapsed, lower-cased form used to decide whether two texts are "the same". */
export function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Function words: never substituted (they carry grammar, not content). */
export const STOP_WORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between both but
by can could did do does doing down during each either else even ever every few for from further had has have having he
her here hers herself him himself his how however i if in into is it its itself just least less let like may me might
more most much must my myself no nor not now of off on once only or other ought our ours ourselves out over own per
perhaps please quite rather same shall she should so some such than that the their theirs them themselves then there
these they this those though through thus to too under until up upon us very was we well were what whatever when where
whether which while who whom whose why will with within without would yes yet you your yours yourself yourselves
one two three get got go goes going gone make made say said thing things way really lot okay ok sure oh hi hello thanks
someone somebody anyone anybody everyone everybody something anything everything nothing nobody else somewhere anywhere
everywhere`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);
