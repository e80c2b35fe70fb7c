// The MARS start form: its fields as typed, the contract's defaults, and validation into MarsOptions.
import type { MarsOptions, MarsRun, OperatorName, Weighting } from '@shared/mars-dto';
import { checkParam, describeRange, PARAMS, type NumberParam } from '@shared/params';

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

/** The defaults of `MarsOptions`, from shared/params.ts. */
export function defaultMarsForm(): MarsForm {
  return {
    name: '',
    rounds: PARAMS.rounds.default,
    budget: '',
    selectShare: PARAMS.selectShare.default,
    weighting: 'signed',
    alpha: PARAMS.alpha.default,
    tau: PARAMS.tau.default,
    operators: ['synonym', 'span-delete', 'reorder'],
    approve: 'auto',
    seed: PARAMS.seed.default,
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
  // One message shape for every number: "<Label> must be <the range of shared/params.ts>."
  const problem = (value: number | null, p: NumberParam) =>
    value === null ? `must be ${describeRange(p)}` : checkParam(p, value);
  const rounds = parse(form.rounds);
  const roundsProblem = problem(rounds, PARAMS.rounds);
  if (roundsProblem !== null) errors.rounds = `Rounds ${roundsProblem}.`;
  const budget = parse(form.budget);
  const budgetProblem = budget === null ? null : checkParam(PARAMS.budget, budget);
  if (budgetProblem !== null) errors.budget = `Budget ${budgetProblem}, or blank for the default.`;
  const selectShare = parse(form.selectShare);
  const shareProblem = problem(selectShare, PARAMS.selectShare);
  if (shareProblem !== null) errors.selectShare = `Select share ${shareProblem}.`;
  const temperature = form.weighting === 'signed' ? 'alpha' : form.weighting === 'abs' ? 'tau' : null;
  const t = temperature === null ? null : parse(form[temperature]);
  const tProblem = temperature === null ? null : problem(t, PARAMS[temperature]);
  if (temperature !== null && tProblem !== null)
    errors[temperature] = `${temperature === 'alpha' ? 'α' : 'τ'} ${tProblem}.`;
  const operators = form.operators.filter((o) => o !== 'llm' || llmConfigured);
  if (operators.length === 0) errors.operators = 'Pick at least one operator.';
  const seed = parse(form.seed);
  const seedProblem = problem(seed, PARAMS.seed);
  if (seedProblem !== null) errors.seed = `Seed ${seedProblem}.`;
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
