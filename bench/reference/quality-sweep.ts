// One training run of preset `tiny` on the HH sample or the demo data, tokenised as the app does, with config and
// hyper-parameter overrides; prints train/held-out accuracy and wall time as one JSON line (the rows of README.md).
// Usage: npx tsx bench/reference/quality-sweep.ts '{"data":"hh","seed":2,"config":{"length_feature":false},"hyper":{"epochs":3}}'
import { generateDemoPairs } from '../../src-main/demo/generate';
import { presetConfig, type GPT2Config } from '../../src-main/engine/model/config';
import { RewardModel } from '../../src-main/engine/model/reward-model';
import { presetHyper } from '../../src-main/engine/reward/presets';
import { scorePairs } from '../../src-main/engine/train/score';
import { trainRewardModel } from '../../src-main/engine/train/trainer';
import { DEFAULT_HYPER, type TrainHyper } from '../../src-main/engine/train/types';
import { appVocab, loadHH, wasmTf, type TextPair } from '../../test/main/engine/train/fixtures';

interface Run {
  data: 'hh' | 'demo';
  seed?: number;
  config?: Partial<GPT2Config>;
  hyper?: Partial<TrainHyper>;
}

const run = JSON.parse(process.argv[2] ?? '{"data":"hh"}') as Run;
const tf = await wasmTf();
let train: TextPair[];
let validation: TextPair[];
if (run.data === 'hh') {
  const hh = loadHH();
  if (!hh) throw new Error('HH sample not found at ../shared/data/hh-rlhf/');
  [train, validation] = [hh.slice(0, 1000), hh.slice(1000)];
} else {
  const demo = generateDemoPairs({ pairs: 1500, seed: 1 });
  [train, validation] = [demo.filter((p) => p.split === 'train'), demo.filter((p) => p.split === 'validation')];
}
const vocab = await appVocab(train.flatMap((p) => [p.prompt, p.chosen, p.rejected]));
const seed = run.seed ?? 1;
const model = RewardModel.create(tf, presetConfig('tiny', vocab.size, run.config ?? {}), seed);
const hyper: TrainHyper = { ...DEFAULT_HYPER, ...presetHyper('tiny'), ...run.hyper };
const started = performance.now();
const trainIds = vocab.pairs(train);
const result = await trainRewardModel({ model, train: trainIds, validation: vocab.pairs(validation), seed, hyper });
const seconds = (performance.now() - started) / 1000;
const trainScores = await scorePairs({ model, pairs: trainIds, maxLength: hyper.maxLength });
const lengthWeight = model.params.get('score.length_weight')?.dataSync()[0];
console.log(JSON.stringify({
  ...run,
  seed,
  vocab: vocab.size,
  steps: result.steps,
  seconds: Number(seconds.toFixed(1)),
  trainAccuracy: Number((trainScores.filter((s) => s.margin > 0).length / trainScores.length).toFixed(3)),
  heldOutAccuracy: result.validation?.accuracy,
  ...(lengthWeight === undefined ? {} : { lengthWeight }),
}));
model.dispose();
