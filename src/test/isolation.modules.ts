import type { IsolationFixture, IsolationModule } from './isolation.fixture.js';
import { crmIsolation } from '../modules/crm/crm.isolation.js';
import { tasksIsolation } from '../modules/tasks/tasks.isolation.js';
import { calendarIsolation } from '../modules/calendar/calendar.isolation.js';
import { driveIsolation } from '../modules/drive/drive.isolation.js';
import { billingIsolation } from '../modules/billing/billing.isolation.js';
import { telephonyIsolation } from '../modules/telephony/telephony.isolation.js';
import { lifecycleIsolation } from '../modules/lifecycle/lifecycle.isolation.js';
import { portabilityIsolation } from '../modules/portability/portability.isolation.js';
import { automationsIsolation } from '../modules/automations/automations.isolation.js';
import { schedulingIsolation } from '../modules/scheduling/scheduling.isolation.js';
import { operatorsIsolation } from '../modules/operators/operators.isolation.js';
import { liveIsolation } from '../modules/live/live.isolation.js';
import { notificationsIsolation } from '../modules/notifications/notifications.isolation.js';
import { connectionsIsolation } from '../modules/connections/connections.isolation.js';

/** Every feature module's cross-portal probes (see src/test/isolation.test.ts). Add a module's here. */
export const isolationModules: ((f: IsolationFixture) => IsolationModule)[] = [
  crmIsolation,
  tasksIsolation,
  calendarIsolation,
  driveIsolation,
  billingIsolation,
  telephonyIsolation,
  lifecycleIsolation,
  portabilityIsolation,
  automationsIsolation,
  schedulingIsolation,
  operatorsIsolation,
  liveIsolation,
  notificationsIsolation,
  connectionsIsolation,
];
