// The train form: its fields as typed text, defaults from a preset, and inline validation into TrainOptions.
import type { PresetInfo, TrainOptions } from '@shared/dto';
import { checkParam, PARAMS, type NumberParam } from '@shared/params';

/** Number inputs hand back numbers, or '' when empty or unparsable; both shapes are accepted. */
type NumberField = number | string;

export interface TrainForm {
  name: string;
  preset: PresetInfo['name'];
  datasetId: number | null;
  epochs: NumberField;
  learningRate: NumberField;
  batchSize: NumberField;
  weightDecay: NumberField;
  /** Share of all steps spent warming the learning rate up. */
  warmupFraction: NumberField;
  seed: NumberField;
  useMargins: boolean;
  centering: NumberField;
  initFrom: string;
}

export type TrainField = keyof TrainForm;
/** The fields typed into number inputs. */
export type NumberKey =
  'epochs' | 'learningRate' | 'batchSize' | 'weightDecay' | 'warmupFraction' | 'seed' | 'centering';
export type TrainErrors = Partial<Record<TrainField, string>>;

export function formFromPreset(preset: PresetInfo): TrainForm {
  return {
    name: '',
    preset: preset.name,
    datasetId: null,
    epochs: preset.defaults.epochs,
    learningRate: preset.defaults.learningRate,
    batchSize: preset.defaults.batchSize,
    // What a preset does not set: the contract's and the engine's defaults (shared/params.ts).
    weightDecay: PARAMS.weightDecay.default,
    warmupFraction: PARAMS.warmupFraction.default,
    seed: PARAMS.seed.default,
    useMargins: false,
    centering: PARAMS.centering.default,
    initFrom: '',
  };
}

/** Switching presets takes the new preset's defaults and keeps everything else the user set. */
export function applyPreset(form: TrainForm, preset: PresetInfo): TrainForm {
  return {
    ...form,
    preset: preset.name,
    epochs: preset.defaults.epochs,
    learningRate: preset.defaults.learningRate,
    batchSize: preset.defaults.batchSize,
  };
}

function toNumber(value: NumberField): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const text = value.trim();
  if (text === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

function check(value: NumberField, p: NumberParam, label: string): { value: number | null; error?: string } {
  const n = toNumber(value);
  if (n === null) return { value: null, error: `${label} must be a number.` };
  const problem = checkParam(p, n);
  return problem === null ? { value: n } : { value: null, error: `${label} ${problem}.` };
}

/** Validates the form; `options` is null while any field is wrong. Limits are the contract's (shared/params.ts). */
export function validateTrainForm(form: TrainForm): { options: TrainOptions | null; errors: TrainErrors } {
  const errors: TrainErrors = {};
  const field = (key: NumberKey, p: NumberParam, label: string): number | null => {
    const result = check(form[key], p, label);
    if (result.error !== undefined) errors[key] = result.error;
    return result.value;
  };
  const epochs = field('epochs', PARAMS.epochs, 'Epochs');
  const learningRate = field('learningRate', PARAMS.learningRate, 'Learning rate');
  const batchSize = field('batchSize', PARAMS.batchSize, 'Batch size');
  const weightDecay = field('weightDecay', PARAMS.weightDecay, 'Weight decay');
  const warmupFraction = field('warmupFraction', PARAMS.warmupFraction, 'Warm-up share');
  const seed = field('seed', PARAMS.seed, 'Seed');
  const centering = field('centering', PARAMS.centering, 'Centring weight');
  if (form.name.trim().length > 200) errors.name = 'Name must be at most 200 characters.';
  if (Object.keys(errors).length > 0) return { options: null, errors };

  const options: TrainOptions = {
    preset: form.preset,
    epochs: epochs as number,
    learningRate: learningRate as number,
    batchSize: batchSize as number,
    weightDecay: weightDecay as number,
    warmupFraction: warmupFraction as number,
    seed: seed as number,
    useMargins: form.useMargins,
    centering: centering as number,
  };
  if (form.name.trim() !== '') options.name = form.name.trim();
  if (form.datasetId !== null) options.datasetId = form.datasetId;
  if (form.initFrom.trim() !== '') options.initFrom = form.initFrom.trim();
  return { options, errors };
}
