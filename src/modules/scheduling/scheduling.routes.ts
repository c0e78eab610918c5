import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../server/context.js';

export async function schedulingRoutes(_app: FastifyInstance, _deps: AppDeps): Promise<void> {}
