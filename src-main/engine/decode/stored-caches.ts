// Row caches kept in one buffer per layer, [rows, 2, H, capacity, dh], in the cached-attention kernel module's memory,
// where the kernel reads them in place. A step is embed → per layer (LayerNorm, c_attn, one attention kernel, c_proj,
// MLP) → ln_f over the rows' new tokens laid end to end (one candidate of 3 new tokens no longer pads 40 rows of 1 to
// 3), with no per-row pads, concats or masks; growing a cache is a copy of its new keys/values into place (no tensor
// per cache). The capacity doubles up to n_positions as rows get longer: n_positions for every row up front would take
// rows × layers × 2·D·n_positions floats (512 rows of gpt2-small: gigabytes) where decoding uses a fraction.
import type * as TF from '@tensorflow/tfjs';
import type { GPT2Config } from '../model/config';
import type { Tf } from '../model/params';
import { blocks, embed, finalNorm, type Params } from '../model/transformer';
import { allocateCacheRegion, cachedAttention, type CacheRegion } from '../kernels/wasm-cached-attention';
import type { CacheStep, RowCaches, StepOutput } from './row-caches';

export class StoredCaches implements RowCaches {
  private readonly heads: number;
  private readonly dh: number;
  private readonly maxLen: number;
  /** Positions each row can hold now (the buffers' third axis). */
  private capacity = 0;
  /** Per layer, every row's keys then values, [rows, 2, H, capacity, dh] (null: no capacity yet). */
  private layers: (CacheRegion | null)[];
  private readonly lengths: Int32Array;
  /** The last extend call's c_attn outputs per layer, [tokens, 3D]: commits copy their keys/values from here. */
  private staged: Float32Array[] = [];
  /** Where each step row of the last extend call starts in `staged`, and how many tokens it has there. */
  private stagedOffsets: number[] = [];
  private stagedCounts: number[] = [];

  constructor(
    private readonly tf: Tf,
    private readonly config: GPT2Config,
    private readonly params: Params,
    private readonly rows: number,
  ) {
    this.heads = config.n_head;
    this.dh = config.n_embd / config.n_head;
    this.maxLen = config.n_positions;
    this.layers = Array.from({ length: config.n_layer }, () => null);
    this.lengths = new Int32Array(rows);
  }

  /** Makes room for `need` positions per row: doubles the capacity (at least 32, at most n_positions), moving rows. */
  private reserve(need: number): void {
    if (need <= this.capacity) return;
    const { heads, dh } = this;
    const next = Math.min(this.maxLen, Math.max(need, 2 * this.capacity, 32));
    const blocks = this.rows * 2 * heads;
    this.layers = this.layers.map((old) => {
      const grown = allocateCacheRegion(blocks * next * dh);
      if (old) {
        const [from, to] = [old.view(), grown.view()];
        for (let b = 0; b < blocks; b++) to.set(from.subarray(b * this.capacity * dh, (b + 1) * this.capacity * dh), b * next * dh);
        old.free();
      }
      return grown;
    });
    this.capacity = next;
  }

  private checkRow(row: number, keep: number): void {
    const length = this.lengths[row];
    if (length === undefined) throw new RangeError(`no cache row ${row}`);
    if (keep < 0 || keep > length) throw new RangeError(`cache row ${row} holds ${length} positions, not ${keep}`);
  }

  extend(steps: readonly CacheStep[]): StepOutput {
    const { tf, config, params } = this;
    const d = config.n_embd;
    const maxPos = config.n_positions - 1;
    // Rows' new tokens one after another, unpadded (a row without any keeps one padding token, as the tensor path).
    const counts = steps.map((step) => Math.max(1, step.ids.length));
    const offsets: number[] = [];
    let total = 0;
    for (const c of counts) {
      offsets.push(total);
      total += c;
    }
    const meta = new Int32Array(4 * steps.length);
    const ids = new Int32Array(total);
    const pos = new Int32Array(total);
    steps.forEach((step, i) => {
      if (step.row !== null) this.checkRow(step.row, step.keep);
      const first = offsets[i] as number;
      meta.set([step.row ?? -1, step.row === null ? 0 : step.keep, first, counts[i] as number], 4 * i);
      for (let q = 0; q < (counts[i] as number); q++) {
        ids[first + q] = step.ids[q] ?? 0;
        pos[first + q] = Math.min(step.start + q, maxPos);
      }
    });
    const scale = 1 / Math.sqrt(this.dh);
    const kept = tf.tidy(() => {
      const metaT = tf.tensor1d(meta, 'int32');
      const qkvs: TF.Tensor2D[] = [];
      const x = embed(tf, params, tf.tensor2d(ids, [1, total], 'int32'), tf.tensor2d(pos, [1, total], 'int32'));
      const hidden = blocks(tf, config, params, x, (layer, qkv) => {
        qkvs.push(qkv);
        return cachedAttention(tf, qkv, metaT, this.layers[layer] ?? null, this.heads, this.capacity, scale);
      });
      return [finalNorm(tf, config, params, hidden), ...qkvs];
    });
    const data = kept.map((t) => t.dataSync() as Float32Array);
    tf.dispose(kept);
    const normed = data[0] as Float32Array;
    this.staged = data.slice(1);
    this.stagedOffsets = offsets;
    this.stagedCounts = counts;
    return {
      vector: (row, q) => {
        const at = (offsets[row] as number) + q;
        return normed.slice(at * d, (at + 1) * d);
      },
    };
  }

  commit(row: number, keep: number, from: number, count: number): void {
    this.checkRow(row, keep);
    if (keep + count > this.maxLen) throw new RangeError(`cache row ${row} cannot hold ${keep + count} positions (n_positions ${this.maxLen})`);
    const first = this.stagedOffsets[from];
    if (count > 0 && (first === undefined || count > (this.stagedCounts[from] as number))) {
      throw new RangeError(`no staged row ${from} with ${count} new positions`);
    }
    this.reserve(keep + count);
    const { heads, dh, capacity } = this;
    const d = this.config.n_embd;
    this.layers.forEach((region, i) => {
      if (!region) return;
      const layer = region.view();
      const qkv = this.staged[i] as Float32Array;
      for (let c = 0; c < count; c++) {
        const at = ((first as number) + c) * 3 * d;
        // Keys are the second third of a c_attn row, values the last; heads lie side by side within each.
        for (let block = 0; block < 2 * heads; block++) {
          const src = at + d + block * dh;
          layer.set(qkv.subarray(src, src + dh), ((row * 2 * heads + block) * capacity + keep + c) * dh);
        }
      }
    });
    this.lengths[row] = keep + count;
  }

  dispose(): void {
    this.staged = [];
    this.stagedOffsets = [];
    this.stagedCounts = [];
    for (const region of this.layers) region?.free();
    this.layers = this.layers.map(() => null);
    this.capacity = 0;
    this.lengths.fill(0);
  }
}
