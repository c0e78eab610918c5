import { NOTIFICATION_KINDS, type NotificationKind } from '../../kernel/notify.js';

/**
 * What notifications say and what a user gets by default: one place, so that issue 15
 * can translate the sentences and the settings page can list the kinds.
 */

export type EmailChoice = 'instant' | 'daily' | 'off';

export interface KindSetting {
  inApp: boolean;
  email: EmailChoice;
}

/**
 * Defaults: every kind in the app. By mail at once what someone waits for or must act on
 * soon (assigned to them, mentioned, invited, reminded, bookings, billing, their export or
 * import, a task about to fall due); in the daily digest what can wait a day (comments on
 * their tasks, overdue tasks, CRM records given to them). See ADR 0021.
 */
const INSTANT: readonly NotificationKind[] = [
  'task.assigned',
  'mention',
  'event.invited',
  'event.reminder',
  'booking.created',
  'booking.rescheduled',
  'booking.cancelled',
  'billing',
  'task.due_soon',
  'export.ready',
  'import.finished',
];

export const DEFAULT_SETTINGS: Record<NotificationKind, KindSetting> = Object.fromEntries(
  NOTIFICATION_KINDS.map((k) => [k, { inApp: true, email: INSTANT.includes(k) ? 'instant' : 'daily' }]),
) as Record<NotificationKind, KindSetting>;

/** The settings page in the web app (linked from every mail). */
export const SETTINGS_PATH = '/app/settings/notifications';

export type AssignableEntity = 'task' | 'contact' | 'company' | 'lead' | 'deal';

const ENTITY_WORD: Record<AssignableEntity, string> = { task: 'task', contact: 'contact', company: 'company', lead: 'lead', deal: 'deal' };

/** The record page a notification links to (web/src/routes/*\/routes.tsx). */
export const recordPath = (entity: AssignableEntity, id: string): string =>
  entity === 'task' ? `/app/tasks/${id}` : `/app/crm/${entity === 'company' ? 'companies' : `${entity}s`}/${id}`;

/** The sentences, in plain English (plain text: whoever renders them escapes them). */
export const texts = {
  assigned(entity: AssignableEntity, name: string, by: string | null) {
    const word = ENTITY_WORD[entity];
    return {
      title: by ? `${by} assigned you the ${word} "${name}"` : `You were assigned the ${word} "${name}"`,
      body: entity === 'task' ? `The task "${name}" is yours now.` : `You are now the owner of the ${word} "${name}".`,
    };
  },
  mail: {
    open: 'Open it:',
    settings: 'Choose which notifications you get by mail:',
    digestSubject: (n: number) => (n === 1 ? 'Your daily summary: 1 notification' : `Your daily summary: ${n} notifications`),
    digestIntro: (n: number) =>
      n === 1 ? 'Here is what happened since your last summary:' : `Here are the ${n} things that happened since your last summary:`,
  },
};
