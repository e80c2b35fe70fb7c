// Text features the failure modes compare: words, bigrams, and a response's opening and closing phrase.

/** Lower-cased word tokens (letters, digits, apostrophes). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9']+/g) ?? [];
}

/** Unigrams and bigrams (joined by a space), each counted once per document: a mode is about which texts use it. */
export function terms(text: string): string[] {
  const w = words(text);
  const out = new Set<string>(w);
  for (let i = 1; i < w.length; i++) out.add(`${w[i - 1] ?? ''} ${w[i] ?? ''}`);
  return [...out];
}

/** First and last sentence-ish spans, cut to `n` words (two: "i'm sorry", "i cannot"): where apologies, refusals and sign-offs sit. */
export function edges(text: string, n = 2): { opening: string; closing: string } {
  const w = words(text);
  return { opening: w.slice(0, n).join(' '), closing: w.slice(-n).join(' ') };
}

/** Openings and closings that name a known behaviour, so the view can say what the phrase is. */
const APOLOGY = /\b(sorry|apologi[sz]e|apologies|unfortunately)\b/;
const REFUSAL = /\b(can't|cannot|won't|unable|not able|refuse|decline|not worth|ask someone|search for it)\b/;

export function phraseKind(phrase: string): 'apology' | 'refusal' | null {
  if (APOLOGY.test(phrase)) return 'apology';
  if (REFUSAL.test(phrase)) return 'refusal';
  return null;
}
