import { AppError } from '../../kernel/errors.js';

/** 400 INVALID_REFERENCE naming the field, in the same `details.fields` shape as VALIDATION_FAILED. */
export function invalidReference(path: string, message: string): AppError {
  return new AppError('INVALID_REFERENCE', `${path} ${message}`, { fields: [{ path, message }] });
}
