// Reward-model throughput on the HH sample with the default preset and its app hyper-parameters: on wasm, tfjs's own
// kernels (the old path) against ours (SIMD batch-matmul, fused gelu_new/LayerNorm, row copies), interleaved in one
// run; or on another backend; then the same architecture in PyTorch.
// Usage: npx tsx bench/train-throughput.ts [trainPairs=256] [scorePairs=200] [--backend wasm|webgpu|tensorflow|cpu] [--rounds 3]
//   (webgpu on a machine without a GPU: PREFSTUDIO_BACKEND semantics, so SwiftShader is accepted when asked for)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { chooseBackend, describeBackend, type BackendName } from '../src-main/engine/backend';
import { installFastKernels, uninstallFastKernels } from '../src-main/engine/kernels/wasm-kernels';
import { DEFAULT_PRESET, presetConfig, type GPT2Config } from '../src-main/engine/model/config';
import { buildPairTensors, truncatePair, type TokPair } from '../src-main/engine/model/pair-batch';
import { RewardModel } from '../src-main/engine/model/reward-model';
import { scorePairs } from '../src-main/engine/train/score';
import { trainRewardModel } from '../src-main/engine/train/trainer';
import { presetHyper } from '../src-main/engine/reward/presets';
import { DEFAULT_HYPER, type TrainHyper } from '../src-main/engine/train/types';
import { appVocab, loadHH } from '../test/main/engine/train/fixtures';

const option = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const backendName = (option('backend') ?? 'wasm') as BackendName;
const rounds = Number(option('rounds') ?? 3);
const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
const trainCount = Number(positional[0] ?? 256);
const scoreCount = Number(positional[1] ?? 200);
const hh = loadHH();
if (!hh) throw new Error('HH sample not found at ../shared/data/hh-rlhf/');
const { tf, report } = await chooseBackend(backendName);
if (report.name !== backendName) throw new Error(`${backendName} did not start: ${describeBackend(report)}`);
console.log(describeBackend(report));
const vocab = await appVocab(hh.slice(0, 1000).flatMap((p) => [p.prompt, p.chosen, p.rejected]));
const train = vocab.pairs(hh.slice(0, trainCount));
const held = vocab.pairs(hh.slice(1000, 1000 + scoreCount));
const config = presetConfig(DEFAULT_PRESET, vocab.size);
const hyper: TrainHyper = { ...DEFAULT_HYPER, ...presetHyper(DEFAULT_PRESET) };
const context = Math.min(hyper.maxLength, config.n_positions);
console.log(`preset ${DEFAULT_PRESET} (D=${config.n_embd} L=${config.n_layer} H=${config.n_head}), vocab ${vocab.size}, context ${context}, ${trainCount} train pairs, ${scoreCount} scored`);
const realTokens = train.map((p) => truncatePair(p, context)).reduce((n, p) => n + p.prompt.length + p.chosen.length + p.rejected.length, 0);

interface Rates {
  trainPairs: number;
  trainTokens: number;
  scorePairs: number;
}

/** One epoch of training from the same initial weights and seed, then scoring the held-out pairs. */
async function measure(label: string): Promise<Rates> {
  const model = RewardModel.create(tf, config, 1);
  let t0 = performance.now();
  const result = await trainRewardModel({ model, train, seed: 1, hyper: { ...hyper, epochs: 1 } });
  const trainSec = (performance.now() - t0) / 1000;
  t0 = performance.now();
  await scorePairs({ model, pairs: held, maxLength: context });
  const scoreSec = (performance.now() - t0) / 1000;
  model.dispose();
  const rates = { trainPairs: trainCount / trainSec, trainTokens: realTokens / trainSec, scorePairs: scoreCount / scoreSec };
  console.log(`${label.padEnd(24)} train ${result.steps} steps in ${trainSec.toFixed(1)} s → ${rates.trainPairs.toFixed(2)} pairs/s, ${rates.trainTokens.toFixed(0)} tokens/s; score ${rates.scorePairs.toFixed(2)} pairs/s`);
  return rates;
}

