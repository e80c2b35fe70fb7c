// Opaque keyset cursors for paged lists: base64url of the JSON `[sortValue, id]` of the last row shown.
import { ErrorCode, StudioError } from '../shared/errors';

export type CursorValue = string | number;

export function encodeCursor(value: CursorValue, id: number): string {
  return Buffer.from(JSON.stringify([value, id]), 'utf8').toString('base64url');
}

/** Rejects anything that is not a cursor this store produced for a sort of the given value type. */
export function decodeCursor(
  cursor: string,
  valueType: 'string' | 'number',
): { value: CursorValue; id: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 2 &&
    typeof parsed[0] === valueType &&
    Number.isSafeInteger(parsed[1])
  ) {
    return { value: parsed[0] as CursorValue, id: parsed[1] as number };
  }
  throw new StudioError(
    ErrorCode.InvalidRequest,
    `Invalid page cursor "${cursor.slice(0, 40)}": start again from the first page`,
    {
      field: 'after',
    },
  );
}
