// Named errors for weight files and model folders: user-facing, so each names the file and the tensor or field at fault.
import { ErrorCode, StudioError } from '../../shared/errors';

/** A weights file or model folder that cannot be read as asked: corrupt, unsupported or inconsistent with its config. */
export class WeightsFormatError extends StudioError {
  constructor(file: string, message: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.UnknownFormat, `${file}: ${message}`, { file, ...details });
    this.name = 'WeightsFormatError';
  }
}
