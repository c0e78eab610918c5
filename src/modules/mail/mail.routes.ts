import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../kernel/context.js';
import { portalContext } from '../../kernel/http.js';
import { pageQuery } from '../../kernel/pagination.js';
import { listOutbox } from './mail.service.js';

const mailOut = z
  .object({
    id: z.string(),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    status: z.enum(['queued', 'sent', 'failed', 'stored']),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .meta({ id: 'OutboxMail' });

export async function mailRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get('/api/mail/outbox', {
    config: { auth: 'admin' },
    schema: {
      operationId: 'listOutbox',
      tags: ['mail'],
      summary: "The portal's mail: what was sent, or kept here when no SMTP server is configured",
      querystring: pageQuery,
      response: { 200: z.object({ items: z.array(mailOut), nextCursor: z.string().nullable() }) },
    },
    handler: async (req) => listOutbox(portalContext(req, deps), req.query),
  });
}
