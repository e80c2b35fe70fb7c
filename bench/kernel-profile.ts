// Where the time goes on wasm: per-kernel time (tf.profile) of one training step of the default preset (forward,
// backward and the AdamW update, 16 HH pairs as the trainer batches them), of scoring that batch, and of a guided
// decoding run, on tfjs's own kernels and on ours. Prints the top kernels by total ms (and, for decoding, by number of
// calls). Kernels run inside a customGrad ('forward', 'unnamed scope') are counted again under that scope's name.
// Run: nice -n 10 npx tsx bench/kernel-profile.ts [top=14]
import { installFastKernels, uninstallFastKernels } from '../src-main/engine/kernels/wasm-kernels';
import { DEFAULT_PRESET, presetConfig } from '../src-main/engine/model/config';
import { buildPairTensors, disposePairTensors, truncatePair } from '../src-main/engine/model/pair-batch';
import { RewardModel } from '../src-main/engine/model/reward-model';
import { AdamW } from '../src-main/engine/train/adamw';
import { pairwiseLoss } from '../src-main/engine/train/loss';
import { presetHyper } from '../src-main/engine/reward/presets';
import { DEFAULT_HYPER } from '../src-main/engine/train/types';
import { StepDecoder } from '../src-main/engine/decode/guided-decoder';
import { LocalPolicy } from '../src-main/engine/decode/local-policy';
import { LocalReward } from '../src-main/engine/decode/local-reward';
import { initialPolicyWeights, policyParams } from '../src-main/engine/decode/policy-model';
import { fastEncoder } from '../src-main/engine/tokenizer/fast-encoder';
import { buildPrunedTokenizer } from '../src-main/engine/tokenizer/pruned-bpe';
import { appVocab, loadHH, wasmTf } from '../test/main/engine/train/fixtures';

const top = Number(process.argv[2] ?? 14);
const hh = loadHH();
if (!hh) throw new Error('HH sample not found at ../shared/data/hh-rlhf/');
const tf = await wasmTf();
const vocab = await appVocab(hh.slice(0, 1000).flatMap((p) => [p.prompt, p.chosen, p.rejected]));
const config = presetConfig(DEFAULT_PRESET, vocab.size);
const hyper = { ...DEFAULT_HYPER, ...presetHyper(DEFAULT_PRESET) };
const context = Math.min(hyper.maxLength, config.n_positions);
const sample = vocab.pairs(hh.slice(0, hyper.batchSize)).map((p) => truncatePair(p, context));
const lp = Math.max(...sample.map((p) => p.prompt.length));
const lr = Math.max(...sample.map((p) => Math.max(p.chosen.length, p.rejected.length)));

/** Prints kernel time by kernel name; with `steps`, also the kernels with the most calls and the calls per step. */
async function printProfile(title: string, run: () => Promise<void>, steps = 0): Promise<void> {
  await run(); // warm-up: first calls compile and allocate
  const t0 = performance.now();
  const profile = await tf.profile(run);
  const wall = performance.now() - t0;
  const byName = new Map<string, { ms: number; calls: number }>();
  for (const k of profile.kernels) {
    const ms = await k.kernelTimeMs;
    const e = byName.get(k.name) ?? { ms: 0, calls: 0 };
    e.ms += typeof ms === 'number' ? ms : 0;
    e.calls += 1;
    byName.set(k.name, e);
  }
  const total = [...byName.values()].reduce((s, e) => s + e.ms, 0);
  console.log(`${title}: kernels ${total.toFixed(0)} ms of ${wall.toFixed(0)} ms wall (profiled), ${profile.kernels.length} kernel calls`);
  for (const [name, e] of [...byName].sort((a, b) => b[1].ms - a[1].ms).slice(0, top)) {
    console.log(`  ${name.padEnd(22)} ${e.ms.toFixed(1).padStart(7)} ms ${String(e.calls).padStart(5)} calls`);
  }
  if (steps === 0) return;
  // 'unnamed scope' is a customGrad wrapper around kernels already counted: left out of the per-step count.
  const real = [...byName].filter(([name]) => name !== 'unnamed scope');
  const calls = real.reduce((a, [, e]) => a + e.calls, 0);
  console.log(`  by calls (${calls} kernel calls without 'unnamed scope', ${(calls / steps).toFixed(0)} per decoding step):`);
  for (const [name, e] of real.sort((a, b) => b[1].calls - a[1].calls).slice(0, top)) {
    console.log(`  ${name.padEnd(22)} ${String(e.calls).padStart(5)} calls ${(e.calls / steps).toFixed(1).padStart(6)} per step`);
  }
}

async function trainStep(): Promise<void> {
  const model = RewardModel.create(tf, config, 1);
  const optimizer = new AdamW(tf, model.params, hyper);
  const tensors = buildPairTensors(tf, config, sample, lp, lr);
  const vars = [...model.params.values()];
  const names = [...model.params.keys()];
  await printProfile(`train step (${sample.length} pairs, prompt ${lp}, response ${lr}, vocab ${vocab.size})`, async () => {
    const loss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => pairwiseLoss(tf, model.rewardPairs(tensors), null, 0), vars);
      optimizer.apply(new Map(names.map((n, i) => [n, grads[vars[i]!.name]!])), 1e-4, 1);
      return value;
    });
    await loss.data();
    loss.dispose();
  });
  disposePairTensors(tensors);
  optimizer.dispose();
  model.dispose();
}

async function scoreStep(): Promise<void> {
  const model = RewardModel.create(tf, config, 1);
  const tensors = buildPairTensors(tf, config, sample, lp, lr);
  await printProfile('score step (same batch, forward only)', async () => {
    const r = tf.tidy(() => model.rewardPairs(tensors));
    await r.data();
    r.dispose();
  });
  disposePairTensors(tensors);
  model.dispose();
}

// Guided decoding as bench/decode-throughput.ts runs it (cached path, 2 prompts × 2 samples, 16 tokens, k=5).
const { tokenizer } = await buildPrunedTokenizer(hh.slice(0, 500).flatMap((p) => [p.prompt, p.chosen, p.rejected]), { minCount: 2, maxVocab: 8000 });
const encode = await fastEncoder(tokenizer);
const decodeConfig = presetConfig(DEFAULT_PRESET, tokenizer.vocabSize, { n_positions: 256, length_feature: false });
const policy = policyParams(tf, initialPolicyWeights(decodeConfig, 1));
const rm = RewardModel.create(tf, presetConfig(DEFAULT_PRESET, tokenizer.vocabSize, { n_positions: 256 }), 2);
const prompts = hh.slice(600, 602).map((p, key) => ({ key, prompt: p.prompt.slice(-300) }));

async function decodeRun(): Promise<void> {
  await printProfile('guided decoding (cached, 2 prompts × 2 samples, ≤16 tokens, k=5)', async () => {
    const decoder = new StepDecoder(new LocalPolicy(tf, decodeConfig, policy, tokenizer, true), new LocalReward(rm, encode, true));
    await decoder.decode(prompts, { mode: 'guided', role: 'aligned', k: 5, temperature: 0.6, maxNewTokens: 16, samplesPerPrompt: 2, seed: 1 });
  }, 16);
}

for (const fast of [false, true]) {
  if (fast) installFastKernels(tf);
  else uninstallFastKernels(tf);
  console.log(`\n=== ${fast ? 'our kernels' : 'tfjs kernels (old path)'} ===`);
  await trainStep();
  await scoreStep();
  await decodeRun();
}
