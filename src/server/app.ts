import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import pino, { type Logger } from 'pino';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from '../kernel/config.js';
import { OffsetClock, systemClock, type Clock } from '../kernel/clock.js';
import type { AppDeps } from '../kernel/context.js';
import { answerClientError, installAuth, installErrorHandling } from './http.js';
import { installObservability } from './observability.js';
import { installOpenApi } from './openapi.js';
import { installWebApp } from './static.js';
import { composeModules } from './compose.js';
import { jobHandlers, moduleRoutes } from './modules.js';
import { openDatabase, type Database } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { JobQueue } from '../kernel/jobs/queue.js';
import { JobRunner } from '../kernel/jobs/runner.js';
import { createMailTransport, type MailTransport } from '../kernel/mail-transport.js';

export interface DepsOverrides {
  database?: Database;
  clock?: Clock;
  log?: Logger;
  mail?: MailTransport;
}

export function createLogger(config: Config): Logger {
  return pino({ level: config.LOG_LEVEL, redact: ['req.headers.authorization', 'req.headers.cookie', '*.password'] });
}

/** Builds what the process shares and wires the modules' reactions (compose.ts). Opening the database does not migrate it. */
export function createDeps(config: Config, overrides: DepsOverrides = {}): AppDeps {
  composeModules();
  const database = overrides.database ?? openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, pgSchema: config.DATABASE_SCHEMA });
  // TEST_CLOCK=1: a clock an admin can move forward per portal (POST /api/test-clock/advance).
  const clock = overrides.clock ?? (config.TEST_CLOCK ? new OffsetClock() : systemClock);
  return {
    config,
    database,
    db: database.db,
    clock,
    log: overrides.log ?? createLogger(config),
    jobs: new JobQueue(database.dialect, clock),
    mail: overrides.mail ?? createMailTransport(config.SMTP_URL),
  };
}

/** The HTTP application: plugins, hooks, every module's routes, the web app. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log,
    trustProxy: deps.config.TRUST_PROXY,
    bodyLimit: 5 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 300 },
    clientErrorHandler: answerClientError,
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: deps.config.MAX_UPLOAD_BYTES, files: 1 } });
  await installOpenApi(app, deps.config.BASE_URL);
  installAuth(app, deps);
  installObservability(app, deps);
  for (const register of moduleRoutes) await register(app, deps);
  await installWebApp(app);
  return app;
}

export interface RunningServer {
  app: FastifyInstance;
  deps: AppDeps;
  runner: JobRunner;
  url: string;
  close(): Promise<void>;
}

/** Migrates, starts the job runner and listens: what `skit serve` does, and what tests do. */
export async function startServer(config: Config, overrides: DepsOverrides = {}): Promise<RunningServer> {
  const deps = createDeps(config, overrides);
  await migrateToLatest(deps.database);
  const runner = new JobRunner(deps, jobHandlers);
  deps.jobRunner = runner;
  const app = await buildApp(deps);
  if (config.JOBS) runner.start();
  await app.listen({ port: config.PORT, host: config.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  let closed = false;
  return {
    app,
    deps,
    runner,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    async close() {
      if (closed) return;
      closed = true;
      await runner.stop();
      await app.close();
      deps.mail.close();
      await deps.database.close();
    },
  };
}
