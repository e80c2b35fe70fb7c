// Guided-decoding throughput: REFORM's top-k search with key/value caches vs the authors' full recompute (policy
// and reward model re-run over the whole prefix every step), same random models, same seed, in one run.
// Prints guided tokens/s per path and repeat (mean ± SE). Run: npx tsx bench/decode-throughput.ts [--preset tiny|mini] [--repeats 3]
import { presetConfig, type PresetName } from '../src-main/engine/model/config';
import { RewardModel } from '../src-main/engine/model/reward-model';
import { fastEncoder } from '../src-main/engine/tokenizer/fast-encoder';
import { buildPrunedTokenizer } from '../src-main/engine/tokenizer/pruned-bpe';
import { StepDecoder } from '../src-main/engine/decode/guided-decoder';
import { LocalPolicy } from '../src-main/engine/decode/local-policy';
import { LocalReward } from '../src-main/engine/decode/local-reward';
import { initialPolicyWeights, policyParams } from '../src-main/engine/decode/policy-model';
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
for (const cached of [true, false]) {
  const rates: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const decoder = new StepDecoder(new LocalPolicy(tf, config, params, tokenizer, cached), new LocalReward(rm, encode, cached));
    const t0 = performance.now();
    const out = await decoder.decode(prompts, { ...params0, seed: 1 + r });
    const tokens = out.reduce((a, o) => a + o.tokens, 0);
    rates.push(tokens / ((performance.now() - t0) / 1000));
  }
  const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
  const se = rates.length > 1 ? Math.sqrt(rates.reduce((a, b) => a + (b - mean) ** 2, 0) / (rates.length - 1) / rates.length) : NaN;
  console.log(`${cached ? 'cached ' : 'full   '} guided tokens/s: ${mean.toFixed(1)} ± ${se.toFixed(1)} (SE, n=${rates.length}; runs ${rates.map((x) => x.toFixed(1)).join(', ')})`);
}
