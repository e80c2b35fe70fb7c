// openGuidedDecoder: loads the guiding reward model and a local or endpoint policy into one GuidedDecoder; it sits
// in jobs/ because it joins engine/ (models, decoding) and llm/ (the completions client), which must not meet below.
import { join } from 'node:path';
import { StepDecoder } from '../../engine/decode/guided-decoder';
import { LocalPolicy } from '../../engine/decode/local-policy';
import { LocalReward } from '../../engine/decode/local-reward';
import { policyParams } from '../../engine/decode/policy-model';
import type { StepPolicy, StepReward } from '../../engine/decode/sides';
import { SumReward } from '../../engine/decode/sum-reward';
import { isNgramFolder, loadNgramModel } from '../../engine/ngram/files';
import type { OpenGuidedDecoder } from '../../engine/decode/types';
import { loadPolicyFolder } from '../../engine/policy/policy-files';
import { loadRewardModel } from '../../engine/reward/model-files';
import { CompletionsPolicy } from '../../llm/completions-policy';

/**
 * The reward side of the model folder, as the scorer reads it: a transformer, a transformer plus its n-gram half in
 * ngram/ (the `combined` preset), or an n-gram model alone.
 */
async function rewardSide(tf: Parameters<OpenGuidedDecoder>[0]['tf'], dir: string, release: (() => void)[]): Promise<StepReward> {
  if (isNgramFolder(dir)) return new SumReward(null, loadNgramModel(dir).model);
  const rm = await loadRewardModel(tf, dir);
  release.push(() => rm.model.dispose());
  const local = new LocalReward(rm.model, rm.encode, true);
  const ngramDir = join(dir, 'ngram');
  return isNgramFolder(ngramDir) ? new SumReward(local, loadNgramModel(ngramDir).model) : local;
}

export const openGuidedDecoder: OpenGuidedDecoder = async ({ tf, policy, rewardModelDir }) => {
  const release: (() => void)[] = [];
  const reward = await rewardSide(tf, rewardModelDir, release);
  let stepPolicy: StepPolicy;
  if (policy.kind === 'endpoint') {
    stepPolicy = new CompletionsPolicy(policy);
  } else {
    const { config, weights, tokenizer } = loadPolicyFolder(policy.dir);
    const params = policyParams(tf, weights);
    release.push(() => params.forEach((v) => v.dispose()));
    stepPolicy = new LocalPolicy(tf, config, params, tokenizer, true);
  }
  return {
    decoder: new StepDecoder(stepPolicy, reward, () => release.forEach((f) => f())),
    scorer: { score: (prompt, responses) => reward.scoreTexts(prompt, responses) },
  };
};
