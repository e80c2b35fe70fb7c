// The user's OpenAI-compatible chat endpoint (a local vLLM / llama.cpp / Ollama server): schema, defaults, warnings.
import { LlmEndpointConfig } from '../shared/llm-config';

export { LlmEndpointConfig, type LlmEndpointConfigInput } from '../shared/llm-config';

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
