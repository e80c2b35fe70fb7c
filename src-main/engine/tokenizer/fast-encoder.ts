// Fast exact encoding for vocabularies pruned from GPT-2: gpt-tokenizer's encoder plus an id remap.
// The pruned merges are a subset of GPT-2's in the same order, so when every GPT-2 token of a text is kept, BPE
// over the pruned vocabulary follows the same merge trace and yields the same tokens; otherwise the text takes the
// full (slower, pure-JS) tokenizer.json path. Either way the ids equal what the saved tokenizer.json produces.
import { loadGpt2Vocab } from './gpt2-vocab';
import type { TextTokenizer, TokenizerJson } from './types';

export type Encode = (text: string) => Int32Array;

function vocabOf(json: TokenizerJson): Record<string, number> | null {
  const model = (json as { model?: { type?: string; vocab?: unknown } }).model;
  const pre = (json as { pre_tokenizer?: { type?: string } | null }).pre_tokenizer;
  if (model?.type !== 'BPE' || pre?.type !== 'ByteLevel' || typeof model.vocab !== 'object' || model.vocab === null) return null;
  return model.vocab as Record<string, number>;
}

/** An encoder equal to `slow.encode`, fast for GPT-2-derived byte-level BPE vocabularies. */
export async function fastEncoder(slow: TextTokenizer): Promise<Encode> {
  const vocab = vocabOf(slow.toJSON());
  if (!vocab) return (text) => slow.encode(text);
  const gpt2 = await loadGpt2Vocab();
  const remap = new Int32Array(gpt2.tokens.length).fill(-1);
  for (const [token, id] of Object.entries(vocab)) {
    const rank = gpt2.rankOf.get(token);
    // Same spelling but a different place in the merge order would break the trace argument: skip such tokens.
    if (rank !== undefined) remap[rank] = id;
  }
  const { encode } = await import('gpt-tokenizer/encoding/gpt2');
  const noSpecial = { disallowedSpecial: new Set<string>() };
  return (text) => {
    const ids = encode(text, noSpecial);
    const out = new Int32Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const mapped = remap[ids[i]!] ?? -1;
      if (mapped < 0) return slow.encode(text);
      out[i] = mapped;
    }
    return out;
  };
}
