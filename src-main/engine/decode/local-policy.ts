// A local GPT-2 causal LM as a StepPolicy: top-k from its tied LM head, with a key/value cache or full recompute.
import type { GPT2Config } from '../model/config';
import type { Tf } from '../model/params';
import type { Params } from '../model/transformer';
import type { TextTokenizer } from '../tokenizer/types';
import { openLmTopK, type LmTopK } from './lm-top-k';
import { openRowCaches, type CacheStep, type RowCaches } from './row-caches';
import type { PolicyCandidate, PolicyRows, StepPolicy } from './sides';

interface Row {
  prompt: number[];
  response: number[];
  /** ln_f(hidden) at the last token: the LM head's input for the next token (null: not computed yet). */
  last: Float32Array | null;
  offered: number[];
}

export class LocalPolicy implements StepPolicy {
  constructor(
    private readonly tf: Tf,
    private readonly config: GPT2Config,
    private readonly params: Params,
    private readonly tokenizer: TextTokenizer,
    /** false: re-run the whole sequence at every step (the authors' way; the reference the cache is tested against). */
    private readonly cached: boolean,
  ) {}

  async open(prompts: readonly string[], maxNewTokens: number): Promise<PolicyRows> {
    const room = this.config.n_positions - maxNewTokens;
    if (room < 1) throw new RangeError(`maxNewTokens ${maxNewTokens} leaves no room for a prompt in ${this.config.n_positions} positions`);
    const rows: Row[] = prompts.map((text) => {
      const ids = Array.from(this.tokenizer.encode(text));
      // The most recent turns matter most; an empty prompt starts from end-of-text, as GPT-2 does.
      const prompt = ids.length === 0 ? [this.tokenizer.eosId] : ids.slice(Math.max(0, ids.length - room));
      return { prompt, response: [], last: null, offered: [] };
    });
    const caches = openRowCaches(this.tf, this.config, this.params, rows.length);
    try {
      if (this.cached) this.extend(caches, rows, rows.map((_, i) => i), rows.map((row) => ({ row: null, keep: 0, ids: row.prompt, start: 0 })));
    } catch (err) {
      caches.dispose();
      throw err;
    }
    return this.handle(rows, caches, openLmTopK(this.tf, this.config, this.params));
  }

  /** Runs steps for rows `ids` and stores each row's last vector (and, cached, its grown cache). */
  private extend(caches: RowCaches, rows: Row[], ids: readonly number[], steps: CacheStep[]): void {
    const out = caches.extend(steps);
    ids.forEach((i, j) => {
      const step = steps[j] as CacheStep;
      (rows[i] as Row).last = out.vector(j, step.ids.length - 1);
      if (this.cached) caches.commit(i, step.keep, j, step.ids.length);
    });
  }

  private handle(rows: Row[], caches: RowCaches, head: LmTopK): PolicyRows {
    const { tokenizer } = this;
    return {
      candidates: async (ids, k) => {
        const pending = ids.filter((i) => (rows[i] as Row).last === null);
        if (pending.length > 0) {
          const steps = pending.map((i): CacheStep => ({ row: null, keep: 0, ids: [...(rows[i] as Row).prompt, ...(rows[i] as Row).response], start: 0 }));
          this.extend(caches, rows, pending, steps);
        }
        const d = this.config.n_embd;
        const hidden = new Float32Array(ids.length * d);
        ids.forEach((i, j) => hidden.set((rows[i] as Row).last as Float32Array, j * d));
        const { probs, tokens, k: kk } = await head.top(hidden, ids.length, k);
        return ids.map((i, j) => {
          const row = rows[i] as Row;
          row.offered = Array.from(tokens.subarray(j * kk, (j + 1) * kk));
          return row.offered.map((token, c): PolicyCandidate => {
            const end = token === tokenizer.eosId;
            return { text: end ? tokenizer.decode(row.response) : tokenizer.decode([...row.response, token]), prob: probs[j * kk + c] as number, end };
          });
        });
      },
      commit: async (ids, choices) => {
        const steps = ids.map((i, j): CacheStep => {
          const row = rows[i] as Row;
          const token = row.offered[choices[j] as number];
          if (token === undefined) throw new RangeError(`row ${i} has no candidate ${choices[j]}`);
          const length = row.prompt.length + row.response.length;
          row.response.push(token);
          row.last = null;
          return { row: i, keep: length, ids: [token], start: length };
        });
        if (this.cached) this.extend(caches, rows, ids, steps);
      },
      text: (i) => tokenizer.decode((rows[i] as Row).response),
      tokens: (i) => (rows[i] as Row).response.length,
      dispose: () => {
        caches.dispose();
        head.dispose();
      },
    };
  }
}
