// The decoding contract the discovery job calls: reward-guided (ARGS/REFORM-style) and plain sampling from a policy.
import type * as TF from '@tensorflow/tfjs';

/** 'guided': the reward model steers each token (REFORM's top-k search); 'sample': plain sampling from the policy. */
export type DecodeMode = 'guided' | 'sample';

/**
 * Which class the policy writes. 'aligned' writes preferred-class responses and guidance MINIMISES the reward
 * (s = −1, hunting false negatives); 'misaligned' writes rejected-class responses and guidance MAXIMISES it (s = +1).
 */
export type PolicyRole = 'aligned' | 'misaligned';

/** Every knob of one decoding run; all of them are recorded with each output. */
export interface DecodeParams {
  /** Guided search or plain sampling. */
  mode: DecodeMode;
  /** Sets the guidance sign s (aligned → −1, misaligned → +1); ignored by 'sample' except for provenance. */
  role: PolicyRole;
  /** Candidates per step: the policy's top k next tokens (default 5). In 'sample' mode sampling is also top-k. */
  k: number;
  /** Temperature T of the mixing rule softmax((softmax(p/T) + softmax(s·r/T)) / T) (default 0.6). */
  temperature: number;
  /** Stop after this many new tokens if end-of-text has not come first. */
  maxNewTokens: number;
  /** Independent responses decoded per prompt (numbered 0..samplesPerPrompt-1). */
  samplesPerPrompt: number;
  /** Seed of the sampling PRNG: the same prompts, params and models give the same outputs. */
  seed: number;
}

/** One prompt to decode from. */
export interface DecodePrompt {
  /** Caller's key, echoed in every output (the discovery job passes the source pair id). */
  key: number;
  /** The prompt text, formatted as the project's pairs store it (the policy continues it with a response). */
  prompt: string;
}

/** One decoded response. */
export interface DecodedResponse {
  /** The prompt's key. */
  key: number;
  /** Which of the prompt's samples this is, 0-based. */
  sample: number;
  /** The response text (without the prompt and without the end-of-text marker). */
  response: string;
  /** r(x, y): the guiding reward model's reward for the full response, scored as the scorer would score it. */
  reward: number;
  /** New tokens the policy produced (in the policy's vocabulary). */
  tokens: number;
}

/** Progress of a decode call, reported after each finished prompt. */
export interface DecodeProgress {
  /** Prompts whose samples are all done. */
  promptsDone: number;
  /** Policy tokens generated so far in this call. */
  tokens: number;
  /** tokens / elapsed wall seconds of this call. */
  tokensPerSecond: number;
}

/** Callbacks and cancellation for one decode call. */
export interface DecodeHooks {
  /** Aborting stops the call at the next step; decode then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called once per finished response, as soon as it is done (so a job can store outputs incrementally). */
  onOutput?(output: DecodedResponse): void;
  /** Called after each finished prompt. */
  onProgress?(progress: DecodeProgress): void;
}

/** Scores whole responses with the guiding reward model: used for the references y_chosen / y_rejected. */
export interface ResponseScorer {
  /** r(prompt, response) for each response, in order; same numbers as DecodedResponse.reward for the same text. */
  score(prompt: string, responses: readonly string[]): Promise<number[]>;
}

/** Decodes responses from a policy, guided by a reward model or not. */
export interface GuidedDecoder {
  /** Decodes `params.samplesPerPrompt` responses for every prompt; resolves with all of them, prompt by prompt. */
  decode(prompts: readonly DecodePrompt[], params: DecodeParams, hooks?: DecodeHooks): Promise<DecodedResponse[]>;
  /** Frees the models' tensors; the decoder must not be used afterwards. */
  dispose(): void;
}

/** Where the policy comes from: a local HF GPT-2 folder (trained in-app or imported), or a completions endpoint. */
export type PolicySource =
  | {
      kind: 'local';
      /** A GPT2LMHeadModel-compatible folder: config.json, model.safetensors, tokenizer.json. */
      dir: string;
    }
  | {
      kind: 'endpoint';
      /** OpenAI-compatible server root, e.g. http://127.0.0.1:8000/v1 (vLLM, llama.cpp server). */
      baseUrl: string;
      /** The `model` field sent with every /completions request. */
      model: string;
      /** Sent as a Bearer token when set. */
      apiKey?: string;
      /** `logprobs` asked per step: top candidates returned per token (must be ≥ k; servers often cap it at 5 or 20). */
      topLogprobs: number;
    };

/** What openGuidedDecoder needs. */
export interface OpenDecoderOptions {
  /** The TensorFlow.js module with its backend already chosen. */
  tf: typeof TF;
  /** The policy. */
  policy: PolicySource;
  /** The guiding reward model's folder (as saved by reward training: config.json, model.safetensors, tokenizer.json). */
  rewardModelDir: string;
}

/** The decoder and the matching whole-response scorer (same reward model, same tokenisation). */
export interface OpenedDecoder {
  decoder: GuidedDecoder;
  scorer: ResponseScorer;
}

/**
 * Signature of the factory: loads the models and returns a ready decoder. Implemented as `openGuidedDecoder` in
 * src-main/jobs/policy/open-decoder.ts, above both engine/ (local policies, the reward side) and llm/ (the endpoint
 * client), since the engine must not import llm.
 */
export type OpenGuidedDecoder = (options: OpenDecoderOptions) => Promise<OpenedDecoder>;
