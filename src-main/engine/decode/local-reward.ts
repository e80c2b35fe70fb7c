// The project's GPT-2 reward model as a StepReward: a candidate costs one incremental step on the row's cached
// prefix (exact, because last-token pooling reads only the last position), or a full pass when `cached` is false.
import type * as TF from '@tensorflow/tfjs';
import { lengthFeature } from '../model/pair-batch';
import { LENGTH_WEIGHT } from '../model/params';
import type { RewardModel } from '../model/reward-model';
import type { Encode } from '../tokenizer/fast-encoder';
import { appendCache, disposeCache, disposeStep, EMPTY_CACHE, extendRows, type RowCache, type RowStep, type StepResult } from './kv-rows';
import type { RewardRows, StepReward } from './sides';

interface Scored {
  ids: number[];
  /** Tokens shared with the committed response: the cache prefix this candidate continues. */
  keep: number;
  /** ln_f vectors of the candidate's response tokens. */
  vectors: Float32Array[];
  reward: number;
  /** Row of the step result holding this candidate's new keys/values (-1: no new tokens). */
  stepRow: number;
}

interface Row {
  prompt: number[];
  response: number[];
  vectors: Float32Array[];
  /** ln_f at the prompt's last token: what last-token pooling reads for an empty response. */
  promptLast: Float32Array;
  cache: RowCache;
  reward: number;
  offered: Scored[];
}

