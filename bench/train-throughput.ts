// Reward-model throughput on the HH sample with the default preset and its app hyper-parameters on wasm, against the
// same architecture in PyTorch.
// Usage: npx tsx bench/train-throughput.ts [trainPairs=256] [scorePairs=200]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PRESET, presetConfig } from '../src-main/engine/model/config';
import { buildPairTensors, truncatePair } from '../src-main/engine/model/pair-batch';
import { RewardModel } from '../src-main/engine/model/reward-model';
import { scorePairs } from '../src-main/engine/train/score';
import { trainRewardModel } from '../src-main/engine/train/trainer';
import { presetHyper } from '../src-main/engine/reward/presets';
import { DEFAULT_HYPER, type TrainHyper } from '../src-main/engine/train/types';
import { appVocab, loadHH, wasmTf } from '../test/main/engine/train/fixtures';

const trainCount = Number(process.argv[2] ?? 256);
const scoreCount = Number(process.argv[3] ?? 200);
const hh = loadHH();
if (!hh) throw new Error('HH sample not found at ../shared/data/hh-rlhf/');
const tf = await wasmTf();
const vocab = await appVocab(hh.slice(0, 1000).flatMap((p) => [p.prompt, p.chosen, p.rejected]));
const train = vocab.pairs(hh.slice(0, trainCount));
const held = vocab.pairs(hh.slice(1000, 1000 + scoreCount));
const config = presetConfig(DEFAULT_PRESET, vocab.size);
const model = RewardModel.create(tf, config, 1);
const hyper: TrainHyper = { ...DEFAULT_HYPER, ...presetHyper(DEFAULT_PRESET) };
const context = Math.min(hyper.maxLength, config.n_positions);
console.log(`preset ${DEFAULT_PRESET} (D=${config.n_embd} L=${config.n_layer} H=${config.n_head}), vocab ${vocab.size}, backend ${tf.getBackend()}, context ${context}`);

let t0 = performance.now();
const result = await trainRewardModel({ model, train, seed: 1, hyper: { ...hyper, epochs: 1 } });
const trainSec = (performance.now() - t0) / 1000;
const realTokens = train.map((p) => truncatePair(p, context)).reduce((n, p) => n + p.prompt.length + p.chosen.length + p.rejected.length, 0);
console.log(`train: ${trainCount} pairs, ${result.steps} steps in ${trainSec.toFixed(1)} s → ${(trainCount / trainSec).toFixed(2)} pairs/s, ${(realTokens / trainSec).toFixed(0)} tokens/s`);

t0 = performance.now();
await scorePairs({ model, pairs: held, maxLength: context });
const scoreSec = (performance.now() - t0) / 1000;
console.log(`score: ${scoreCount} pairs in ${scoreSec.toFixed(1)} s → ${(scoreCount / scoreSec).toFixed(2)} pairs/s`);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);

// Where a step's time goes: kernel time of one 16-pair bucketed step, grouped by what the kernel serves.
const sample = train.slice(0, hyper.batchSize).map((p) => truncatePair(p, context));
const lp = Math.max(...sample.map((p) => p.prompt.length));
const lr = Math.max(...sample.map((p) => Math.max(p.chosen.length, p.rejected.length)));
const batch = buildPairTensors(tf, config, sample, lp, lr);
const profile = await tf.profile(() => {
  tf.tidy(() => {
    const { grads } = tf.variableGrads(() => tf.mean(model.rewardPairs(batch)), [...model.params.values()]);
    Object.values(grads).forEach((g) => g.dataSync());
  });
});
const groups = new Map<string, number>();
for (const k of profile.kernels) {
  const attention = k.name === 'BatchMatMul' && (k.inputShapes[0]?.length ?? 0) === 3;
  const group = attention || k.name === 'Softmax' ? 'attention (batched QKᵀ, PV, softmax)'
    : k.name === 'BatchMatMul' ? 'projections + MLP (2-D matmuls)'
    : ['GatherV2', 'ScatterNd'].includes(k.name) ? 'embedding (gather / scatter-add)'
    : ['Tanh', 'Multiply', 'Add', 'Sub', 'Sum', 'Mean', 'Rsqrt', 'Square'].includes(k.name) ? 'elementwise (LN, gelu, residual)'
    : 'layout (transpose, reshape, concat, split)';
  groups.set(group, (groups.get(group) ?? 0) + (k.kernelTimeMs as number));
}
console.log(`profile of one ${sample.length}-pair step (prompt ${lp}, response ${lr}), kernel ms, forward + backward:`);
for (const [g, ms] of [...groups].sort((a, b) => b[1] - a[1])) console.log(`  ${g.padEnd(44)} ${ms.toFixed(0)}`);

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
  console.log(`ratio tfjs-wasm / torch-naive train pairs/s: ${((trainCount / trainSec) / torchRate).toFixed(2)}`);
} catch (err) {
  console.log(`PyTorch reference not run: ${(err as Error).message.split('\n')[0]}`);
}
