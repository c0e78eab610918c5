import path from 'node:path';
import { z } from 'zod';
import { installValidationMessages } from './validation.js';

const flag = z.enum(['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off']).transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

/**
 * Every setting the server reads from the environment, validated once at boot.
 * A bad value stops the process with a message naming the variable.
 */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (leave unset for the embedded SQLite file)')
    .optional(),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a plain lowercase PostgreSQL schema name')
    .optional(),
  BASE_URL: z.url({ message: 'must be an absolute URL such as https://work.example.com' }).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('SchedulingKit <no-reply@localhost>'),
  PLANS_FILE: z.string().min(1).optional(),
  /** on: hosted, with plans and billing. off: self-hosted, every feature and no limits, no billing (LIF-6). */
  BILLING: z.enum(['on', 'off'], { message: 'must be "on" (hosted, with plans) or "off" (self-hosted, no billing)' }).default('on'),
  /** closed: only an operator creates portals (`skit portal create`); the first sign-up of an empty install is still allowed. */
  SIGNUP: z.enum(['open', 'closed'], { message: 'must be "open" or "closed"' }).default('open'),
  /** Sign-ups accepted from one client address within 15 minutes (0: no limit). */
  SIGNUP_LIMIT: z.coerce.number().int().min(0).max(100_000).default(5),
  /** Failed sign-ins from one client address (any account, portal or operator) within 15 minutes before it gets 429 (0: no limit). */
  LOGIN_LIMIT: z.coerce.number().int().min(0).max(100_000).default(50),
  /** The longest a sign-in to an account with recent failures waits before its password is checked (0: no wait). */
  LOGIN_DELAY_MAX_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  /** Requests one API token may make within API_RATE_WINDOW_SECONDS; more answer 429 (0: no limit). Counted per process. */
  API_RATE_LIMIT: z.coerce.number().int().min(0).max(1_000_000).default(600),
  API_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** The plan every portal is put on when an install that ran with BILLING=off starts with BILLING=on (see `skit billing enable`). */
  DEFAULT_PLAN: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,39}$/, 'must be a plan id of the catalog, e.g. "team"')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(1024 * 1024 * 1024),
  TRUST_PROXY: flag.default(false),
  JOBS: flag.default(true),
  TEST_CLOCK: flag.default(false),
  /** Let automation webhooks and calendar connections call loopback addresses (127.0.0.1, ::1): for tests, same-host receivers, a Radicale on the same host. Private ranges stay refused. */
  WEBHOOK_ALLOW_LOOPBACK: flag.default(false),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /**
   * The key that encrypts the passwords of connected calendars at rest (AES-256-GCM): 32 random
   * bytes, base64 (`openssl rand -base64 32`). Required when NODE_ENV=production; elsewhere a key
   * file in DATA_DIR is made on first use (docs/decisions/0027-connected-calendars.md).
   */
  CALENDAR_CREDENTIALS_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64 (openssl rand -base64 32)')
    .optional(),
  /** Earlier keys, comma-separated, still read (not written) while passwords are re-encrypted with the new one. */
  CALENDAR_CREDENTIALS_PREVIOUS_KEYS: z
    .string()
    .refine((v) => v.split(',').every((k) => Buffer.from(k.trim(), 'base64').length === 32), 'must be 32-byte base64 keys separated by commas')
    .optional(),
  /** Minutes between background syncs of each connected calendar (failures back off from here). */
  CALENDAR_SYNC_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
  /** How long one request to a connected calendar may take. */
  CALENDAR_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(20_000),
  /** The largest answer read from a connected calendar (a subscription's whole feed). */
  CALENDAR_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(20 * 1024 * 1024),
  /** On SIGTERM/SIGINT: how long requests and the running job get to finish before connections are closed and jobs released. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /** Days the daily housekeeping keeps each kind of history (see src/server/housekeeping.ts and docs/operations.md). */
  RETENTION_JOBS_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  RETENTION_IDEMPOTENCY_KEYS_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  RETENTION_AUTOMATION_RUNS_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  RETENTION_AUTOMATION_EVENTS_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** The live stream (GET /api/stream): a comment this often keeps proxies from closing it, and the session is checked again. */
  LIVE_HEARTBEAT_MS: z.coerce.number().int().min(100).max(300_000).default(25_000),
  /** Years an erased portal's invoices are kept in the operator-only archive, counted from the end of the year of issue (0: keep none). */
  INVOICE_RETENTION_YEARS: z.coerce.number().int().min(0).max(100).default(10),
  /** Fault injection for the crash tests: the process kills itself with SIGKILL at the named point (see portability/crash-points.ts). */
  CRASH_AT: z
    .string()
    .regex(/^[a-z][a-z.-]*$/, 'must name a crash point, e.g. "import.rows"')
    .optional(),
  /** Where booking pages with a Jitsi Meet location make their rooms: `<JITSI_BASE_URL>/<unguessable room name>` per booking. */
  JITSI_BASE_URL: z
    .string()
    .regex(/^https:\/\/[^\s/?#]+(?:\/[^\s?#]*)?$/, 'must be an https:// URL such as https://meet.jit.si')
    .default('https://meet.jit.si'),
  NODE_ENV: z.string().optional(),
});

export type Config = Omit<z.output<typeof configSchema>, 'BASE_URL'> & { BASE_URL: string; DATA_DIR: string };

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An operator reads these messages too ("PORT: must be at most 65535").
  installValidationMessages();
  // Empty strings mean "unset", as in most .env files.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  // A movable clock in production would let anyone with admin rights fast-forward renewals.
  if (c.TEST_CLOCK && c.NODE_ENV === 'production') {
    throw new ConfigError('Invalid configuration:\n  TEST_CLOCK: must be off when NODE_ENV=production');
  }
  if (c.CRASH_AT && c.NODE_ENV === 'production') {
    throw new ConfigError('Invalid configuration:\n  CRASH_AT: must be unset when NODE_ENV=production');
  }
  const baseUrl = (c.BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, '');
  return { ...c, BASE_URL: baseUrl, DATA_DIR: path.resolve(c.DATA_DIR) };
}
