// Time and peak tensor memory of one policy training step's loss + gradients on HH at context 256: the block-wise
// LM-head loss (engine/policy/lm-loss.ts) against the plain composition it replaced (logSoftmax of every row's
// logits times a one-hot), same weights and batches, interleaved A/B so shared-machine load hits both alike.
// Usage: nice -n 10 npx tsx bench/policy-loss-compare.ts [--rounds 4] [--batch 8]
import { parseArgs } from 'node:util';
import type * as TF from '@tensorflow/tfjs';
import { initialPolicyWeights, policyParams } from '../src-main/engine/decode/policy-model';
import { presetConfig } from '../src-main/engine/model/config';
import { embed, finalNorm, lmHead, runBlocks } from '../src-main/engine/model/transformer';
import { lmLossSumWithGrad } from '../src-main/engine/policy/lm-loss';
import { buildPrunedTokenizer } from '../src-main/engine/tokenizer/pruned-bpe';
import { loadHH, wasmTf } from '../test/main/engine/train/fixtures';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '4' }, batch: { type: 'string', default: '8' } } });
const rounds = Number(values.rounds);
const batch = Number(values.batch);
const hh = loadHH();
if (!hh) throw new Error('the HH sample is not at ../shared/data/hh-rlhf');
const tf = await wasmTf();
const { tokenizer } = await buildPrunedTokenizer(hh.flatMap((p) => [p.prompt, p.chosen, p.rejected]), { minCount: 1, maxVocab: 32_000 });
const config = presetConfig('tiny', tokenizer.vocabSize, { n_positions: 256, length_feature: false });
const params = policyParams(tf, initialPolicyWeights(config, 1));
const vars = [...params.values()];

/** Batch tensors as train-policy.ts builds them: prompt cut from the left, response + eos scored. */
function rowsOf(start: number): { ids: Int32Array; pos: Int32Array; target: Int32Array; mask: Float32Array; n: number; t: number } {
  const enc = hh!.slice(start, start + batch).map((p) => {
    const response = [...tokenizer.encode(p.chosen), tokenizer.eosId].slice(0, 255);
    const prompt = Array.from(tokenizer.encode(p.prompt));
    const kept = prompt.slice(Math.max(0, prompt.length - (256 - response.length)));
    return { ids: [...kept, ...response], responseStart: kept.length };
  });
  const t = Math.max(...enc.map((r) => r.ids.length)) - 1;
  const n = enc.length;
  const ids = new Int32Array(n * t);
  const pos = new Int32Array(n * t);
  const target = new Int32Array(n * t);
  const mask = new Float32Array(n * t);
  enc.forEach((r, i) => {
    for (let q = 0; q < t; q++) {
      ids[i * t + q] = r.ids[q] ?? 0;
      pos[i * t + q] = q;
      target[i * t + q] = r.ids[q + 1] ?? 0;
      mask[i * t + q] = q + 1 >= r.responseStart && q + 1 < r.ids.length ? 1 : 0;
    }
  });
  return { ids, pos, target, mask, n, t };
}

function loss(arm: 'block' | 'plain', b: ReturnType<typeof rowsOf>): TF.Scalar {
  const { n, t } = b;
  const bias = new Float32Array(t * t);
  for (let i = 0; i < t; i++) for (let j = i + 1; j < t; j++) bias[i * t + j] = -1e9;
  const x = embed(tf, params, tf.tensor2d(b.ids, [n, t], 'int32'), tf.tensor2d(b.pos, [n, t], 'int32'));
  const causal = tf.tile(tf.tensor4d(bias, [1, 1, t, t]), [n, 1, 1, 1]) as TF.Tensor4D;
  const { hidden } = runBlocks(tf, config, params, x, n, t, causal, null);
  const count = Math.max(1, b.mask.reduce((a, v) => a + v, 0));
  if (arm === 'block') {
    const wte = params.get('wte.weight') as TF.Variable;
    return tf.div(lmLossSumWithGrad(tf, finalNorm(tf, config, params, hidden), wte as TF.Tensor2D, { target: b.target, mask: b.mask }), count);
  }
  // The replaced composition, as train-policy.ts had it: every row's log-probabilities from lmHead, a one-hot
  // product standing in for a gather.
  const logp = tf.logSoftmax(tf.reshape(lmHead(tf, config, params, hidden, n, t), [n * t, config.vocab_size]));
  const picked = tf.sum(tf.mul(logp, tf.cast(tf.oneHot(tf.tensor1d(b.target, 'int32'), config.vocab_size), 'float32')), 1);
  return tf.div(tf.neg(tf.sum(tf.mul(picked, tf.tensor1d(b.mask)))), count);
}

async function step(arm: 'block' | 'plain', b: ReturnType<typeof rowsOf>): Promise<{ ms: number; peak: number; value: number }> {
  let ms = 0;
  let value = 0;
  const info = await tf.profile(() => {
    const t0 = performance.now();
    tf.tidy(() => {
      const r = tf.variableGrads(() => loss(arm, b), vars);
      value = r.value.dataSync()[0] as number;
      Object.values(r.grads).forEach((g) => g.dataSync());
    });
    ms = performance.now() - t0;
    return [];
  });
  return { ms, peak: info.peakBytes, value };
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const se = (xs: number[]): number => Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / (xs.length - 1) / xs.length);

console.log(`tiny policy, context 256, vocabulary ${config.vocab_size}, batch ${batch}, ${rounds} rounds (block then plain, then swapped)`);
await step('block', rowsOf(0)); // warm-up: kernels compiled, heap grown
await step('plain', rowsOf(0));
const ratios: number[] = [];
const times = { block: [] as number[], plain: [] as number[] };
const peaks = { block: 0, plain: 0 };
for (let r = 0; r < rounds; r++) {
  const b = rowsOf((r + 1) * batch);
  const order: ('block' | 'plain')[] = r % 2 === 0 ? ['block', 'plain'] : ['plain', 'block'];
  const got: Record<string, { ms: number; peak: number; value: number }> = {};
  for (const arm of order) got[arm] = await step(arm, b);
  const [blk, pln] = [got['block']!, got['plain']!];
  times.block.push(blk.ms);
  times.plain.push(pln.ms);
  peaks.block = Math.max(peaks.block, blk.peak);
  peaks.plain = Math.max(peaks.plain, pln.peak);
  ratios.push(pln.ms / blk.ms);
  console.log(`round ${r + 1}: block ${blk.ms.toFixed(0)} ms, plain ${pln.ms.toFixed(0)} ms, loss ${blk.value.toFixed(4)} vs ${pln.value.toFixed(4)}`);
}
console.log(`step time, loss + gradients: block ${mean(times.block).toFixed(0)} ± ${se(times.block).toFixed(0)} ms, plain ${mean(times.plain).toFixed(0)} ± ${se(times.plain).toFixed(0)} ms`);
console.log(`plain / block time per round: ${mean(ratios).toFixed(2)} ± ${se(ratios).toFixed(2)} (mean ± SE over ${rounds} rounds)`);
console.log(`peak tensor memory: block ${(peaks.block / 2 ** 20).toFixed(0)} MiB, plain ${(peaks.plain / 2 ** 20).toFixed(0)} MiB`);
