// The project's LLM endpoint setting: read and shown without its key (endpoint.ts turns it into a client).
// The API key never enters the project file: it lives in a SecretStore, bound to the base URL it was entered for.
import { randomUUID } from 'node:crypto';
import type { LlmSettingsView } from '../shared/mars-dto';
import type { ProjectDb } from '../store/types';
import { configWarnings, parseLlmConfig, type LlmEndpointConfig, type LlmEndpointConfigInput } from './config';
import type { SecretStore } from './secret-store';

/** The endpoint without its key, plus `keyRef`: where the secret store keeps the key (a random id). */
export const LLM_SETTINGS_KEY = 'llm.endpoint';

interface StoredKey {
  baseUrl: string;
  apiKey: string;
}

type StoredSettings = Record<string, unknown> & { keyRef?: string; apiKey?: string };

function loadKey(secrets: SecretStore, ref: string | undefined, baseUrl: string): string | undefined {
  if (ref === undefined) return undefined;
  const text = secrets.get(ref);
  if (text === null) return undefined;
  const stored = JSON.parse(text) as StoredKey;
  // A key is only ever sent to the base URL it was entered for.
  return stored.baseUrl === baseUrl ? stored.apiKey : undefined;
}

/** Writes the endpoint; the key goes to the secret store, the project file keeps only a reference to it. */
function save(db: ProjectDb, config: LlmEndpointConfig, previousRef: string | undefined, secrets: SecretStore): void {
  const { apiKey, ...rest } = config;
  if (previousRef !== undefined) secrets.delete(previousRef);
  if (apiKey === undefined) {
    db.settings.set(LLM_SETTINGS_KEY, rest);
    return;
  }
  const keyRef = randomUUID();
  secrets.set(keyRef, JSON.stringify({ baseUrl: config.baseUrl, apiKey } satisfies StoredKey));
  db.settings.set(LLM_SETTINGS_KEY, { ...rest, keyRef });
}

export function readLlmConfig(db: ProjectDb, secrets: SecretStore): LlmEndpointConfig | null {
  const stored = db.settings.get<StoredSettings>(LLM_SETTINGS_KEY);
  if (stored === null) return null;
  const { keyRef, apiKey, ...rest } = stored;
  const config = parseLlmConfig(rest);
  if (apiKey !== undefined) {
    // A project written before keys moved out still holds one: move it to the secret store now.
    const withKey = parseLlmConfig({ ...rest, apiKey });
    save(db, withKey, keyRef, secrets);
    return withKey;
  }
  const key = loadKey(secrets, keyRef, config.baseUrl);
  return key === undefined ? config : { ...config, apiKey: key };
}

/**
 * settings.setLlm: `keepApiKey` keeps the stored key only for the same base URL; a new base URL drops it unless
 * the user enters a key again, so a key never follows the endpoint to another host.
 */
export function writeLlmConfig(
  db: ProjectDb,
  input: LlmEndpointConfigInput | null,
  keepApiKey: boolean,
  secrets: SecretStore,
): void {
  // Reading first also moves a key an older project kept inline, so previousRef names it.
  const previous = readLlmConfig(db, secrets);
  const previousRef = db.settings.get<StoredSettings>(LLM_SETTINGS_KEY)?.keyRef;
  if (input === null) {
    if (previousRef !== undefined) secrets.delete(previousRef);
    db.settings.delete(LLM_SETTINGS_KEY);
    return;
  }
  const config = parseLlmConfig(input);
  const keep = keepApiKey && config.apiKey === undefined && previous?.apiKey !== undefined && previous.baseUrl === config.baseUrl;
  save(db, keep ? { ...config, apiKey: previous.apiKey } : config, previousRef, secrets);
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

/** The secret entries the project's endpoint refers to (its key), for a job's start message; {} when none. */
export function llmSecretEntries(db: ProjectDb, secrets: SecretStore): Record<string, string> {
  const ref = db.settings.get<StoredSettings>(LLM_SETTINGS_KEY)?.keyRef;
  const value = ref === undefined ? null : secrets.get(ref);
  return ref === undefined || value === null ? {} : { [ref]: value };
}
