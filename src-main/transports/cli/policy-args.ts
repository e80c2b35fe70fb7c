// Flags of `prefstudio policy train|endpoint|list|remove <project>`, parsed into contract inputs.
import { PolicyRole } from '../../shared/discovery-dto';
import { PolicyPreset, type PolicyEndpointOptions, type PolicyTrainOptions } from '../../shared/policy-dto';
import { PARAMS } from '../../shared/params';
import { choice, ID_MAX, integer, param, str, type Values } from './arg-values';
import { CliUsageError } from './errors';

export type PolicyCommand =
  | { name: 'policy'; action: 'train'; json: boolean; project: string; options: PolicyTrainOptions }
  | { name: 'policy'; action: 'endpoint'; json: boolean; project: string; options: PolicyEndpointOptions }
  | { name: 'policy'; action: 'list'; json: boolean; project: string }
  | { name: 'policy'; action: 'remove'; json: boolean; project: string; id: number };

const ACTIONS = ['train', 'endpoint', 'list', 'remove'] as const;
const TRAIN_FLAGS = ['preset', 'steps', 'lr', 'batch-size', 'init-from', 'seed', 'dataset'];
const ENDPOINT_FLAGS = ['base-url', 'model', 'api-key', 'top-logprobs'];

function defined<T extends Record<string, unknown>>(input: T): T {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as T;
}

/** A flag of another action is a mistake worth naming, not something to ignore silently. */
function refuse(values: Values, action: string, flags: readonly string[]): void {
  const wrong = flags.find((f) => values[f] !== undefined);
  if (wrong !== undefined) throw new CliUsageError(`--${wrong} does not apply to "policy ${action}" (see prefstudio help policy)`);
}

function role(values: Values, action: string): PolicyRole {
  const r = choice(PolicyRole, 'role', str(values, 'role'));
  if (r === undefined) throw new CliUsageError(`"policy ${action}" needs --role aligned|misaligned`);
  return r;
}

export function parsePolicyFlags(values: Values, positionals: readonly string[]): PolicyCommand {
  const [action, project, extra] = positionals;
  if (!(ACTIONS as readonly string[]).includes(action ?? '') || project === undefined) {
    throw new CliUsageError(`usage: prefstudio policy ${ACTIONS.join('|')} <project> [options] (see prefstudio help policy)`);
  }
  if (extra !== undefined) throw new CliUsageError(`unexpected argument "${extra}" for "policy ${action}"`);
  const json = values.json === true;
  const name = str(values, 'name');
  switch (action) {
    case 'train':
      refuse(values, action, [...ENDPOINT_FLAGS, 'id']);
      return {
        name: 'policy',
        action,
        json,
        project,
        options: defined({
          role: role(values, action),
          preset: choice(PolicyPreset, 'preset', str(values, 'preset')),
          steps: param('steps', PARAMS.policySteps, str(values, 'steps')),
          learningRate: param('lr', PARAMS.learningRate, str(values, 'lr')),
          batchSize: param('batch-size', PARAMS.batchSize, str(values, 'batch-size')),
          initFrom: str(values, 'init-from'),
          seed: param('seed', PARAMS.seed, str(values, 'seed')),
          datasetId: integer('dataset', str(values, 'dataset'), 1, ID_MAX),
          name,
        }),
      };
    case 'endpoint': {
      refuse(values, action, [...TRAIN_FLAGS, 'id']);
      const baseUrl = str(values, 'base-url');
      const model = str(values, 'model');
      if (baseUrl === undefined || model === undefined) throw new CliUsageError('"policy endpoint" needs --base-url URL and --model M');
      return {
        name: 'policy',
        action,
        json,
        project,
        options: defined({
          role: role(values, action),
          baseUrl,
          model,
          apiKey: str(values, 'api-key'),
          topLogprobs: param('top-logprobs', PARAMS.topLogprobs, str(values, 'top-logprobs')),
          name,
        }),
      };
    }
    case 'remove': {
      refuse(values, action, [...TRAIN_FLAGS, ...ENDPOINT_FLAGS, 'role', 'name']);
      const id = integer('id', str(values, 'id'), 1, ID_MAX);
      if (id === undefined) throw new CliUsageError('"policy remove" needs --id ID (see prefstudio policy list)');
      return { name: 'policy', action, json, project, id };
    }
    default:
      refuse(values, 'list', [...TRAIN_FLAGS, ...ENDPOINT_FLAGS, 'role', 'name', 'id']);
      return { name: 'policy', action: 'list', json, project };
  }
}
