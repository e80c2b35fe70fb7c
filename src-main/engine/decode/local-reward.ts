// The project's GPT-2 reward model as a StepReward: a candidate costs one incremental step on the row's cached
// prefix (exact, because last-token pooling reads only the last position), or a full pass when `cached` is false.
import type * as TF from '@tensorflow/tfjs';
import { lengthFeature } from '../model/pair-batch';
import { LENGTH_WEIGHT } from '../model/params';
import type { RewardModel } from '../model/reward-model';
import type { Encode } from '../tokenizer/fast-encoder';
import { openRowCaches, type CacheStep, type RowCaches } from './row-caches';
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

  private openCaches(rows: number): RowCaches {
    const { tf, config, params } = this.model;
    return openRowCaches(tf, config, params, rows);
  }

  /** Runs steps; returns, per step, the ln_f vectors of its new positions from `from[i]` on; the caches keep the kv. */
  private run(caches: RowCaches, steps: CacheStep[], from: readonly number[]): Float32Array[][] {
    const result = caches.extend(steps);
    return steps.map((step, i) => {
      const out: Float32Array[] = [];
      for (let q = from[i] as number; q < step.ids.length; q++) out.push(result.vector(i, q));
      return out;
    });
  }

  async scoreTexts(prompt: string, responses: readonly string[]): Promise<number[]> {
    const p = this.promptIds(prompt);
    const steps = responses.map((text): CacheStep => ({ row: null, keep: 0, ids: [...p, ...this.responseIds(p, text)], start: 0 }));
    const caches = this.openCaches(0);
    let vectors: Float32Array[][];
    try {
      vectors = this.run(caches, steps, steps.map(() => Math.max(0, p.length - 1)));
    } finally {
      caches.dispose();
    }
    return vectors.map((v) => (p.length > 0 ? this.head(v.slice(1), v[0] as Float32Array) : this.head(v, new Float32Array(this.model.config.n_embd))));
  }

  async open(prompts: readonly string[]): Promise<RewardRows> {
    const rows: Row[] = prompts.map((text) => ({
      prompt: this.promptIds(text),
      response: [],
      vectors: [],
      promptLast: new Float32Array(this.model.config.n_embd),
      reward: 0,
      offered: [],
    }));
    const caches = this.openCaches(rows.length);
    const withPrompt = rows.flatMap((row, i) => (row.prompt.length > 0 ? [i] : []));
    try {
      if (withPrompt.length > 0) {
        const steps = withPrompt.map((i): CacheStep => ({ row: null, keep: 0, ids: (rows[i] as Row).prompt, start: 0 }));
        const lasts = this.run(caches, steps, withPrompt.map((i) => (rows[i] as Row).prompt.length - 1));
        withPrompt.forEach((i, j) => {
          const row = rows[i] as Row;
          row.promptLast = lasts[j]?.[0] as Float32Array;
          row.reward = this.head([], row.promptLast);
          if (this.cached) caches.commit(i, 0, j, row.prompt.length);
        });
      }
    } catch (err) {
      caches.dispose();
      throw err;
    }
    return this.handle(rows, caches);
  }

  private handle(rows: Row[], caches: RowCaches): RewardRows {
    return {
      score: async (ids, texts) => {
        const steps: CacheStep[] = [];
        const from: number[] = [];
        const plan = ids.map((i, j) => {
          const row = rows[i] as Row;
          return (texts[j] ?? []).map((text): Scored => {
            const cand = this.responseIds(row.prompt, text);
            const keep = this.cached ? commonPrefix(row.response, cand) : 0;
            const scored: Scored = { ids: cand, keep, vectors: row.vectors.slice(0, keep), reward: 0, stepRow: -1 };
            if (this.cached && keep === cand.length) return scored;
            scored.stepRow = steps.length;
            // keep < the committed response when re-tokenising the longer text changed the last committed token(s):
            // the step then continues only the cache's first prompt + keep positions.
            if (this.cached) {
              steps.push({ row: i, keep: row.prompt.length + keep, ids: cand.slice(keep), start: row.prompt.length + keep });
              from.push(0);
            } else {
              steps.push({ row: null, keep: 0, ids: [...row.prompt, ...cand], start: 0 });
              from.push(row.prompt.length);
            }
            return scored;
          });
        });
        const vectors = steps.length > 0 ? this.run(caches, steps, from) : [];
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
            caches.commit(i, row.prompt.length + c.keep, c.stepRow, c.stepRow >= 0 ? c.ids.length - c.keep : 0);
          }
          row.response = c.ids;
          row.vectors = c.vectors;
          row.reward = c.reward;
        });
      },
      current: (i) => (rows[i] as Row).reward,
      full: (i) => {
        const row = rows[i] as Row;
        return row.prompt.length + row.response.length >= this.model.config.n_positions;
      },
      dispose: () => caches.dispose(),
    };
  }
}
