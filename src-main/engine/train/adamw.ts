// AdamW with decoupled weight decay over named tf.Variables, global-norm clipping, and a warm-up + decay schedule.
// tf.train.adam folds nothing like decoupled decay in, so the update is written out here.
import type * as TF from '@tensorflow/tfjs';
import { readVariables, type Tf, type WeightMap } from '../model/params';

export interface AdamWSettings {
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
}

/** Optimiser state as plain data, for checkpoints. */
export interface AdamWState {
  step: number;
  m: WeightMap;
  v: WeightMap;
}

export type ScheduleKind = 'cosine' | 'linear' | 'constant';

/** Learning rate at 0-based `step` of `total`: linear warm-up over `warmup` steps, then decay to 0 (or hold). */
export function learningRateAt(step: number, total: number, peak: number, warmup: number, kind: ScheduleKind): number {
  if (warmup > 0 && step < warmup) return (peak * (step + 1)) / warmup;
  if (kind === 'constant') return peak;
  const progress = Math.min(1, (step - warmup) / Math.max(1, total - warmup));
  return kind === 'cosine' ? peak * 0.5 * (1 + Math.cos(Math.PI * progress)) : peak * (1 - progress);
}

export class AdamW {
  private readonly tf: Tf;
  private readonly settings: AdamWSettings;
  private readonly params: Map<string, TF.Variable>;
  private readonly m = new Map<string, TF.Variable>();
  private readonly v = new Map<string, TF.Variable>();
  step = 0;

  constructor(tf: Tf, params: Map<string, TF.Variable>, settings: AdamWSettings) {
    this.tf = tf;
    this.params = params;
    this.settings = settings;
    // tidy disposes the zerosLike tensors; each variable keeps its own reference to the data.
    tf.tidy(() => {
      for (const [name, p] of params) {
        this.m.set(name, tf.variable(tf.zerosLike(p), false));
        this.v.set(name, tf.variable(tf.zerosLike(p), false));
      }
    });
  }

  /**
   * One update from `grads` (by parameter name) at learning rate `lr`, after scaling all gradients so their global
   * L2 norm is at most `clipNorm` (0 = no clipping). Weight decay skips biases and LayerNorm gains (rank-1 tensors).
   * Returns the pre-clip global norm as a scalar tensor (owned by the caller's tidy).
   */
  apply(grads: Map<string, TF.Tensor>, lr: number, clipNorm: number): TF.Scalar {
    const { tf } = this;
    const { beta1, beta2, epsilon, weightDecay } = this.settings;
    this.step += 1;
    const norm = tf.sqrt(tf.addN([...grads.values()].map((g) => tf.sum(tf.square(g))))) as TF.Scalar;
    const clip = clipNorm > 0 ? tf.div(clipNorm, tf.maximum(norm, clipNorm)) : tf.scalar(1);
    const c1 = 1 - beta1 ** this.step;
    const c2 = 1 - beta2 ** this.step;
    for (const [name, p] of this.params) {
      const raw = grads.get(name);
      if (!raw) continue;
      const g = tf.mul(raw, clip);
      const m = this.m.get(name) as TF.Variable;
      const v = this.v.get(name) as TF.Variable;
      m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
      v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
      const update = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), epsilon));
      const decayed = p.rank >= 2 && weightDecay > 0 ? tf.mul(p, 1 - lr * weightDecay) : p;
      p.assign(tf.sub(decayed, tf.mul(update, lr)));
    }
    return norm;
  }

  /** Asynchronous, as webgpu reads buffers back only that way. */
  async getState(): Promise<AdamWState> {
    return { step: this.step, m: await readVariables(this.m), v: await readVariables(this.v) };
  }

  setState(state: AdamWState): void {
    const { tf } = this;
    for (const [which, vars] of [['m', this.m] as const, ['v', this.v] as const]) {
      for (const [name, x] of vars) {
        const w = state[which].get(name);
        if (!w) throw new RangeError(`optimizer state is missing ${which} for ${name}`);
        tf.tidy(() => x.assign(tf.tensor(w.data, w.shape, 'float32')));
      }
    }
    this.step = state.step;
  }

  dispose(): void {
    for (const x of [...this.m.values(), ...this.v.values()]) x.dispose();
  }
}
