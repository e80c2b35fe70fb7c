// The one place that decides whether a piece of work needs the project's LLM endpoint and whether one is set: the
// MARS start handler, the MARS job and one-pair augmentation all ask here, so they cannot disagree or word it apart.
import { ErrorCode, StudioError } from '../shared/errors';
import type { ProjectDb } from '../store/types';
import { JsonlCompletionCache } from './cache';
import { createChatClient, type ChatClient, type ChatClientDeps } from './client';
import type { LlmEndpointConfig } from './config';
import { readLlmConfig } from './settings';
import type { SecretStore } from './secret-store';

/**
 * What a request asks of the LLM: augmentation operators by name (`llm` is the paraphraser), the semantic layer, or
 * the failure judge.
 */
export interface LlmUse {
  operators: readonly string[];
  semantic?: boolean;
  judge?: boolean;
}

export function needsLlm(use: LlmUse): boolean {
  return use.operators.includes('llm') || use.semantic === true || use.judge === true;
}

/**
 * The endpoint the work needs: null when it needs none; an INVALID_REQUEST error naming the field that asked for it
 * when it needs one and none is configured (LLM_ENDPOINT is kept for an endpoint that fails when called).
 */
export function requireLlmEndpoint(db: ProjectDb, use: LlmUse, secrets: SecretStore): LlmEndpointConfig | null {
  if (!needsLlm(use)) return null;
  const config = readLlmConfig(db, secrets);
  if (config !== null) return config;
  if (use.judge === true) {
    throw new StudioError(ErrorCode.InvalidRequest, 'the judge needs an LLM endpoint: configure one first (prefstudio llm <project> --base-url … --model …)', {
      field: 'pairIds',
    });
  }
  const what = [use.operators.includes('llm') ? 'operator "llm"' : null, use.semantic ? 'the semantic layer' : null]
    .filter((w) => w !== null)
    .join(' and ');
  throw new StudioError(
    ErrorCode.InvalidRequest,
    `to use ${what} you need an LLM endpoint: configure one first (settings.setLlm), or leave ${what} out`,
    { field: use.semantic && !use.operators.includes('llm') ? 'semantic' : 'operators' },
  );
}

/** A client for the endpoint the work needs (completions cached in the project's artifacts), or null if it needs none. */
export function openLlmFor(
  db: ProjectDb,
  use: LlmUse,
  deps: Omit<ChatClientDeps, 'cache'> & { secrets: SecretStore },
): ChatClient | null {
  const { secrets, ...clientDeps } = deps;
  const config = requireLlmEndpoint(db, use, secrets);
  if (config === null) return null;
  return createChatClient(config, { ...clientDeps, cache: JsonlCompletionCache.open(db.info.artifactsDir) });
}
