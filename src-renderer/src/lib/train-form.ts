// The train form: its fields as typed text, defaults from a preset, and inline validation into TrainOptions.
import type { PresetInfo, TrainOptions } from '@shared/dto';

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

/** The engine's own defaults for what a preset does not set (see engine/train/types.ts DEFAULT_HYPER). */
export const DEFAULT_WEIGHT_DECAY = 0.01;
export const DEFAULT_WARMUP_FRACTION = 0.05;
export const DEFAULT_SEED = 1;

export function formFromPreset(preset: PresetInfo): TrainForm {
  return {
    name: '',
    preset: preset.name,
    datasetId: null,
    epochs: preset.defaults.epochs,
    learningRate: preset.defaults.learningRate,
    batchSize: preset.defaults.batchSize,
    weightDecay: DEFAULT_WEIGHT_DECAY,
    warmupFraction: DEFAULT_WARMUP_FRACTION,
    seed: DEFAULT_SEED,
    useMargins: false,
    centering: 0,
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

interface Rule {
  min: number;
  max: number;
  integer?: boolean;
  /** min itself is not allowed (learning rate must be > 0). */
  exclusiveMin?: boolean;
}

function check(value: NumberField, rule: Rule, label: string): { value: number | null; error?: string } {
  const n = toNumber(value);
  if (n === null) return { value: null, error: `${label} must be a number.` };
  if (rule.integer === true && !Number.isInteger(n))
    return { value: null, error: `${label} must be a whole number.` };
  const low = rule.exclusiveMin === true ? n <= rule.min : n < rule.min;
  if (low || n > rule.max) {
    const from = rule.exclusiveMin === true ? `more than ${rule.min}` : `at least ${rule.min}`;
    return { value: null, error: `${label} must be ${from} and at most ${rule.max}.` };
  }
  return { value: n };
}

/** Validates the form; `options` is null while any field is wrong. Limits mirror the contract's TrainOptions. */
export function validateTrainForm(form: TrainForm): { options: TrainOptions | null; errors: TrainErrors } {
  const errors: TrainErrors = {};
  const field = (key: NumberKey, rule: Rule, label: string): number | null => {
    const result = check(form[key], rule, label);
    if (result.error !== undefined) errors[key] = result.error;
    return result.value;
  };
  const epochs = field('epochs', { min: 0.05, max: 100 }, 'Epochs');
  const learningRate = field('learningRate', { min: 0, max: 1, exclusiveMin: true }, 'Learning rate');
  const batchSize = field('batchSize', { min: 1, max: 1024, integer: true }, 'Batch size');
  const weightDecay = field('weightDecay', { min: 0, max: 1 }, 'Weight decay');
  const warmupFraction = field('warmupFraction', { min: 0, max: 0.5 }, 'Warm-up share');
  const seed = field('seed', { min: -(2 ** 31), max: 2 ** 31 - 1, integer: true }, 'Seed');
  const centering = field('centering', { min: 0, max: 10 }, 'Centring weight');
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
