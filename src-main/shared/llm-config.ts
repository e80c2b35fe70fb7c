// The user's OpenAI-compatible chat endpoint (a local vLLM / llama.cpp / Ollama server): the settings schema the
// contract validates and the LLM client reads.
import { z } from 'zod';

/**
 * Endpoint settings. Nothing is ever called unless the user configured one. `baseUrl` includes the API prefix
 * (e.g. `http://127.0.0.1:8000/v1`); the client appends `/chat/completions`.
 */
export const LlmEndpointConfig = z.object({
  baseUrl: z
    .url({ protocol: /^https?$/, error: 'baseUrl must be an http:// or https:// URL' })
    // fetch refuses URLs with credentials, and they would leak into messages: a token belongs in apiKey.
    .refine(
      (u) => new URL(u).username === '' && new URL(u).password === '',
      'baseUrl must not hold a user name or password; use apiKey',
    )
    .transform((u) => u.replace(/\/+$/, '')),
  model: z.string().trim().min(1),
  /** Sent as `Authorization: Bearer …`; never logged and never part of an error message. */
  apiKey: z.string().min(1).optional(),
  maxConcurrency: z.number().int().min(1).max(64).default(2),
  requestsPerMinute: z.number().positive().max(100_000).default(60),
  timeoutMs: z.number().int().positive().default(60_000),
  maxRetries: z.number().int().min(0).max(10).default(3),
  temperature: z.number().min(0).max(2).default(0.7),
  /** Caps each completion; also bounds what a runaway generation can cost. */
  maxTokens: z.number().int().positive().default(1024),
});
export type LlmEndpointConfig = z.infer<typeof LlmEndpointConfig>;
/** What a user or a settings file may supply: every field with a default is optional. */
export type LlmEndpointConfigInput = z.input<typeof LlmEndpointConfig>;
