// The endpoint policy against a real HTTP server on 127.0.0.1 that serves an in-app LM in the vLLM/llama.cpp
// completions wire format; both policies load through openGuidedDecoder from HF folders written to a temp dir.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { presetConfig, type GPT2Config } from '../../../src-main/engine/model/config';
import { CompletionsPolicy } from '../../../src-main/llm/completions-policy';
import { RewardModel } from '../../../src-main/engine/model/reward-model';
import { hfConfigOf, saveRewardModel } from '../../../src-main/engine/reward/model-files';
import { buildPrunedTokenizer } from '../../../src-main/engine/tokenizer/pruned-bpe';
import type { HfTokenizer } from '../../../src-main/engine/tokenizer/hf-tokenizer';
import { saveHfFolder } from '../../../src-main/engine/weights/hf-folder';
import { LocalPolicy } from '../../../src-main/engine/decode/local-policy';
import { initialPolicyWeights, policyParams } from '../../../src-main/engine/decode/policy-model';
import type { DecodeParams } from '../../../src-main/engine/decode/types';
import type { Params } from '../../../src-main/engine/model/transformer';
import { openGuidedDecoder } from '../../../src-main/jobs/policy/open-decoder';
import { wasmTf } from '../engine/train/fixtures';

const TEXTS = [
  'Human: How do I bake bread at home?\n\nAssistant: Mix flour, water, salt and yeast, knead it, let it rise, then bake it hot.',
  'Human: What is the capital of France?\n\nAssistant: Paris is the capital of France, on the river Seine.',
  'Human: I feel sad today.\n\nAssistant: I am sorry to hear that. Would you like to talk about what happened?',
];
const PROMPTS = [
  { key: 7, prompt: 'Human: How do I bake a cake?\n\nAssistant:' },
  { key: 8, prompt: 'Human: What is the capital of Spain?\n\nAssistant:' },
];

let tf: typeof TF;
let dir: string;
let server: Server;
let baseUrl: string;
let served: Params;
let policyConfig: GPT2Config;
let servedTokenizer: HfTokenizer;
const requests: { prompt: string[]; logprobs: number; max_tokens: number }[] = [];

