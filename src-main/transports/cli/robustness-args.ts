// Flags of `prefstudio robustness`, parsed into the contract's RobustnessOptions.
import { PerturbationFamilyName, type RobustnessOptions } from '../../shared/robustness-dto';
import { choice, ID_MAX, integer, str, type Values } from './arg-values';
import { CliUsageError } from './errors';

export type RobustnessCommand = { name: 'robustness'; json: boolean; project: string; options: RobustnessOptions };

const INT = 2 ** 31 - 1;

export function parseRobustnessFlags(values: Values, json: boolean, project: string): RobustnessCommand {
  const raw = values.model;
  // `--model 1 --model 2`, and also `--model 1,2`.
  const ids = (Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : []).flatMap((v) => v.split(','));
  if (ids.length === 0) throw new CliUsageError('robustness needs at least one --model ID');
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
  const seed = integer('seed', str(values, 'seed'), -INT - 1, INT);
  return {
    name: 'robustness',
    json,
    project,
    options: { modelIds, ...(families ? { families } : {}), ...(seed === undefined ? {} : { seed }) },
  };
}
