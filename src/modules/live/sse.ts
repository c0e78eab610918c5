/**
 * Server-Sent Events framing (pure). A frame is `id:`, `event:` and `data:` lines ended by
 * a blank line; data is one line of JSON, so it never holds a newline of its own.
 */
export interface SseEvent {
  id?: number;
  event: string;
  data: unknown;
}

export function sseFrame(e: SseEvent): string {
  return `${e.id !== undefined ? `id: ${e.id}\n` : ''}event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;
}

/** A comment line: keeps proxies and the browser from closing an idle stream. */
export const sseComment = (text: string): string => `: ${text}\n\n`;

/** How long the browser waits before reconnecting after the stream ends. */
export const sseRetry = (ms: number): string => `retry: ${ms}\n\n`;

/** `Last-Event-ID` as sent by EventSource on reconnect: a stream position, or nothing usable. */
export function parseLastEventId(value: string | string[] | undefined): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v || !/^\d{1,15}$/.test(v.trim())) return null;
  return Number(v.trim());
}
