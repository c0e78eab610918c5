import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../kernel/context.js';
import { portalContext, requestMeta } from '../../kernel/http.js';
import { noContent } from '../../kernel/openapi.js';
import * as s from './scheduling.schema.js';
import * as availability from './availability.service.js';
import * as pages from './pages.service.js';
import * as publicBooking from './bookings.public.js';
import * as manage from './bookings.manage.js';
import { findTimes } from './findtimes.service.js';
import { runAutoSchedule } from './autoschedule.service.js';
import { parseQuickAdd } from './parse.service.js';
import { listMyBlocks, setBlockPinned } from './blocks.service.js';

const pageParams = z.object({ id: z.string().min(1).max(100) });

export async function schedulingRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['scheduling'];

  // --- Availability (SCH-1) ---------------------------------------------------------------------
  r.get('/api/me/availability', {
    config: { auth: 'user' },
    schema: {
      operationId: 'getMyAvailability',
      tags,
      summary: 'Your working hours (Mon–Fri 09:00–17:00 until you save your own)',
      querystring: s.availabilityQuery,
      response: { 200: s.availabilityOut },
    },
    handler: async (req) => {
      const ctx = portalContext(req, deps);
      return availability.getAvailability(ctx, req.auth!.user.id, req.query.timeZone);
    },
  });

  r.put('/api/me/availability', {
    config: { auth: 'user' },
    schema: {
      operationId: 'setMyAvailability',
      tags,
      summary: 'Save your working hours: a time zone, weekly ranges and date overrides',
      body: s.availabilityBody,
      response: { 200: s.availabilityOut },
    },
    handler: async (req) => availability.putAvailability(portalContext(req, deps), req.auth!.user.id, req.body),
  });

  r.get('/api/users/:id/free-busy', {
    config: { auth: 'admin' },
    schema: {
      operationId: 'getUserFreeBusy',
      tags,
      summary: 'A user’s working hours and busy times in a window (no event details)',
      params: s.userParams,
      querystring: s.windowQuery,
      response: { 200: s.freeBusyOut },
    },
    handler: async (req) => availability.freeBusy(portalContext(req, deps), req.params.id, req.query.from, req.query.to),
  });

  // --- Find a time, quick add, auto-scheduling (SCH-2, SCH-5, SCH-4) --------------------------------
  r.post('/api/scheduling/find-times', {
    config: { auth: 'user', errors: ['INVALID_REFERENCE'] },
    schema: {
      operationId: 'findMeetingTimes',
      tags,
      summary: 'Ranked meeting times that suit every required attendee, with the reasons',
      body: s.findTimesBody,
      response: { 200: s.findTimesOut },
    },
    handler: async (req) => findTimes(portalContext(req, deps), req.body),
  });

  r.post('/api/scheduling/parse', {
    config: { auth: 'user' },
    schema: {
      operationId: 'parseQuickAdd',
      tags,
      summary: 'Read a quick-add phrase ("30 min with Mia next Tuesday afternoon")',
      body: s.parseBody,
      response: { 200: s.parseOut },
    },
    handler: async (req) => parseQuickAdd(portalContext(req, deps), req.body),
  });

  r.post('/api/scheduling/auto-schedule', {
    config: { auth: 'user', errors: ['PLAN_FEATURE_REQUIRED', 'FORBIDDEN', 'NOT_FOUND'] },
    schema: {
      operationId: 'autoScheduleTasks',
      tags,
      summary: 'Place open tasks with estimates into free calendar time (replaces earlier blocks)',
      body: s.autoScheduleBody,
      response: { 200: s.autoScheduleOut },
    },
    handler: async (req) => runAutoSchedule(portalContext(req, deps), req.body),
  });

  r.get('/api/scheduling/blocks', {
    config: { auth: 'user' },
    schema: {
      operationId: 'listMyAutoScheduledBlocks',
      tags,
      summary: 'Your auto-scheduled blocks (from now on, or in a window)',
      querystring: s.blockListQuery,
      response: { 200: s.blockList },
    },
    handler: async (req) => listMyBlocks(portalContext(req, deps), req.query),
  });

  r.patch('/api/scheduling/blocks/:id', {
    config: { auth: 'user' },
    schema: {
      operationId: 'updateAutoScheduledBlock',
      tags,
      summary: 'Pin or unpin one of your auto-scheduled blocks (re-placement never moves a pinned block)',
      params: s.blockParams,
      body: s.blockPatch,
      response: { 200: s.blockOut },
    },
    handler: async (req) => setBlockPinned(portalContext(req, deps), req.params.id, req.body.pinned),
  });

  // --- Booking pages (SCH-3) ----------------------------------------------------------------------
  r.get('/api/booking-pages', {
    config: { auth: 'user' },
    schema: {
      operationId: 'listBookingPages',
      tags,
      summary: 'The portal’s booking pages',
      querystring: s.pageList,
      response: { 200: z.object({ items: z.array(s.pageOut), nextCursor: z.string().nullable() }) },
    },
    handler: async (req) => pages.listPages(portalContext(req, deps), req.query),
  });

  r.post('/api/booking-pages', {
    config: { auth: 'user', errors: ['INVALID_REFERENCE', 'PLAN_FEATURE_REQUIRED', 'FORBIDDEN', 'SLUG_TAKEN'] },
    schema: {
      operationId: 'createBookingPage',
      tags,
      summary: 'Create a booking page (several hosts or round robin: team plan feature)',
      body: s.createPageBody,
      response: { 201: s.pageOut },
    },
    handler: async (req, reply) => reply.status(201).send(await pages.createPage(portalContext(req, deps), req.body)),
  });

  r.get('/api/booking-pages/:id', {
    config: { auth: 'user' },
    schema: { operationId: 'getBookingPage', tags, summary: 'One booking page', params: pageParams, response: { 200: s.pageOut } },
    handler: async (req) => pages.getPage(portalContext(req, deps), req.params.id),
  });

  r.patch('/api/booking-pages/:id', {
    config: { auth: 'user', errors: ['INVALID_REFERENCE', 'PLAN_FEATURE_REQUIRED', 'FORBIDDEN', 'SLUG_TAKEN'] },
    schema: {
      operationId: 'updateBookingPage',
      tags,
      summary: 'Change a booking page (its hosts, creator or admins)',
      params: pageParams,
      body: s.updatePageBody,
      response: { 200: s.pageOut },
    },
    handler: async (req) => pages.updatePage(portalContext(req, deps), req.params.id, req.body),
  });

  r.delete('/api/booking-pages/:id', {
    config: { auth: 'user', errors: ['FORBIDDEN'] },
    schema: {
      operationId: 'deleteBookingPage',
      tags,
      summary: 'Delete a booking page (bookings made stay in the calendars)',
      params: pageParams,
      response: { 204: noContent },
    },
    handler: async (req, reply) => {
      await pages.removePage(portalContext(req, deps), req.params.id);
      return reply.status(204).send();
    },
  });

  r.get('/api/bookings', {
    config: { auth: 'user' },
    schema: {
      operationId: 'listBookings',
      tags,
      summary: 'Bookings you host (admins: all), by start time',
      querystring: s.bookingList,
      response: { 200: z.object({ items: z.array(s.bookingOut), nextCursor: z.string().nullable() }) },
    },
    handler: async (req) => manage.listBookings(portalContext(req, deps), req.query),
  });

  r.post('/api/bookings/:id/cancel', {
    config: { auth: 'user', errors: ['FORBIDDEN'] },
    schema: {
      operationId: 'cancelBooking',
      tags,
      summary: 'Cancel a booking you host (admins: any); the guest is told',
      params: pageParams,
      body: s.cancelBody,
      response: { 200: s.bookingOut },
    },
    handler: async (req) => manage.cancelByHost(portalContext(req, deps), req.params.id, req.body.reason ?? null),
  });

  // --- Public: guests book, reschedule and cancel ---------------------------------------------------
  const publicTags = ['public booking'];
  r.get('/api/public/:portalSlug/booking/:slug', {
    config: { auth: 'public' },
    schema: {
      operationId: 'getPublicBookingPage',
      tags: publicTags,
      summary: 'A booking page as guests see it',
      params: s.publicPageParams,
      response: { 200: s.publicPageOut },
    },
    handler: async (req) => publicBooking.getPublicPage(deps, req.params.portalSlug, req.params.slug, requestMeta(req)),
  });

  r.get('/api/public/:portalSlug/booking/:slug/slots', {
    config: { auth: 'public' },
    schema: {
      operationId: 'listPublicBookingSlots',
      tags: publicTags,
      summary: 'Free slots of a booking page (default: the next 14 days)',
      params: s.publicPageParams,
      querystring: s.slotsQuery,
      response: { 200: s.slotsOut },
    },
    handler: async (req) => publicBooking.publicSlots(deps, req.params.portalSlug, req.params.slug, req.query, requestMeta(req)),
  });

  r.post('/api/public/:portalSlug/booking/:slug/book', {
    config: { auth: 'public', errors: ['SLOT_TAKEN', 'RATE_LIMITED'] },
    schema: {
      operationId: 'bookPublicSlot',
      tags: publicTags,
      summary: 'Book a slot (409 when it was taken meanwhile)',
      params: s.publicPageParams,
      body: s.bookBody,
      response: { 201: s.publicBookingOut },
    },
    handler: async (req, reply) => reply.status(201).send(await publicBooking.book(deps, req.params.portalSlug, req.params.slug, req.body, requestMeta(req))),
  });

  r.get('/api/public/bookings/:token', {
    config: { auth: 'public' },
    schema: {
      operationId: 'getPublicBooking',
      tags: publicTags,
      summary: 'A booking, by the secret of its manage link',
      params: s.tokenParams,
      response: { 200: s.publicBookingOut },
    },
    handler: async (req) => manage.getBookingByToken(deps, req.params.token, requestMeta(req)),
  });

  r.get('/api/public/bookings/:token/slots', {
    config: { auth: 'public' },
    schema: {
      operationId: 'listPublicRescheduleSlots',
      tags: publicTags,
      summary: 'Slots the booking can move to',
      params: s.tokenParams,
      querystring: s.slotsQuery,
      response: { 200: s.slotsOut },
    },
    handler: async (req) => manage.slotsForReschedule(deps, req.params.token, req.query, requestMeta(req)),
  });

  r.post('/api/public/bookings/:token/reschedule', {
    config: { auth: 'public', errors: ['BOOKING_CANCELLED', 'SLOT_TAKEN', 'PORTAL_PAUSED'] },
    schema: {
      operationId: 'reschedulePublicBooking',
      tags: publicTags,
      summary: 'Move the booking to another slot (409 when it is taken)',
      params: s.tokenParams,
      body: s.rescheduleBody,
      response: { 200: s.publicBookingOut },
    },
    handler: async (req) => manage.rescheduleByToken(deps, req.params.token, req.body.start, requestMeta(req), req.body.timeZone),
  });

  r.post('/api/public/bookings/:token/cancel', {
    config: { auth: 'public', errors: ['CONFLICT', 'PORTAL_PAUSED'] },
    schema: {
      operationId: 'cancelPublicBooking',
      tags: publicTags,
      summary: 'Cancel the booking',
      params: s.tokenParams,
      body: s.cancelBody,
      response: { 200: s.publicBookingOut },
    },
    handler: async (req) => manage.cancelByToken(deps, req.params.token, req.body.reason ?? null, requestMeta(req)),
  });
}
