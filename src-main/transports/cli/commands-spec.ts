// The CLI's command table: names, positionals and flags, from which parsing and `--help` are both derived.

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
    summary: 'export pairs as JSONL plus <out>.manifest.json',
    positionals: ['project', 'out'],
    flags: {
      shape: { type: 'string', value: 'S', doc: 'flat | hh | trl-conversational (default: flat)' },
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
      json,
      help,
    },
  },
  demo: {
    summary: 'generate the built-in demo data set into a project (created if missing)',
    positionals: ['project'],
    flags: {
      pairs: { type: 'string', value: 'N', doc: 'number of pairs, 10 to 200000 (default: 4000)' },
      seed: { type: 'string', value: 'S', doc: 'random seed (default: 7)' },
      'label-noise': {
        type: 'string',
        value: 'X',
        doc: 'share of training pairs with a swapped label, for the ambiguous queue to find (default: 0)',
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
      preset: { type: 'string', value: 'P', doc: 'bow | tiny | mini | small | base | gpt2-small (default: tiny)' },
      epochs: { type: 'string', value: 'N', doc: 'passes over the training pairs (default: the preset\'s)' },
      lr: { type: 'string', value: 'X', doc: 'peak learning rate (default: the preset\'s)' },
      'batch-size': { type: 'string', value: 'N', doc: 'pairs per step (default: the preset\'s)' },
      seed: { type: 'string', value: 'S', doc: 'random seed (default: 1)' },
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
  models: {
    summary: 'list the project\'s models with their validation metrics',
    positionals: ['project'],
    flags: { json, help },
  },
  mars: {
    summary: 'margin-aware refinement: augment the hardest pairs, retrain, rescore, round after round (child process)',
    positionals: ['project'],
    flags: {
      rounds: { type: 'string', value: 'T', doc: 'refinement rounds (default: 3)' },
      budget: { type: 'string', value: 'B', doc: 'new pairs per round (default: 5x the selected base; 0 retrains only)' },
      select: { type: 'string', value: 'S', doc: 'share of training pairs, lowest margins first, that form the base (default: 0.1)' },
      weighting: { type: 'string', value: 'W', doc: 'signed | abs | uniform (default: signed, q = softmax(-alpha*margin))' },
      alpha: { type: 'string', value: 'A', doc: 'temperature of the signed weighting (default: 0.5)' },
      tau: { type: 'string', value: 'T', doc: 'temperature of the |margin| weighting (default: 0.5)' },
      operators: { type: 'string', value: 'L', doc: 'comma list of synonym, span-delete, reorder, llm (default: the first three)' },
      'per-text': { type: 'string', value: 'N', doc: 'variants each operator makes per text (default: 2)' },
      approve: { type: 'string', value: 'M', doc: 'auto | manual: manual stops after augmenting until variants are reviewed' },
      semantic: { type: 'boolean', doc: 'rewrite pairs whose responses are close in meaning (needs the LLM endpoint)' },
      model: { type: 'string', value: 'ID', doc: 'model round 1 starts from (default: the newest ready reward model)' },
      preset: { type: 'string', value: 'P', doc: 'preset of the base model when the run trains one (default: tiny)' },
      epochs: { type: 'string', value: 'N', doc: 'epochs of each retraining (default: the preset\'s)' },
      lr: { type: 'string', value: 'X', doc: 'learning rate of each retraining (default: the preset\'s)' },
      seed: { type: 'string', value: 'S', doc: 'random seed (default: 1)' },
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
      'api-key': { type: 'string', value: 'K', doc: 'bearer token, if the server needs one (kept in the project file)' },
      clear: { type: 'boolean', doc: 'remove the endpoint' },
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
      seed: { type: 'string', value: 'S', doc: 'random seed of the perturbations (default: 1)' },
      json,
      help,
    },
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(COMMANDS, name);
}
