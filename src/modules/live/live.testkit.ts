import type { TestClient } from '../../test/client.js';

export interface SseMessage {
  id: string | null;
  event: string;
  data: any;
}

/** An open `GET /api/stream` read as a browser's EventSource would: events in order, as they arrive. */
export interface OpenStream {
  status: number;
  headers: Headers;
  /** Every event received so far (comments aside). */
  events: SseMessage[];
  /** Comment lines received so far (heartbeats). */
  comments: string[];
  /** The next event (after those already taken) that matches, or a rejection after `ms`. */
  next(match?: (e: SseMessage) => boolean, ms?: number): Promise<SseMessage>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Opens the live stream as this client (cookie or token), optionally resuming after `lastEventId`. */
export async function openStream(client: TestClient, opts: { lastEventId?: string } = {}): Promise<OpenStream> {
  const controller = new AbortController();
  const headers: Record<string, string> = { accept: 'text/event-stream', 'accept-encoding': 'br, gzip' };
  if (client.cookie) headers.cookie = client.cookie;
  if (client.token) headers.authorization = `Bearer ${client.token}`;
  if (opts.lastEventId !== undefined) headers['last-event-id'] = opts.lastEventId;
  const res = await fetch(`${client.baseUrl}/api/stream`, { headers, signal: controller.signal });
  const events: SseMessage[] = [];
  const comments: string[] = [];
  let taken = 0;
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());
  let endedResolve!: () => void;
  const ended = new Promise<void>((r) => (endedResolve = r));
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let id: string | null = null;
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) id = line.slice(4);
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length) events.push({ id, event, data: JSON.parse(data.join('\n')) });
          notify();
        }
      }
    } catch {
      // aborted by close()
    }
    endedResolve();
    notify();
  })();
  const next = (match: (e: SseMessage) => boolean = () => true, ms = 2000) =>
    new Promise<SseMessage>((resolve, reject) => {
      const check = () => {
        for (; taken < events.length;) {
          const e = events[taken++]!;
          if (match(e)) {
            waiters.delete(check);
            clearTimeout(timer);
            return resolve(e);
          }
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events.slice(-5))}`));
      }, ms);
      waiters.add(check);
      check();
    });
  return { status: res.status, headers: res.headers, events, comments, next, ended, close: () => controller.abort() };
}
