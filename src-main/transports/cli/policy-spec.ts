// The `prefstudio policy` entry of the command table: its actions and flags, ranges and defaults from shared/params.ts.
import { DEFAULT_POLICY_PRESET, PolicyPreset } from '../../shared/policy-dto';
import { defaultNote, describeRange, PARAMS } from '../../shared/params';
import type { CommandSpec } from './commands-spec';

export const POLICY_SPEC = {
  summary:
    'policy models for discovery: `policy train` (child process), `policy endpoint` (a completions server), `policy list`, `policy remove`',
  positionals: ['action', 'project'],
  flags: {
    role: { type: 'string', value: 'R', doc: 'aligned (learns prompt → chosen) | misaligned (prompt → rejected); train and endpoint need it' },
    preset: { type: 'string', value: 'P', doc: `train: ${PolicyPreset.options.join(' | ')} (default: ${DEFAULT_POLICY_PRESET})` },
    steps: { type: 'string', value: 'N', doc: `train: optimiser steps, ${describeRange(PARAMS.policySteps)}${defaultNote(PARAMS.policySteps)}` },
    lr: { type: 'string', value: 'X', doc: `train: learning rate, ${describeRange(PARAMS.learningRate)} (default: 3e-3, or 3e-4 with --init-from)` },
    'batch-size': { type: 'string', value: 'N', doc: `train: examples per step, ${describeRange(PARAMS.batchSize)} (default: 8)` },
    'init-from': { type: 'string', value: 'DIR', doc: 'train: fine-tune a local Hugging Face GPT-2-family folder (config.json, model.safetensors, tokenizer.json)' },
    seed: { type: 'string', value: 'S', doc: `train: random seed${defaultNote(PARAMS.seed)}` },
    dataset: { type: 'string', value: 'ID', doc: 'train: on this data set only' },
    'base-url': { type: 'string', value: 'URL', doc: 'endpoint: API base of an OpenAI-compatible completions server, e.g. http://127.0.0.1:8000/v1' },
    model: { type: 'string', value: 'M', doc: 'endpoint: model name the server expects' },
    'api-key': { type: 'string', value: 'K', doc: 'endpoint: bearer token, if the server needs one (kept in a 0600 file in your config folder, never in the project)' },
    'top-logprobs': {
      type: 'string',
      value: 'K',
      doc: `endpoint: candidates asked per token, ${describeRange(PARAMS.topLogprobs)}${defaultNote(PARAMS.topLogprobs)}`,
    },
    name: { type: 'string', value: 'N', doc: 'train, endpoint: name of the policy (default: role, preset or model, time)' },
    id: { type: 'string', value: 'ID', doc: 'remove: the policy to take out of use (see policy list)' },
    json: { type: 'boolean', doc: 'print one machine-readable JSON document on stdout, no progress' },
    help: { type: 'boolean', doc: 'show this help' },
  },
} as const satisfies CommandSpec;