beforeAll(async () => {
  tf = await wasmTf();
  dir = mkdtempSync(join(tmpdir(), 'prefstudio-policy-'));
  const tokenizer: HfTokenizer = (await buildPrunedTokenizer(TEXTS, { minCount: 1 })).tokenizer;
  const config = presetConfig('tiny', tokenizer.vocabSize, { n_positions: 64, length_feature: false });
  policyConfig = config;
  servedTokenizer = tokenizer;
  const weights = initialPolicyWeights(config, 9);
  for (const w of weights.values()) if (w.shape.length === 2) w.data.forEach((v, i) => (w.data[i] = v * 8));
  // A lone byte of a multi-byte character has no text of its own, and text is all the completions wire format
  // carries (servers spell such tokens differently): a zero row in the tied head keeps them out of every top 5.
  const wte = weights.get('wte.weight')!;
  const d = config.n_embd;
  for (let id = 0; id < tokenizer.vocabSize; id++) if (tokenizer.decode([id]).includes('\uFFFD')) wte.data.fill(0, id * d, (id + 1) * d);
  const { prefstudio: _ours, ...hf } = hfConfigOf(config, 'tiny', tokenizer.eosId);
  const tensors = new Map([...weights].map(([name, w]) => [name, { dtype: 'float32' as const, shape: w.shape, data: w.data }]));
  saveHfFolder(join(dir, 'policy'), { config: hf, tensors, tokenizerJson: tokenizer.toJSON(), eosId: tokenizer.eosId, padId: tokenizer.padId });
  const rm = RewardModel.create(tf, presetConfig('tiny', tokenizer.vocabSize, { n_positions: 64 }), 5);
  for (const v of rm.params.values()) if (v.rank === 2) tf.tidy(() => v.assign(tf.mul(v, 10)));
  await saveRewardModel(join(dir, 'rm'), rm, tokenizer, 'tiny', {});
  rm.dispose();

  // The server: the same LM, answering each prompt's next-token top-k as the legacy completions logprobs object.
  served = policyParams(tf, weights);
  const lm = new LocalPolicy(tf, config, served, tokenizer, true);
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      void (async () => {
        if (req.url !== '/v1/completions') {
          res.writeHead(404).end('no such route');
          return;
        }
        const q = JSON.parse(body) as { prompt: string[]; logprobs: number; max_tokens: number };
        requests.push(q);
        const rows = await lm.open(q.prompt, 1);
        const tops = await rows.candidates(q.prompt.map((_, i) => i), q.logprobs);
        rows.dispose();
        const choices = tops.map((cands, index) => {
          const top = Object.fromEntries(cands.map((c) => [c.end ? '<|endoftext|>' : c.text, Math.log(c.prob)]));
          const first = cands[0] as { text: string; end: boolean; prob: number };
          return {
            index,
            text: first.end ? '' : first.text,
            logprobs: { tokens: [first.end ? '<|endoftext|>' : first.text], token_logprobs: [Math.log(first.prob)], top_logprobs: [top], text_offset: [0] },
            finish_reason: first.end ? 'stop' : 'length',
          };
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'cmpl-test', object: 'text_completion', model: 'served-lm', choices }));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/v1`;
});

afterAll(() => {
  server?.close();
  for (const v of served?.values() ?? []) v.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('endpoint policy', () => {
  const params: DecodeParams = { mode: 'guided', role: 'aligned', k: 5, temperature: 0.6, maxNewTokens: 10, samplesPerPrompt: 2, seed: 3 };

  it('decodes over HTTP what the same LM decodes locally, rewards scored locally', async () => {
    const local = await openGuidedDecoder({ tf, policy: { kind: 'local', dir: join(dir, 'policy') }, rewardModelDir: join(dir, 'rm') });
    const remote = await openGuidedDecoder({
      tf,
      policy: { kind: 'endpoint', baseUrl, model: 'served-lm', topLogprobs: 5 },
      rewardModelDir: join(dir, 'rm'),
    });
    try {
      for (const p of [params, { ...params, mode: 'sample' as const, role: 'misaligned' as const }]) {
        const a = await local.decoder.decode(PROMPTS, p);
        const b = await remote.decoder.decode(PROMPTS, p);
        // The server re-tokenises prompt + response text at every step; where BPE merges across the last token
        // (say "ph" + "read" → "phr" + "ead") the endpoint sees other ids than the local loop and may diverge.
        const same = b.filter((o, i) => o.response === a[i]!.response).length;
        expect(same).toBeGreaterThanOrEqual(b.length / 2);
        for (const o of b) {
          const prompt = PROMPTS.find((x) => x.key === o.key)!.prompt;
          const [r] = await remote.scorer.score(prompt, [o.response]);
          expect(Math.abs(r! - o.reward)).toBeLessThan(1e-4);
          expect(o.response.length).toBeGreaterThan(0);
        }
      }
      const [r] = await remote.scorer.score(PROMPTS[0]!.prompt, ['Mix flour.']);
      expect(Number.isFinite(r)).toBe(true);
      expect(requests.length).toBeGreaterThan(0);
      expect(requests.every((q) => q.max_tokens === 1 && q.logprobs === 5 && q.prompt.length === 4)).toBe(true);
    } finally {
      local.decoder.dispose();
      remote.decoder.dispose();
    }
  });

  it('offers the served LM\'s own top-k tokens and probabilities', async () => {
    const texts = PROMPTS.map((p) => p.prompt);
    const viaHttp = await new CompletionsPolicy({ baseUrl, model: 'served-lm', topLogprobs: 5 }).open(texts);
    const direct = await new LocalPolicy(tf, policyConfig, served, servedTokenizer, true).open(texts, 10);
    const a = await viaHttp.candidates([0, 1], 5);
    const b = await direct.candidates([0, 1], 5);
    direct.dispose();
    expect(a.map((r) => r.map((c) => c.text))).toEqual(b.map((r) => r.map((c) => c.text)));
    a.flat().forEach((c, i) => expect(Math.abs(c.prob - b.flat()[i]!.prob)).toBeLessThan(1e-5));
    await viaHttp.commit([0, 1], [2, 0]);
    expect(viaHttp.text(0)).toBe(b[0]![2]!.text);
    expect(viaHttp.tokens(1)).toBe(1);
  });

  it('reports a failing server with its status', async () => {
    const remote = await openGuidedDecoder({
      tf,
      policy: { kind: 'endpoint', baseUrl: baseUrl.replace('/v1', '/missing'), model: 'x', topLogprobs: 5 },
      rewardModelDir: join(dir, 'rm'),
    });
    await expect(remote.decoder.decode(PROMPTS, params)).rejects.toThrow(/endpoint|JSON|HTTP/);
    remote.decoder.dispose();
  });
});
