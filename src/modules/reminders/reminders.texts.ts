// What a person reads in a reminder, in one place (to move into translations with issue 15).

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** "10 minutes", "1 hour", "2 days", "1 hour 30 minutes". */
export function leadTime(minutes: number): string {
  if (minutes === 0) return 'now';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts = [days && plural(days, 'day'), hours && plural(hours, 'hour'), mins && plural(mins, 'minute')].filter(Boolean);
  return parts.join(' ');
}

const localText = (local: string) => local.replace('T', ' ').slice(0, 16);
const utcText = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

export const texts = {
  eventTitle: (title: string, minutesBefore: number) => (minutesBefore === 0 ? `${title} starts now` : `${title} starts in ${leadTime(minutesBefore)}`),
  eventBody: (o: { allDay: boolean; localStart: string; timeZone: string }) =>
    o.allDay ? `All day on ${o.localStart}` : `Starts at ${localText(o.localStart)} (${o.timeZone})`,
  dueSoonTitle: (title: string) => `Due soon: ${title}`,
  dueSoonBody: (dueAt: string) => `This task is due at ${utcText(dueAt)}.`,
  overdueTitle: (title: string) => `Overdue: ${title}`,
  overdueBody: (dueAt: string) => `This task was due at ${utcText(dueAt)} and is not done.`,
};
