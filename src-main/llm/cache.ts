// Completion cache so re-running a MARS round does not pay twice: keyed by everything that shapes the output.
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  truncateSync,
} from 'node:fs';
import { join } from 'node:path';
import type { ChatMessage } from '../shared/dto';

/** Where completions are remembered. Synchronous: a lookup must not cost more than the Map it usually is. */
export interface CompletionCache {
  get(key: string): string | null;
  set(key: string, value: string): void;
}

/** Everything that determines a completion; a change to any part is a different request. */
export interface CacheKeyParts {
  baseUrl: string;
  model: string;
  messages: readonly ChatMessage[];
  temperature: number;
  seed: number | undefined;
  maxTokens: number;
}

/** sha256 over a canonical JSON array, so key order in caller objects cannot change the key. */
export function cacheKey(p: CacheKeyParts): string {
  const canonical = JSON.stringify([
    p.baseUrl,
    p.model,
    p.messages.map((m) => [m.role, m.content]),
    p.temperature,
    p.seed ?? null,
    p.maxTokens,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** File name inside the project's artifacts folder. */
export const LLM_CACHE_FILE = 'llm-cache.jsonl';

/**
 * Append-only JSON-lines file (`{"k":key,"v":text}` per line) loaded into a Map when opened. A crash mid-append
 * leaves a torn last line: it is cut off at open, so the next append starts on a fresh line; any other
 * unreadable line is skipped and counted, since losing a cache entry only costs one request.
 */
export class JsonlCompletionCache implements CompletionCache {
  private constructor(
    readonly path: string,
    private readonly entries: Map<string, string>,
    /** Lines that could not be read when the file was opened (including a torn last line). */
    readonly skippedLines: number,
  ) {}

  /** Opens (or creates) `<artifactsDir>/llm-cache.jsonl`. */
  static open(artifactsDir: string): JsonlCompletionCache {
    mkdirSync(artifactsDir, { recursive: true });
    const path = join(artifactsDir, LLM_CACHE_FILE);
    if (!existsSync(path)) closeSync(openSync(path, 'a'));
    let bytes = readFileSync(path);
    let skipped = 0;
    const lastNewline = bytes.lastIndexOf(0x0a);
    if (bytes.length > 0 && lastNewline !== bytes.length - 1) {
      truncateSync(path, lastNewline + 1);
      bytes = bytes.subarray(0, lastNewline + 1);
      skipped++;
    }
    const entries = new Map<string, string>();
    for (const line of bytes.toString('utf8').split('\n')) {
      if (line === '') continue;
      const row = parseLine(line);
      if (row === null) skipped++;
      else entries.set(row.k, row.v);
    }
    return new JsonlCompletionCache(path, entries, skipped);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): string | null {
    return this.entries.get(key) ?? null;
  }

  set(key: string, value: string): void {
    if (this.entries.get(key) === value) return;
    this.entries.set(key, value);
    appendFileSync(this.path, JSON.stringify({ k: key, v: value }) + '\n');
  }
}

function parseLine(line: string): { k: string; v: string } | null {
  try {
    const row = JSON.parse(line) as { k?: unknown; v?: unknown } | null;
    if (typeof row !== 'object' || row === null) return null;
    return typeof row.k === 'string' && typeof row.v === 'string' ? { k: row.k, v: row.v } : null;
  } catch {
    return null;
  }
}
