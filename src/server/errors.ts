/**
 * The one error catalogue. Services throw `AppError`s by code; the HTTP edge
 * turns them into `{ error: { code, message, details } }` with the status here.
 */
export const errorCatalog = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  SLUG_RESERVED: 400,
  TOKEN_INVALID: 400,
  CANNOT_DEACTIVATE_OWNER: 400,
  CANNOT_CHANGE_OWNER_ROLE: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  PAYMENT_REQUIRED: 402,
  FORBIDDEN: 403,
  CROSS_ORIGIN_REQUEST: 403,
  NOT_FOUND: 404,
  INVITE_NOT_FOUND: 404,
  SLUG_TAKEN: 409,
  USER_EXISTS: 409,
  INVITE_PENDING: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorCatalog;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.status = errorCatalog[code];
  }
}

export const notFound = (what = 'Record') => new AppError('NOT_FOUND', `${what} not found`);
