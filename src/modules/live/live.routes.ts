import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../kernel/context.js';
import { SESSION_COOKIE, type Authenticated } from '../../kernel/http.js';
import { fileResponse } from '../../kernel/openapi.js';
import { authenticateApiToken, authenticateSession } from '../accounts/index.js';
import { LiveHub } from './live.hub.js';
import { openStream } from './live.stream.js';

/** Is the caller who opened the stream still signed in (session or token alive, user and portal active)? */
function stillSignedIn(deps: AppDeps, request: FastifyRequest, auth: Authenticated): () => Promise<boolean> {
  const header = request.headers.authorization;
  const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : null;
  const cookie = request.cookies?.[SESSION_COOKIE];
  return async () => {
    const again = auth.via === 'token' && bearer ? await authenticateApiToken(deps, bearer) : cookie ? await authenticateSession(deps, cookie) : null;
    return !!again && again.user.id === auth.user.id && again.portal.id === auth.portal.id;
  };
}

export async function liveRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const hub = new LiveHub(deps);
  await hub.start();
  const streams = new Set<PassThrough>();
  // Open streams would hold the shutdown until its deadline: end them first; browsers reconnect elsewhere.
  app.addHook('preClose', async () => {
    for (const s of streams) s.end();
  });
  app.addHook('onClose', async () => hub.stop());

  app.withTypeProvider<ZodTypeProvider>().get('/api/stream', {
    config: { auth: 'user' },
    schema: {
      operationId: 'openLiveStream',
      tags: ['live'],
      summary: 'Live updates for the signed-in user (Server-Sent Events)',
      description:
        'A `text/event-stream`: `notification` (data: the notification), `change` (data: {entity, id, action}), `ready` once connected, ' +
        '`reset` when events since `Last-Event-ID` are no longer kept (refetch everything). Every event has an `id`; reconnecting with ' +
        '`Last-Event-ID` resumes after it. Comments keep the connection open.',
      response: { 200: fileResponse('text/event-stream', 'The event stream', z.string()) },
    },
    handler: async (request, reply) => {
      const auth = request.auth!;
      const body = new PassThrough();
      streams.add(body);
      body.on('close', () => streams.delete(body));
      reply
        .header('Content-Type', 'text/event-stream; charset=utf-8')
        .header('Cache-Control', 'no-cache, no-transform')
        // nginx and similar proxies: pass every event on at once.
        .header('X-Accel-Buffering', 'no');
      await openStream(deps, hub, body, {
        portalId: auth.portal.id,
        userId: auth.user.id,
        lastEventId: request.headers['last-event-id'],
        stillSignedIn: stillSignedIn(deps, request, auth),
      });
      request.raw.on('close', () => body.destroy());
      return reply.send(body);
    },
  });
}
