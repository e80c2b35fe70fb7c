// Policy training reaches a low response-token loss on a small fixed task, saves as GPT2LMHeadModel and, loaded
// back through openGuidedDecoder, writes the responses it learned.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { presetConfig } from '../../../../src-main/engine/model/config';
import { RewardModel } from '../../../../src-main/engine/model/reward-model';
import { saveRewardModel } from '../../../../src-main/engine/reward/model-files';
import { buildPrunedTokenizer } from '../../../../src-main/engine/tokenizer/pruned-bpe';
import { initialPolicyWeights, policyParams } from '../../../../src-main/engine/decode/policy-model';
import { policyLoss, savePolicy, trainPolicy, type PolicyExample } from '../../../../src-main/engine/policy/train-policy';
import { openGuidedDecoder } from '../../../../src-main/jobs/policy/open-decoder';
import type { TrainCheckpoint } from '../../../../src-main/engine/train/types';
import { wasmTf } from '../train/fixtures';

const THINGS = ['sky', 'grass', 'snow', 'sun', 'coal', 'blood'];
const COLOURS = ['blue', 'green', 'white', 'yellow', 'black', 'red'];
const EXAMPLES: PolicyExample[] = THINGS.map((thing, i) => ({
  prompt: `Human: What colour is the ${thing}?\n\nAssistant:`,
  response: ` The ${thing} is ${COLOURS[i]}.`,
}));

let tf: typeof TF;
let dir: string;
beforeAll(async () => {
  tf = await wasmTf();
  dir = mkdtempSync(join(tmpdir(), 'prefstudio-policy-train-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('policy training', () => {
  it('learns prompt → response, saves in the HF LM layout and decodes what it learned', async () => {
    const { tokenizer } = await buildPrunedTokenizer(EXAMPLES.flatMap((e) => [e.prompt, e.response]), { minCount: 1 });
    const config = presetConfig('tiny', tokenizer.vocabSize, { n_positions: 64, length_feature: false });
    const params = policyParams(tf, initialPolicyWeights(config, 1));
    const before = policyLoss(tf, config, params, tokenizer, EXAMPLES);
    const curve: number[] = [];
    await trainPolicy({ tf, config, params, tokenizer, examples: EXAMPLES, steps: 150, batchSize: 6, learningRate: 3e-3, seed: 2, onStep: ({ loss }) => curve.push(loss) });
    const after = policyLoss(tf, config, params, tokenizer, EXAMPLES);
    expect(before).toBeGreaterThan(Math.log(tokenizer.vocabSize) - 1);
    expect(after).toBeLessThan(0.3);
    expect(curve).toHaveLength(150);

    savePolicy(join(dir, 'policy'), config, params, tokenizer, 'tiny', { role: 'aligned' });
    for (const v of params.values()) v.dispose();
    const saved = JSON.parse(readFileSync(join(dir, 'policy', 'config.json'), 'utf8')) as { architectures: string[] };
    expect(saved.architectures).toEqual(['GPT2LMHeadModel']);

    const rm = RewardModel.create(tf, presetConfig('tiny', tokenizer.vocabSize, { n_positions: 64 }), 4);
    await saveRewardModel(join(dir, 'rm'), rm, tokenizer, 'tiny', {});
    rm.dispose();
    const { decoder } = await openGuidedDecoder({ tf, policy: { kind: 'local', dir: join(dir, 'policy') }, rewardModelDir: join(dir, 'rm') });
    const out = await decoder.decode(
      EXAMPLES.map((e, key) => ({ key, prompt: e.prompt })),
      { mode: 'sample', role: 'aligned', k: 5, temperature: 0.6, maxNewTokens: 16, samplesPerPrompt: 1, seed: 1 },
    );
    decoder.dispose();
    const exact = out.filter((o) => o.response === EXAMPLES[o.key]!.response).length;
    expect(exact).toBeGreaterThanOrEqual(5);
  });

  it('resumed from a checkpoint takes the same steps as an uninterrupted run', async () => {
    const { tokenizer } = await buildPrunedTokenizer(EXAMPLES.flatMap((e) => [e.prompt, e.response]), { minCount: 1 });
    const config = presetConfig('tiny', tokenizer.vocabSize, { n_positions: 64, length_feature: false });
    const base = { tf, config, tokenizer, examples: EXAMPLES, steps: 12, batchSize: 4, learningRate: 3e-3, seed: 5 };
    const straight: number[] = [];
    const p1 = policyParams(tf, initialPolicyWeights(config, 1));
    await trainPolicy({ ...base, params: p1, onStep: ({ loss }) => straight.push(loss) });

    // First run: cancelled after step 6 (the cancel writes a checkpoint); second run: fresh weights, resumed.
    const abort = new AbortController();
    let saved: TrainCheckpoint | undefined;
    const resumed: number[] = [];
    const p2 = policyParams(tf, initialPolicyWeights(config, 1));
    const first = await trainPolicy({
      ...base,
      params: p2,
      signal: abort.signal,
      onStep: ({ step, loss }) => {
        resumed.push(loss);
        if (step === 6) abort.abort();
      },
      onCheckpoint: (cp) => {
        saved = cp;
      },
    });
    expect(first).toMatchObject({ cancelled: true, steps: 6 });
    expect(saved?.step).toBe(6);
    const p3 = policyParams(tf, initialPolicyWeights(config, 99));
    const second = await trainPolicy({ ...base, params: p3, resumeFrom: saved, onStep: ({ loss }) => resumed.push(loss) });
    expect(second).toMatchObject({ cancelled: false, steps: 12 });
    expect(resumed).toHaveLength(12);
    resumed.forEach((loss, i) => expect(loss).toBeCloseTo(straight[i] ?? NaN, 4));
    for (const p of [p1, p2, p3]) for (const v of p.values()) v.dispose();
  });
});

