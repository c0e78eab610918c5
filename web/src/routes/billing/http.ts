import { ApiError, type ApiErrorDetails } from '../../api';
import { idempotencyKey } from './money';

/**
 * POST with an Idempotency-Key header (the shared client sends no custom
 * headers): billing charges at most once per key, so a retried or doubled
 * request is safe. Errors come back as the same ApiError the client throws.
 */
export async function postOnce<T>(path: string, body: unknown, key: string = idempotencyKey()): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify(body ?? {}),
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', 'Could not reach the server. Check your connection and try again.');
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  if (!res.ok) {
    const e = (parsed as { error?: { code?: string; message?: string; details?: ApiErrorDetails } } | undefined)?.error;
    throw new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? (res.statusText || 'Request failed'), e?.details);
  }
  return parsed as T;
}
