import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/context.js';
import { portalContext } from '../../kernel/http.js';
import * as s from './notifications.schema.js';
import * as svc from './notifications.service.js';

export async function notificationsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const auth = 'user' as const;

  r.get('/api/notifications', {
    config: { auth },
    schema: {
      operationId: 'listNotifications',
      tags: ['notifications'],
      summary: "The caller's notifications, newest first, with the number unread (only what they may still see)",
      querystring: s.inboxQuery,
      response: { 200: s.inboxOut },
    },
    handler: async (req) => svc.listNotifications(portalContext(req, deps), req.query),
  });

  r.post('/api/notifications/read', {
    config: { auth },
    schema: {
      operationId: 'markNotificationsRead',
      tags: ['notifications'],
      summary: "Mark the caller's notifications read, by id or all; ids of others' notifications are ignored",
      body: s.markReadBody,
      response: { 200: s.markReadOut },
    },
    handler: async (req) => svc.markNotificationsRead(portalContext(req, deps), req.body),
  });

  r.get('/api/me/notification-settings', {
    config: { auth },
    schema: {
      operationId: 'getNotificationSettings',
      tags: ['notifications'],
      summary: 'Per kind: shown in the app, and mailed at once, in the daily digest or not at all',
      response: { 200: s.settingsOut },
    },
    handler: async (req) => svc.getSettings(portalContext(req, deps)),
  });

  r.put('/api/me/notification-settings', {
    config: { auth },
    schema: {
      operationId: 'putNotificationSettings',
      tags: ['notifications'],
      summary: 'Change the settings of the kinds given (the others stay); an unknown kind is refused',
      body: s.settingsBody,
      response: { 200: s.settingsOut },
    },
    handler: async (req) => svc.putSettings(portalContext(req, deps), req.body),
  });
}
