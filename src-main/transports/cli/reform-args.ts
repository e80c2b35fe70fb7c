// Flags of `prefstudio reform`, parsed into the contract's REFORM options (or the run to continue).
import { DecodeMode } from '../../shared/discovery-dto';
import { PARAMS } from '../../shared/params';
import type { ReformOptions } from '../../shared/reform-dto';
import { choice, ID_MAX, integer, param, str, type Values } from './arg-values';
import { CliUsageError } from './errors';

export type ReformCommand = {
  name: 'reform';
  json: boolean;
  project: string;
  /** Set with --continue: the run to continue; the options are then the run's own. */
  continueRun?: number;
  options: ReformOptions;
};

const ROLES = ['aligned', 'misaligned', 'both'] as const;

function oneOf<T extends string>(flag: string, allowed: readonly T[], value: string | undefined): T | undefined {
  if (value === undefined || (allowed as readonly string[]).includes(value)) return value as T | undefined;
  throw new CliUsageError(`unknown --${flag} "${value}" (expected ${allowed.join(', ')})`);
}

export function parseReformFlags(values: Values, json: boolean, project: string): ReformCommand {
  const options: ReformOptions = {
    rounds: param('rounds', PARAMS.rounds, str(values, 'rounds')),
    budget: param('budget', PARAMS.reformBudget, str(values, 'budget')),
    approve: oneOf('approve', ['auto', 'manual'] as const, str(values, 'approve')),
    prompts: param('prompts', PARAMS.attackPrompts, str(values, 'prompts')),
    role: oneOf('role', ROLES, str(values, 'role')),
    mode: choice(DecodeMode, 'mode', str(values, 'mode')),
    samples: param('samples', PARAMS.decodeSamples, str(values, 'samples')),
    k: param('k', PARAMS.decodeK, str(values, 'k')),
    temperature: param('temperature', PARAMS.decodeTemperature, str(values, 'temperature')),
    maxNewTokens: param('max-tokens', PARAMS.maxNewTokens, str(values, 'max-tokens')),
    seed: param('seed', PARAMS.seed, str(values, 'seed')),
    baseModelId: integer('model', str(values, 'model'), 1, ID_MAX),
    alignedPolicyId: integer('aligned-policy', str(values, 'aligned-policy'), 1, ID_MAX),
    misalignedPolicyId: integer('misaligned-policy', str(values, 'misaligned-policy'), 1, ID_MAX),
    epochs: param('epochs', PARAMS.epochs, str(values, 'epochs')),
    learningRate: param('lr', PARAMS.learningRate, str(values, 'lr')),
    datasetId: integer('dataset', str(values, 'dataset'), 1, ID_MAX),
    name: str(values, 'name'),
  };
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as ReformOptions;
  const continueRun = integer('continue', str(values, 'continue'), 1, ID_MAX);
  if (continueRun !== undefined && Object.keys(defined).length > 0) {
    throw new CliUsageError(`--continue takes the run's own settings: drop --${Object.keys(defined)[0]}`);
  }
  return { name: 'reform', json, project, options: defined, ...(continueRun === undefined ? {} : { continueRun }) };
}
