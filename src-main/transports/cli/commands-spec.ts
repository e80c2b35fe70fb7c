// The CLI's command table: names, positionals and flags, from which parsing and `--help` are both derived; numeric
// ranges and defaults come from shared/params.ts.
import { DEFAULT_MODEL_PRESET, ModelPreset } from '../../shared/dto';
import { defaultNote, describeRange, PARAMS } from '../../shared/params';
import { HANDOFF_DEFAULTS, Trainers } from '../../exporters/handoff/trainers';
import { DEFAULT_MAX_UPLOAD_BYTES } from '../server/api-routes';
import { POLICY_SPEC } from './policy-spec';

export interface FlagSpec {
  type: 'string' | 'boolean';
  /** The flag may repeat (`--model 1 --model 2`); its value is then the list. */
  multiple?: true;
  /** Placeholder shown in help, e.g. `F` in `--format F`. */
  value?: string;
  doc: string;
}

export interface CommandSpec {
  summary: string;
  positionals: string[];
  flags: Record<string, FlagSpec>;
}

const json: FlagSpec = {
  type: 'boolean',
  doc: 'print one machine-readable JSON document on stdout, no progress',
};
const help: FlagSpec = { type: 'boolean', doc: 'show this help' };

export const COMMANDS = {
  import: {
    summary: 'import a preference data file into a project (created if missing)',
    positionals: ['project', 'file'],
    flags: {
      format: {
        type: 'string',
        value: 'F',
        doc: 'hh | flat | trl-standard | trl-conversational | ultrafeedback | pku (default: detected)',
      },
      map: {
        type: 'string',
        value: 'M',
        doc: 'columns of a flat file, e.g. prompt=question,chosen=good,rejected=bad',
      },
      name: { type: 'string', value: 'N', doc: 'name of the new data set (default: the file name)' },
      'pku-preference': {
        type: 'string',
        value: 'P',
        doc: 'better | safer: which PKU-SafeRLHF label picks "chosen"',
      },
      split: {
        type: 'string',
        value: 'S',
        doc: 'train | validation | test for rows that do not say (default: train)',
      },
      'if-imported': {
        type: 'string',
        value: 'W',
        doc: 'when this file was imported before: resume | skip | new (default: stop and say so)',
      },
      'skip-cross-duplicates': { type: 'boolean', doc: 'leave out pairs another data set already holds' },
      'validation-share': {
        type: 'string',
        value: 'X',
        doc: `share of those train rows moved to a seeded validation split, ${describeRange(PARAMS.validationShare)}${defaultNote(PARAMS.validationShare)}`,
      },
      'split-seed': { type: 'string', value: 'N', doc: `seed of the validation split${defaultNote(PARAMS.seed)}` },
      json,
      help,
    },
  },
  stats: {
    summary: 'show pair counts by origin, split and data set, issues and jobs',
    positionals: ['project'],
    flags: { json, help },
  },
  export: {
    summary: 'export pairs as JSONL, Parquet or a Hugging Face data-set folder, with a manifest',
    positionals: ['project', 'out'],
    flags: {
      shape: {
        type: 'string',
        value: 'S',
        doc: 'JSONL rows: flat | hh | trl-conversational | trl-standard | trl-implicit | ultrafeedback | pku (default: flat)',
      },
      format: { type: 'string', value: 'F', doc: 'jsonl | parquet | hf (a Hugging Face data-set folder) (default: jsonl)' },
      gzip: { type: 'boolean', doc: 'gzip the JSONL file' },
      include: { type: 'string', value: 'I', doc: 'patched (what reviewers kept) | all (default: patched)' },
      force: { type: 'boolean', doc: 'replace an existing file or folder (a project file is never replaced)' },
      patch: { type: 'boolean', doc: "write the reviewers' changes against the imported source file (prefstudio patch apply)" },
      dataset: { type: 'string', value: 'ID', doc: 'only this data set' },
      origin: { type: 'string', value: 'O', doc: 'only original | augmented | discovered | edited pairs' },
      split: { type: 'string', value: 'S', doc: 'only train | validation | test pairs' },
      search: { type: 'string', value: 'Q', doc: 'only pairs matching this full-text query' },
      json,
      help,
    },
  },
  serve: {
    summary: 'serve the studio UI on http://127.0.0.1 (prints the URL with its access token)',
    positionals: ['project'],
    flags: {
      port: { type: 'string', value: 'N', doc: 'port to listen on (default: a free one)' },
      allow: {
        type: 'string',
        value: 'DIRS',
        doc: 'comma list of folders the UI may read and write (default: the project\'s folder and the current one)',
      },
      'max-upload': { type: 'string', value: 'MB', doc: `largest file the UI may upload, in MiB (default: ${DEFAULT_MAX_UPLOAD_BYTES / 1024 ** 2})` },
      json,
      help,
    },
  },
  demo: {
    summary: 'generate the built-in demo data set into a project (created if missing)',
    positionals: ['project'],
    flags: {
      pairs: { type: 'string', value: 'N', doc: `number of pairs, ${describeRange(PARAMS.demoPairs)}${defaultNote(PARAMS.demoPairs)}` },
      seed: { type: 'string', value: 'S', doc: `random seed${defaultNote(PARAMS.demoSeed)}` },
      'label-noise': {
        type: 'string',
        value: 'X',
        doc: `share of training pairs with a swapped label, for the ambiguous queue to find${defaultNote(PARAMS.labelNoise)}`,
      },
      json,
      help,
    },
  },
  issues: {
    summary: 'list rows an import rejected or found duplicated: file:line field reason message',
    positionals: ['project'],
    flags: {
      dataset: { type: 'string', value: 'ID', doc: 'only this data set' },
      job: { type: 'string', value: 'ID', doc: 'only this import job' },
      json,
      help,
    },
  },
  train: {
    summary: 'train a Bradley-Terry reward model on the project (child process), then score every pair',
    positionals: ['project'],
    flags: {
      preset: { type: 'string', value: 'P', doc: `${ModelPreset.options.join(' | ')} (default: ${DEFAULT_MODEL_PRESET})` },
      epochs: { type: 'string', value: 'N', doc: `passes over the training pairs${defaultNote(PARAMS.epochs, "the preset's")}` },
      lr: { type: 'string', value: 'X', doc: `peak learning rate, ${describeRange(PARAMS.learningRate)}${defaultNote(PARAMS.learningRate, "the preset's")}` },
      'batch-size': { type: 'string', value: 'N', doc: `pairs per step${defaultNote(PARAMS.batchSize, "the preset's")}` },
      seed: { type: 'string', value: 'S', doc: `random seed${defaultNote(PARAMS.seed)}` },
      dataset: { type: 'string', value: 'ID', doc: 'train on this data set only' },
      'init-from': { type: 'string', value: 'DIR', doc: 'start from a local Hugging Face GPT-2 folder' },
      name: { type: 'string', value: 'N', doc: 'model name (default: preset and time)' },
      json,
      help,
    },
  },
  score: {
    summary: 'score every pair with a model: r(chosen), r(rejected), margin',
    positionals: ['project'],
    flags: { model: { type: 'string', value: 'ID', doc: 'model id (default: the newest ready reward model)' }, json, help },
  },
  eval: {
    summary: 'accuracy, calibration and margins of a model on a file of pairs (any importable format)',
    positionals: ['project', 'file'],
    flags: {
      model: { type: 'string', value: 'ID', doc: 'model id (default: the newest ready reward model)' },
      format: { type: 'string', value: 'F', doc: 'as for import (default: detected)' },
      map: { type: 'string', value: 'M', doc: 'as for import' },
      'pku-preference': { type: 'string', value: 'P', doc: 'as for import' },
      json,
      help,
    },
  },
  cv: {
    summary: 'k-fold cross-validation of presets side by side: held-out accuracy ± SE (child process)',
    positionals: ['project'],
    flags: {
      folds: { type: 'string', value: 'K', doc: `number of folds, ${describeRange(PARAMS.folds)}${defaultNote(PARAMS.folds)}` },
      preset: { type: 'string', value: 'P,…', doc: 'presets to compare, comma-separated (default: ngram,combined)' },
      seed: { type: 'string', value: 'S', doc: `random seed of the transformer presets${defaultNote(PARAMS.seed)}` },
      dataset: { type: 'string', value: 'ID', doc: 'this data set only' },
      json,
      help,
    },
  },
  models: {
    summary: 'list the project\'s models with their validation metrics',
    positionals: ['project'],
    flags: { json, help },
  },
  mars: {
    summary: 'margin-aware refinement: augment the hardest pairs, retrain, rescore, round after round (child process)',
    positionals: ['project'],
    flags: {
      rounds: { type: 'string', value: 'T', doc: `refinement rounds${defaultNote(PARAMS.rounds)}` },
      budget: { type: 'string', value: 'B', doc: `new pairs per round${defaultNote(PARAMS.budget, '5x the selected base; 0 retrains only')}` },
      select: { type: 'string', value: 'S', doc: `share of training pairs, lowest margins first, that form the base${defaultNote(PARAMS.selectShare)}` },
      weighting: { type: 'string', value: 'W', doc: 'signed | abs | uniform (default: signed, q = softmax(-alpha*margin))' },
      alpha: { type: 'string', value: 'A', doc: `temperature of the signed weighting${defaultNote(PARAMS.alpha)}` },
      tau: { type: 'string', value: 'T', doc: `temperature of the |margin| weighting${defaultNote(PARAMS.tau)}` },
      operators: { type: 'string', value: 'L', doc: 'comma list of synonym, span-delete, reorder, llm (default: the first three)' },
      'per-text': { type: 'string', value: 'N', doc: `variants each operator makes per text${defaultNote(PARAMS.perText)}` },
      approve: { type: 'string', value: 'M', doc: 'auto | manual: manual stops after augmenting until variants are reviewed' },
      semantic: { type: 'boolean', doc: 'rewrite pairs whose responses are close in meaning (needs the LLM endpoint)' },
      model: { type: 'string', value: 'ID', doc: 'model round 1 starts from (default: the newest ready reward model)' },
      preset: { type: 'string', value: 'P', doc: `preset of the base model when the run trains one (default: ${DEFAULT_MODEL_PRESET})` },
      epochs: { type: 'string', value: 'N', doc: `epochs of each retraining${defaultNote(PARAMS.epochs, "the preset's")}` },
      lr: { type: 'string', value: 'X', doc: `learning rate of each retraining${defaultNote(PARAMS.learningRate, "the preset's")}` },
      seed: { type: 'string', value: 'S', doc: `random seed${defaultNote(PARAMS.seed)}` },
      dataset: { type: 'string', value: 'ID', doc: 'refine on this data set only' },
      name: { type: 'string', value: 'N', doc: 'run name (default: weighting and time)' },
      continue: { type: 'string', value: 'RUN', doc: 'continue run RUN (after approval, a cancel or a crash) instead of starting one' },
      json,
      help,
    },
  },
  llm: {
    summary: 'configure the OpenAI-compatible chat endpoint (local vLLM / llama.cpp / Ollama) MARS may use',
    positionals: ['project'],
    flags: {
      'base-url': { type: 'string', value: 'URL', doc: 'API base, e.g. http://127.0.0.1:8000/v1' },
      model: { type: 'string', value: 'M', doc: 'model name the server expects' },
      'api-key': { type: 'string', value: 'K', doc: 'bearer token, if the server needs one (kept in a 0600 file in your config folder, never in the project)' },
      clear: { type: 'boolean', doc: 'remove the endpoint' },
      json,
      help,
    },
  },
  jobs: {
    summary: 'list the project\'s jobs with their state (interrupted, failed and cancelled ones can be resumed)',
    positionals: ['project'],
    flags: { json, help },
  },
  resume: {
    summary: 'resume an interrupted, failed or cancelled job from its last checkpoint (id or its first characters)',
    positionals: ['project', 'job'],
    flags: { json, help },
  },
  patch: {
    summary: 'patch apply <source> <patch> <out>: rebuild the patched set from the original file, without the project',
    positionals: ['action', 'source'],
    flags: { force: { type: 'boolean', doc: 'replace <out> if it exists' }, json, help },
  },
  handoff: {
    summary: 'export the patched set as a data-set folder plus a ready-to-run reward-model training for a cluster',
    positionals: ['project', 'dir'],
    flags: {
      trainer: { type: 'string', value: 'T', doc: `trl (RewardTrainer, accelerate + DeepSpeed) | openrlhf (train_rm) (default: ${Trainers[0]})` },
      model: { type: 'string', value: 'M', doc: `model id or folder the reward model starts from (default: ${HANDOFF_DEFAULTS.model})` },
      'max-length': { type: 'string', value: 'N', doc: `tokens per prompt + response (default: ${HANDOFF_DEFAULTS.maxLength})` },
      epochs: { type: 'string', value: 'N', doc: `training epochs (default: ${HANDOFF_DEFAULTS.epochs})` },
      lr: { type: 'string', value: 'X', doc: `learning rate (default: ${HANDOFF_DEFAULTS.learningRate})` },
      'batch-size': { type: 'string', value: 'N', doc: `per-device batch size (default: ${HANDOFF_DEFAULTS.batchSize})` },
      force: { type: 'boolean', doc: 'replace files of an earlier hand-off in <dir>' },
      json,
      help,
    },
  },
  discover: {
    summary: 'failure discovery: policies write responses of their class while the reward model steers them wrong (child process)',
    positionals: ['project'],
    flags: {
      model: { type: 'string', value: 'ID', doc: 'reward model that guides and judges (default: the newest ready one)' },
      role: { type: 'string', value: 'R', doc: 'aligned | misaligned | both (default: both)' },
      prompts: { type: 'string', value: 'K', doc: `prompts drawn from the split${defaultNote(PARAMS.attackPrompts)}` },
      split: { type: 'string', value: 'S', doc: 'train | validation | test: where prompts come from (default: validation)' },
      pairs: { type: 'string', value: 'IDS', doc: 'comma list of source pair ids to decode on instead of a draw' },
      samples: { type: 'string', value: 'S', doc: `responses per prompt and role${defaultNote(PARAMS.decodeSamples)}` },
      mode: { type: 'string', value: 'M', doc: 'guided | sample: reward-guided search or plain sampling (default: guided)' },
      k: { type: 'string', value: 'K', doc: `candidate tokens per step${defaultNote(PARAMS.decodeK)}` },
      temperature: { type: 'string', value: 'T', doc: `temperature of the mixing rule${defaultNote(PARAMS.decodeTemperature)}` },
      'max-tokens': { type: 'string', value: 'N', doc: `new tokens per response at most${defaultNote(PARAMS.maxNewTokens)}` },
      seed: { type: 'string', value: 'S', doc: `random seed${defaultNote(PARAMS.seed)}` },
      approve: { type: 'string', value: 'M', doc: 'manual | auto: auto lets failures train without review (default: manual)' },
      dataset: { type: 'string', value: 'ID', doc: 'draw prompts from this data set only' },
      json,
      help,
    },
  },
  failures: {
    summary: 'list the failure modes of discovered failures, or the failures of one mode',
    positionals: ['project'],
    flags: {
      run: { type: 'string', value: 'RUN', doc: 'only this discovery run' },
      role: { type: 'string', value: 'R', doc: 'aligned | misaligned' },
      mode: { type: 'string', value: 'ID', doc: 'a mode id from the list: print its failures' },
      json,
      help,
    },
  },
  robustness: {
    summary: 'robustness suite: perturb the held-out pairs by family, score them with each model, compare (child process)',
    positionals: ['project'],
    flags: {
      model: { type: 'string', value: 'ID', multiple: true, doc: 'model under test; repeat to compare (the first is the reference)' },
      families: { type: 'string', value: 'L', doc: 'comma list of families to run (default: all; see docs/robustness.md)' },
      seed: { type: 'string', value: 'S', doc: `random seed of the perturbations${defaultNote(PARAMS.seed)}` },
      seeds: { type: 'string', value: 'L', doc: 'comma list of seeds: perturbations and attack once per seed; mean ± SE over seeds, paired by seed' },
      'no-attack': { type: 'boolean', doc: 'skip the adaptive attack (guided discovery against each model)' },
      'attack-prompts': { type: 'string', value: 'N', doc: `held-out prompts attacked${defaultNote(PARAMS.robustAttackPrompts)}` },
      'attack-samples': { type: 'string', value: 'N', doc: `responses per prompt and role${defaultNote(PARAMS.robustAttackSamples)}` },
      'attack-tokens': { type: 'string', value: 'N', doc: `new tokens per response${defaultNote(PARAMS.robustAttackTokens)}` },
      'attack-temperature': { type: 'string', value: 'T', doc: `decoding temperature${defaultNote(PARAMS.decodeTemperature)}` },
      'attack-seed': { type: 'string', value: 'S', doc: `seed of the prompts drawn and the decoding${defaultNote(PARAMS.seed)}` },
      'attack-role': { type: 'string', value: 'R', doc: 'aligned | misaligned | both (default: both)' },
      'attack-mode': { type: 'string', value: 'M', doc: 'guided | sample (sample: the unguided baseline)' },
      'aligned-policy': { type: 'string', value: 'ID', doc: 'aligned policy model (default: the newest ready one)' },
      'misaligned-policy': { type: 'string', value: 'ID', doc: 'misaligned policy model (default: the newest ready one)' },
      'export-perturbed': { type: 'string', value: 'DIR', doc: 'only write the held-out and perturbed pairs per family as JSONL to DIR' },
      'scores-dir': { type: 'string', value: 'DIR', multiple: true, doc: 'an external model: DIR from --export-perturbed with *.scores.jsonl files' },
      json,
      help,
    },
  },
  policy: POLICY_SPEC,
  reform: {
    summary: 'REFORM rounds: discover failures on training prompts, review, add the largest-gap ones, retrain, re-attack (child process)',
    positionals: ['project'],
    flags: {
      rounds: { type: 'string', value: 'R', doc: `rounds${defaultNote(PARAMS.rounds)}` },
      budget: { type: 'string', value: 'B', doc: `failures a round adds at most, largest reward gaps first${defaultNote(PARAMS.reformBudget)}` },
      approve: { type: 'string', value: 'M', doc: 'manual | auto: manual stops after discovery until failures are reviewed (default: manual)' },
      prompts: { type: 'string', value: 'K', doc: `training prompts each round attacks${defaultNote(PARAMS.attackPrompts)}` },
      role: { type: 'string', value: 'R', doc: 'aligned | misaligned | both (default: both)' },
      mode: { type: 'string', value: 'M', doc: 'guided | sample (default: guided)' },
      samples: { type: 'string', value: 'S', doc: `responses per prompt and role${defaultNote(PARAMS.decodeSamples)}` },
      k: { type: 'string', value: 'K', doc: `candidate tokens per step${defaultNote(PARAMS.decodeK)}` },
      temperature: { type: 'string', value: 'T', doc: `temperature of the mixing rule${defaultNote(PARAMS.decodeTemperature)}` },
      'max-tokens': { type: 'string', value: 'N', doc: `new tokens per response at most${defaultNote(PARAMS.maxNewTokens)}` },
      seed: { type: 'string', value: 'S', doc: `random seed${defaultNote(PARAMS.seed)}` },
      model: { type: 'string', value: 'ID', doc: 'reward model round 1 attacks (default: the newest ready one)' },
      'aligned-policy': { type: 'string', value: 'ID', doc: 'aligned policy (default: the newest ready one)' },
      'misaligned-policy': { type: 'string', value: 'ID', doc: 'misaligned policy (default: the newest ready one)' },
      epochs: { type: 'string', value: 'N', doc: `epochs of each retraining${defaultNote(PARAMS.epochs, "the preset's")}` },
      lr: { type: 'string', value: 'X', doc: `learning rate of each retraining${defaultNote(PARAMS.learningRate, "the preset's")}` },
      dataset: { type: 'string', value: 'ID', doc: 'patch this data set only' },
      name: { type: 'string', value: 'N', doc: 'run name (default: reform and time)' },
      continue: { type: 'string', value: 'RUN', doc: 'continue run RUN (after review, a cancel or a crash) instead of starting one' },
      json,
      help,
    },
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(COMMANDS, name);
}
