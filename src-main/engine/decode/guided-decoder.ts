// The decoding loop: REFORM's reward-guided top-k search, or plain top-k sampling, over any StepPolicy/StepReward.
import { SeededRng } from '../model/rng';
import { drawIndex, guidanceSign, guidedWeights, sampleWeights } from './mixing';
import type { PolicyCandidate, PolicyRows, RewardRows, StepPolicy, StepReward } from './sides';
import type { DecodedResponse, DecodeHooks, DecodeParams, DecodePrompt, GuidedDecoder } from './types';

/** Prompts decoded together: their rows (prompts × samples) share every batched step. */
const PROMPTS_PER_BATCH = 8;

/** Throws a RangeError naming the first parameter out of range. */
export function validateDecodeParams(p: DecodeParams): void {
  const positiveInt: (keyof DecodeParams)[] = ['k', 'maxNewTokens', 'samplesPerPrompt'];
  for (const key of positiveInt) {
    const v = p[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new RangeError(`${key} must be a positive integer, got ${String(v)}`);
  }
  if (!(p.temperature > 0)) throw new RangeError(`temperature must be > 0, got ${p.temperature}`);
  if (!Number.isInteger(p.seed)) throw new RangeError(`seed must be an integer, got ${p.seed}`);
}

export class StepDecoder implements GuidedDecoder {
  constructor(
    private readonly policy: StepPolicy,
    private readonly reward: StepReward,
    private readonly release: () => void = () => undefined,
  ) {}

  async decode(prompts: readonly DecodePrompt[], params: DecodeParams, hooks: DecodeHooks = {}): Promise<DecodedResponse[]> {
    validateDecodeParams(params);
    const rng = new SeededRng(params.seed);
    const started = performance.now();
    const out: DecodedResponse[] = [];
    let tokens = 0;
    for (let b = 0; b < prompts.length; b += PROMPTS_PER_BATCH) {
      const batch = prompts.slice(b, b + PROMPTS_PER_BATCH);
      const rows = batch.flatMap((p) => Array.from({ length: params.samplesPerPrompt }, (_, sample) => ({ key: p.key, prompt: p.prompt, sample })));
      const done = await this.decodeRows(rows, params, rng, hooks.signal);
      for (const d of done) {
        out.push(d);
        tokens += d.tokens;
        hooks.onOutput?.(d);
      }
      const seconds = (performance.now() - started) / 1000;
      hooks.onProgress?.({ promptsDone: b + batch.length, tokens, tokensPerSecond: seconds > 0 ? tokens / seconds : 0 });
    }
    return out;
  }

  /** Decodes rows in lock-step; the PRNG is drawn row by row in order, so cached and full paths draw alike. */
  private async decodeRows(
    rows: readonly { key: number; prompt: string; sample: number }[],
    params: DecodeParams,
    rng: SeededRng,
    signal: AbortSignal | undefined,
  ): Promise<DecodedResponse[]> {
    const texts = rows.map((r) => r.prompt);
    const policy: PolicyRows = await this.policy.open(texts, params.maxNewTokens);
    let reward: RewardRows | null = null;
    try {
      const guided = params.mode === 'guided';
      if (guided) reward = await this.reward.open(texts);
      const sign = guidanceSign(params.role);
      let active = rows.map((_, i) => i);
      while (active.length > 0) {
        signal?.throwIfAborted();
        const offered = await policy.candidates(active, params.k);
        // At least one token: end-of-text as the very first token would give an empty response.
        const allowed = active.map((row, j) => {
          const c = offered[j] as PolicyCandidate[];
          const kept = policy.tokens(row) === 0 ? c.filter((x) => !x.end) : c;
          return kept.length > 0 ? kept : c;
        });
        const rewards = reward ? await reward.score(active, allowed.map((c) => c.map((x) => x.text))) : null;
        const choices = active.map((_, j) => {
          const c = allowed[j] as PolicyCandidate[];
          const probs = c.map((x) => x.prob);
          const w = rewards ? guidedWeights(probs, rewards[j] as number[], sign, params.temperature) : sampleWeights(probs, params.temperature);
          return drawIndex(w, rng.next());
        });
        // Indices into the filtered lists map back to the policy's own candidate lists.
        const policyChoices = active.map((_, j) => (offered[j] as PolicyCandidate[]).indexOf((allowed[j] as PolicyCandidate[])[choices[j] as number] as PolicyCandidate));
        const ended = active.map((_, j) => ((allowed[j] as PolicyCandidate[])[choices[j] as number] as PolicyCandidate).end);
        reward?.commit(active, choices);
        const going = active.map((row, j) => ({ row, j })).filter((x) => !ended[x.j]);
        if (going.length > 0) await policy.commit(going.map((x) => x.row), going.map((x) => policyChoices[x.j] as number));
        active = going.map((x) => x.row).filter((row) => policy.tokens(row) < params.maxNewTokens && !(reward?.full(row) ?? false));
      }
      const finals = reward ? rows.map((_, i) => (reward as RewardRows).current(i)) : null;
      const byPrompt = new Map<string, string[]>();
      if (!finals) for (const [i, r] of rows.entries()) byPrompt.set(r.prompt, [...(byPrompt.get(r.prompt) ?? []), policy.text(i)]);
      const sampled = new Map<string, number[]>();
      for (const [prompt, responses] of byPrompt) sampled.set(prompt, await this.reward.scoreTexts(prompt, responses));
      const used = new Map<string, number>();
      return rows.map((r, i) => {
        let value: number;
        if (finals) value = finals[i] as number;
        else {
          const n = used.get(r.prompt) ?? 0;
          used.set(r.prompt, n + 1);
          value = (sampled.get(r.prompt) as number[])[n] as number;
        }
        return { key: r.key, sample: r.sample, response: policy.text(i), reward: value, tokens: policy.tokens(i) };
      });
    } finally {
      reward?.dispose();
      policy.dispose();
    }
  }

  dispose(): void {
    this.release();
  }
}
