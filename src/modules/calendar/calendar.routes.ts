import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { portalContext } from '../../kernel/http.js';
import { fileResponse, noContent } from '../../kernel/openapi.js';
import * as s from './calendar.schema.js';
import * as calendars from './calendars.service.js';
import * as events from './events.service.js';
import * as occurrences from './occurrences.service.js';
import { renderFeed } from './feed.service.js';
import { notModified } from './conditional-get.js';
import { importIcs, MAX_ICS_BYTES } from './import.service.js';

const calendarParams = z.object({ id: z.string().min(1).max(100) });
const feedParams = z.object({ token: z.string().min(1).max(200) });

/** The .ics text of an import: a multipart field "file", or a raw text/calendar body. */
async function icsSource(req: FastifyRequest): Promise<string> {
  if (req.isMultipart()) {
    const part = await req.file({ limits: { fileSize: MAX_ICS_BYTES } });
    if (!part || part.fieldname !== 'file') {
      throw new AppError('VALIDATION_FAILED', 'file is required (a multipart field named "file")', {
        fields: [{ path: 'file', message: 'is required', in: 'body' }],
      });
    }
    const data = await part.toBuffer();
    if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', `Calendar files can be at most ${MAX_ICS_BYTES / 1024 / 1024} MB`);
    return data.toString('utf8');
  }
  if (typeof req.body === 'string') return req.body;
  throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the .ics file as multipart/form-data (field "file") or as a text/calendar body');
}

