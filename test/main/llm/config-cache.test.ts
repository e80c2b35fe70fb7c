// Endpoint config validation and warnings, and the append-only completion cache file (reload, torn lines, keys).
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheKey, JsonlCompletionCache, LLM_CACHE_FILE } from '../../../src-main/llm/cache';
import {
  configWarnings,
  describeEndpoint,
  parseLlmConfig,
  redactConfig,
} from '../../../src-main/llm/config';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'llm-cache-'));
  dirs.push(dir);
  return dir;
}

describe('parseLlmConfig', () => {
  it('fills the defaults and drops a trailing slash from baseUrl', () => {
    expect(parseLlmConfig({ baseUrl: 'http://127.0.0.1:8000/v1/', model: 'qwen' })).toEqual({
      baseUrl: 'http://127.0.0.1:8000/v1',
      model: 'qwen',
      maxConcurrency: 2,
      requestsPerMinute: 60,
      timeoutMs: 60_000,
      maxRetries: 3,
      temperature: 0.7,
      maxTokens: 1024,
    });
  });

  it('rejects non-http URLs, credentials in the URL, an empty model and a zero concurrency', () => {
    expect(() => parseLlmConfig({ baseUrl: 'ftp://host/v1', model: 'm' })).toThrow(/http:\/\/ or https:\/\//);
    expect(() => parseLlmConfig({ baseUrl: 'http://u:p@host/v1', model: 'm' })).toThrow(/use apiKey/);
    expect(() => parseLlmConfig({ baseUrl: 'http://localhost/v1', model: ' ' })).toThrow();
    expect(() => parseLlmConfig({ baseUrl: 'http://localhost/v1', model: 'm', maxConcurrency: 0 })).toThrow();
  });
});

describe('configWarnings', () => {
  it('is silent for plain http on this machine and for https anywhere', () => {
    for (const baseUrl of [
      'http://127.0.0.1:8000/v1',
      'http://localhost:11434/v1',
      'https://llm.example.com/v1',
    ]) {
      expect(configWarnings(parseLlmConfig({ baseUrl, model: 'm', apiKey: 'k' }))).toEqual([]);
    }
  });

  it('warns about plain http to another host, naming the key when one is set', () => {
    const [warning] = configWarnings(
      parseLlmConfig({ baseUrl: 'http://10.0.0.5:8000/v1', model: 'm', apiKey: 'k' }),
    );
    expect(warning).toContain('10.0.0.5:8000');
    expect(warning).toContain('the API key');
  });
});

describe('describeEndpoint and redactConfig', () => {
  it('name the endpoint and mask the key', () => {
    const config = parseLlmConfig({ baseUrl: 'http://127.0.0.1:8000/v1', model: 'm', apiKey: 'sk-secret' });
    expect(describeEndpoint(config)).toBe('http://127.0.0.1:8000/v1 (model m)');
    expect(JSON.stringify(redactConfig(config))).not.toContain('sk-secret');
    expect(redactConfig(config).apiKey).toBe('***');
  });
});

describe('cacheKey', () => {
  const base = {
    baseUrl: 'http://127.0.0.1:8000/v1',
    model: 'm',
    messages: [{ role: 'user', content: 'hi' }],
    temperature: 0.7,
    seed: 1 as number | undefined,
    maxTokens: 64,
  };
  it('changes with every part that shapes the completion', () => {
    const variants = [
      base,
      { ...base, baseUrl: 'http://127.0.0.1:8001/v1' },
      { ...base, model: 'm2' },
      { ...base, messages: [{ role: 'system', content: 'hi' }] },
      { ...base, temperature: 0 },
      { ...base, seed: undefined },
      { ...base, seed: 2 },
      { ...base, maxTokens: 65 },
    ];
    expect(new Set(variants.map(cacheKey)).size).toBe(variants.length);
    expect(cacheKey({ ...base })).toBe(cacheKey(base));
    expect(cacheKey(base)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('JsonlCompletionCache', () => {
  it('persists entries across reopenings and appends one line per new entry', () => {
    const dir = tempDir();
    const cache = JsonlCompletionCache.open(dir);
    cache.set('a', 'first');
    cache.set('b', 'line one\nline two');
    cache.set('b', 'line one\nline two');
    const reopened = JsonlCompletionCache.open(dir);
    expect(reopened.get('a')).toBe('first');
    expect(reopened.get('b')).toBe('line one\nline two');
    expect(reopened.get('c')).toBeNull();
    expect(readFileSync(join(dir, LLM_CACHE_FILE), 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('cuts a torn last line so the next entry starts on its own line', () => {
    const dir = tempDir();
    const path = join(dir, LLM_CACHE_FILE);
    writeFileSync(path, JSON.stringify({ k: 'a', v: 'kept' }) + '\n');
    appendFileSync(path, '{"k":"b","v":"half wri');
    const cache = JsonlCompletionCache.open(dir);
    expect(cache.skippedLines).toBe(1);
    expect(cache.get('a')).toBe('kept');
    expect(cache.get('b')).toBeNull();
    cache.set('c', 'after the tear');
    const reopened = JsonlCompletionCache.open(dir);
    expect(reopened.skippedLines).toBe(0);
    expect(reopened.get('c')).toBe('after the tear');
    expect(reopened.size).toBe(2);
  });

  it('skips unreadable lines in the middle and keeps the rest', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, LLM_CACHE_FILE),
      [
        JSON.stringify({ k: 'a', v: '1' }),
        'not json',
        JSON.stringify({ k: 'b', v: 2 }),
        JSON.stringify({ k: 'c', v: '3' }),
      ]
        .map((l) => l + '\n')
        .join(''),
    );
    const cache = JsonlCompletionCache.open(dir);
    expect(cache.skippedLines).toBe(2);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual(['1', null, '3']);
  });
});
