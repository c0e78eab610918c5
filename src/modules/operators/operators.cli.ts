import type { Command } from 'commander';
import type { AppDeps } from '../../kernel/context.js';
import { DEFAULT_GRANT_DAYS } from './grant.js';

/**
 * The `skit operator …` and `skit billing …` commands (LIF-6/7), wired into src/cli/main.ts.
 * This file is the CLI's door into the module (ADR 0018): it loads at every `skit` start, so
 * it imports only types, and each command imports what it runs when it runs.
 */

const service = () => import('./operator-auth.service.js');
const instance = () => import('./instance.js');

export interface CliHelpers {
  withDeps<T>(fn: (deps: AppDeps) => Promise<T>): Promise<T>;
  fail(err: unknown): never;
}

const cliMeta = { operator: null, ip: null, userAgent: 'skit cli' };

export function registerOperatorCommands(program: Command, { withDeps, fail }: CliHelpers): void {
  const operator = program.command('operator').description('Operator accounts of the operator console (/operator)');

  operator
    .command('create')
    .description('Create an operator account; prints a one-time link to set its password')
    .requiredOption('--email <email>', "the operator's email")
    .option('--name <name>', "the operator's name")
    .option('--password <password>', 'set the password now instead (at least 10 characters)')
    .action(async (opts: { email: string; name?: string; password?: string }) => {
      await withDeps(async (deps) => {
        const res = await (await service()).createOperator(deps, opts);
        console.log(`Created operator ${res.operator.email}.`);
        if (res.setPasswordLink) console.log(`Set the password here (one-time link, valid 7 days): ${res.setPasswordLink}`);
        console.log(`Then log in at ${deps.config.BASE_URL}/operator`);
      }).catch(fail);
    });

  operator
    .command('list')
    .description('List operator accounts')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withDeps(async (deps) => {
        const rows = await (await service()).listOperators(deps);
        if (opts.json) return console.log(JSON.stringify(rows, null, 2));
        if (rows.length === 0) return console.log('No operators yet. Create one with `skit operator create --email`.');
        console.table(rows.map((r) => ({ email: r.email, name: r.name, status: r.status, created: r.createdAt, lastLogin: r.lastLoginAt ?? '' })));
      }).catch(fail);
    });

  operator
    .command('reset-password')
    .description("Print a new one-time link to set an operator's password (their sessions end)")
    .requiredOption('--email <email>', "the operator's email")
    .action(async (opts: { email: string }) => {
      await withDeps(async (deps) =>
        console.log(`Set the password here (one-time link, valid 7 days): ${await (await service()).resetOperatorPassword(deps, opts.email)}`),
      ).catch(fail);
    });

  for (const [name, status] of [
    ['disable', 'disabled'],
    ['enable', 'active'],
  ] as const) {
    operator
      .command(name)
      .description(name === 'disable' ? 'Disable an operator: they cannot log in and their sessions end' : 'Enable a disabled operator again')
      .requiredOption('--email <email>', "the operator's email")
      .action(async (opts: { email: string }) => {
        await withDeps(async (deps) =>
          console.log(`Operator ${(await (await service()).setOperatorStatus(deps, opts.email, status)).email} is ${status}.`),
        ).catch(fail);
      });
  }

  const billing = program.command('billing').description('Hosted (BILLING=on) or self-hosted (BILLING=off) mode');

  billing
    .command('status')
    .description('Show the billing mode this process is configured for and the one the install last ran in')
    .action(async () => {
      await withDeps(async (deps) => {
        const { billingEnabled } = await import('../billing/index.js');
        const { recordedBillingMode } = await instance();
        console.log(
          `BILLING=${deps.config.BILLING} (${billingEnabled(deps) ? 'hosted: plans, limits and invoices' : 'self-hosted: every feature, no limits, no billing'})`,
        );
        console.log(`The install last ran with BILLING=${(await recordedBillingMode(deps)) ?? 'on'}.`);
        console.log(`SIGNUP=${deps.config.SIGNUP}`);
      }).catch(fail);
    });

  billing
    .command('enable')
    .description(
      'Turn billing on for an install that ran self-hosted: every portal is put on the plan you name (every record stays). Then start the server with BILLING=on.',
    )
    .requiredOption('--plan <planId>', 'the plan every portal starts on, e.g. team (free: every portal on Free)')
    .option('--days <days>', `a paid plan is free for this many days, then goes to Free unless an admin keeps it (default ${DEFAULT_GRANT_DAYS})`, (v) =>
      Number.parseInt(v, 10),
    )
    .action(async (opts: { plan: string; days?: number }) => {
      await withDeps(async (deps) => {
        const res = await (await instance()).enableBilling(deps, { planId: opts.plan, days: opts.days }, cliMeta);
        console.log(`Billing is on: ${res.portals} portal(s) put on ${res.planId}${res.until ? `, free until ${res.until}` : ''}.`);
        console.log('Start the server with BILLING=on.');
      }).catch(fail);
    });
}
