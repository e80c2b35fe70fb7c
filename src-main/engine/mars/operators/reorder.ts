// The `reorder` operator: swaps two adjacent sentences that stand on their own, so the order carries no meaning.
import type { Rng } from '../../rng';
import { lines, shuffled, splitSentences, type SentenceSpan } from './text';
import type { AugmentOperator } from './types';
import { wordNet, type WordNetLexicon } from './wordnet';

export interface ReorderParams {
  /** Sentences shorter than this (in words) are acknowledgements ("Sure.") and keep their place. */
  minSentenceWords: number;
}

export const DEFAULT_REORDER_PARAMS: ReorderParams = { minSentenceWords: 3 };

/** Opening words that tie a sentence to the one before it: moving it would break the reference or the sequence. */
const CONNECTIVES = new Set(
  `then however so this that these those it its they them their he she him her his also but and or nor yet still finally
next after afterwards before first second third lastly last therefore thus hence otherwise instead meanwhile besides
moreover furthermore additionally again once now later because since as plus even such both either neither similarly
likewise consequently anyway regardless nonetheless nevertheless although though while whereas if unless here in on
for at with from by to which who what where when`.split(/\s+/),
);

/** Words inside a sentence that place it in a sequence of steps. */
const SEQUENCE =
  /\b(first|then|next|after|afterwards|before|finally|once|until|later|again|step|previous|above|below|following)\b/i;

function firstWord(sentence: string): string {
  return (/[A-Za-z]+/.exec(sentence)?.[0] ?? '').toLowerCase();
}

function words(sentence: string): number {
  return sentence.match(/[A-Za-z0-9]+/g)?.length ?? 0;
}

/** A sentence that may change places with a neighbour that also may. */
function movable(s: SentenceSpan, params: ReorderParams): boolean {
  const text = s.text;
  return (
    !CONNECTIVES.has(firstWord(text)) &&
    !/^\s*["'(]*\d/.test(text) &&
    !/^\s*[-*•]/.test(text) &&
    !/^(Human|Assistant):/.test(text) &&
    !/[?:]["')]*$/.test(text) &&
    !SEQUENCE.test(text) &&
    words(text) >= params.minSentenceWords
  );
}

/** Imperatives are steps: two steps in a row keep their order even when neither names a sequence. */
function isStep(s: SentenceSpan, lex: WordNetLexicon): boolean {
  return lex.posOf(firstWord(s.text)).includes('v');
}

interface Swap {
  start: number;
  a: SentenceSpan;
  b: SentenceSpan;
}

/** Every adjacent pair of sentences (within one line) the operator may swap. */
export function swappablePairs(text: string, lex: WordNetLexicon, params: ReorderParams): Swap[] {
  const out: Swap[] = [];
  for (const line of lines(text)) {
    const sentences = splitSentences(line.text);
    for (let k = 0; k + 1 < sentences.length; k++) {
      const [a, b] = [sentences[k] as SentenceSpan, sentences[k + 1] as SentenceSpan];
      if (movable(a, params) && movable(b, params) && !(isStep(a, lex) && isStep(b, lex))) {
        out.push({ start: line.start, a, b });
      }
    }
  }
  return out;
}

function apply(text: string, swaps: readonly Swap[]): string {
  let out = '';
  let cursor = 0;
  for (const { start, a, b } of [...swaps].sort((x, y) => x.start + x.a.start - (y.start + y.a.start))) {
    const gap = text.slice(start + a.end, start + b.start);
    out += text.slice(cursor, start + a.start) + b.text + gap + a.text;
    cursor = start + b.end;
  }
  return out + text.slice(cursor);
}

export function reorderOperator(
  params: Partial<ReorderParams> = {},
  lexicon: () => WordNetLexicon = wordNet,
): AugmentOperator {
  const p: ReorderParams = { ...DEFAULT_REORDER_PARAMS, ...params };
  return {
    name: 'reorder',
    params: { ...p },
    variants(text: string, rng: Rng, count: number): string[] {
      const swaps = swappablePairs(text, lexicon(), p);
      // One swap per variant first; then two swaps that share no sentence.
      const edits: Swap[][] = swaps.map((s) => [s]);
      const pairs: Swap[][] = [];
      for (let i = 0; i < swaps.length; i++) {
        for (let j = i + 1; j < swaps.length; j++) {
          const [x, y] = [swaps[i] as Swap, swaps[j] as Swap];
          if (x.start !== y.start || x.b.end <= y.a.start) pairs.push([x, y]);
        }
      }
      const out = new Set<string>();
      for (const edit of [...shuffled(edits, rng), ...shuffled(pairs, rng)]) {
        if (out.size >= count) break;
        const result = apply(text, edit);
        if (result !== text) out.add(result);
      }
      return [...out];
    },
  };
}
