// Flags of `prefstudio discover` and `prefstudio failures`, parsed into contract inputs.
import { Split } from '../../shared/dto';
import { DecodeMode, PolicyRole, type DiscoverOptions } from '../../shared/discovery-dto';
import { choice, decimal, ID_MAX, integer, str, type Values } from './arg-values';
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

const INT = 2 ** 31 - 1;
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
    prompts: integer('prompts', str(values, 'prompts'), 1, 100_000),
    pairIds: pairIds(str(values, 'pairs')),
    samples: integer('samples', str(values, 'samples'), 1, 64),
    k: integer('k', str(values, 'k'), 1, 50),
    temperature: decimal('temperature', str(values, 'temperature'), 1e-3, 10),
    maxNewTokens: integer('max-tokens', str(values, 'max-tokens'), 1, 1024),
    seed: integer('seed', str(values, 'seed'), -INT - 1, INT),
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
