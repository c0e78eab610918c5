/**
 * The typed API client: openapi-fetch over the generated `paths`.
 *
 * Every call goes to the same origin, sends/receives JSON and carries the
 * session cookie. `unwrap()` turns a call's result into its data, or throws an
 * {@link ApiError} built from the `{ error: { code, message, details } }` body
 * the server sends with non-2xx responses.
 */
import createClient from 'openapi-fetch';
import type { paths } from './schema';
import type { Item, Schema } from './types';

/** `error.details` of the document's Error schema: `fields` for VALIDATION_FAILED, `admins` for FORBIDDEN, more by code. */
export type ApiErrorDetails = NonNullable<Schema<'Error'>['error']['details']>;
export type FieldError = Item<NonNullable<ApiErrorDetails['fields']>>;
export type AdminContact = Item<NonNullable<ApiErrorDetails['admins']>>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ApiErrorDetails | undefined;

  constructor(status: number, code: string, message: string, details?: ApiErrorDetails) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Field errors of a VALIDATION_FAILED response, keyed by body field name. */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of this.details?.fields ?? []) {
      if (f.path && !(f.path in out)) out[f.path] = asSentence(f.message);
    }
    return out;
  }

  get admins(): AdminContact[] {
    return Array.isArray(this.details?.admins) ? this.details.admins : [];
  }
}

export function isApiError(err: unknown, code?: string): err is ApiError {
  return err instanceof ApiError && (code === undefined || err.code === code);
}

type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

/** Query string like the server expects it: empty values (undefined, null, '') are left out. */
export function serializeQuery(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query as Record<string, QueryValue>)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  return params.toString();
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * An {@link ApiError} from an error body (the document's Error schema,
 * `{ error: { code, message, details } }`), as far as the body has it;
 * `fallback` is the message when it has none.
 */
export function apiErrorFromBody(status: number, body: unknown, fallback: string): ApiError {
  const e = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  if (!e) return new ApiError(status, `HTTP_${status}`, fallback);
  return new ApiError(
    status,
    typeof e.code === 'string' ? e.code : `HTTP_${status}`,
    typeof e.message === 'string' ? e.message : fallback,
    isRecord(e.details) ? (e.details as ApiErrorDetails) : undefined,
  );
}

export function toApiError(res: Response, body: unknown): ApiError {
  if (isRecord(body) && isRecord(body.error)) return apiErrorFromBody(res.status, body, res.statusText || 'Request failed');
  const fallback = res.status >= 500 ? 'The server had a problem handling this request. Please try again.' : res.statusText || `Request failed (${res.status})`;
  return new ApiError(res.status, `HTTP_${res.status}`, fallback);
}

function networkError(err: unknown): unknown {
  if (err instanceof DOMException && err.name === 'AbortError') return err;
  return new ApiError(0, 'NETWORK_ERROR', 'Could not reach the server. Check your connection and try again.');
}

export const client = createClient<paths>({
  credentials: 'same-origin',
  headers: { Accept: 'application/json' },
  querySerializer: (query) => serializeQuery(query),
});

interface FetchResult<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/** What a call resolves to: its 2xx JSON body, or nothing for 204 responses. */
export type Unwrapped<D> = [D] extends [never] ? void : D;

/**
 * Awaits an openapi-fetch call: its 2xx data, or an {@link ApiError} (NETWORK_ERROR
 * when the server could not be reached; an AbortError passes through unchanged).
 */
export async function unwrap<D>(call: Promise<FetchResult<D>>): Promise<Unwrapped<D>> {
  let result: FetchResult<D>;
  try {
    result = await call;
  } catch (err) {
    throw networkError(err);
  }
  if (!result.response.ok) throw toApiError(result.response, result.error);
  return result.data as Unwrapped<D>;
}

async function parseBody(res: Response): Promise<unknown> {
  if (res.status === 204 || res.status === 205) return undefined;
  const text = await res.text();
  if (!text) return undefined;
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * GET of a concrete path built at run time (the key-based default query function
 * of TanStack Query). Typed calls go through `client` instead.
 */
export async function getPath(path: string, options: { signal?: AbortSignal; query?: Record<string, unknown> } = {}): Promise<unknown> {
  const qs = serializeQuery(options.query);
  let res: Response;
  try {
    res = await fetch(qs ? path + (path.includes('?') ? '&' : '?') + qs : path, {
      method: 'GET',
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (err) {
    throw networkError(err);
  }
  const parsed = await parseBody(res);
  if (!res.ok) throw toApiError(res, parsed);
  return parsed;
}

/**
 * POST of a multipart form (files and fields), which the JSON client cannot send.
 * `fallback` is the message of an error whose body says nothing.
 */
export async function postForm<T>(path: string, form: FormData, fallback = 'Upload failed'): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', body: form, credentials: 'same-origin', headers: { Accept: 'application/json' } });
  } catch (err) {
    throw networkError(err);
  }
  const body = await parseBody(res);
  if (!res.ok) throw apiErrorFromBody(res.status, body, res.status >= 500 ? 'The server had a problem with this request. Please try again.' : fallback);
  return body as T;
}

/** A field message as a sentence beside its field: "must not be empty" → "Must not be empty." */
export function asSentence(message: string): string {
  const text = message.trim();
  if (!text) return text;
  const first = text[0]!.toUpperCase() + text.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}
