// Random-weight tiny GPT-2 policies, one per role, saved in a project's artifacts (the engine-level setup
// discover-real.test.ts uses): what REFORM tests and bench/reform-compare.ts attack with until policies are trained.
import { join } from 'node:path';
import { presetConfig } from '../../src-main/engine/model/config';
import { hfConfigOf } from '../../src-main/engine/reward/model-files';
import { buildPrunedTokenizer } from '../../src-main/engine/tokenizer/pruned-bpe';
import { saveHfFolder } from '../../src-main/engine/weights/hf-folder';
import { initialPolicyWeights } from '../../src-main/engine/decode/policy-model';
import { openProject } from '../../src-main/store/project';

/** Saves one random policy per role, its vocabulary pruned to the project's texts. */
export async function addPolicies(path: string): Promise<Record<'aligned' | 'misaligned', number>> {
  const db = openProject(path, { create: false });
  try {
    const texts = [...db.pairs.iterate({ origin: 'original' }, 1000)].flatMap((p) => [p.prompt + p.chosen, p.prompt + p.rejected]);
    const tokenizer = (await buildPrunedTokenizer(texts, { minCount: 1 })).tokenizer;
    const config = presetConfig('tiny', tokenizer.vocabSize, { n_positions: 256, length_feature: false });
    const { prefstudio: _ours, ...hf } = hfConfigOf(config, 'tiny', tokenizer.eosId);
    const ids: Record<string, number> = {};
    for (const [i, role] of (['aligned', 'misaligned'] as const).entries()) {
      const weights = initialPolicyWeights(config, 3 + i);
      const tensors = new Map([...weights].map(([name, w]) => [name, { dtype: 'float32' as const, shape: w.shape, data: w.data }]));
      saveHfFolder(join(db.info.artifactsDir, 'policies', role), { config: hf, tensors, tokenizerJson: tokenizer.toJSON(), eosId: tokenizer.eosId, padId: tokenizer.padId });
      ids[role] = db.models.create({ name: `${role} policy`, kind: 'policy', status: 'ready', artifactPath: join('policies', role), config: { role } }).id;
    }
    return ids as Record<'aligned' | 'misaligned', number>;
  } finally {
    db.close();
  }
}
