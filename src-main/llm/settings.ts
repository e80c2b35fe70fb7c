// The project's LLM endpoint setting: read, shown without its key, and turned into a client when configured.
import type { LlmSettingsView } from '../shared/mars-dto';
import type { ProjectDb } from '../store/types';
import { JsonlCompletionCache } from './cache';
import { createChatClient, type ChatClient, type ChatClientDeps } from './client';
import { configWarnings, parseLlmConfig, type LlmEndpointConfig } from './config';

/**
 * Kept in the project file, like every other project preference. A key stored here travels with the project file,
 * which the settings screen says; local servers (the expected case) need none.
 */
export const LLM_SETTINGS_KEY = 'llm.endpoint';

export function readLlmConfig(db: ProjectDb): LlmEndpointConfig | null {
  const stored = db.settings.get<unknown>(LLM_SETTINGS_KEY);
  return stored === null ? null : parseLlmConfig(stored);
}

export function llmSettingsView(config: LlmEndpointConfig | null): LlmSettingsView {
  if (config === null) {
    return {
      configured: false,
      baseUrl: null,
      model: null,
      hasApiKey: false,
      maxConcurrency: null,
      requestsPerMinute: null,
      timeoutMs: null,
      warnings: [],
    };
  }
  return {
    configured: true,
    baseUrl: config.baseUrl,
    model: config.model,
    hasApiKey: config.apiKey !== undefined,
    maxConcurrency: config.maxConcurrency,
    requestsPerMinute: config.requestsPerMinute,
    timeoutMs: config.timeoutMs,
    warnings: configWarnings(config),
  };
}

/** A client for the configured endpoint, caching completions in the project's artifacts; null when none is set. */
export function openLlmClient(db: ProjectDb, deps: Omit<ChatClientDeps, 'cache'> = {}): ChatClient | null {
  const config = readLlmConfig(db);
  if (config === null) return null;
  return createChatClient(config, { ...deps, cache: JsonlCompletionCache.open(db.info.artifactsDir) });
}
