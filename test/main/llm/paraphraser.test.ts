// The LLM paraphraser on a real HH-RLHF pair against a scripted model served on 127.0.0.1.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonlCompletionCache } from '../../../src-main/llm/cache';
import { createChatClient, type ChatClient } from '../../../src-main/llm/client';
import { parseLlmConfig } from '../../../src-main/llm/config';
import { LlmError } from '../../../src-main/llm/errors';
import { llmParaphraser } from '../../../src-main/llm/paraphraser';
import type { PairTexts } from '../../../src-main/llm/prompts';
import { HH_MISSING_REASON, HH_PRESENT, HH_SAMPLE } from '../../support/hh';
import {
  reply,
  replyError,
  startFakeLlm,
  until,
  type FakeLlm,
  type Handler,
  type RecordedRequest,
} from './fake-llm-server';

/** The first HH pair split at its last assistant turn: the shared transcript is the prompt. */
function firstHhPair(): PairTexts {
  const line = gunzipSync(readFileSync(HH_SAMPLE)).toString('utf8').split('\n')[0] ?? '';
  const { chosen, rejected } = JSON.parse(line) as { chosen: string; rejected: string };
  const cut = chosen.lastIndexOf('\n\nAssistant:');
  return {
    prompt: chosen.slice(0, cut).trim(),
    chosen: chosen.slice(cut + '\n\nAssistant:'.length).trim(),
    rejected: rejected.slice(rejected.lastIndexOf('\n\nAssistant:') + '\n\nAssistant:'.length).trim(),
  };
}

function between(content: string, tag: string): string {
  const start = content.indexOf(`<${tag}>\n`) + tag.length + 3;
  return content.slice(start, content.indexOf(`\n</${tag}>`, start));
}

function userContent(req: RecordedRequest): string {
  return req.body.messages?.[1]?.content ?? '';
}

let server: FakeLlm | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function clientFor(handler: Handler): Promise<{ server: FakeLlm; client: ChatClient }> {
  server = await startFakeLlm(handler);
  dir = mkdtempSync(join(tmpdir(), 'llm-para-'));
  const config = parseLlmConfig({
    baseUrl: server.baseUrl,
    model: 'para-model',
    requestsPerMinute: 100_000,
    maxRetries: 0,
  });
  return { server, client: createChatClient(config, { cache: JsonlCompletionCache.open(dir) }) };
}

