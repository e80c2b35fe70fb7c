// The decode job end to end with the engine's real decoder: a tiny random-weight GPT-2 policy and reward model saved
// as HF folders in the project's artifacts, discover.start through the Studio, a child-process job, stored outputs
// whose failure flags and gaps agree with the reward model's scores of the references.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { presetConfig } from '../../../../src-main/engine/model/config';
import { RewardModel } from '../../../../src-main/engine/model/reward-model';
import { hfConfigOf, saveRewardModel } from '../../../../src-main/engine/reward/model-files';
import { buildPrunedTokenizer } from '../../../../src-main/engine/tokenizer/pruned-bpe';
import { saveHfFolder } from '../../../../src-main/engine/weights/hf-folder';
import { initialPolicyWeights } from '../../../../src-main/engine/decode/policy-model';
import { openProject } from '../../../../src-main/store/project';
import { makeStudio, type TestStudio } from '../../../support/studio';
import { wasmTf } from '../../engine/train/fixtures';

const PAIRS = [
  ['Human: How do I bake bread at home?\n\nAssistant:', ' Mix flour, water, salt and yeast, knead it, then bake it hot.', ' Just buy it.'],
  ['Human: What is the capital of France?\n\nAssistant:', ' Paris is the capital of France.', ' Ask someone else about that.'],
  ['Human: I feel sad today.\n\nAssistant:', ' I am sorry to hear that. Would you like to talk?', ' Figure it out yourself.'],
] as const;

let tf: typeof TF;
let t: TestStudio;
let file: string;

beforeAll(async () => {
  tf = await wasmTf();
  t = makeStudio();
  file = join(t.dir, 'real.prefstudio');
  const db = openProject(file, { create: true });
  const ds = db.datasets.create({ name: 'd', sourcePath: null, format: null });
  db.transaction(() =>
    db.pairs.insertMany(PAIRS.map(([prompt, chosen, rejected]) => ({ datasetId: ds.id, prompt, chosen, rejected, split: 'validation' as const, origin: 'original' as const }))),
  );
  const texts = PAIRS.flatMap((p) => [p[0] + p[1], p[0] + p[2]]);
  const tokenizer = (await buildPrunedTokenizer(texts, { minCount: 1 })).tokenizer;
  const config = presetConfig('tiny', tokenizer.vocabSize, { n_positions: 64, length_feature: false });
  const weights = initialPolicyWeights(config, 3);
  const { prefstudio: _ours, ...hf } = hfConfigOf(config, 'tiny', tokenizer.eosId);
  const tensors = new Map([...weights].map(([name, w]) => [name, { dtype: 'float32' as const, shape: w.shape, data: w.data }]));
  for (const role of ['aligned', 'misaligned']) {
    saveHfFolder(join(db.info.artifactsDir, 'models', role), { config: hf, tensors, tokenizerJson: tokenizer.toJSON(), eosId: tokenizer.eosId, padId: tokenizer.padId });
    db.models.create({ name: role, kind: 'policy', status: 'ready', artifactPath: join('models', role), config: { role } });
  }
  const rm = RewardModel.create(tf, presetConfig('tiny', tokenizer.vocabSize, { n_positions: 64 }), 5);
  await saveRewardModel(join(db.info.artifactsDir, 'models', 'rm'), rm, tokenizer, 'tiny', {});
  rm.dispose();
  db.models.create({ name: 'rm', kind: 'reward', status: 'ready', artifactPath: join('models', 'rm') });
  db.close();
  await t.call('project.open', { path: file, create: false });
});

afterAll(async () => t?.dispose());

describe('decode job with the real decoder', () => {
  it('decodes every prompt for both roles and stores outputs whose failure flags match the references', async () => {
    const job = await t.call('discover.start', { prompts: 3, samples: 2, maxNewTokens: 8, seed: 4 });
    const done = await t.finished(job.id);
    expect(done.error).toBeNull();
    expect(done.state).toBe('done');
    const [run] = await t.call('discover.runs', {});
    expect(run?.status).toBe('done');
    expect(run?.byRole.aligned?.generated).toBe(6);
    expect(run?.byRole.misaligned?.generated).toBe(6);
    expect(run?.tokens).toBeGreaterThan(0);
    const db = openProject(file, { create: false, readonly: true });
    try {
      const outputs = db.discovery.outputs(run?.id ?? 0);
      expect(outputs).toHaveLength(12);
      for (const o of outputs) {
        const expectedGap = o.role === 'aligned' ? o.rRejected - o.reward : o.reward - o.rChosen;
        expect(o.gap).toBeCloseTo(expectedGap, 9);
        expect(o.isFailure).toBe(o.gap > 0);
        expect(o.failurePairId !== null).toBe(o.isFailure);
        expect(o.tokens).toBeGreaterThan(0);
        expect(o.tokens).toBeLessThanOrEqual(8);
      }
      const failures = db.discovery.failures({ runId: run?.id }, 0, 100);
      expect(failures.total).toBe(outputs.filter((o) => o.isFailure).length);
    } finally {
      db.close();
    }
  });
});
