// A project ready for a decode (discovery) job: short held-out pairs, a tiny random-weight GPT-2 policy per role and a
// tiny reward model, saved as the app saves them. Random weights decode nonsense, deterministically: enough for the
// kill -9 harness, which checks that a resumed run writes what an uninterrupted one does.
import { join } from 'node:path';
import { presetConfig } from '../../src-main/engine/model/config';
import { RewardModel } from '../../src-main/engine/model/reward-model';
import { hfConfigOf, saveRewardModel } from '../../src-main/engine/reward/model-files';
import { buildPrunedTokenizer } from '../../src-main/engine/tokenizer/pruned-bpe';
import { saveHfFolder } from '../../src-main/engine/weights/hf-folder';
import { initialPolicyWeights } from '../../src-main/engine/decode/policy-model';
import { openProject } from '../../src-main/store/project';
import { wasmTf } from '../main/engine/train/fixtures';

const TOPICS = ['bread', 'rain', 'chess', 'tea', 'maps', 'bees', 'glass', 'kites', 'salt', 'clocks', 'moss', 'ink', 'wool', 'tides'];

export async function prepareDecodeProject(path: string): Promise<void> {
  const tf = await wasmTf();
  const pairs = TOPICS.map((topic) => ({
    prompt: `Human: Tell me something about ${topic}.\n\nAssistant:`,
    chosen: ` Here is a short, kind answer about ${topic}.`,
    rejected: ` I will not talk about ${topic}.`,
  }));
  const db = openProject(path, { create: true });
  try {
    const ds = db.datasets.create({ name: 'topics', sourcePath: null, format: null });
    db.transaction(() =>
      db.pairs.insertMany(pairs.map((p) => ({ datasetId: ds.id, ...p, split: 'validation' as const, origin: 'original' as const }))),
    );
    const texts = pairs.flatMap((p) => [p.prompt + p.chosen, p.prompt + p.rejected]);
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
  } finally {
    db.close();
  }
}
