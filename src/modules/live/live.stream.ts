import type { PassThrough } from 'node:stream';
import type { AppDeps } from '../../kernel/context.js';
import type { LiveHub, LiveRow } from './live.hub.js';
import { parseLastEventId, sseComment, sseFrame, sseRetry } from './sse.js';

/** A client that reads slower than this much pending output is dropped; its browser reconnects and resumes. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
const RETRY_MS = 3000;

export interface StreamOptions {
  portalId: string;
  userId: string;
  lastEventId: string | string[] | undefined;
  stillSignedIn(): Promise<boolean>;
}

/** One frame per row, however many streams it goes to (the hub hands every stream the same row object). */
const frames = new WeakMap<LiveRow, string>();
function frameOf(row: LiveRow): string {
  let frame = frames.get(row);
  if (frame === undefined) frames.set(row, (frame = sseFrame({ id: row.seq, event: row.type, data: JSON.parse(row.payload) as unknown })));
  return frame;
}

/**
 * One open stream: subscribes first (live rows wait in a queue), then replays what the
 * client missed since `Last-Event-ID` up to the hub's position at subscription, then the
 * queue, so no event is lost or repeated. Every heartbeat checks the sign-in again.
 */
export async function openStream(deps: AppDeps, hub: LiveHub, out: PassThrough, o: StreamOptions): Promise<void> {
  let queue: LiveRow[] | null = [];
  const send = (text: string) => {
    if (out.destroyed || out.writableEnded) return;
    if (out.writableLength > MAX_BUFFERED_BYTES) return void out.end();
    out.write(text);
  };
  const unsubscribe = hub.subscribe({
    portalId: o.portalId,
    userId: o.userId,
    deliver: (row) => (queue ? queue.push(row) : send(frameOf(row))),
  });
  const beat = () =>
    void o
      .stillSignedIn()
      .then((ok) => (ok ? send(sseComment('ping')) : out.end()))
      .catch(() => out.end());
  // Streams opened together (a deploy, a benchmark) check their sessions spread over the interval, not in one burst.
  const every = deps.config.LIVE_HEARTBEAT_MS;
  let heartbeat: NodeJS.Timeout = setTimeout(
    () => {
      beat();
      heartbeat = setInterval(beat, every);
    },
    every / 2 + Math.random() * (every / 2),
  );
  out.on('close', () => {
    clearTimeout(heartbeat);
    clearInterval(heartbeat);
    unsubscribe();
  });

  send(sseRetry(RETRY_MS));
  const after = parseLastEventId(o.lastEventId);
  // Everything committed before the client came is replayed or counted as seen, also what
  // this process has not been woken for yet (a client that read on another process is ahead).
  await hub.pump();
  const upTo = hub.cursor;
  if (after !== null) {
    const oldest = await hub.oldestSeq();
    if (after > upTo || (oldest !== null && after < oldest - 1) || (oldest === null && after < upTo)) {
      send(sseFrame({ id: upTo, event: 'reset', data: {} }));
    } else {
      for (const row of await hub.replay(o.portalId, after, upTo)) if (row.user_id === null || row.user_id === o.userId) send(frameOf(row));
    }
  }
  send(sseFrame({ id: upTo, event: 'ready', data: {} }));
  const waiting = queue;
  queue = null;
  for (const row of waiting) if (row.seq > upTo) send(frameOf(row));
}
