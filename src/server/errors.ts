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
  FOLDER_CYCLE: 400,
  INVALID_REFERENCE: 400,
  INVALID_RRULE: 400,
  NOT_RECURRING: 400,
  STAGE_NOT_IN_PIPELINE: 400,
  TASK_CYCLE: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  PAYMENT_REQUIRED: 402,
  CARD_DECLINED: 402,
  INSUFFICIENT_CREDIT: 402,
  PAYMENT_METHOD_REQUIRED: 402,
  PLAN_FEATURE_REQUIRED: 402,
  PLAN_SEAT_LIMIT: 402,
  PLAN_STORAGE_LIMIT: 402,
  FORBIDDEN: 403,
  CROSS_ORIGIN_REQUEST: 403,
  NOT_FOUND: 404,
  INVITE_NOT_FOUND: 404,
  SLUG_TAKEN: 409,
  USER_EXISTS: 409,
  INVITE_PENDING: 409,
  CONFLICT: 409,
  CANNOT_DELETE_DEFAULT: 409,
  FOLDER_TRASHED: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  LEAD_ALREADY_CONVERTED: 409,
  NAME_TAKEN: 409,
  PIPELINE_HAS_DEALS: 409,
  PIPELINE_IS_DEFAULT: 409,
  PROJECT_HAS_TASKS: 409,
  STAGE_HAS_DEALS: 409,
  TASK_HAS_SUBTASKS: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RANGE_NOT_SATISFIABLE: 416,
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
