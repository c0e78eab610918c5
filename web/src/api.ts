/**
 * The SchedulingKit HTTP API client lives in ./api/client.ts (openapi-fetch over
 * the generated OpenAPI types); this module keeps the error helpers at their
 * old import path.
 */
export { ApiError, isApiError, type AdminContact, type ApiErrorDetails, type FieldError } from './api/client';
