// Typos for the `typos` family: adjacent-letter swaps inside ordinary words, seeded, never in numbers or negations.
import type { Rng } from '../rng';
import { factCues, shuffled, STOP_WORDS } from '../mars/operators/text';

const WORD = /[A-Za-z]{4,}/g;

/** Share of the eligible words of a sentence that get a typo (at least one). */
export const TYPO_RATE = 0.25;

/**
 * Swaps two adjacent interior letters in about `rate` of the eligible words of `text`: words of four letters or
 * more that are not function words and carry no fact cue (a "not" or a number word stays intact, so the response
 * still says the same things). The first and last letters stay, as in most real typos. Null when no word is
 * eligible or no swap changes a letter.
 */
export function withTypos(text: string, rng: Rng, rate: number = TYPO_RATE): string | null {
  const eligible = [...text.matchAll(WORD)].filter((m) => {
    const w = m[0].toLowerCase();
    return !STOP_WORDS.has(w) && factCues(w).length === 0 && /[a-z]{2}/i.test(w.slice(1, -1));
  });
  if (eligible.length === 0) return null;
  const k = Math.max(1, Math.round(rate * eligible.length));
  const picked = shuffled(eligible, rng)
    .slice(0, k)
    .sort((a, b) => a.index - b.index);
  let out = '';
  let cursor = 0;
  for (const m of picked) {
    const w = m[0];
    // Interior positions i, i+1 with 1 <= i and i+1 <= length-2; prefer a swap of two different letters.
    const options = [...Array(w.length - 3).keys()].map((j) => j + 1).filter((i) => w[i] !== w[i + 1]);
    if (options.length === 0) continue;
    const i = options[Math.floor(rng() * options.length)] as number;
    const typo = w.slice(0, i) + (w[i + 1] as string) + (w[i] as string) + w.slice(i + 2);
    out += text.slice(cursor, m.index) + typo;
    cursor = m.index + w.length;
  }
  out += text.slice(cursor);
  return out === text ? null : out;
}
