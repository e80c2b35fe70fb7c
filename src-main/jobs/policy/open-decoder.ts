// openGuidedDecoder: loads the guiding reward model and a local or endpoint policy into one GuidedDecoder; it sits
// in jobs/ because it joins engine/ (models, decoding) and llm/ (the completions client), which must not meet below.
import { StepDecoder } from '../../engine/decode/guided-decoder';
import { LocalPolicy } from '../../engine/decode/local-policy';
import { LocalReward } from '../../engine/decode/local-reward';
import { policyParams } from '../../engine/decode/policy-model';
import type { StepPolicy } from '../../engine/decode/sides';
import type { OpenGuidedDecoder } from '../../engine/decode/types';
import { loadPolicyFolder } from '../../engine/policy/policy-files';
import { loadRewardModel } from '../../engine/reward/model-files';
import { CompletionsPolicy } from '../../llm/completions-policy';

export const openGuidedDecoder: OpenGuidedDecoder = async ({ tf, policy, rewardModelDir }) => {
  const rm = await loadRewardModel(tf, rewardModelDir);
  const release: (() => void)[] = [() => rm.model.dispose()];
  let stepPolicy: StepPolicy;
  if (policy.kind === 'endpoint') {
    stepPolicy = new CompletionsPolicy(policy);
  } else {
    const { config, weights, tokenizer } = loadPolicyFolder(policy.dir);
    const params = policyParams(tf, weights);
    release.push(() => params.forEach((v) => v.dispose()));
    stepPolicy = new LocalPolicy(tf, config, params, tokenizer, true);
  }
  const reward = new LocalReward(rm.model, rm.encode, true);
  return {
    decoder: new StepDecoder(stepPolicy, reward, () => release.forEach((f) => f())),
    scorer: { score: (prompt, responses) => reward.scoreTexts(prompt, responses) },
  };
};