let rates: Rates;
if (report.name === 'wasm') {
  // Old path first, then the new one, alternating, so drift in machine load shows as spread, not as a gain.
  const old: Rates[] = [];
  const fast: Rates[] = [];
  for (let round = 0; round < rounds; round++) {
    uninstallFastKernels(tf);
    old.push(await measure('wasm, tfjs kernels'));
    installFastKernels(tf);
    fast.push(await measure('wasm, our kernels'));
  }
  for (const k of ['trainPairs', 'trainTokens', 'scorePairs'] as const) {
    const ratios = fast.map((f, i) => f[k] / (old[i]?.[k] ?? 1));
    const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    const se = Math.sqrt(ratios.reduce((a, r) => a + (r - mean) ** 2, 0) / Math.max(1, ratios.length - 1) / ratios.length);
    console.log(`speed-up ${k.padEnd(12)} ${mean.toFixed(2)} ± ${se.toFixed(2)}× (SE over ${ratios.length} rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')})`);
  }
  // The mean over rounds (not the best round) is what PyTorch is compared with.
  const meanOf = (k: keyof Rates) => fast.reduce((a, r) => a + r[k], 0) / fast.length;
  rates = { trainPairs: meanOf('trainPairs'), trainTokens: meanOf('trainTokens'), scorePairs: meanOf('scorePairs') };
} else {
  rates = await measure(report.name);
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);

/** Kernel time of one 16-pair bucketed step, grouped by what the kernel serves. */
async function profileStep(model: RewardModel, sample: TokPair[], cfg: GPT2Config): Promise<void> {
  const lp = Math.max(...sample.map((p) => p.prompt.length));
  const lr = Math.max(...sample.map((p) => Math.max(p.chosen.length, p.rejected.length)));
  const batch = buildPairTensors(tf, cfg, sample, lp, lr);
  const profile = await tf.profile(async () => {
    const grads = tf.tidy(() => {
      const { grads: g } = tf.variableGrads(() => tf.mean(model.rewardPairs(batch)) as TF.Scalar, [...model.params.values()]);
      return Object.values(g);
    });
    await Promise.all(grads.map((g) => g.data()));
    tf.dispose(grads);
  });
  const groups = new Map<string, number>();
  for (const k of profile.kernels) {
    // customGrad scopes report the kernels inside them again under the scope's name.
    if (k.name === 'forward' || k.name === 'unnamed scope') continue;
    const attention = k.name === 'BatchMatMul' && (k.inputShapes[0]?.length ?? 0) === 3;
    const group = attention || k.name === 'Softmax' ? 'attention (batched QKᵀ, PV, softmax)'
      : k.name === 'BatchMatMul' ? 'projections + MLP (2-D matmuls)'
      : ['GatherV2', 'ScatterNd'].includes(k.name) ? 'embedding (gather / scatter-add)'
      : ['Tanh', 'Multiply', 'Add', 'Sub', 'Sum', 'Mean', 'Rsqrt', 'Square'].includes(k.name) || k.name.startsWith('PrefStudio')
        ? 'elementwise (LN, gelu, residual)'
      : 'layout (transpose, reshape, concat, split)';
    const ms = await k.kernelTimeMs;
    groups.set(group, (groups.get(group) ?? 0) + (typeof ms === 'number' ? ms : 0));
  }
  console.log(`profile of one ${sample.length}-pair step (prompt ${lp}, response ${lr}), kernel ms, forward + backward:`);
  for (const [g, ms] of [...groups].sort((a, b) => b[1] - a[1])) console.log(`  ${g.padEnd(44)} ${ms.toFixed(0)}`);
}
// Kernel times need a timer per kernel: webgpu has one only with the timestamp-query feature, so wasm only.
if (report.name === 'wasm') {
  const profiled = RewardModel.create(tf, config, 1);
  await profileStep(profiled, train.slice(0, hyper.batchSize).map((p) => truncatePair(p, context)), config);
  profiled.dispose();
}

// The same architecture in PyTorch on the same ids, the naive way (concatenated, padded to the batch max).
const dir = mkdtempSync(join(tmpdir(), 'rm-bench-'));
const file = join(dir, 'pairs.json');
const fitted = train.map((p) => truncatePair(p, context));
writeFileSync(file, JSON.stringify({
  config, batchSize: hyper.batchSize,
  pairs: fitted.map((p) => ({ prompt: Array.from(p.prompt), chosen: Array.from(p.chosen), rejected: Array.from(p.rejected) })),
}));
try {
  const out = execFileSync('/usr/bin/python3', [join(import.meta.dirname, 'reference/torch_reward.py'), file], { encoding: 'utf8' });
  console.log(out.trim());
  const torchRate = Number(/train_pairs_per_sec=([\d.]+)/.exec(out)?.[1]);
  console.log(`ratio tfjs-${report.name} (mean over rounds) / torch-naive train pairs/s: ${(rates.trainPairs / torchRate).toFixed(2)}`);
} catch (err) {
  console.log(`PyTorch reference not run: ${(err as Error).message.split('\n')[0]}`);
}
