// The user's OpenAI-compatible chat endpoint (a local vLLM / llama.cpp / Ollama server): schema, defaults, warnings.
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

/** Validates user input; throws zod's error naming the bad field. */
export function parseLlmConfig(input: unknown): LlmEndpointConfig {
  return LlmEndpointConfig.parse(input);
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK.has(hostname) || hostname.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** The endpoint as messages show it: scheme, host and path (never the key), plus the model. */
export function describeEndpoint(config: Pick<LlmEndpointConfig, 'baseUrl' | 'model'>): string {
  const url = new URL(config.baseUrl);
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')} (model ${config.model})`;
}

/**
 * Things the settings screen should point out before saving. Plain http is expected on the user's own machine,
 * so only http to another host warns: prompts, responses and any API key would cross the network in clear text.
 */
export function configWarnings(config: LlmEndpointConfig): string[] {
  const url = new URL(config.baseUrl);
  const warnings: string[] = [];
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    const what = config.apiKey === undefined ? 'prompts and responses' : 'prompts, responses and the API key';
    warnings.push(`${url.host} is reached over plain http: ${what} travel unencrypted; prefer https.`);
  }
  return warnings;
}

/** The config with the key masked, for logs and diagnostics. */
export function redactConfig(
  config: LlmEndpointConfig,
): Omit<LlmEndpointConfig, 'apiKey'> & { apiKey?: string } {
  const { apiKey, ...rest } = config;
  return apiKey === undefined ? rest : { ...rest, apiKey: '***' };
}
