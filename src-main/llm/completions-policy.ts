// A policy served by an OpenAI-compatible /v1/completions endpoint (vLLM, llama.cpp server), driven one token
// per request: `max_tokens: 1, logprobs: k` returns the next token's top-k candidates with their log-probabilities.
import { z } from 'zod';
import type { PolicyCandidate, PolicyRows, StepPolicy } from '../engine/decode/sides';

/** Where the endpoint is and how to ask it. */
export interface CompletionsPolicyConfig {
  /** Server root including /v1, e.g. http://127.0.0.1:8000/v1. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** `logprobs` requested per step: candidates returned (≥ k; vLLM's default cap is 20, many llama.cpp builds 10). */
  topLogprobs: number;
  fetch?: typeof globalThis.fetch;
}

/** End-of-text spellings servers put in top_logprobs (GPT-2, Llama/Mistral, Llama 3, ChatML, Gemma). */
const END_TOKENS = new Set(['<|endoftext|>', '</s>', '<|eot_id|>', '<|im_end|>', '<|end|>', '<eos>']);

/** The legacy completions logprobs object: top_logprobs holds one {token: logprob} map per generated token. */
const completionSchema = z.object({
  choices: z
    .array(
      z.object({
        index: z.number().int(),
        logprobs: z.object({ top_logprobs: z.array(z.record(z.string(), z.number()).nullable()) }),
      }),
    )
    .min(1),
});

interface Row {
  prompt: string;
  response: string;
  tokens: number;
  offered: PolicyCandidate[];
}

export class CompletionsPolicy implements StepPolicy {
  constructor(private readonly config: CompletionsPolicyConfig) {}

  /** The server tokenises prompt + response itself (its vocabulary is its own); the reward side re-tokenises the text. */
  private async topK(texts: readonly string[], k: number): Promise<[string, number][][]> {
    const { baseUrl, model, apiKey, topLogprobs } = this.config;
    const fetcher = this.config.fetch ?? globalThis.fetch;
    const res = await fetcher(`${baseUrl.replace(/\/+$/, '')}/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
      body: JSON.stringify({ model, prompt: texts, max_tokens: 1, temperature: 0, logprobs: Math.max(k, topLogprobs) }),
    });
    if (!res.ok) throw new Error(`completions endpoint ${baseUrl} answered HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
    const body = completionSchema.parse(await res.json());
    const out: [string, number][][] = texts.map(() => []);
    for (const choice of body.choices) {
      const top = choice.logprobs.top_logprobs[0];
      if (choice.index < 0 || choice.index >= texts.length || !top) throw new Error(`completions endpoint returned no top_logprobs for prompt ${choice.index}`);
      out[choice.index] = Object.entries(top)
        .sort((a, b) => b[1] - a[1])
        .slice(0, k);
    }
    return out;
  }

  async open(prompts: readonly string[]): Promise<PolicyRows> {
    const rows: Row[] = prompts.map((prompt) => ({ prompt, response: '', tokens: 0, offered: [] }));
    return {
      candidates: async (ids, k) => {
        const tops = await this.topK(ids.map((i) => (rows[i] as Row).prompt + (rows[i] as Row).response), k);
        return ids.map((i, j) => {
          const row = rows[i] as Row;
          row.offered = (tops[j] as [string, number][]).map(([token, lp]) => {
            const end = END_TOKENS.has(token);
            return { text: end ? row.response : row.response + token, prob: Math.exp(lp), end };
          });
          return row.offered;
        });
      },
      commit: async (ids, choices) => {
        ids.forEach((i, j) => {
          const row = rows[i] as Row;
          const c = row.offered[choices[j] as number];
          if (!c) throw new RangeError(`row ${i} has no candidate ${choices[j]}`);
          row.response = c.text;
          row.tokens += 1;
        });
      },
      text: (i) => (rows[i] as Row).response,
      tokens: (i) => (rows[i] as Row).tokens,
      dispose: () => undefined,
    };
  }
}
