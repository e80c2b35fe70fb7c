// Flags of `prefstudio mars` and `prefstudio llm`, parsed into contract inputs.
import { ModelPreset } from '../../shared/dto';
import { OperatorName, Weighting, type MarsOptions } from '../../shared/mars-dto';
import type { LlmEndpointConfigInput } from '../../shared/llm-config';
import { choice, ID_MAX, integer, param, str, type Values } from './arg-values';
import { PARAMS } from '../../shared/params';
import { CliUsageError } from './errors';

export type MarsCommand = {
  name: 'mars';
  json: boolean;
  project: string;
  /** Set with --continue: the run to continue; the options are then the run's own. */
  continueRun?: number;
  options: MarsOptions;
};

export type LlmCommand = {
  name: 'llm';
  json: boolean;
  project: string;
  config: LlmEndpointConfigInput | null | undefined;
};


function operators(value: string | undefined): MarsOptions['operators'] {
  if (value === undefined) return undefined;
  const names = value
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  if (names.length === 0) throw new CliUsageError('--operators needs at least one operator');
  return names.map((n) => choice(OperatorName, 'operators', n) as OperatorName);
}

function approve(value: string | undefined): 'auto' | 'manual' | undefined {
  if (value === undefined || value === 'auto' || value === 'manual') return value;
  throw new CliUsageError(`unknown --approve "${value}" (expected auto, manual)`);
}

export function parseMarsFlags(values: Values, json: boolean, project: string): MarsCommand {
  const options: MarsOptions = {
    rounds: param('rounds', PARAMS.rounds, str(values, 'rounds')),
    budget: param('budget', PARAMS.budget, str(values, 'budget')),
    selectShare: param('select', PARAMS.selectShare, str(values, 'select')),
    weighting: choice(Weighting, 'weighting', str(values, 'weighting')),
    alpha: param('alpha', PARAMS.alpha, str(values, 'alpha')),
    tau: param('tau', PARAMS.tau, str(values, 'tau')),
    operators: operators(str(values, 'operators')),
    perText: param('per-text', PARAMS.perText, str(values, 'per-text')),
    approve: approve(str(values, 'approve')),
    semantic: values.semantic === true ? true : undefined,
    baseModelId: integer('model', str(values, 'model'), 1, ID_MAX),
    preset: choice(ModelPreset, 'preset', str(values, 'preset')),
    epochs: param('epochs', PARAMS.epochs, str(values, 'epochs')),
    learningRate: param('lr', PARAMS.learningRate, str(values, 'lr')),
    seed: param('seed', PARAMS.seed, str(values, 'seed')),
    datasetId: integer('dataset', str(values, 'dataset'), 1, ID_MAX),
    name: str(values, 'name'),
  };
  const defined = Object.fromEntries(
    Object.entries(options).filter(([, v]) => v !== undefined),
  ) as MarsOptions;
  const continueRun = integer('continue', str(values, 'continue'), 1, ID_MAX);
  if (continueRun !== undefined && Object.keys(defined).length > 0) {
    throw new CliUsageError(`--continue takes the run's own settings: drop --${Object.keys(defined)[0]}`);
  }
  return {
    name: 'mars',
    json,
    project,
    options: defined,
    ...(continueRun === undefined ? {} : { continueRun }),
  };
}

/** No flags: show the setting; --clear: remove it; otherwise --base-url and --model set it. */
export function parseLlmFlags(values: Values, json: boolean, project: string): LlmCommand {
  const baseUrl = str(values, 'base-url');
  const model = str(values, 'model');
  const apiKey = str(values, 'api-key');
  if (values.clear === true) {
    if (baseUrl ?? model ?? apiKey) throw new CliUsageError('--clear cannot be combined with other settings');
    return { name: 'llm', json, project, config: null };
  }
  if (baseUrl === undefined && model === undefined && apiKey === undefined)
    return { name: 'llm', json, project, config: undefined };
  if (baseUrl === undefined || model === undefined)
    throw new CliUsageError('setting the endpoint needs both --base-url and --model');
  return {
    name: 'llm',
    json,
    project,
    config: { baseUrl, model, ...(apiKey === undefined ? {} : { apiKey }) },
  };
}
