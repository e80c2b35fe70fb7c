// The GPT-2 byte-level BPE vocabulary as shipped offline by gpt-tokenizer, in Hugging Face's byte-to-unicode spelling.

/** GPT-2 maps each byte to a printable character so tokens are plain strings; ids 0-255 are the bytes in this order. */
function byteToUnicode(): string[] {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const table = new Array<string>(256);
  for (const b of printable) table[b] = String.fromCharCode(b);
  let shifted = 0;
  for (let b = 0; b < 256; b++) {
    if (table[b] === undefined) table[b] = String.fromCharCode(256 + shifted++);
  }
  return table;
}

export const BYTE_TO_UNICODE: readonly string[] = byteToUnicode();

export interface Gpt2Vocab {
  /** Byte-level spelling of every mergeable GPT-2 token, indexed by GPT-2 id (= BPE rank). */
  tokens: string[];
  rankOf: Map<string, number>;
}

let cached: Promise<Gpt2Vocab> | undefined;

/** Loads the 50,256 mergeable GPT-2 tokens once (the module is large, so only when a vocabulary is built). */
export function loadGpt2Vocab(): Promise<Gpt2Vocab> {
  cached ??= import('gpt-tokenizer/bpeRanks/r50k_base').then(({ default: ranks }) => {
    const utf8 = new TextEncoder();
    const tokens = ranks.map((entry) => {
      const bytes = typeof entry === 'string' ? utf8.encode(entry) : entry;
      let s = '';
      for (const b of bytes) s += BYTE_TO_UNICODE[b]!;
      return s;
    });
    return { tokens, rankOf: new Map(tokens.map((t, i) => [t, i])) };
  });
  return cached;
}

/**
 * The merge that creates token `rank`: BPE over the token's own bytes using only lower ranks leaves exactly two
 * pieces (the tiktoken-to-merges conversion Hugging Face uses). Byte tokens (rank < 256) have no merge.
 */
export function mergeOf(vocab: Gpt2Vocab, rank: number): [string, string] {
  const token = vocab.tokens[rank];
  if (token === undefined || rank < 256) throw new RangeError(`GPT-2 token ${rank} is not a merged token`);
  let pieces = [...token];
  for (;;) {
    let best = -1;
    let bestRank = rank;
    for (let i = 0; i + 1 < pieces.length; i++) {
      const r = vocab.rankOf.get(pieces[i]! + pieces[i + 1]!);
      if (r !== undefined && r < bestRank) {
        bestRank = r;
        best = i;
      }
    }
    if (best < 0) break;
    pieces = [...pieces.slice(0, best), pieces[best]! + pieces[best + 1]!, ...pieces.slice(best + 2)];
  }
  if (pieces.length !== 2)
    throw new Error(`GPT-2 token ${rank} does not split into one merge (${pieces.length} pieces)`);
  return [pieces[0]!, pieces[1]!];
}
