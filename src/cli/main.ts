import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import type { Config } from '../kernel/config.js';
import { AppError } from '../kernel/errors.js';
import type { AppDeps } from '../kernel/context.js';
import { registerOperatorCommands } from '../modules/operators/operators.cli.js';
import { registerPortabilityCommands } from '../modules/portability/portability.cli.js';

// Only commander and the command definitions load at start; each command imports what it
// runs when it runs, so `skit --help` and `skit --version` start fast (ADR 0018).
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

async function config(): Promise<Config> {
  const { ConfigError, loadConfig } = await import('../kernel/config.js');
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}

/** Runs a command against the database with its own short-lived deps (usable while a server runs). */
async function withDeps<T>(fn: (deps: AppDeps) => Promise<T>): Promise<T> {
  const cfg = await config();
  const [{ createDeps }, { migrateToLatest }] = await Promise.all([import('../server/app.js'), import('../db/migrate.js')]);
  const deps = createDeps({ ...cfg, LOG_LEVEL: 'warn' });
  try {
    await migrateToLatest(deps.database);
    return await fn(deps);
  } finally {
    await deps.database.close();
  }
}

function fail(err: unknown): never {
  if (err instanceof AppError) {
    const fields = (err.details?.fields as { path: string; message: string }[] | undefined)?.map((f) => `  ${f.path}: ${f.message}`) ?? [];
    process.stderr.write([`error: ${err.message} (${err.code})`, ...fields].join('\n') + '\n');
  } else {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  process.exit(1);
}

const port = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number');
  return String(n);
};

const program = new Command('skit')
  .description('SchedulingKit: serve the app and run operator tasks. Settings come from the environment (see README).')
  .version(VERSION, '-V, --version', 'print the version')
  .showHelpAfterError();

program
  .command('serve')
  .description('Migrate the database, start background jobs and serve the web app and API')
  .option('-p, --port <port>', 'port to listen on (overrides PORT)', port)
  .option('--host <host>', 'address to bind (overrides HOST)')
  .action(async (opts: { port?: string; host?: string }) => {
    if (opts.port) process.env.PORT = opts.port;
    if (opts.host) process.env.HOST = opts.host;
    const cfg = await config();
    const started = Date.now();
    const { startServer } = await import('../server/app.js');
    const server = await startServer(cfg).catch(fail);
    server.deps.log.info(
      { url: server.url, baseUrl: cfg.BASE_URL, database: server.deps.database.location, mail: server.deps.mail.kind, startupMs: Date.now() - started },
      `SchedulingKit is listening on ${server.url}`,
    );
    const shutdown = async (signal: string) => {
      server.deps.log.info({ signal, timeoutMs: cfg.SHUTDOWN_TIMEOUT_MS }, 'shutting down');
      // close() has its own deadline; this one catches a database that does not answer at all.
      setTimeout(() => {
        server.deps.log.error('shutdown did not finish in time: exiting');
        process.exit(1);
      }, cfg.SHUTDOWN_TIMEOUT_MS + 5000).unref();
      try {
        await server.close();
      } catch (err) {
        server.deps.log.error({ err }, 'shutdown failed');
        process.exit(1);
      }
      server.deps.log.info('stopped');
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
  });

program
  .command('migrate')
  .description('Apply pending database migrations and exit')
  .action(async () => {
    const cfg = await config();
    const [{ createDeps }, { migrateToLatest }] = await Promise.all([import('../server/app.js'), import('../db/migrate.js')]);
    const deps = createDeps({ ...cfg, LOG_LEVEL: 'warn' });
    try {
      const { applied } = await migrateToLatest(deps.database);
      console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'Database is up to date.');
      console.log(`Database: ${deps.database.dialect} ${deps.database.location}`);
    } catch (err) {
      fail(err);
    } finally {
      await deps.database.close();
    }
  });

const portal = program.command('portal').description('Create and list portals');

portal
  .command('create')
  .description('Create a portal and its owner')
  .requiredOption('--slug <slug>', 'portal address, e.g. acme')
  .requiredOption('--name <name>', 'company name, e.g. "Acme Inc."')
  .requiredOption('--owner-email <email>', "the owner's email")
  .option('--owner-name <name>', "the owner's name")
  .option('--owner-password <password>', 'set the password now (otherwise a link to set it is printed)')
  .action(async (opts: { slug: string; name: string; ownerEmail: string; ownerName?: string; ownerPassword?: string }) => {
    await withDeps(async (deps) => {
      const { createPortal } = await import('../modules/accounts/index.js');
      const res = await createPortal(deps, {
        slug: opts.slug.toLowerCase(),
        name: opts.name,
        ownerEmail: opts.ownerEmail,
        ownerName: opts.ownerName,
        ownerPassword: opts.ownerPassword,
      });
      console.log(`Created portal ${res.portal.slug} (${res.portal.name}) with owner ${res.owner.email}.`);
      if (res.setPasswordLink) console.log(`The owner sets a password here (valid 7 days): ${res.setPasswordLink}`);
    }).catch(fail);
  });

portal
  .command('list')
  .description('List portals')
  .option('--json', 'print JSON')
  .action(async (opts: { json?: boolean }) => {
    await withDeps(async (deps) => {
      const { listPortals } = await import('../modules/accounts/index.js');
      const rows = await listPortals(deps);
      if (opts.json) return console.log(JSON.stringify(rows, null, 2));
      if (rows.length === 0) return console.log('No portals yet. Create one with `skit portal create`.');
      console.table(rows.map((r) => ({ slug: r.slug, name: r.name, status: r.status, users: r.activeUsers, created: r.createdAt })));
    }).catch(fail);
  });

program
  .command('demo')
  .description('Fill a portal with demo data (companies, contacts, deals, tasks, events, files)')
  .requiredOption('--portal <slug>', 'the portal to fill')
  .action(async (opts: { portal: string }) => {
    await withDeps(async (deps) => {
      const { seedDemo } = await import('./demo/demo.js');
      await seedDemo(deps, opts.portal.toLowerCase());
      console.log(`Demo data added to ${opts.portal}.`);
    }).catch(fail);
  });

program
  .command('search-rebuild')
  .description('Rebuild the SQLite search indexes from their tables (only needed after a manual VACUUM)')
  .action(async () => {
    await withDeps(async (deps) => {
      const { rebuildSearchIndexes } = await import('../db/search.js');
      await rebuildSearchIndexes(deps.db);
      console.log(deps.database.dialect === 'sqlite' ? 'Search indexes rebuilt.' : 'Nothing to do on PostgreSQL.');
    }).catch(fail);
  });

registerOperatorCommands(program, { withDeps, fail });
registerPortabilityCommands(program, { withDeps, fail });

await program.parseAsync(process.argv);
