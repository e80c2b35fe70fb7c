// The policy's next-token candidates: the tied LM head (ln_f vector · wteᵀ), softmax over the vocabulary and top-k.
// Two forms with one answer: tf ops (any backend; the old path), and, with our wasm kernels, an untransposed product
// against wteᵀ copied once per batch (XNNPACK's 2-D kernel, where the transposed product fell to a per-call repack of
// the whole embedding) and top-k as one pass over the probabilities in JS (tfjs's TopK kernel took ~1 ms a call).
import type * as TF from '@tensorflow/tfjs';
import type { GPT2Config } from '../model/config';
import type { Tf } from '../model/params';
import type { Params } from '../model/transformer';
import { cachedAttentionAvailable } from '../kernels/wasm-cached-attention';

/** Per row, k probabilities and token ids, most likely first: [rows, k] each. */
export interface TopK {
  probs: Float32Array;
  tokens: Int32Array;
  k: number;
}

export interface LmTopK {
  top(hidden: Float32Array, rows: number, k: number): Promise<TopK>;
  dispose(): void;
}

/** The k largest entries of each row of `values` [rows, v] and their ids, largest first (ties: the lower id first). */
export function rowTopK(values: Float32Array, rows: number, v: number, k: number): TopK {
  const kk = Math.min(k, v);
  const probs = new Float32Array(rows * kk);
  const tokens = new Int32Array(rows * kk);
  for (let r = 0; r < rows; r++) {
    const base = r * v;
    const at = r * kk;
    let n = 0;
    for (let j = 0; j < v; j++) {
      const x = values[base + j] as number;
      if (n === kk && x <= (probs[at + kk - 1] as number)) continue;
      // Insert x into this row's sorted (descending) list of the best so far.
      let i = n < kk ? n++ : kk - 1;
      while (i > 0 && x > (probs[at + i - 1] as number)) {
        probs[at + i] = probs[at + i - 1] as number;
        tokens[at + i] = tokens[at + i - 1] as number;
        i--;
      }
      probs[at + i] = x;
      tokens[at + i] = j;
    }
  }
  return { probs, tokens, k: kk };
}

class TfTopK implements LmTopK {
  constructor(
    private readonly tf: Tf,
    private readonly config: GPT2Config,
    private readonly params: Params,
  ) {}

  async top(hidden: Float32Array, rows: number, k: number): Promise<TopK> {
    const { tf, config } = this;
    const [values, indices] = tf.tidy(() => {
      const wte = this.params.get('wte.weight') as TF.Variable;
      const logits = tf.matMul(tf.tensor2d(hidden, [rows, config.n_embd]), wte, false, true);
      const top = tf.topk(tf.softmax(logits), Math.min(k, config.vocab_size));
      return [top.values, top.indices];
    });
    const probs = (await values.data()) as Float32Array;
    const tokens = (await indices.data()) as Int32Array;
    values.dispose();
    indices.dispose();
    return { probs, tokens, k: values.shape[1] as number };
  }

  /** Holds nothing between calls. */
  dispose(): void {}
}

class FastTopK implements LmTopK {
  private readonly wteT: TF.Tensor2D;

  constructor(
    private readonly tf: Tf,
    private readonly config: GPT2Config,
    params: Params,
  ) {
    this.wteT = tf.tidy(() => tf.transpose(params.get('wte.weight') as TF.Variable) as TF.Tensor2D);
  }

  async top(hidden: Float32Array, rows: number, k: number): Promise<TopK> {
    const { tf, config } = this;
    const probs = tf.tidy(() => tf.softmax(tf.matMul(tf.tensor2d(hidden, [rows, config.n_embd]), this.wteT)));
    const data = (await probs.data()) as Float32Array;
    probs.dispose();
    return rowTopK(data, rows, config.vocab_size, k);
  }

  dispose(): void {
    this.wteT.dispose();
  }
}

/** The fast form where our wasm kernels are installed (the cached-attention kernel marks them), tf ops elsewhere. */
export function openLmTopK(tf: Tf, config: GPT2Config, params: Params): LmTopK {
  return cachedAttentionAvailable(tf) ? new FastTopK(tf, config, params) : new TfTopK(tf, config, params);
}
