// Writes a hand-off folder's scripts beside its exported `dataset/`: the trainer command, its configs, the scoring script, a README.
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { AtomicFile } from '../atomic-file';
import { SCORE_SCRIPT } from './score-script';
import { accelerateConfig, deepspeedConfig, TRL_SCRIPT, trainScript, type HandoffOptions } from './trainers';

/** The vLLM command that serves a policy on the OpenAI-compatible completions endpoint failure discovery calls. */
export const VLLM_COMMAND = 'vllm serve Qwen/Qwen2.5-7B-Instruct --host 127.0.0.1 --port 8000 --dtype bfloat16 --max-model-len 4096';

function readme(o: HandoffOptions): string {
  const trainer = o.trainer === 'trl' ? 'TRL `RewardTrainer` via `accelerate launch` with DeepSpeed ZeRO' : 'OpenRLHF `train_rm` via `deepspeed`';
  return `# Reward-model hand-off (${o.trainer})

\`dataset/\` is the exported Hugging Face data-set folder (Parquet per split, its own README card and manifest).
\`train.sh\` trains a reward model on it with ${trainer}; the model path, max length and hyper-parameters are
its arguments (edit them, or append flags: \`./train.sh --learning_rate 1e-5\`).

1. Copy this folder to the cluster; \`pip install ${o.trainer === 'trl' ? 'trl accelerate deepspeed datasets' : 'openrlhf'}\`.
2. \`./train.sh\` (the reward model lands in \`reward-model/\`).
3. Bring the judgement back: a GPT-2-family model loads in Preference Studio as a model folder; for any other
   architecture run \`python score_pairs.py --model reward-model --data dataset --out scores.jsonl\` and import
   \`scores.jsonl\` (Models view > Import scores). Pairs are matched by \`pair_id\`.

To serve a policy for guided decoding at scale, run a vLLM server and point the app's LLM settings at it:

    ${VLLM_COMMAND}
`;
}

export function writeHandoff(dir: string, o: HandoffOptions): string[] {
  const files: Record<string, string> = {
    'train.sh': trainScript(o),
    'score_pairs.py': SCORE_SCRIPT,
    'README.md': readme(o),
  };
  if (o.trainer === 'trl') {
    files['train_reward.py'] = TRL_SCRIPT;
    files['accelerate_config.yaml'] = accelerateConfig();
    files['ds_config.json'] = `${JSON.stringify(deepspeedConfig(o.zeroStage), null, 2)}\n`;
  }
  for (const [name, text] of Object.entries(files)) {
    const file = new AtomicFile(join(dir, name));
    file.write(Buffer.from(text, 'utf8'));
    file.commit();
  }
  chmodSync(join(dir, 'train.sh'), 0o755);
  return Object.keys(files);
}
