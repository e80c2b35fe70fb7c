// API keys of endpoint policies: kept in the user's secret store (never in the project file), each bound to the base
// URL it was entered for, as the LLM endpoint's key is (settings.ts); the project keeps only the reference.
import { randomUUID } from 'node:crypto';
import type { ProjectDb } from '../store/types';
import type { SecretStore } from './secret-store';

interface StoredKey {
  baseUrl: string;
  apiKey: string;
}

/** Stores the key and returns its reference (a random id, safe to keep in the project file). */
export function storeEndpointKey(secrets: SecretStore, baseUrl: string, apiKey: string): string {
  const keyRef = randomUUID();
  secrets.set(keyRef, JSON.stringify({ baseUrl, apiKey } satisfies StoredKey));
  return keyRef;
}

/** The key for `baseUrl`, or undefined when the reference is gone or was entered for another URL. */
export function endpointKey(secrets: SecretStore, keyRef: string, baseUrl: string): string | undefined {
  const text = secrets.get(keyRef);
  if (text === null) return undefined;
  const stored = JSON.parse(text) as StoredKey;
  return stored.baseUrl === baseUrl ? stored.apiKey : undefined;
}

/** The stored keys of the project's endpoint policies, for a job's start message (a child process has no keychain). */
export function policyKeyEntries(db: ProjectDb, secrets: SecretStore): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const m of db.models.list({ kind: 'policy' })) {
    const endpoint = m.config.endpoint;
    const ref = typeof endpoint === 'object' && endpoint !== null && 'keyRef' in endpoint ? endpoint.keyRef : undefined;
    const value = typeof ref === 'string' ? secrets.get(ref) : null;
    if (typeof ref === 'string' && value !== null) entries[ref] = value;
  }
  return entries;
}
