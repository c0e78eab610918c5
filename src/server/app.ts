import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import pino, { type Logger } from 'pino';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from '../kernel/config.js';
import { OffsetClock, systemClock, type Clock } from '../kernel/clock.js';
import type { AppDeps } from '../kernel/context.js';
import { clientErrorHandler, frameworkErrors, installAuth, installErrorHandling, installInputChecks } from './http.js';
import { installObservability } from './observability.js';
import { installOpenApi } from './openapi.js';
import { installWebApp } from './static.js';
import { installCompression } from './compression.js';
import { installSecurityHeaders } from './security.js';
import { installTokenRateLimit } from './ratelimit.js';
import { composeModules } from './compose.js';
import { jobHandlers, moduleRoutes } from './modules.js';
import { scheduleHousekeeping } from './housekeeping.js';
import { scheduleReminderStart } from '../modules/reminders/index.js';
import { openDatabase, type Database } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { JobQueue } from '../kernel/jobs/queue.js';
import { JobRunner } from '../kernel/jobs/runner.js';
import { createMailTransport, type MailTransport } from '../kernel/mail-transport.js';
import { installValidationMessages } from '../kernel/validation.js';

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
  installValidationMessages();
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
    // Every answer has our error shape, also those Fastify and Node give before a route runs.
    frameworkErrors,
    clientErrorHandler,
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  await installSecurityHeaders(app, deps.config);
  await installCompression(app);
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: deps.config.MAX_UPLOAD_BYTES, files: 1 } });
  await installOpenApi(app, deps.config.BASE_URL);
  installAuth(app, deps);
  await installTokenRateLimit(app, deps.config);
  installInputChecks(app);
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
  // Also with JOBS=0: this process holds the jobs that guard in-line work (uploads imported in
  // their request), and registering takes over the jobs of processes that are gone.
  await runner.register();
  runner.startHeartbeat();
  const app = await buildApp(deps);
  if (config.JOBS) {
    // The first housekeeping a minute after start (not in the way of start-up), then daily.
    await scheduleHousekeeping(deps, new Date(deps.clock.now().getTime() + 60_000), { orRunning: true });
    await scheduleReminderStart(deps);
    runner.start();
  }
  await app.listen({ port: config.PORT, host: config.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  let closing: Promise<void> | null = null;
  return {
    app,
    deps,
    runner,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close() {
      closing ??= shutdown(app, deps, runner, config.SHUTDOWN_TIMEOUT_MS);
      return closing;
    },
  };
}

/**
 * Stops listening and gives requests and the job in hand until the deadline; then closes
 * every connection that is left (keep-alive sockets, slow requests), releases the jobs this
 * process still runs for the next process, and closes the database.
 */
async function shutdown(app: FastifyInstance, deps: AppDeps, runner: JobRunner, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const left = () => Math.max(0, deadline - Date.now());
  let timer: NodeJS.Timeout | undefined;
  const overdue = new Promise<'overdue'>((resolve) => (timer = setTimeout(() => resolve('overdue'), timeoutMs)));
  runner.halt();
  const closed = app.close().then(() => 'closed' as const);
  app.server.closeIdleConnections();
  if ((await Promise.race([closed, overdue])) === 'overdue') {
    deps.log.warn({ timeoutMs }, 'shutdown deadline reached: closing the open connections');
    app.server.closeAllConnections();
    // Closing the sockets ends server.close(); a handler still running cannot hold it past this.
    await Promise.race([closed, new Promise((r) => setTimeout(r, 1000))]);
  }
  clearTimeout(timer);
  // After the requests: a job held for an upload imported in its request is released only if that request did not finish.
  await runner.stop({ graceMs: left() });
  deps.mail.close();
  await deps.database.close();
}
