// Named error for tokenizer files that cannot be used: bad JSON structure or missing special tokens.
import { ErrorCode, StudioError } from '../../shared/errors';

export class TokenizerError extends StudioError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.UnknownFormat, message, details);
    this.name = 'TokenizerError';
  }
}
