// Guided-decoding throughput: REFORM's top-k search with key/value caches on tfjs's own wasm kernels and per-row cache
// tensors (the old path) and on ours (one KV buffer per layer read by the cached-attention kernel), and with --full the
// authors' full recompute (policy and reward model re-run over the whole prefix every step) on ours; same random models,
// same seeds, the paths interleaved repeat by repeat in one run. Prints guided tokens/s per path (mean ± SE) and the
// per-repeat ratio ours / tfjs (mean ± SE); unless --no-torch, the PyTorch reference's cached path (2 threads, same
// architecture and sizes) runs as a third path in every repeat, and ours / torch is the per-repeat ratio as well.
// Run: npx tsx bench/decode-throughput.ts [--preset tiny|mini] [--repeats 3] [--full] [--no-torch]
import { presetConfig, type PresetName } from '../src-main/engine/model/config';
import { RewardModel } from '../src-main/engine/model/reward-model';
import { fastEncoder } from '../src-main/engine/tokenizer/fast-encoder';
import { buildPrunedTokenizer } from '../src-main/engine/tokenizer/pruned-bpe';
import { StepDecoder } from '../src-main/engine/decode/guided-decoder';
import { LocalPolicy } from '../src-main/engine/decode/local-policy';
import { LocalReward } from '../src-main/engine/decode/local-reward';
import { initialPolicyWeights, policyParams } from '../src-main/engine/decode/policy-model';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { installFastKernels, uninstallFastKernels } from '../src-main/engine/kernels/wasm-kernels';
import { loadHH, wasmTf } from '../test/main/engine/train/fixtures';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const preset = arg('preset', 'tiny') as PresetName;
const repeats = Number(arg('repeats', '3'));
const hh = loadHH();
if (!hh) throw new Error('the HH sample is missing (../shared/data/hh-rlhf)');
const tf = await wasmTf();
const { tokenizer } = await buildPrunedTokenizer(hh.slice(0, 500).flatMap((p) => [p.prompt, p.chosen, p.rejected]), { minCount: 2, maxVocab: 8000 });
const encode = await fastEncoder(tokenizer);
const config = presetConfig(preset, tokenizer.vocabSize, { n_positions: 256, length_feature: false });
const params = policyParams(tf, initialPolicyWeights(config, 1));
const rm = RewardModel.create(tf, presetConfig(preset, tokenizer.vocabSize, { n_positions: 256 }), 2);
const prompts = hh.slice(600, 604).map((p, key) => ({ key, prompt: p.prompt.slice(-300) }));
const params0 = { mode: 'guided' as const, role: 'aligned' as const, k: 5, temperature: 0.6, maxNewTokens: 32, samplesPerPrompt: 2, seed: 1 };

console.log(`preset ${preset} (D=${config.n_embd}, L=${config.n_layer}), vocab ${tokenizer.vocabSize}, ${prompts.length} prompts × ${params0.samplesPerPrompt} samples, ≤${params0.maxNewTokens} tokens, k=5`);
const paths = [
  { label: 'cached, tfjs kernels, tensor caches', cached: true, fast: false },
  { label: 'cached, our kernels, stored caches ', cached: true, fast: true },
  ...(process.argv.includes('--full') ? [{ label: 'full,   our kernels                ', cached: false, fast: true }] : []),
];
const rates = paths.map(() => [] as number[]);
const torchScript = join(import.meta.dirname, 'decode_throughput_torch.py');
let torchError = process.argv.includes('--no-torch') ? 'not asked for' : '';
const torchRates: number[] = [];
let torchHeader = '';
for (let r = 0; r < repeats; r++) {
  for (const [i, path] of paths.entries()) {
    if (path.fast) installFastKernels(tf);
    else uninstallFastKernels(tf);
    const decoder = new StepDecoder(new LocalPolicy(tf, config, params, tokenizer, path.cached), new LocalReward(rm, encode, path.cached));
    const t0 = performance.now();
    const out = await decoder.decode(prompts, { ...params0, seed: 1 + r });
    const tokens = out.reduce((a, o) => a + o.tokens, 0);
    rates[i]!.push(tokens / ((performance.now() - t0) / 1000));
  }
  if (torchError) continue;
  try {
    const out = execFileSync('/usr/bin/python3', [torchScript, preset, '2', 'cached', '1'], { encoding: 'utf8' }).trim();
    const rate = /cached guided tokens\/s: ([\d.]+)/.exec(out)?.[1];
    if (!rate) throw new Error(`unexpected output: ${out}`);
    torchHeader = out.split('\n')[0] ?? '';
    torchRates.push(Number(rate));
  } catch (err) {
    torchError = (err as Error).message.split('\n')[0] ?? 'failed';
  }
}
installFastKernels(tf);

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
function meanSe(xs: number[]): string {
  const m = mean(xs);
  const se = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1) / xs.length) : NaN;
  return `${m.toFixed(2)} ± ${se.toFixed(2)}`;
}
for (const [i, path] of paths.entries()) {
  console.log(`${path.label} guided tokens/s: ${meanSe(rates[i]!)} (SE, n=${repeats}; runs ${rates[i]!.map((x) => x.toFixed(1)).join(', ')})`);
}
const ratios = rates[1]!.map((x, r) => x / rates[0]![r]!);
console.log(`speed-up cached ours / tfjs: ${meanSe(ratios)}× (per repeat: ${ratios.map((x) => x.toFixed(2)).join(', ')})`);
if (torchError) console.log(`PyTorch reference not run: ${torchError}`);
else {
  console.log(torchHeader);
  console.log(`torch cached (2 threads) guided tokens/s: ${meanSe(torchRates)} (SE, n=${repeats}; runs ${torchRates.map((x) => x.toFixed(1)).join(', ')})`);
  const vsTorch = rates[1]!.map((x, r) => x / torchRates[r]!);
  console.log(`ours cached / torch cached: ${meanSe(vsTorch)}× (per repeat: ${vsTorch.map((x) => x.toFixed(2)).join(', ')})`);
}
