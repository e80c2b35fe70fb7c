// Text → hashed word uni- and bigrams, and the TF-IDF weighting of the n-gram reward model (sublinear tf, L2 norm).

/** Words as scikit-learn's default token pattern sees them: runs of two or more letters, digits or underscores. */
const WORD = /[\p{L}\p{N}_]{2,}/gu;
/** A character that can continue a word: used to hold back a word still being typed (incremental scoring). */
export const WORD_CHAR = /[\p{L}\p{N}_]/u;

export interface FeatureSpec {
  /** log2 of the number of hash buckets. */
  hashBits: number;
  /** Longest n-gram (1 = words only, 2 = words and word pairs). */
  maxN: 1 | 2;
}

export function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** FNV-1a, 32 bits, over UTF-16 code units: fast, stable across platforms, and written into the model's config. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function bucketOf(ngram: string, hashBits: number): number {
  return fnv1a(ngram) & ((1 << hashBits) - 1);
}

/** The n-grams a word adds when it follows `previous` (null at the start of a response). */
export function ngramsAt(previous: string | null, word: string, spec: FeatureSpec): string[] {
  return spec.maxN === 2 && previous !== null ? [word, `${previous} ${word}`] : [word];
}

/** Raw n-gram counts of one text by bucket. */
export function countBuckets(text: string, spec: FeatureSpec): Map<number, number> {
  const counts = new Map<number, number>();
  let previous: string | null = null;
  for (const w of words(text)) {
    for (const g of ngramsAt(previous, w, spec)) {
      const b = bucketOf(g, spec.hashBits);
      counts.set(b, (counts.get(b) ?? 0) + 1);
    }
    previous = w;
  }
  return counts;
}

/** Sublinear term frequency, as scikit-learn's `sublinear_tf`: 1 + ln(count). */
export function tfOf(count: number): number {
  return count > 0 ? 1 + Math.log(count) : 0;
}

/**
 * Smooth IDF over the documents (responses) given: ln((1 + n) / (1 + df)) + 1, and 0 for buckets seen in fewer
 * than `minDf` documents, which drops one-off n-grams (mostly typos and names) as scikit-learn's min_df does.
 */
export function fitIdf(documents: Iterable<string>, spec: FeatureSpec, minDf: number): Float32Array {
  const size = 1 << spec.hashBits;
  const df = new Uint32Array(size);
  let n = 0;
  for (const doc of documents) {
    n += 1;
    for (const b of countBuckets(doc, spec).keys()) df[b]! += 1;
  }
  const idf = new Float32Array(size);
  for (let b = 0; b < size; b++) {
    const d = df[b]!;
    if (d >= minDf && d > 0) idf[b] = Math.log((1 + n) / (1 + d)) + 1;
  }
  return idf;
}

/** A sparse vector: parallel bucket and value arrays. */
export interface SparseVector {
  index: Uint32Array;
  value: Float64Array;
}

/** The L2-normalised TF-IDF vector of a text (empty when no word of it has a weight). */
export function tfidfVector(text: string, spec: FeatureSpec, idf: Float32Array): SparseVector {
  const entries: [number, number][] = [];
  let sq = 0;
  for (const [b, c] of countBuckets(text, spec)) {
    const x = tfOf(c) * idf[b]!;
    if (x === 0) continue;
    entries.push([b, x]);
    sq += x * x;
  }
  const norm = Math.sqrt(sq);
  entries.sort((a, b) => a[0] - b[0]);
  return {
    index: Uint32Array.from(entries, (e) => e[0]),
    value: Float64Array.from(entries, (e) => e[1] / norm),
  };
}
