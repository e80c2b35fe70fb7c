// `prefstudio handoff` flags → a typed command: trainer, model and the hyper-parameters its script takes.
import { Trainers, HANDOFF_DEFAULTS, type HandoffOptions } from '../../exporters/handoff/trainers';
import { decimal, integer, str, type Values } from './arg-values';
import { CliUsageError } from './errors';

export interface HandoffCommand {
  name: 'handoff';
  json: boolean;
  project: string;
  dir: string;
  overwrite: boolean;
  options: HandoffOptions;
}

export function parseHandoffFlags(values: Values, json: boolean, project: string, dir: string): HandoffCommand {
  const given = str(values, 'trainer') ?? Trainers[0];
  const trainer = Trainers.find((t) => t === given);
  if (trainer === undefined) throw new CliUsageError(`--trainer must be ${Trainers.join(' or ')}, got "${given}"`);
  return {
    name: 'handoff',
    json,
    project,
    dir,
    overwrite: values.force === true,
    options: {
      ...HANDOFF_DEFAULTS,
      trainer,
      model: str(values, 'model') ?? HANDOFF_DEFAULTS.model,
      maxLength: integer('max-length', str(values, 'max-length'), 16, 1 << 20) ?? HANDOFF_DEFAULTS.maxLength,
      epochs: decimal('epochs', str(values, 'epochs'), 0.01, 100) ?? HANDOFF_DEFAULTS.epochs,
      learningRate: decimal('lr', str(values, 'lr'), 1e-9, 1) ?? HANDOFF_DEFAULTS.learningRate,
      batchSize: integer('batch-size', str(values, 'batch-size'), 1, 4096) ?? HANDOFF_DEFAULTS.batchSize,
    },
  };
}
