// The MARS start form: its fields as typed, the contract's defaults, and validation into MarsOptions.
import type { MarsOptions, MarsRun, OperatorName, Weighting } from '@shared/mars-dto';

/** Number inputs hand back numbers, or '' when empty or unparsable. */
type NumberField = number | string;

export interface MarsForm {
  name: string;
  rounds: NumberField;
  /** Blank: the backend's default, 5× the selected base. */
  budget: NumberField;
  selectShare: NumberField;
  weighting: Weighting;
  alpha: NumberField;
  tau: NumberField;
  operators: OperatorName[];
  approve: 'auto' | 'manual';
  seed: NumberField;
  semantic: boolean;
}

export type MarsErrors = Partial<Record<keyof MarsForm, string>>;

/** The defaults of `MarsOptions` in src-main/shared/mars-dto.ts. */
export function defaultMarsForm(): MarsForm {
  return {
    name: '',
    rounds: 3,
    budget: '',
    selectShare: 0.1,
    weighting: 'signed',
    alpha: 0.5,
    tau: 0.5,
    operators: ['synonym', 'span-delete', 'reorder'],
    approve: 'auto',
    seed: 1,
    semantic: false,
  };
}

function parse(value: NumberField): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : null;
}

/**
 * Checks the form against the contract's bounds and builds the request: blank budget is left out (the backend's
 * default), and only the temperature the chosen weighting reads is sent. Without an LLM endpoint the `llm`
 * operator and the semantic layer are dropped.
 */
export function validateMarsForm(
  form: MarsForm,
  llmConfigured: boolean,
): { options: MarsOptions | null; errors: MarsErrors } {
  const errors: MarsErrors = {};
  const rounds = parse(form.rounds);
  if (rounds === null || !Number.isInteger(rounds) || rounds < 1 || rounds > 50)
    errors.rounds = 'Rounds must be a whole number from 1 to 50.';
  const budget = parse(form.budget);
  if (budget !== null && (!Number.isInteger(budget) || budget < 0 || budget > 1_000_000))
    errors.budget = 'Budget must be a whole number from 0 to 1,000,000, or blank for the default.';
  const selectShare = parse(form.selectShare);
  if (selectShare === null || selectShare <= 0 || selectShare > 1)
    errors.selectShare = 'Select share must be above 0 and at most 1.';
  const temperature = form.weighting === 'signed' ? 'alpha' : form.weighting === 'abs' ? 'tau' : null;
  const t = temperature === null ? null : parse(form[temperature]);
  if (temperature !== null && (t === null || t < 0 || t > 100))
    errors[temperature] = `${temperature === 'alpha' ? 'α' : 'τ'} must be from 0 to 100.`;
  const operators = form.operators.filter((o) => o !== 'llm' || llmConfigured);
  if (operators.length === 0) errors.operators = 'Pick at least one operator.';
  const seed = parse(form.seed);
  if (seed === null || !Number.isInteger(seed)) errors.seed = 'Seed must be a whole number.';
  if (Object.keys(errors).length > 0) return { options: null, errors };

  const options: MarsOptions = {
    rounds: rounds as number,
    selectShare: selectShare as number,
    weighting: form.weighting,
    operators,
    approve: form.approve,
    seed: seed as number,
    semantic: form.semantic && llmConfigured,
  };
  const name = form.name.trim();
  if (name !== '') options.name = name;
  if (budget !== null) options.budget = budget;
  if (temperature !== null) options[temperature] = t as number;
  return { options, errors };
}

/** Runs that `mars.continue` can pick up again. */
export function isContinuable(run: MarsRun): boolean {
  return run.status === 'awaiting-approval' || run.status === 'cancelled' || run.status === 'interrupted';
}
