// Turns a wire Result into a value or a thrown StudioError, so callers use plain async/await.
import { ErrorCode, StudioError, type Result } from '@shared/errors';

export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw StudioError.fromDTO(result.error);
}

/** A response that is not a Result at all means a broken transport, not a user error. */
export function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const v = value as { ok: unknown; error?: unknown };
  if (v.ok === true) return 'value' in v;
  return v.ok === false && typeof v.error === 'object' && v.error !== null;
}

export function transportError(message: string): StudioError {
  return new StudioError(ErrorCode.Internal, message);
}
