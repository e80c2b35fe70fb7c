// The n-gram reward model: r(x, y) = w · tfidf(y) + θ · ln(1 + words(y)), scored whole or incrementally.
import { bucketOf, ngramsAt, tfidfVector, tfOf, words, WORD_CHAR, type FeatureSpec } from './features';

export interface NgramConfig extends FeatureSpec {
  /** N-grams seen in fewer training responses than this get no weight. */
  minDf: number;
  /** Inverse L2 strength, as scikit-learn's C: the penalty is ||w||² / (2·C) over the loss summed on both orders of every pair. */
  c: number;
  /** Learn a weight on ln(1 + words): lets the model use length, which the L2-normalised n-grams cannot see. */
  lengthFeature: boolean;
}

export const DEFAULT_NGRAM_CONFIG: NgramConfig = { hashBits: 18, maxN: 2, minDf: 2, c: 0.5, lengthFeature: true };

/** A named feature and its weight ("what this model rewards"). */
export interface NamedWeight {
  ngram: string;
  weight: number;
}

export interface TopFeatures {
  positive: NamedWeight[];
  negative: NamedWeight[];
}

/** Incremental scoring of one response as it grows (e.g. a decoder adding a token at a time). */
export interface IncrementalState {
  /** Appends text (a token's string, a word, a chunk) and returns the reward of everything so far. */
  extend(piece: string): number;
  /** The reward of the response so far, as if it ended here. */
  readonly reward: number;
  /** An independent copy, to try several continuations from the same prefix. */
  fork(): IncrementalState;
}

export interface IncrementalScorer {
  begin(prompt: string): IncrementalState;
}

export class NgramModel implements IncrementalScorer {
  constructor(
    readonly config: NgramConfig,
    /** Smooth IDF per bucket (0 = not a feature). */
    readonly idf: Float32Array,
    /** Weight per bucket. */
    readonly weights: Float32Array,
    /** Weight of ln(1 + words); 0 without the length feature. */
    readonly lengthWeight: number,
    readonly top: TopFeatures = { positive: [], negative: [] },
  ) {
    const size = 1 << config.hashBits;
    if (idf.length !== size || weights.length !== size) {
      throw new RangeError(`n-gram model expects ${size} buckets, got idf ${idf.length} and weights ${weights.length}`);
    }
  }

  /** The reward of one response; the prompt plays no part in this model. */
  score(response: string): number {
    const v = tfidfVector(response, this.config, this.idf);
    let r = 0;
    for (let i = 0; i < v.index.length; i++) r += this.weights[v.index[i]!]! * v.value[i]!;
    return r + this.lengthWeight * Math.log1p(words(response).length);
  }

  scorePair(chosen: string, rejected: string): { chosen: number; rejected: number; margin: number } {
    const c = this.score(chosen);
    const r = this.score(rejected);
    return { chosen: c, rejected: r, margin: c - r };
  }

  begin(prompt: string): IncrementalState {
    void prompt;
    return new NgramState(this);
  }
}

/**
 * Running sums of one growing response: dot = Σ w·x and sq = Σ x² over the committed n-grams (x = tf·idf), so each
 * new word costs O(1). A trailing run of word characters may still grow ("hel" + "lo"), so it is held back and
 * counted only provisionally when the reward is read; the result equals `score(text so far)` up to rounding.
 */
class NgramState implements IncrementalState {
  counts = new Map<number, number>();
  dot = 0;
  sq = 0;
  wordCount = 0;
  lastWord: string | null = null;
  pending = '';

  constructor(private readonly model: NgramModel) {}

  extend(piece: string): number {
    const text = this.pending + piece;
    let cut = text.length;
    while (cut > 0 && WORD_CHAR.test(text[cut - 1]!)) cut -= 1;
    for (const w of words(text.slice(0, cut))) this.commit(w);
    this.pending = text.slice(cut);
    return this.reward;
  }

  get reward(): number {
    const held = words(this.pending)[0];
    let { dot, sq } = this;
    let n = this.wordCount;
    if (held !== undefined) {
      const added = new Map<number, number>();
      for (const g of ngramsAt(this.lastWord, held, this.model.config)) {
        const b = bucketOf(g, this.model.config.hashBits);
        const before = (this.counts.get(b) ?? 0) + (added.get(b) ?? 0);
        added.set(b, (added.get(b) ?? 0) + 1);
        ({ dot, sq } = this.step(b, before, dot, sq));
      }
      n += 1;
    }
    const base = sq > 0 ? dot / Math.sqrt(sq) : 0;
    return base + this.model.lengthWeight * Math.log1p(n);
  }

  fork(): IncrementalState {
    const copy = new NgramState(this.model);
    copy.counts = new Map(this.counts);
    Object.assign(copy, { dot: this.dot, sq: this.sq, wordCount: this.wordCount, lastWord: this.lastWord, pending: this.pending });
    return copy;
  }

  private commit(word: string): void {
    for (const g of ngramsAt(this.lastWord, word, this.model.config)) {
      const b = bucketOf(g, this.model.config.hashBits);
      const before = this.counts.get(b) ?? 0;
      this.counts.set(b, before + 1);
      ({ dot: this.dot, sq: this.sq } = this.step(b, before, this.dot, this.sq));
    }
    this.lastWord = word;
    this.wordCount += 1;
  }

  /** Sums after one more occurrence of bucket b (seen `before` times). */
  private step(b: number, before: number, dot: number, sq: number): { dot: number; sq: number } {
    const idf = this.model.idf[b]!;
    if (idf === 0) return { dot, sq };
    const xOld = tfOf(before) * idf;
    const xNew = tfOf(before + 1) * idf;
    return { dot: dot + this.model.weights[b]! * (xNew - xOld), sq: sq + xNew * xNew - xOld * xOld };
  }
}
