// Scratch: one training run on HH or demo with app tokenisation; prints accuracy and time as JSON.
import { generateDemoPairs } from '../../src-main/demo/generate';
import { presetConfig, type GPT2Config } from '../../src-main/engine/model/config';
import { RewardModel } from '../../src-main/engine/model/reward-model';
import { presetHyper } from '../../src-main/engine/reward/presets';
import { fastEncoder } from '../../src-main/engine/tokenizer/fast-encoder';
import { buildPrunedTokenizer } from '../../src-main/engine/tokenizer/pruned-bpe';
import { trainRewardModel } from '../../src-main/engine/train/trainer';
import { scorePairs } from '../../src-main/engine/train/score';
import { loadHH, wasmTf, type TextPair } from '../../test/main/engine/train/fixtures';

const args = JSON.parse(process.argv[2] ?? '{}') as { data: 'hh' | 'demo'; seed?: number; config?: Partial<GPT2Config>; hyper?: Record<string, unknown> };
const tf = await wasmTf();
let train: TextPair[]; let val: TextPair[];
if (args.data === 'hh') { const hh = loadHH()!; train = hh.slice(0, 1000); val = hh.slice(1000); }
else { const d = generateDemoPairs({ pairs: 1500, seed: 1 }); train = d.filter((p) => p.split === 'train'); val = d.filter((p) => p.split === 'validation'); }
const { tokenizer } = await buildPrunedTokenizer(train.flatMap((p) => [p.prompt, p.chosen, p.rejected]), { minCount: 1, maxVocab: 32000 });
const enc = await fastEncoder(tokenizer);
const tok = (ps: TextPair[]) => ps.map((p) => ({ prompt: enc(p.prompt), chosen: enc(p.chosen), rejected: enc(p.rejected) }));
const seed = args.seed ?? 1;
const model = RewardModel.create(tf, presetConfig('tiny', tokenizer.vocabSize, args.config ?? {}), seed);
const hyper = { ...presetHyper('tiny'), ...(args.hyper ?? {}) };
const t0 = performance.now();
const trainTok = tok(train);
const res = await trainRewardModel({ model, train: trainTok, validation: tok(val), seed, hyper });
const sec = (performance.now() - t0) / 1000;
const trainScores = await scorePairs({ model, pairs: trainTok, maxLength: hyper.maxLength as number });
const trainAcc = trainScores.filter((s) => s.margin > 0).length / trainScores.length;
const extra: Record<string, number> = {};
for (const [k, v] of model.params) if (k.startsWith('score.') && k !== 'score.weight') extra[k] = v.dataSync()[0] as number;
console.log(JSON.stringify({ ...args, seed, vocab: tokenizer.vocabSize, steps: res.steps, sec: +sec.toFixed(1), trainAcc: +trainAcc.toFixed(3), valAcc: res.validation?.accuracy, valLoss: +(res.validation?.loss ?? 0).toFixed(4), ...extra }));
