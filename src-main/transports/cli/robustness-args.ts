// Flags of `prefstudio robustness`, parsed into the contract's RobustnessOptions.
import { AttackOptions, MAX_SEEDS, PerturbationFamilyName, type RobustnessOptions } from '../../shared/robustness-dto';
import { PARAMS } from '../../shared/params';
import { choice, ID_MAX, integer, param, str, type Values } from './arg-values';
import { CliUsageError } from './errors';

/** A suite run, or (`--export-perturbed DIR`) only writing the perturbed pairs out for an external model. */
export type RobustnessCommand = { name: 'robustness'; json: boolean; project: string; options: RobustnessOptions; exportDir?: string };

const list = (v: string | string[] | boolean | undefined): string[] => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []);

/** The attack flags; `--no-attack` switches it off, the defaults come from the contract. */
function attackFlags(values: Values): RobustnessOptions['attack'] {
  if (values['no-attack'] === true) return false;
  const role = choice(AttackOptions.shape.role.unwrap(), 'attack-role', str(values, 'attack-role'));
  const mode = choice(AttackOptions.shape.mode.unwrap(), 'attack-mode', str(values, 'attack-mode'));
  const out: Record<string, unknown> = {
    prompts: param('attack-prompts', PARAMS.robustAttackPrompts, str(values, 'attack-prompts')),
    samples: param('attack-samples', PARAMS.robustAttackSamples, str(values, 'attack-samples')),
    maxNewTokens: param('attack-tokens', PARAMS.robustAttackTokens, str(values, 'attack-tokens')),
    temperature: param('attack-temperature', PARAMS.decodeTemperature, str(values, 'attack-temperature')),
    seed: param('attack-seed', PARAMS.seed, str(values, 'attack-seed')),
    alignedPolicyId: integer('aligned-policy', str(values, 'aligned-policy'), 1, ID_MAX),
    misalignedPolicyId: integer('misaligned-policy', str(values, 'misaligned-policy'), 1, ID_MAX),
    role,
    mode,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

/** `--seeds 1,2,3`: the suite once per seed; each seed also seeds the attack, so `--seed` and `--attack-seed` do not mix. */
function seedList(values: Values, seedGiven: boolean): number[] | undefined {
  const text = str(values, 'seeds');
  if (text === undefined) return undefined;
  if (seedGiven) throw new CliUsageError('give --seed S or --seeds S1,S2,…, not both');
  const seeds = text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '')
    .map((v) => param('seeds', PARAMS.seed, v) as number);
  if (seeds.length === 0 || seeds.length > MAX_SEEDS) throw new CliUsageError(`--seeds needs 1 to ${MAX_SEEDS} seeds, comma-separated`);
  if (new Set(seeds).size !== seeds.length) throw new CliUsageError(`--seeds "${text}" names a seed twice`);
  if (seeds.length > 1 && str(values, 'attack-seed') !== undefined) {
    throw new CliUsageError('--attack-seed does not apply with several --seeds: each seed also seeds the attack');
  }
  return seeds;
}

export function parseRobustnessFlags(values: Values, json: boolean, project: string): RobustnessCommand {
  // `--model 1 --model 2`, and also `--model 1,2`.
  const ids = list(values.model).flatMap((v) => v.split(','));
  const scoresDirs = list(values['scores-dir']);
  const exportDir = str(values, 'export-perturbed');
  if (ids.length === 0 && scoresDirs.length === 0 && exportDir === undefined) {
    throw new CliUsageError('robustness needs at least one --model ID (or --scores-dir DIR, or --export-perturbed DIR)');
  }
  const modelIds = ids.map((v) => integer('model', v.trim(), 1, ID_MAX) as number);
  const familyList = str(values, 'families');
  const families =
    familyList === undefined
      ? undefined
      : familyList
          .split(',')
          .map((f) => f.trim())
          .filter((f) => f !== '')
          .map((f) => choice(PerturbationFamilyName, 'families', f) as PerturbationFamilyName);
  if (families !== undefined && families.length === 0) throw new CliUsageError('--families needs at least one family');
  const seed = param('seed', PARAMS.seed, str(values, 'seed'));
  const seeds = seedList(values, seed !== undefined);
  return {
    name: 'robustness',
    json,
    project,
    options: {
      modelIds,
      ...(families ? { families } : {}),
      ...(seed === undefined ? {} : { seed }),
      ...(seeds === undefined ? {} : { seeds }),
      attack: attackFlags(values),
      ...(scoresDirs.length > 0 ? { scores: scoresDirs.map((d) => ({ dir: d })) } : {}),
    },
    ...(exportDir === undefined ? {} : { exportDir }),
  };
}
