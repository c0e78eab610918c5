import { onBusyTimeChanged } from '../kernel/busy-time.js';
import { onRecordEvent, type RecordEventSink } from '../kernel/events.js';
import { publishLive, setLiveSink } from '../kernel/live.js';
import { setNotificationMailPreference, setNotificationSink } from '../kernel/notify.js';
import { setPortalWriteGate } from '../modules/accounts/index.js';
import { automationRecordCounts, handleRecordEvent } from '../modules/automations/index.js';
import { installPlanLimits, onPlanTransition, sellPrepaidCredits } from '../modules/billing/index.js';
import { applyPlanTransition, assertPortalWritable, registerPaidRecords } from '../modules/lifecycle/index.js';
import { onEventsChanged, registerExternalBusy } from '../modules/calendar/index.js';
import { recordEventChanges } from '../modules/caldav/index.js';
import { connectedBusy } from '../modules/connections/index.js';
import { publishLiveEvent } from '../modules/live/index.js';
import { deliverNotifications, mailChoiceOf, notifyAssignments } from '../modules/notifications/index.js';
import { armOnEventsChange, armOnTaskChange } from '../modules/reminders/index.js';
import { onBusyTimeChange, onTaskChange, teamBookingPageCounts } from '../modules/scheduling/index.js';
import { buyCredits, telephonyRecordCounts } from '../modules/telephony/index.js';

/**
 * The one place where modules are wired to each other's reactions, so that no
 * module imports the modules that react to it. The server, the CLI and the
 * tests run it through `createDeps`; every call is idempotent.
 *
 * - Plan limits: billing sets the seat limit (accounts) and the storage quota (drive).
 * - Plan transitions: lifecycle applies a downgrade's consequences and an upgrade's
 *   restore inside billing's transaction (LIF-2, LIF-3).
 * - Paid records: the downgrade preview counts each paid feature's records (LIF-1).
 * - Prepaid credits: billing's add-on purchase sells telephony credits (BIL-5, TEL-1).
 * - Record events: automations react to records created and changed (AUT-1).
 * - Reminders: a change to events (calendar) or tasks (record events) re-arms the reminder scan.
 * - Paused portals: accepting an invitation into a paused portal is refused (LIF-4); the
 *   invitation names the portal, so accounts asks lifecycle in the use case.
 * - Live updates: the live module delivers what modules publish (PLT-11); records created and
 *   changed are published from their record events (a stage change comes with its update).
 * - Notifications: the notifications module delivers what any module notifies (PLT-10), and
 *   tells assignees and new owners of tasks and CRM records (record events); its settings say
 *   whether the calendar mails a user invitations (`event.invited`).
 * - Busy time: a change of a user's calendar, and of a task with auto-scheduled blocks,
 *   re-places those blocks (SCH-4); a calendar-connection sync calls `busyTimeChanged` too.
 * - CalDAV: every change to events (the app, imports, bookings, CalDAV clients) goes into
 *   the caldav module's change log, which sync tokens and CTags count (ADR 0026).
 * - Connected calendars: the calendar's busy time (`busyOf`, read by availability, find-a-time,
 *   booking pages and auto-scheduling) includes the users' connected calendars (issue 18).
 */
export function composeModules(): void {
  installPlanLimits();
  onPlanTransition(applyPlanTransition);
  registerPaidRecords('telephony', telephonyRecordCounts);
  registerPaidRecords('automations', automationRecordCounts);
  registerPaidRecords('booking_pages_team', teamBookingPageCounts);
  sellPrepaidCredits((tx, quantity) => buyCredits(tx, quantity));
  onRecordEvent(handleRecordEvent);
  onRecordEvent(armOnTaskChange);
  onEventsChanged(armOnEventsChange);
  onEventsChanged(recordEventChanges);
  setPortalWriteGate(assertPortalWritable);
  setLiveSink(publishLiveEvent);
  onRecordEvent(publishRecordChange);
  setNotificationSink(deliverNotifications);
  setNotificationMailPreference(mailChoiceOf);
  onRecordEvent(notifyAssignments);
  onBusyTimeChanged(onBusyTimeChange);
  onRecordEvent(onTaskChange);
  registerExternalBusy(connectedBusy);
}

const publishRecordChange: RecordEventSink = async (ctx, executor, event) => {
  // A stage change always comes with its record.updated; task.overdue changes nothing on screen.
  if (event.type === 'deal.stage_changed' || event.type === 'task.overdue') return;
  const action = event.type === 'record.updated' ? 'updated' : 'created';
  await publishLive(ctx, executor, { type: 'change', change: { entity: event.entity, id: event.recordId, action } });
};
