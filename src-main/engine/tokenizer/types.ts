// The one tokenizer interface the engine uses, whether the vocabulary came from a pretrained model or was built from project data.

/** A Hugging Face tokenizer.json document (kept as plain JSON: it is written into model folders as is). */
export type TokenizerJson = Record<string, unknown>;

export interface TextTokenizer {
  /** Token ids for a text, without adding special tokens (callers append eos where the model wants it). */
  encode(text: string): Int32Array;
  /** Text for token ids; special tokens are kept so decode(encode(x)) === x for byte-level vocabularies. */
  decode(ids: ArrayLike<number>): string;
  /** Rows the embedding needs: highest id + 1. */
  readonly vocabSize: number;
  readonly eosId: number;
  readonly padId: number;
  /** The tokenizer.json that reproduces these ids when loaded back (here or in Python tokenizers). */
  toJSON(): TokenizerJson;
}
