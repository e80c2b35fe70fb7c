// Flags of `prefstudio discover` and `prefstudio failures`, parsed into contract inputs.
import { Split } from '../../shared/dto';
import { DecodeMode, PolicyRole, type DiscoverOptions } from '../../shared/discovery-dto';
import { PARAMS } from '../../shared/params';
import { choice, ID_MAX, integer, param, str, type Values } from './arg-values';
import { CliUsageError } from './errors';

export type DiscoverCommand = { name: 'discover'; json: boolean; project: string; options: DiscoverOptions };

export type FailuresCommand = {
  name: 'failures';
  json: boolean;
  project: string;
  runId?: number;
  role?: PolicyRole;
  /** A failure-mode id (as `failures` lists them): show that mode's failures. */
  modeId?: string;
};

const ROLES = ['aligned', 'misaligned', 'both'] as const;

function role(value: string | undefined): DiscoverOptions['role'] {
  if (value === undefined || (ROLES as readonly string[]).includes(value)) return value as DiscoverOptions['role'];
  throw new CliUsageError(`unknown --role "${value}" (expected ${ROLES.join(', ')})`);
}

function approve(value: string | undefined): 'auto' | 'manual' | undefined {
  if (value === undefined || value === 'auto' || value === 'manual') return value;
  throw new CliUsageError(`unknown --approve "${value}" (expected auto, manual)`);
}

/** `--pairs 3,5,8`: decode on exactly these source pairs. */
function pairIds(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  const ids = value.split(',').map((v) => integer('pairs', v.trim(), 1, ID_MAX));
  if (ids.length === 0 || ids.some((id) => id === undefined)) throw new CliUsageError('--pairs needs a comma list of pair ids');
  return ids.filter((id): id is number => id !== undefined);
}

export function parseDiscoverFlags(values: Values, json: boolean, project: string): DiscoverCommand {
  const options: DiscoverOptions = {
    modelId: integer('model', str(values, 'model'), 1, ID_MAX),
    role: role(str(values, 'role')),
    mode: choice(DecodeMode, 'mode', str(values, 'mode')),
    split: choice(Split, 'split', str(values, 'split')),
    prompts: param('prompts', PARAMS.attackPrompts, str(values, 'prompts')),
    pairIds: pairIds(str(values, 'pairs')),
    samples: param('samples', PARAMS.decodeSamples, str(values, 'samples')),
    k: param('k', PARAMS.decodeK, str(values, 'k')),
    temperature: param('temperature', PARAMS.decodeTemperature, str(values, 'temperature')),
    maxNewTokens: param('max-tokens', PARAMS.maxNewTokens, str(values, 'max-tokens')),
    seed: param('seed', PARAMS.seed, str(values, 'seed')),
    approve: approve(str(values, 'approve')),
    datasetId: integer('dataset', str(values, 'dataset'), 1, ID_MAX),
  };
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as DiscoverOptions;
  return { name: 'discover', json, project, options: defined };
}

export function parseFailuresFlags(values: Values, json: boolean, project: string): FailuresCommand {
  const runId = integer('run', str(values, 'run'), 1, ID_MAX);
  const r = choice(PolicyRole, 'role', str(values, 'role'));
  const modeId = str(values, 'mode');
  return {
    name: 'failures',
    json,
    project,
    ...(runId === undefined ? {} : { runId }),
    ...(r === undefined ? {} : { role: r }),
    ...(modeId === undefined ? {} : { modeId }),
  };
}
