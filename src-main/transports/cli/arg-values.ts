// Typed flag values for the CLI parsers: choices, bounded numbers and strings, each error naming its flag.
import type { z } from 'zod';
import { checkParam, describeRange, type NumberParam } from '../../shared/params';
import { CliUsageError } from './errors';

export type Values = Record<string, string | string[] | boolean | undefined>;

export function str(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function choice<T extends string>(
  schema: z.ZodType<T>,
  flag: string,
  value: string | undefined,
): T | undefined {
  if (value === undefined) return undefined;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const options = 'options' in schema ? ` (expected ${(schema.options as string[]).join(', ')})` : '';
  throw new CliUsageError(`unknown --${flag} "${value}"${options}`);
}

export function integer(
  flag: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || n < min || n > max) {
    throw new CliUsageError(`--${flag} "${value}" is not a whole number from ${min} to ${max}`);
  }
  return n;
}

/** A decimal option in [min, max] that has no declaration of its own in shared/params.ts (hand-off hyper-parameters). */
export function decimal(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new CliUsageError(`--${flag} "${value}" is not a number from ${min} to ${max}`);
  }
  return n;
}

/** A numeric option checked against its declaration in shared/params.ts, the same bounds the contract applies. */
export function param(flag: string, p: NumberParam, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  const wellFormed = value.trim() !== '' && (!p.int || /^-?\d+$/.test(value.trim()));
  if (!wellFormed || checkParam(p, n) !== null)
    throw new CliUsageError(`--${flag} "${value}" is not ${describeRange(p)}`);
  return n;
}

export const ID_MAX = Number.MAX_SAFE_INTEGER;
