import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../kernel/context.js';
import { portalContext } from '../../kernel/http.js';
import { pageQuery } from '../../kernel/pagination.js';
import { listAudit } from './audit.service.js';

const auditEntryOut = z
  .object({
    id: z.string(),
    action: z.string(),
    actorType: z.string(),
    actor: z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }).nullable(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'AuditEntry' });

export async function auditRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get('/api/audit', {
    config: { auth: 'admin' },
    schema: {
      operationId: 'listAuditEntries',
      tags: ['audit'],
      summary: 'Who did what, when, from where (newest first)',
      querystring: pageQuery.extend({ action: z.string().max(100).optional() }),
      response: { 200: z.object({ items: z.array(auditEntryOut), nextCursor: z.string().nullable() }) },
    },
    handler: async (req) => listAudit(portalContext(req, deps), req.query),
  });
}