function commonPrefix(a: readonly number[], b: readonly number[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

export class LocalReward implements StepReward {
  private readonly weight: Float32Array;
  private readonly lengthWeight: number;
  /** Prompts keep at most half the context, so a response has the other half (the row is full after that). */
  private readonly promptRoom: number;
  private step: StepResult | null = null;

  constructor(
    private readonly model: RewardModel,
    private readonly encode: Encode,
    /** false: every candidate is a full pass over prompt + response (the reference the cache is tested against). */
    private readonly cached: boolean,
  ) {
    this.weight = (model.params.get('score.weight') as TF.Variable).dataSync() as Float32Array;
    const lw = model.params.get(LENGTH_WEIGHT);
    this.lengthWeight = model.config.length_feature && lw ? (lw.dataSync()[0] as number) : 0;
    this.promptRoom = Math.max(1, Math.floor(model.config.n_positions / 2));
  }

  private promptIds(text: string): number[] {
    const ids = Array.from(this.encode(text));
    return ids.slice(Math.max(0, ids.length - this.promptRoom));
  }

  private responseIds(prompt: readonly number[], text: string): number[] {
    return Array.from(this.encode(text)).slice(0, this.model.config.n_positions - prompt.length);
  }

  /** The reward head on CPU: pooled ln_f vector · score.weight, plus the learned length term. */
  private head(vectors: readonly Float32Array[], promptLast: Float32Array): number {
    const d = this.model.config.n_embd;
    const pooled = new Float64Array(d);
    if (this.model.config.pooling === 'last') pooled.set(vectors.length > 0 ? (vectors[vectors.length - 1] as Float32Array) : promptLast);
    else for (const v of vectors) for (let j = 0; j < d; j++) pooled[j] = (pooled[j] as number) + (v[j] as number) / vectors.length;
    let r = 0;
    for (let j = 0; j < d; j++) r += (pooled[j] as number) * (this.weight[j] as number);
    return r + this.lengthWeight * lengthFeature(vectors.length);
  }

  /** Runs steps; returns, per step, the ln_f vectors of its new positions from `from[i]` on, and keeps the kv. */
  private run(steps: RowStep[], from: readonly number[]): Float32Array[][] {
    const { tf, config, params } = this.model;
    const result = extendRows(tf, config, params, steps);
    const [, s, d] = result.normed.shape;
    const data = result.normed.dataSync() as Float32Array;
    this.dropStep();
    this.step = result;
    return steps.map((step, i) => {
      const out: Float32Array[] = [];
      for (let q = from[i] as number; q < step.ids.length; q++) out.push(data.slice((i * s + q) * d, (i * s + q + 1) * d));
      return out;
    });
  }

  private dropStep(): void {
    if (this.step) disposeStep(this.step);
    this.step = null;
  }

  async scoreTexts(prompt: string, responses: readonly string[]): Promise<number[]> {
    const p = this.promptIds(prompt);
    const steps = responses.map((text) => ({ past: EMPTY_CACHE, ids: [...p, ...this.responseIds(p, text)], start: 0 }));
    const vectors = this.run(steps, steps.map(() => Math.max(0, p.length - 1)));
    this.dropStep();
    return vectors.map((v) => (p.length > 0 ? this.head(v.slice(1), v[0] as Float32Array) : this.head(v, new Float32Array(this.model.config.n_embd))));
  }

  async open(prompts: readonly string[]): Promise<RewardRows> {
    const rows: Row[] = prompts.map((text) => ({
      prompt: this.promptIds(text),
      response: [],
      vectors: [],
      promptLast: new Float32Array(this.model.config.n_embd),
      cache: EMPTY_CACHE,
      reward: 0,
      offered: [],
    }));
    const withPrompt = rows.filter((row) => row.prompt.length > 0);
    if (withPrompt.length > 0) {
      const lasts = this.run(withPrompt.map((row) => ({ past: EMPTY_CACHE, ids: row.prompt, start: 0 })), withPrompt.map((row) => row.prompt.length - 1));
      withPrompt.forEach((row, i) => {
        row.promptLast = lasts[i]?.[0] as Float32Array;
        row.reward = this.head([], row.promptLast);
        if (this.cached) row.cache = appendCache(this.model.tf, EMPTY_CACHE, 0, (this.step as StepResult).kv, i, row.prompt.length);
      });
      this.dropStep();
    }
    return this.handle(rows);
  }

  private handle(rows: Row[]): RewardRows {
    const { tf } = this.model;
    return {
      score: async (ids, texts) => {
        const steps: RowStep[] = [];
        const from: number[] = [];
        const slices: RowCache[] = [];
        const plan = ids.map((i, j) => {
          const row = rows[i] as Row;
          return (texts[j] ?? []).map((text): Scored => {
            const cand = this.responseIds(row.prompt, text);
            const keep = this.cached ? commonPrefix(row.response, cand) : 0;
            const scored: Scored = { ids: cand, keep, vectors: row.vectors.slice(0, keep), reward: 0, stepRow: -1 };
            if (this.cached && keep === cand.length) return scored;
            let past = row.cache;
            // Re-tokenising the longer text changed the last committed token(s): continue a shorter copy of the cache.
            if (this.cached && keep < row.response.length) {
              past = appendCache(tf, EMPTY_CACHE, 0, row.cache.layers, 0, row.prompt.length + keep);
              slices.push(past);
            }
            scored.stepRow = steps.length;
            if (this.cached) {
              steps.push({ past, ids: cand.slice(keep), start: row.prompt.length + keep });
              from.push(0);
            } else {
              steps.push({ past: EMPTY_CACHE, ids: [...row.prompt, ...cand], start: 0 });
              from.push(row.prompt.length);
            }
            return scored;
          });
        });
        const vectors = steps.length > 0 ? this.run(steps, from) : [];
        slices.forEach(disposeCache);
        return ids.map((i, j) => {
          const row = rows[i] as Row;
          row.offered = plan[j] as Scored[];
          return row.offered.map((c) => {
            if (c.stepRow >= 0) c.vectors = [...c.vectors, ...(vectors[c.stepRow] as Float32Array[])];
            c.reward = this.head(c.vectors, row.promptLast);
            return c.reward;
          });
        });
      },
      commit: (ids, choices) => {
        ids.forEach((i, j) => {
          const row = rows[i] as Row;
          const c = row.offered[choices[j] as number];
          if (!c) throw new RangeError(`row ${i} has no scored candidate ${choices[j]}`);
          if (this.cached && (c.stepRow >= 0 || c.keep < row.response.length)) {
            const count = c.ids.length - c.keep;
            const next =
              c.stepRow >= 0 && this.step
                ? appendCache(tf, row.cache, row.prompt.length + c.keep, this.step.kv, c.stepRow, count)
                : appendCache(tf, EMPTY_CACHE, 0, row.cache.layers, 0, row.prompt.length + c.keep);
            disposeCache(row.cache);
            row.cache = next;
          }
          row.response = c.ids;
          row.vectors = c.vectors;
          row.reward = c.reward;
        });
        this.dropStep();
      },
      current: (i) => (rows[i] as Row).reward,
      full: (i) => {
        const row = rows[i] as Row;
        return row.prompt.length + row.response.length >= this.model.config.n_positions;
      },
      dispose: () => {
        this.dropStep();
        rows.forEach((row) => disposeCache(row.cache));
      },
    };
  }
}
