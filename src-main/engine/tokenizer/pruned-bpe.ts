// Builds a compact byte-level BPE for from-scratch models: the GPT-2 tokens the project's texts use, written as a tokenizer.json.
import { HfTokenizer } from './hf-tokenizer';
import { loadGpt2Vocab, mergeOf, type Gpt2Vocab } from './gpt2-vocab';
import type { TokenizerJson } from './types';

export const PRUNED_EOS = '<|endoftext|>';
export const PRUNED_PAD = '<|pad|>';

export interface PrunedVocabOptions {
  /** Keep a GPT-2 token only if the texts use it at least this often (default 2); rarer words fall back to smaller pieces. */
  minCount?: number;
  /** Upper bound on the vocabulary size (special tokens included); the most frequent tokens win. Default: no bound. */
  maxVocab?: number;
}

export interface PrunedVocabStats {
  texts: number;
  /** GPT-2 tokens counted over all texts. */
  gpt2Tokens: number;
  /** Distinct GPT-2 tokens seen in the texts. */
  distinctSeen: number;
  /** Merged tokens kept because the texts use them at least minCount times. */
  keptFromData: number;
  /** Merged tokens kept only because a kept token is built from them. */
  keptAsParts: number;
  vocabSize: number;
}

export interface PrunedTokenizer {
  tokenizer: HfTokenizer;
  stats: PrunedVocabStats;
  /** New id of each GPT-2 id that stayed, for checking against GPT-2's own encoding. */
  fromGpt2Id: Map<number, number>;
}

/** GPT-2's own tokenizer.json layout, so Python's GPT2TokenizerFast reads ours the same way. */
function gpt2TokenizerJson(
  vocab: Record<string, number>,
  merges: string[],
  eosId: number,
  padId: number,
): TokenizerJson {
  const added = (id: number, content: string) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: true,
    special: true,
  });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [added(eosId, PRUNED_EOS), added(padId, PRUNED_PAD)],
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges,
    },
  };
}

/** `rank` and, recursively, the merged tokens it is built from that are not kept yet: keeping them keeps every merge reachable. */
function missingParts(
  vocab: Gpt2Vocab,
  rank: number,
  kept: Set<number>,
  splits: Map<number, [string, string]>,
): Set<number> {
  const add = new Set<number>();
  const stack = [rank];
  while (stack.length > 0) {
    const r = stack.pop()!;
    if (kept.has(r) || add.has(r)) continue;
    add.add(r);
    let parts = splits.get(r);
    if (!parts) {
      parts = mergeOf(vocab, r);
      splits.set(r, parts);
    }
    for (const p of parts) stack.push(vocab.rankOf.get(p)!);
  }
  return add;
}

/**
 * Counts GPT-2 tokens over `texts` and keeps the 256 byte tokens, every token used at least `minCount` times (most
 * frequent first, while `maxVocab` allows) and the tokens those are merged from. Text outside the data still encodes: unseen words fall back to smaller kept pieces,
 * down to single bytes, so no unknown token is needed. Ids follow GPT-2's order; eos and pad come last.
 */
export async function buildPrunedTokenizer(
  texts: Iterable<string>,
  options: PrunedVocabOptions = {},
): Promise<PrunedTokenizer> {
  const minCount = options.minCount ?? 2;
  if (!Number.isInteger(minCount) || minCount < 1)
    throw new RangeError(`minCount must be a positive integer, got ${minCount}`);
  const maxVocab = options.maxVocab ?? Infinity;
  if (maxVocab < 256 + 2)
    throw new RangeError(`maxVocab must leave room for the 256 byte tokens and eos/pad, got ${maxVocab}`);
  const vocab = await loadGpt2Vocab();
  const { encode } = await import('gpt-tokenizer/encoding/gpt2');
  const counts = new Uint32Array(vocab.tokens.length);
  let textCount = 0;
  let total = 0;
  for (const text of texts) {
    textCount++;
    // Special-token text in the data is ordinary text here; it must not abort the count.
    for (const id of encode(text, { disallowedSpecial: new Set() })) {
      if (id < counts.length) counts[id]!++;
      total++;
    }
  }
  const kept = new Set<number>();
  for (let b = 0; b < 256; b++) kept.add(b);
  const splits = new Map<number, [string, string]>();
  const candidates: number[] = [];
  for (let r = 256; r < counts.length; r++) if (counts[r]! >= minCount) candidates.push(r);
  candidates.sort((a, b) => counts[b]! - counts[a]! || a - b);
  let fromData = 0;
  for (const r of candidates) {
    if (kept.has(r)) {
      fromData++;
      continue;
    }
    const add = missingParts(vocab, r, kept, splits);
    if (kept.size + add.size + 2 > maxVocab) continue;
    for (const a of add) kept.add(a);
    fromData++;
  }
  const distinct = counts.reduce((n, c) => n + (c > 0 ? 1 : 0), 0);
  const ranks = [...kept].sort((a, b) => a - b);
  const newVocab: Record<string, number> = {};
  const fromGpt2Id = new Map<number, number>();
  ranks.forEach((r, i) => {
    newVocab[vocab.tokens[r]!] = i;
    fromGpt2Id.set(r, i);
  });
  const merges = ranks.filter((r) => r >= 256).map((r) => splits.get(r)!.join(' '));
  const eosId = ranks.length;
  const padId = ranks.length + 1;
  const json = gpt2TokenizerJson(newVocab, merges, eosId, padId);
  const tokenizer = new HfTokenizer(json, { eos_token: PRUNED_EOS, pad_token: PRUNED_PAD });
  return {
    tokenizer,
    fromGpt2Id,
    stats: {
      texts: textCount,
      gpt2Tokens: total,
      distinctSeen: distinct,
      keptFromData: fromData,
      keptAsParts: ranks.length - 256 - fromData,
      vocabSize: tokenizer.vocabSize,
    },
  };
}
