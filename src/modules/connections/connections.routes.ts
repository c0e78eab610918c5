import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../kernel/context.js';
import { portalContext } from '../../kernel/http.js';
import { noContent } from '../../kernel/openapi.js';
import * as s from './connections.schema.js';
import * as connections from './connections.service.js';

const params = z.object({ id: z.string().min(1).max(100) });
const remoteErrors = [
  'CONNECTION_ADDRESS_REFUSED',
  'CONNECTION_AUTH_FAILED',
  'CONNECTION_UNREACHABLE',
  'CONNECTION_BAD_RESPONSE',
  'CONNECTION_TOO_LARGE',
] as const;

/** Connected calendars (issue 18 item 2): a user's own connections to outside calendars. */
export async function connectionsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const auth = 'user' as const;
  const tags = ['connections'];

  r.get('/api/calendar-connections', {
    config: { auth },
    schema: {
      operationId: 'listCalendarConnections',
      tags,
      summary: 'Your connected calendars (CalDAV accounts and iCalendar subscriptions)',
      response: { 200: z.object({ items: z.array(s.connectionOut) }) },
    },
    handler: async (req) => ({ items: await connections.listConnections(portalContext(req, deps)) }),
  });

  r.post('/api/calendar-connections', {
    config: { auth, errors: ['CONNECTION_ADDRESS_REFUSED', 'SERVICE_UNAVAILABLE'] },
    schema: {
      operationId: 'createCalendarConnection',
      tags,
      summary: 'Connect a CalDAV account or subscribe to an iCalendar feed (webcal:// is read as https://); the first sync is queued at once',
      body: s.createConnectionBody,
      response: { 201: s.connectionOut },
    },
    handler: async (req, reply) => reply.status(201).send(await connections.createConnection(portalContext(req, deps), req.body)),
  });

  r.post('/api/calendar-connections/test', {
    config: { auth, errors: [...remoteErrors] },
    schema: {
      operationId: 'testCalendarConnection',
      tags,
      summary: 'Check that a calendar can be reached with these credentials, without saving anything',
      body: s.testConnectionBody,
      response: { 200: s.testConnectionOut },
    },
    handler: async (req) => connections.testConnection(portalContext(req, deps), req.body),
  });

  r.get('/api/calendar-connections/events', {
    config: { auth },
    schema: {
      operationId: 'listExternalEvents',
      tags,
      summary: 'Events of your connected calendars in a window (recurrence expanded), for the calendar view',
      querystring: s.externalEventsQuery,
      response: { 200: z.object({ items: z.array(s.externalEventOut) }) },
    },
    handler: async (req) => connections.listExternalEvents(portalContext(req, deps), req.query),
  });

  r.get('/api/calendar-connections/:id', {
    config: { auth },
    schema: { operationId: 'getCalendarConnection', tags, summary: 'One of your connected calendars', params, response: { 200: s.connectionOut } },
    handler: async (req) => connections.getConnection(portalContext(req, deps), req.params.id),
  });

  r.patch('/api/calendar-connections/:id', {
    config: { auth, errors: ['CONNECTION_ADDRESS_REFUSED', 'WRITE_BACK_TAKEN'] },
    schema: {
      operationId: 'updateCalendarConnection',
      tags,
      summary: 'Rename, recolour, change the address or credentials, choose busy calendars and the one write-back calendar',
      params,
      body: s.updateConnectionBody,
      response: { 200: s.connectionOut },
    },
    handler: async (req) => connections.updateConnection(portalContext(req, deps), req.params.id, req.body),
  });

  r.delete('/api/calendar-connections/:id', {
    config: { auth },
    schema: {
      operationId: 'deleteCalendarConnection',
      tags,
      summary: 'Disconnect: the connection and its events are removed',
      params,
      response: { 204: noContent },
    },
    handler: async (req, reply) => {
      await connections.deleteConnection(portalContext(req, deps), req.params.id);
      return reply.status(204).send();
    },
  });

  r.post('/api/calendar-connections/:id/sync', {
    config: { auth },
    schema: {
      operationId: 'syncCalendarConnection',
      tags,
      summary: 'Sync now; answers with the status and event count (a failure of the other side is status "error" with lastError)',
      params,
      response: { 200: s.syncOut },
    },
    handler: async (req) => connections.syncNow(portalContext(req, deps), req.params.id),
  });
}
