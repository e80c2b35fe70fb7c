// Ready-to-run cluster training for an exported data-set folder: TRL RewardTrainer (accelerate + DeepSpeed ZeRO) or OpenRLHF train_rm.
export const Trainers = ['trl', 'openrlhf'] as const;
export type Trainer = (typeof Trainers)[number];

export interface HandoffOptions {
  trainer: Trainer;
  /** Hugging Face model id or local folder the reward model starts from. */
  model: string;
  maxLength: number;
  epochs: number;
  learningRate: number;
  batchSize: number;
  zeroStage: 2 | 3;
}

export const HANDOFF_DEFAULTS: Omit<HandoffOptions, 'trainer'> = {
  model: 'Qwen/Qwen2.5-0.5B-Instruct',
  maxLength: 2048,
  epochs: 1,
  learningRate: 5e-6,
  batchSize: 4,
  zeroStage: 2,
};

/** DeepSpeed config with "auto" values, which the Hugging Face integration fills from the training arguments. */
export function deepspeedConfig(stage: 2 | 3): Record<string, unknown> {
  return {
    bf16: { enabled: 'auto' },
    zero_optimization: { stage, overlap_comm: true, contiguous_gradients: true },
    gradient_accumulation_steps: 'auto',
    gradient_clipping: 'auto',
    train_batch_size: 'auto',
    train_micro_batch_size_per_gpu: 'auto',
  };
}

export function accelerateConfig(): string {
  return [
    'compute_environment: LOCAL_MACHINE',
    'distributed_type: DEEPSPEED',
    'deepspeed_config:',
    '  deepspeed_config_file: ds_config.json',
    '  zero3_init_flag: false',
    'mixed_precision: bf16',
    'num_machines: 1',
    'num_processes: 8',
    '',
  ].join('\n');
}

/** TRL: a small script over RewardConfig (a TrainingArguments) so every trainer flag passes straight through. */
export const TRL_SCRIPT = `# Trains a reward model on the exported folder with TRL's RewardTrainer.
# Run through train.sh (accelerate launch + DeepSpeed); any RewardConfig/TrainingArguments flag passes through.
import argparse

from datasets import load_dataset
from transformers import AutoModelForSequenceClassification, AutoTokenizer, HfArgumentParser
from trl import RewardConfig, RewardTrainer

parser = argparse.ArgumentParser(add_help=False)
parser.add_argument("--model_name_or_path", required=True)
parser.add_argument("--data_dir", default="dataset")
own, rest = parser.parse_known_args()
(config,) = HfArgumentParser(RewardConfig).parse_args_into_dataclasses(args=rest)

data = load_dataset(own.data_dir)
# TRL's standard preference format: prompt / chosen / rejected strings; provenance columns stay in the files.
data = data.select_columns(["prompt", "chosen", "rejected"])
tokenizer = AutoTokenizer.from_pretrained(own.model_name_or_path)
if tokenizer.pad_token is None:
    tokenizer.pad_token = tokenizer.eos_token
model = AutoModelForSequenceClassification.from_pretrained(own.model_name_or_path, num_labels=1)
model.config.pad_token_id = tokenizer.pad_token_id
trainer = RewardTrainer(
    model=model,
    args=config,
    processing_class=tokenizer,
    train_dataset=data["train"],
    eval_dataset=data["validation"] if "validation" in data else None,
)
trainer.train()
trainer.save_model(config.output_dir)
`;

/** The trainer's command line as an argument list, so the test can check every flag name. */
export function trainerArgs(o: HandoffOptions): { launcher: string[]; args: string[] } {
  if (o.trainer === 'trl') {
    return {
      launcher: ['accelerate', 'launch', '--config_file', 'accelerate_config.yaml', 'train_reward.py'],
      args: [
        '--model_name_or_path', o.model,
        '--data_dir', 'dataset',
        '--output_dir', 'reward-model',
        '--max_length', String(o.maxLength),
        '--num_train_epochs', String(o.epochs),
        '--learning_rate', String(o.learningRate),
        '--per_device_train_batch_size', String(o.batchSize),
        '--gradient_checkpointing', 'true',
        '--bf16', 'true',
        '--logging_steps', '10',
        '--eval_strategy', 'steps',
        '--eval_steps', '200',
        '--deepspeed', 'ds_config.json',
      ],
    };
  }
  return {
    launcher: ['deepspeed', '--module', 'openrlhf.cli.train_rm'],
    args: [
      '--pretrain', o.model,
      '--dataset', 'dataset',
      '--prompt_key', 'prompt',
      '--chosen_key', 'chosen',
      '--rejected_key', 'rejected',
      '--save_path', 'reward-model',
      '--max_len', String(o.maxLength),
      '--max_epochs', String(o.epochs),
      '--learning_rate', String(o.learningRate),
      '--micro_train_batch_size', String(o.batchSize),
      '--train_batch_size', String(o.batchSize * 32),
      '--zero_stage', String(o.zeroStage),
      '--bf16',
      '--gradient_checkpointing',
      '--logging_steps', '10',
      '--eval_steps', '200',
    ],
  };
}

function shellQuote(arg: string): string {
  return /^[\w./:@=-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function trainScript(o: HandoffOptions): string {
  const { launcher, args } = trainerArgs(o);
  const lines = [launcher.map(shellQuote).join(' '), ...args.reduce<string[]>((acc, a) => {
    if (a.startsWith('--')) acc.push(`  ${a}`);
    else acc[acc.length - 1] += ` ${shellQuote(a)}`;
    return acc;
  }, [])];
  return `#!/usr/bin/env bash\n# ${o.trainer === 'trl' ? 'TRL RewardTrainer' : 'OpenRLHF train_rm'} on ./dataset; edit the model, lengths and hyper-parameters here. Extra flags: ./train.sh --flag value\nset -euo pipefail\ncd "$(dirname "$0")"\n${lines.join(' \\\n')} \\\n  "$@"\n`;
}
