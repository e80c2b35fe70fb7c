// Adaptive attack on the demo: one trained reward model, random-weight policies, the app's own `robustness` job in
// guided mode and in plain-sampling mode at the same budget and seed; prints both attacks' rates with SEs.
// Usage: PREFSTUDIO_BACKEND=wasm npx tsx bench/robustness-attack.ts [--preset tiny] [--epochs 1] [--prompts 16]
//        [--samples 2] [--tokens 16] [--temperature 0.6] [--role both] [--seed 7]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDemoPairs } from '../src-main/demo/generate';
import { initialPolicyWeights } from '../src-main/engine/decode/policy-model';
import { presetConfig } from '../src-main/engine/model/config';
import { hfConfigOf } from '../src-main/engine/reward/model-files';
import { buildPrunedTokenizer } from '../src-main/engine/tokenizer/pruned-bpe';
import { saveHfFolder } from '../src-main/engine/weights/hf-folder';
import { ModelPreset } from '../src-main/shared/dto';
import type { AttackMetrics, RobustnessReport } from '../src-main/shared/robustness-dto';
import { openProject } from '../src-main/store/project';
import { benchStudio } from './studio-calls';

const { values } = parseArgs({
  options: {
    preset: { type: 'string', default: 'tiny' },
    epochs: { type: 'string', default: '1' },
    prompts: { type: 'string', default: '16' },
    samples: { type: 'string', default: '2' },
    tokens: { type: 'string', default: '16' },
    temperature: { type: 'string', default: '0.6' },
    role: { type: 'string', default: 'both' },
    seed: { type: 'string', default: '7' },
  },
});
const { call, finished, close } = benchStudio();

/** Random-weight policies of both roles on a tokenizer of the demo's texts (no policy training in this bench). */
async function addPolicies(file: string): Promise<void> {
  const texts = generateDemoPairs({ pairs: 200, seed: 5 }).flatMap((p) => [p.prompt, p.chosen, p.rejected]);
  const tokenizer = (await buildPrunedTokenizer(texts, { minCount: 1 })).tokenizer;
  const config = presetConfig('tiny', tokenizer.vocabSize, { n_positions: 128, length_feature: false });
  const { prefstudio: _ours, ...hf } = hfConfigOf(config, 'tiny', tokenizer.eosId);
  const weights = initialPolicyWeights(config, 3);
  const tensors = new Map([...weights].map(([name, w]) => [name, { dtype: 'float32' as const, shape: w.shape, data: w.data }]));
  const db = openProject(file, { create: false });
  for (const role of ['aligned', 'misaligned']) {
    saveHfFolder(join(db.info.artifactsDir, 'models', `policy-${role}`), { config: hf, tensors, tokenizerJson: tokenizer.toJSON(), eosId: tokenizer.eosId, padId: tokenizer.padId });
    db.models.create({ name: `policy-${role}`, kind: 'policy', status: 'ready', artifactPath: join('models', `policy-${role}`), config: { role } });
  }
  db.close();
}

const pct = (e: { value: number; se: number }) => `${(e.value * 100).toFixed(1)} ± ${(e.se * 100).toFixed(1)} %`;
const num = (e: { value: number; se: number }) => `${e.value.toFixed(2)} ± ${e.se.toFixed(2)}`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'prefstudio-bench-attack-'));
  const file = join(dir, 'attack.prefstudio');
  try {
    await call('project.open', { path: file, create: true });
    await finished(await call('demo.start', { pairs: 300, seed: 5 }));
    const train = await finished(await call('train.start', { preset: ModelPreset.parse(values.preset), epochs: Number(values.epochs), seed: 2 }));
    const modelId = Number(train.params['modelId']);
    await addPolicies(file);
    const attack = {
      role: values.role as 'aligned' | 'misaligned' | 'both',
      prompts: Number(values.prompts),
      samples: Number(values.samples),
      maxNewTokens: Number(values.tokens),
      temperature: Number(values.temperature),
      seed: Number(values.seed),
    };
    console.log(`demo 300 pairs, ${values.preset} model #${modelId}, random-weight policies; attack ${JSON.stringify(attack)}`);
    for (const mode of ['guided', 'sample'] as const) {
      const t0 = performance.now();
      const job = await finished(await call('robustness.start', { modelIds: [modelId], families: ['markdown'], attack: { ...attack, mode } }));
      const a = (job.result as unknown as RobustnessReport).models[0]!.attack as AttackMetrics;
      const roles = Object.entries(a.byRole).map(([r, x]) => `${r}: ${pct(x.attackSuccessRate)}, ${num(x.failuresPerPrompt)}/prompt`);
      console.log(`${mode.padEnd(6)} success ${pct(a.attackSuccessRate)}  failures/prompt ${num(a.failuresPerPrompt)}  (${roles.join('; ')})  ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
  } finally {
    await close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