describe.skipIf(!HH_PRESENT)('llmParaphraser', () => {
  if (!HH_PRESENT) console.warn(HH_MISSING_REASON);
  const pair = HH_PRESENT ? firstHhPair() : { prompt: '', chosen: '', rejected: '' };

  it('asks once per seed, drops refusals and duplicates, retries within budget, and re-runs from the cache', async () => {
    const { server, client } = await clientFor((req, res) => {
      const text = between(userContent(req), 'text');
      const lowered = text.charAt(0).toLowerCase() + text.slice(1);
      const bySeed: Record<number, string> = {
        0: "I'm sorry, but I can't help with that request.",
        1: `Here is the paraphrase:\n"Put differently, ${lowered}"`,
        2: `Put differently, ${lowered}`,
        3: `In other words, ${lowered}`,
      };
      reply(res, bySeed[req.body.seed ?? -1] ?? 'unexpected seed');
    });
    const paraphraser = llmParaphraser(client);
    const first = await paraphraser.variants(pair.chosen, 'response', 2);
    const lowered = pair.chosen.charAt(0).toLowerCase() + pair.chosen.slice(1);
    expect(first.variants).toEqual([
      { text: `Put differently, ${lowered}`, seed: 1, cached: false },
      { text: `In other words, ${lowered}`, seed: 3, cached: false },
    ]);
    expect(first.rejected.map((r) => [r.seed, r.reason])).toEqual([
      [0, 'refusal'],
      [2, 'duplicate'],
    ]);
    expect(server.requests.map((r) => r.body.seed)).toEqual([0, 1, 2, 3]);
    expect(server.requests[0]?.body.messages?.[0]?.content).toContain("an AI assistant's reply");

    const again = await llmParaphraser(client).variants(pair.chosen, 'response', 2);
    expect(again.variants.map((v) => [v.seed, v.cached])).toEqual([
      [1, true],
      [3, true],
    ]);
    expect(server.requests).toHaveLength(4);
  });

  it('stops after attemptsPerText requests per wanted variant when the model keeps refusing', async () => {
    const { server, client } = await clientFor((_req, res) => reply(res, 'I cannot rewrite this.'));
    const result = await llmParaphraser(client, { attemptsPerText: 2 }).variants(pair.prompt, 'prompt', 3);
    expect(result.variants).toEqual([]);
    expect(result.rejected).toHaveLength(6);
    expect(server.requests).toHaveLength(6);
  });

  it('starts from seedOffset to ask for fresh samples', async () => {
    const { server, client } = await clientFor((req, res) =>
      reply(res, `${between(userContent(req), 'text')} (sample ${req.body.seed ?? -1})`),
    );
    const result = await llmParaphraser(client, { seedOffset: 100 }).variants(pair.prompt, 'prompt', 2);
    expect(result.variants.map((v) => v.seed)).toEqual([100, 101]);
    expect(server.requests.map((r) => r.body.seed)).toEqual([100, 101]);
  });

  it('fails on the first endpoint error and cancels the sibling still in flight', async () => {
    const { server, client } = await clientFor((req, res) => {
      if (req.body.seed === 1) setTimeout(() => replyError(res, 400, 'context length exceeded'), 20);
    });
    const err = await llmParaphraser(client)
      .variants(pair.prompt, 'prompt', 2)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmError);
    expect((err as LlmError).message).toContain('HTTP 400: context length exceeded');
    await until(() => server.aborted.includes(0), 'the held seed-0 request to be aborted');
  });

  it('rejects a count outside 0..32', async () => {
    const { client } = await clientFor((_req, res) => reply(res, 'unused'));
    await expect(llmParaphraser(client).variants('text', 'prompt', 33)).rejects.toThrow(
      /count must be an integer/,
    );
    expect(await llmParaphraser(client).variants('text', 'prompt', 0)).toEqual({
      variants: [],
      rejected: [],
    });
  });

  it('rewrites the rejected side to diverge, refusing a copy of the chosen response', async () => {
    const diverged =
      'Pens are not much use for pranks. Swap their pen for one with invisible ink so the notes they take fade ' +
      'away an hour later; they will think they never wrote anything.';
    const { server, client } = await clientFor((req, res) => {
      const content = userContent(req);
      reply(res, req.body.seed === 0 ? between(content, 'chosen') : diverged);
    });
    const result = await llmParaphraser(client).semanticRewrite(pair, 'diverge-rejected');
    expect(result).toEqual({
      ok: true,
      side: 'rejected',
      variant: { text: diverged, seed: 1, cached: false },
      rejected: [{ seed: 0, reason: 'duplicate', detail: 'same text as another response or variant' }],
    });
    const sent = userContent(server.requests[0] as RecordedRequest);
    expect(between(sent, 'prompt')).toBe(pair.prompt);
    expect(between(sent, 'rejected')).toBe(pair.rejected);
  });

  it('gives up on the chosen side after attemptsPerText unchanged answers', async () => {
    const { server, client } = await clientFor((req, res) => reply(res, between(userContent(req), 'chosen')));
    const paraphraser = llmParaphraser(client);
    const result = await paraphraser.semanticRewrite(pair, 'clarify-chosen');
    expect(result).toMatchObject({ ok: false, side: 'chosen' });
    expect(result.rejected.map((r) => r.reason)).toEqual(['identical', 'identical']);
    expect(server.requests).toHaveLength(2);
    expect(paraphraser.provenance).toEqual({
      operator: 'llm',
      endpoint: `${server.baseUrl} (model para-model)`,
      model: 'para-model',
      promptVersion: 1,
      temperature: 0.7,
    });
  });
});
