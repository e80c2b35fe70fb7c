// TextTokenizer over any Hugging Face tokenizer.json, run by @huggingface/tokenizers (pure JS, so it works offline and in every process).
import { Tokenizer } from '@huggingface/tokenizers';
import { TokenizerError } from './errors';
import type { TextTokenizer, TokenizerJson } from './types';

/** Which tokens play eos and pad; tokenizer_config.json fields (`eos_token`, `pad_token`) fit here as they are. */
export interface SpecialTokenNames {
  eos_token?: unknown;
  pad_token?: unknown;
}

const EOS_FALLBACKS = ['<|endoftext|>', '</s>', '<eos>'];
const PAD_FALLBACKS = ['<|pad|>', '<pad>'];

/** tokenizer_config.json writes special tokens as a string or as `{ content }`. */
function tokenName(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { content?: unknown }).content === 'string') {
    return (value as { content: string }).content;
  }
  return undefined;
}

export class HfTokenizer implements TextTokenizer {
  readonly vocabSize: number;
  readonly eosId: number;
  readonly padId: number;
  private readonly tokenizer: Tokenizer;
  private readonly json: TokenizerJson;

  /**
   * @param json a tokenizer.json document
   * @param names eos/pad token names (e.g. tokenizer_config.json); without them eos is `<|endoftext|>` (or `</s>`, `<eos>`)
   *   and pad is `<|pad|>`/`<pad>` when the vocabulary has one, else eos, as GPT-2 fine-tuning does.
   */
  constructor(json: TokenizerJson, names: SpecialTokenNames | null = null) {
    try {
      this.tokenizer = new Tokenizer(json, { clean_up_tokenization_spaces: false });
    } catch (err) {
      throw new TokenizerError(`tokenizer.json cannot be loaded: ${(err as Error).message}`);
    }
    this.json = json;
    const vocab = this.tokenizer.get_vocab(true);
    let max = -1;
    for (const id of vocab.values()) if (id > max) max = id;
    this.vocabSize = max + 1;
    const eosName = tokenName(names?.eos_token);
    const eos = eosName !== undefined ? this.idOf(eosName, 'eos_token') : this.firstKnown(EOS_FALLBACKS);
    if (eos === undefined) {
      throw new TokenizerError(
        `tokenizer.json has no end-of-sequence token (looked for ${EOS_FALLBACKS.join(', ')}); name one as eos_token`,
      );
    }
    this.eosId = eos;
    const padName = tokenName(names?.pad_token);
    this.padId =
      padName !== undefined ? this.idOf(padName, 'pad_token') : (this.firstKnown(PAD_FALLBACKS) ?? eos);
  }

  private idOf(token: string, field: string): number {
    const id = this.tokenizer.token_to_id(token);
    if (id === undefined)
      throw new TokenizerError(`${field} "${token}" is not in the tokenizer's vocabulary`, { field });
    return id;
  }

  private firstKnown(candidates: readonly string[]): number | undefined {
    for (const c of candidates) {
      const id = this.tokenizer.token_to_id(c);
      if (id !== undefined) return id;
    }
    return undefined;
  }

  encode(text: string): Int32Array {
    return Int32Array.from(this.tokenizer.encode(text, { add_special_tokens: false }).ids);
  }

  decode(ids: ArrayLike<number>): string {
    if (ids.length === 0) return '';
    const list = Array.from(ids);
    const bad = list.find((id) => !Number.isInteger(id) || id < 0 || id >= this.vocabSize);
    if (bad !== undefined)
      throw new RangeError(`token id ${bad} is outside the vocabulary (size ${this.vocabSize})`);
    return this.tokenizer.decode(list, { skip_special_tokens: false, clean_up_tokenization_spaces: false });
  }

  /** The token's text (byte-level form for GPT-2 vocabularies), for inspection and tests. */
  tokenText(id: number): string | undefined {
    return this.tokenizer.id_to_token(id);
  }

  toJSON(): TokenizerJson {
    return this.json;
  }
}
