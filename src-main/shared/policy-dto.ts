// Policy models as the contract shows them: how to train one (from scratch or from a local GPT-2 folder), how to
// register an OpenAI-compatible completions endpoint as one, and what the policies list holds.
import { z } from 'zod';
import { PolicyRole } from './discovery-dto';
import { LlmEndpointConfig } from './llm-config';
import { numberSchema, PARAMS, withDefault } from './params';

/** The transformer presets a policy can take (a policy needs the LM head: no n-gram, combined or bag-of-embeddings). */
export const PolicyPreset = z.enum(['tiny', 'mini', 'small', 'base', 'gpt2-small']);
export type PolicyPreset = z.infer<typeof PolicyPreset>;
export const DEFAULT_POLICY_PRESET: PolicyPreset = 'tiny';

export const PolicyTrainOptions = z
  .object({
    /** aligned: trained on prompt → chosen; misaligned: prompt → rejected (train split only). */
    role: PolicyRole,
    /** Shape of a policy trained from scratch; ignored with `initFrom` (the folder's shape wins). */
    preset: PolicyPreset.default(DEFAULT_POLICY_PRESET),
    steps: withDefault(PARAMS.policySteps),
    /** Default: 3e-3 from scratch, 3e-4 when fine-tuning a pretrained folder. */
    learningRate: numberSchema(PARAMS.learningRate).optional(),
    /** Default: 8 examples per step. */
    batchSize: numberSchema(PARAMS.batchSize).optional(),
    seed: withDefault(PARAMS.seed),
    /** A local Hugging Face GPT-2-family folder (config.json, model.safetensors, tokenizer.json) to fine-tune. */
    initFrom: z.string().min(1).optional(),
    datasetId: z.number().int().positive().optional(),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type PolicyTrainOptions = z.input<typeof PolicyTrainOptions>;

/** A completions endpoint (vLLM, llama.cpp server) that returns top-k log-probabilities, as the policy of a role. */
export const PolicyEndpointOptions = z
  .object({
    role: PolicyRole,
    /** Server root including the API prefix, e.g. http://127.0.0.1:8000/v1 (the client appends /completions). */
    baseUrl: LlmEndpointConfig.shape.baseUrl,
    model: z.string().trim().min(1).max(500),
    /** Kept in the user's secret store, never in the project file; never shown again. */
    apiKey: z.string().min(1).optional(),
    /** `logprobs` asked per step (at least the decoder's k; vLLM caps at 20 by default, many llama.cpp builds at 10). */
    topLogprobs: withDefault(PARAMS.topLogprobs),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type PolicyEndpointOptions = z.input<typeof PolicyEndpointOptions>;

/** What a finished policy-train job measured: response-token loss (nats) and perplexity before and after, the curve. */
export const PolicyMetrics = z.object({
  backend: z.string(),
  /** Training examples (prompt → response of the role). */
  examples: z.number().int(),
  steps: z.number().int(),
  seconds: z.number(),
  tokensPerSecond: z.number(),
  /** On a fixed sample of the training examples, with the starting weights and with the trained ones. */
  initialLoss: z.number(),
  initialPerplexity: z.number(),
  finalLoss: z.number(),
  finalPerplexity: z.number(),
  /** The same on held-out (validation split) examples of the role; null without any. */
  validationLoss: z.number().nullable(),
  validationPerplexity: z.number().nullable(),
  /** Per-step loss and perplexity, sampled to at most a few hundred points. */
  history: z.array(z.object({ step: z.number().int(), loss: z.number(), perplexity: z.number() })),
});
export type PolicyMetrics = z.infer<typeof PolicyMetrics>;

export const PolicySource = z.enum(['trained', 'fine-tuned', 'endpoint']);
export type PolicySource = z.infer<typeof PolicySource>;

export const PolicySummary = z.object({
  id: z.number().int(),
  name: z.string(),
  role: PolicyRole.nullable(),
  source: PolicySource,
  /** queued, training, ready, failed, cancelled (a registered endpoint is ready at once). */
  status: z.string(),
  preset: z.string().nullable(),
  createdAt: z.string(),
  /** Steps asked for; the metrics say how many ran. */
  steps: z.number().int().nullable(),
  initFrom: z.string().nullable(),
  endpoint: z
    .object({ baseUrl: z.string(), model: z.string(), topLogprobs: z.number().int(), hasApiKey: z.boolean() })
    .nullable(),
  metrics: PolicyMetrics.nullable(),
});
export type PolicySummary = z.infer<typeof PolicySummary>;
