import { IconCalendar } from '@tabler/icons-react';
import { ComingSoon } from '../../components/ComingSoon';

/** Placeholder: the Calendar module replaces this page. */
export function CalendarPage() {
  return (
    <ComingSoon
      title="Calendar"
      description="Meetings, availability and scheduling."
      icon={<IconCalendar size={28} />}
      pitch="Share calendars, find times that work for everyone and let the assistant schedule meetings for you."
    />
  );
}