export async function calendarRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const auth = 'user' as const;
  app.addContentTypeParser('text/calendar', { parseAs: 'string', bodyLimit: MAX_ICS_BYTES }, (_req, body, done) => done(null, body));

  // --- Calendars --------------------------------------------------------------------------------
  r.get('/api/calendars', {
    config: { auth },
    schema: {
      operationId: 'listCalendars',
      tags: ['calendar'],
      summary: 'Your personal calendars and every shared one (your default calendar is made on first use)',
      response: { 200: z.object({ items: z.array(s.calendarOut) }) },
    },
    handler: async (req) => ({ items: await calendars.listCalendars(portalContext(req, deps)) }),
  });

  r.post('/api/calendars', {
    config: { auth, errors: ['FORBIDDEN'] },
    schema: {
      operationId: 'createCalendar',
      tags: ['calendar'],
      summary: 'Create a personal calendar, or (admins) a shared one',
      body: s.createCalendarBody,
      response: { 201: s.calendarOut },
    },
    handler: async (req, reply) => reply.status(201).send(await calendars.createCalendar(portalContext(req, deps), req.body)),
  });

  r.get('/api/calendars/:id', {
    config: { auth },
    schema: { operationId: 'getCalendar', tags: ['calendar'], summary: 'One calendar', params: calendarParams, response: { 200: s.calendarOut } },
    handler: async (req) => calendars.getCalendar(portalContext(req, deps), req.params.id),
  });

  r.patch('/api/calendars/:id', {
    config: { auth, errors: ['FORBIDDEN'] },
    schema: {
      operationId: 'updateCalendar',
      tags: ['calendar'],
      summary: 'Rename or recolour a calendar (shared ones: admins)',
      params: calendarParams,
      body: s.updateCalendarBody,
      response: { 200: s.calendarOut },
    },
    handler: async (req) => calendars.updateCalendar(portalContext(req, deps), req.params.id, req.body),
  });

  r.delete('/api/calendars/:id', {
    config: { auth, errors: ['FORBIDDEN', 'CANNOT_DELETE_DEFAULT'] },
    schema: {
      operationId: 'deleteCalendar',
      tags: ['calendar'],
      summary: 'Delete a calendar and its events (not your default calendar)',
      params: calendarParams,
      response: { 204: noContent },
    },
    handler: async (req, reply) => {
      await calendars.deleteCalendar(portalContext(req, deps), req.params.id);
      return reply.status(204).send();
    },
  });

  r.get('/api/calendars/:id/feed-url', {
    config: { auth },
    schema: {
      operationId: 'getCalendarFeedUrl',
      tags: ['calendar'],
      summary: 'The private iCalendar feed URL to subscribe to (made on first request)',
      params: calendarParams,
      response: { 200: s.feedUrlOut },
    },
    handler: async (req) => calendars.getFeedUrl(portalContext(req, deps), req.params.id),
  });

  r.delete('/api/calendars/:id/feed-url', {
    config: { auth, errors: ['FORBIDDEN'] },
    schema: {
      operationId: 'revokeCalendarFeedUrl',
      tags: ['calendar'],
      summary: 'Revoke the feed URL (the old one stops working at once)',
      params: calendarParams,
      response: { 204: noContent },
    },
    handler: async (req, reply) => {
      await calendars.revokeFeed(portalContext(req, deps), req.params.id);
      return reply.status(204).send();
    },
  });

  r.post('/api/calendars/:id/import', {
    config: { auth, errors: ['INVALID_FILE'], multipart: s.icsUploadForm },
    schema: {
      operationId: 'importCalendarFile',
      tags: ['calendar'],
      summary: 'Import an .ics file (multipart field "file", or a text/calendar body); events already imported are skipped unless newer',
      consumes: ['multipart/form-data', 'text/calendar'],
      params: calendarParams,
      querystring: s.importQuery,
      response: { 200: s.importResultOut },
    },
    handler: async (req) => {
      const ctx = portalContext(req, deps);
      await calendars.visibleCalendar(ctx, req.params.id);
      return importIcs(ctx, req.params.id, await icsSource(req), req.query.timeZone);
    },
  });

  r.get('/api/public/calendars/feed/:token', {
    config: { auth: 'public' },
    schema: {
      operationId: 'getCalendarFeed',
      tags: ['calendar'],
      summary: 'A private calendar feed (text/calendar); the URL ends in .ics and its token is the secret',
      description:
        'Answers with a strong ETag (a hash of the document) and Last-Modified; If-None-Match or If-Modified-Since with the current copy gives 304 without a body. HEAD gives the headers alone.',
      params: feedParams,
      response: {
        200: fileResponse('text/calendar', 'The calendar (iCalendar)', z.string()),
        304: noContent.describe('Not modified (If-None-Match, If-Modified-Since)'),
      },
    },
    handler: async (req, reply) => {
      const feed = await renderFeed(deps, req.params.token.replace(/\.ics$/i, ''));
      reply.header('etag', feed.etag).header('last-modified', feed.lastModified.toUTCString()).header('cache-control', 'private, max-age=300');
      if (notModified(req.headers, feed)) return reply.code(304).send();
      return reply.header('content-type', 'text/calendar; charset=utf-8').header('content-disposition', 'inline; filename="calendar.ics"').send(feed.body);
    },
  });

  // --- Events ------------------------------------------------------------------------------------
  r.get('/api/events', {
    config: { auth },
    schema: {
      operationId: 'listEventOccurrences',
      tags: ['calendar'],
      summary: 'Occurrences in a time window (at most 400 days), recurrences expanded, sorted by start',
      querystring: s.eventsQuery,
      response: { 200: z.object({ items: z.array(s.occurrenceOut) }) },
    },
    handler: async (req) => ({ items: await occurrences.listOccurrences(portalContext(req, deps), req.query) }),
  });

  r.post('/api/events', {
    config: { auth, errors: ['INVALID_RRULE', 'NOT_FOUND'] },
    schema: {
      operationId: 'createEvent',
      tags: ['calendar'],
      summary: 'Create an event or a recurring series',
      body: s.createEventBody,
      response: { 201: s.eventOut },
    },
    handler: async (req, reply) => reply.status(201).send(await events.createEvent(portalContext(req, deps), req.body)),
  });

  r.get('/api/events/:id', {
    config: { auth },
    schema: {
      operationId: 'getEvent',
      tags: ['calendar'],
      summary: 'One event (the whole series, with its exceptions)',
      params: s.eventParams,
      response: { 200: s.eventOut },
    },
    handler: async (req) => events.getEvent(portalContext(req, deps), req.params.id),
  });

  r.patch('/api/events/:id', {
    config: { auth, errors: ['INVALID_RRULE', 'CONFLICT'] },
    schema: {
      operationId: 'updateEvent',
      tags: ['calendar'],
      summary: 'Change an event (for a series: all occurrences)',
      params: s.eventParams,
      body: s.updateEventBody,
      response: { 200: s.eventOut },
    },
    handler: async (req) => events.updateEvent(portalContext(req, deps), req.params.id, req.body),
  });

  r.delete('/api/events/:id', {
    config: { auth },
    schema: {
      operationId: 'deleteEvent',
      tags: ['calendar'],
      summary: 'Delete an event (for a series: all occurrences)',
      params: s.eventParams,
      response: { 204: noContent },
    },
    handler: async (req, reply) => {
      await events.deleteEvent(portalContext(req, deps), req.params.id);
      return reply.status(204).send();
    },
  });

  r.put('/api/events/:id/occurrences/:recurrenceId', {
    config: { auth, errors: ['NOT_RECURRING'] },
    schema: {
      operationId: 'updateEventOccurrence',
      tags: ['calendar'],
      summary: 'Change or cancel one occurrence of a series ("this event only")',
      params: s.occurrenceParams,
      body: s.occurrenceBody,
      response: { 200: s.overrideOut.extend({ eventId: z.string() }) },
    },
    handler: async (req) => occurrences.putOccurrence(portalContext(req, deps), req.params.id, req.params.recurrenceId, req.body),
  });

  r.delete('/api/events/:id/occurrences/:recurrenceId', {
    config: { auth, errors: ['NOT_RECURRING'] },
    schema: {
      operationId: 'cancelEventOccurrence',
      tags: ['calendar'],
      summary: 'Cancel one occurrence of a series',
      params: s.occurrenceParams,
      response: { 204: noContent },
    },
    handler: async (req, reply) => {
      await occurrences.cancelOccurrence(portalContext(req, deps), req.params.id, req.params.recurrenceId);
      return reply.status(204).send();
    },
  });
}
