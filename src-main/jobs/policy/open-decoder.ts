// openGuidedDecoder: loads the guiding reward model and a local or endpoint policy into one GuidedDecoder; it sits
// in jobs/ because it joins engine/ (models, decoding) and llm/ (the completions client), which must not meet below.
import { StepDecoder } from '../../engine/decode/guided-decoder';
import { LocalPolicy } from '../../engine/decode/local-policy';
import { LocalReward } from '../../engine/decode/local-reward';
import { policyParams } from '../../engine/decode/policy-model';
import type { StepPolicy } from '../../engine/decode/sides';
import type { OpenGuidedDecoder } from '../../engine/decode/types';
import { loadRewardModel, modelConfigOf } from '../../engine/reward/model-files';
import { HfTokenizer } from '../../engine/tokenizer/hf-tokenizer';
import { loadHfFolder } from '../../engine/weights/hf-folder';
import { CompletionsPolicy } from '../../llm/completions-policy';

export const openGuidedDecoder: OpenGuidedDecoder = async ({ tf, policy, rewardModelDir }) => {
  const rm = await loadRewardModel(tf, rewardModelDir);
  const release: (() => void)[] = [() => rm.model.dispose()];
  let stepPolicy: StepPolicy;
  if (policy.kind === 'endpoint') {
    stepPolicy = new CompletionsPolicy(policy);
  } else {
    const folder = loadHfFolder(policy.dir);
    const config = { ...modelConfigOf(folder.config), length_feature: false };
    const weights = new Map([...folder.tensors].filter(([name]) => !name.startsWith('score.')));
    const params = policyParams(tf, weights);
    release.push(() => params.forEach((v) => v.dispose()));
    const names = folder.tokenizerConfig as { eos_token?: string; pad_token?: string } | null;
    const tokenizer = new HfTokenizer(folder.tokenizerJson as never, names ?? undefined);
    stepPolicy = new LocalPolicy(tf, config, params, tokenizer, true);
  }
  const reward = new LocalReward(rm.model, rm.encode, true);
  return {
    decoder: new StepDecoder(stepPolicy, reward, () => release.forEach((f) => f())),
    scorer: { score: (prompt, responses) => reward.scoreTexts(prompt, responses) },
  };
};
