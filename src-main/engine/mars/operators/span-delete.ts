// The `span-delete` operator: drops a filler sentence, a short parenthetical or a trailing aside, never content.
import type { Rng } from '../../rng';
import { hasNumberOrNegation, lines, shuffled, splitSentences, wordCount } from './text';
import type { AugmentOperator } from './types';

export interface SpanDeleteParams {
  /** The text keeps at least this many words after a deletion. */
  minWords: number;
  /** Longest parenthetical or filler sentence (in words) that may go. */
  maxSpanWords: number;
}

export const DEFAULT_SPAN_DELETE_PARAMS: SpanDeleteParams = { minWords: 4, maxSpanWords: 12 };

/**
 * Sentences that only add length: pleasantries, offers of further help, meta-comments about the question.
 * Each pattern must match the whole sentence, so a pleasantry with real content attached stays.
 */
const FILLER_SENTENCES: readonly RegExp[] = [
  /^(i )?hope (this|that|it) helps( you)?( a bit| a little)?[.!]$/i,
  /^let me know if you have (any )?(other|more|further|follow-up) questions[.!]$/i,
  /^let me know if (there is|there's) anything else( i can (do|help with))?[.!]$/i,
  /^feel free to ask( me)?( if you have)?( any)?( other| more)?( questions)?[.!]$/i,
  /^good luck( with (it|that|this))?[.!]$/i,
  /^(many|lots of|a lot of|plenty of) people (ask|wonder) about (this|that)[.!]$/i,
  /^it gets easier with (practice|time)[.!]$/i,
  /^take your time( with it)?[.!]$/i,
  /^there are (many|lots of|a lot of) (opinions|views|perspectives) on this( topic)?[.!]$/i,
  /^(i'?m |i am )?(happy|glad) to help[.!]$/i,
  /^(thanks|thank you) for (asking|your question)[.!]$/i,
  /^(that'?s|that is|what) a (good|great|interesting) question[.!]$/i,
  /^(good|great|interesting) question[.!]$/i,
  /^(sure|okay|ok|of course|certainly|absolutely|alright|all right)[.!]$/i,
  /^here('s| is) what (works|i('d| would) suggest)[.:!]$/i,
];

/** Asides after the last comma of a sentence that add no instruction or fact. */
const TRAILING_ASIDE =
  /,\s+(of course|i think|i guess|i believe|i suppose|you know|for example|for instance|though|as well|too|if you like|if you want|if you prefer|if you wish|honestly|really|by the way|in my opinion|in general|basically|anyway)(?=[.!?]+["')]*$)/i;

interface Span {
  start: number;
  end: number;
}

/** Every span the operator may delete from `text`, as absolute [start, end) offsets including the spacing it owns. */
export function deletableSpans(text: string, params: SpanDeleteParams): Span[] {
  const spans: Span[] = [];
  const allSentences = lines(text).flatMap((l) => splitSentences(l.text));
  for (const line of lines(text)) {
    const sentences = splitSentences(line.text);
    sentences.forEach((s, k) => {
      const next = sentences[k + 1];
      const prev = sentences[k - 1];
      if (
        allSentences.length > 1 &&
        FILLER_SENTENCES.some((re) => re.test(s.text)) &&
        wordCount(s.text) <= params.maxSpanWords &&
        !hasNumberOrNegation(s.text)
      ) {
        // A sentence takes the spacing after it, or before it when it ends the line.
        const [a, b] = next ? [s.start, next.start] : [prev ? prev.end : s.start, s.end];
        spans.push({ start: line.start + a, end: line.start + b });
      }
      const aside = TRAILING_ASIDE.exec(s.text);
      if (aside)
        spans.push({
          start: line.start + s.start + aside.index,
          end: line.start + s.start + aside.index + aside[0].length,
        });
    });
    for (const m of line.text.matchAll(/ ?\(([^()]{1,120})\)/g)) {
      const inner = m[1] ?? '';
      if (wordCount(inner) <= params.maxSpanWords && !hasNumberOrNegation(inner)) {
        spans.push({ start: line.start + m.index, end: line.start + m.index + m[0].length });
      }
    }
  }
  return spans;
}

function remove(text: string, spans: readonly Span[]): string {
  let out = '';
  let cursor = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    out += text.slice(cursor, s.start);
    cursor = s.end;
  }
  return out + text.slice(cursor);
}

export function spanDeleteOperator(params: Partial<SpanDeleteParams> = {}): AugmentOperator {
  const p: SpanDeleteParams = { ...DEFAULT_SPAN_DELETE_PARAMS, ...params };
  return {
    name: 'span-delete',
    params: { ...p },
    variants(text: string, rng: Rng, count: number): string[] {
      const spans = deletableSpans(text, p);
      // One deletion per variant first; pairs of non-overlapping deletions when more variants are asked for.
      const edits: Span[][] = spans.map((s) => [s]);
      for (let i = 0; i < spans.length; i++) {
        for (let j = i + 1; j < spans.length; j++) {
          const [a, b] = [spans[i] as Span, spans[j] as Span];
          if (a.end <= b.start || b.end <= a.start) edits.push([a, b]);
        }
      }
      const singles = spans.length;
      const order = [...shuffled(edits.slice(0, singles), rng), ...shuffled(edits.slice(singles), rng)];
      const out = new Set<string>();
      for (const edit of order) {
        if (out.size >= count) break;
        const result = remove(text, edit);
        if (result !== text && wordCount(result) >= p.minWords) out.add(result);
      }
      return [...out];
    },
  };
}
