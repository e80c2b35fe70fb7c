// Field access and value coercion shared by the format parsers: nested paths, typed reads, flag and number parsing.
import type { Split } from '../shared/dto';
import { RowProblem } from './row-problem';

export type Row = Record<string, unknown>;

export function isObject(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A path resolves as a literal key first (columns may contain dots), then as dotted nesting. */
export function hasPath(row: Row, path: string): boolean {
  return getPath(row, path) !== undefined;
}

export function getPath(row: Row, path: string): unknown {
  if (Object.hasOwn(row, path)) return row[path];
  if (!path.includes('.')) return undefined;
  let node: unknown = row;
  for (const part of path.split('.')) {
    if (!isObject(node) || !Object.hasOwn(node, part)) return undefined;
    node = node[part];
  }
  return node;
}

/** The top-level key a path lives under. */
export function topKey(row: Row, path: string): string {
  return Object.hasOwn(row, path) ? path : (path.split('.')[0] ?? path);
}

export function requireString(row: Row, path: string, label = path): string {
  const value = getPath(row, path);
  if (value === undefined || value === null)
    throw new RowProblem('missing-field', label, `missing field "${label}"`);
  if (typeof value !== 'string') {
    throw new RowProblem('wrong-type', label, `field "${label}" must be a string, got ${describe(value)}`);
  }
  return value;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'y', 't']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'n', 'f', '']);

/** Tie flags arrive as booleans, 0/1 or words (CSV); null/absent means "not a tie". */
export function parseFlag(value: unknown, label: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' && (value === 0 || value === 1)) return value === 1;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
  }
  throw new RowProblem(
    'wrong-type',
    label,
    `field "${label}" must be a boolean, got ${JSON.stringify(value)}`,
  );
}

/** Margins arrive as numbers or numeric strings (CSV); empty means "no margin". */
export function parseNumber(value: unknown, label: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    if (value.trim() === '') return null;
    const n = Number(value);
    if (Number.isFinite(n)) return n;
  }
  throw new RowProblem(
    'wrong-type',
    label,
    `field "${label}" must be a number, got ${JSON.stringify(value)}`,
  );
}

/** Data sets name their splits loosely (`train_prefs`, `valid`, `dev`); unknown names leave the split to the import default. */
export function parseSplit(value: unknown): Split | null {
  if (typeof value !== 'string') return null;
  const name = value.trim().toLowerCase();
  if (name.startsWith('train')) return 'train';
  if (name.startsWith('test')) return 'test';
  if (name.startsWith('val') || name.startsWith('dev')) return 'validation';
  return null;
}

export function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Deep structural equality for JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]))
    );
  }
  return false;
}
