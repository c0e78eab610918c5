import type { IsolationFixture, IsolationModule } from '../../test/isolation.fixture.js';

/**
 * The operator console belongs to no portal: portal users are refused on every
 * operator route (src/test/roles.test.ts) and the console never returns a
 * portal's records (operators.test.ts). `/api/instance` is the same for everyone.
 */
export function operatorsIsolation(_f: IsolationFixture): IsolationModule {
  const operator = (why: string) => ({ operator: why });
  return {
    probes: {
      'GET /api/instance': { public: 'describes the server (billing on/off, sign-up open/closed); nothing of any portal' },
      'POST /api/operator/auth/login': { public: 'signs in operator accounts only; no portal account can use it' },
      'POST /api/operator/auth/set-password': { public: 'acts only on the operator the secret link was issued for' },
      'POST /api/operator/auth/logout': operator('ends the operator session'),
      'GET /api/operator/me': operator('the signed-in operator'),
      'POST /api/operator/me/password': operator("the operator's own password"),
      'GET /api/operator/overview': operator('totals across portals: counts and money only'),
      'GET /api/operator/portals': operator('every portal by design: counts and billing only'),
      'GET /api/operator/portals/:id': operator('one portal: counts and billing only'),
      'GET /api/operator/cancellations': operator('cancellation reasons across portals'),
      'GET /api/operator/failed-payments': operator('failed charges across portals'),
      'GET /api/operator/audit': operator("the operators' own audit log"),
      'POST /api/operator/portals/:id/trial-extension': operator('billing action, audited in both logs'),
      'POST /api/operator/portals/:id/comp': operator('billing action, audited in both logs'),
      'POST /api/operator/portals/:id/exports': operator("starts an export, shown in the portal's audit log"),
      'GET /api/operator/portals/:id/exports/:exportId': operator('status of an export of that portal only'),
      'GET /api/operator/portals/:id/exports/:exportId/download': operator("the ZIP, only with a reason, recorded with the operator in the portal's audit log"),
      'POST /api/operator/portals/:id/delete': operator("the owner's erasure, audited"),
      'GET /api/operator/invoice-archive': operator("erased portals' invoices kept for the legal period, by design across portals; audited"),
      'GET /api/operator/invoice-archive/:id/document': operator('one archived invoice as issued; audited'),
    },
  };
}
