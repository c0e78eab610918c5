/** Shapes of the scheduling API (src/modules/scheduling/scheduling.schema.ts). */

export interface TimeRange {
  start: string;
  end: string;
}

export interface WeeklyRange extends TimeRange {
  /** ISO weekday, 1 = Monday. */
  day: number;
}

export interface DateOverride {
  date: string;
  ranges: TimeRange[];
  unavailable: boolean;
}

export interface Availability {
  userId: string;
  timeZone: string;
  weekly: WeeklyRange[];
  overrides: DateOverride[];
  isDefault: boolean;
  note: string | null;
  updatedAt: string | null;
}

export interface LocalTime {
  userId: string;
  name: string;
  timeZone: string;
  date: string;
  start: string;
  end: string;
}

export interface Suggestion {
  start: string;
  end: string;
  score: number;
  reasons: string[];
  localTimes: LocalTime[];
  optionalAvailable: string[];
}

export interface FindTimesResult {
  suggestions: Suggestion[];
  considered: number;
  notes: string[];
}

export interface Person {
  id: string;
  name: string;
  kind: 'user' | 'contact';
  email: string | null;
}

export interface QuickAddParse {
  title: string | null;
  durationMinutes: number;
  attendeeIds: string[];
  contacts: Person[];
  unmatchedNames: string[];
  ambiguous: { name: string; candidates: Person[] }[];
  window: { from: string; to: string };
  timeZone: string;
  understood: { duration: string | null; when: string | null };
}

export interface AutoScheduleResult {
  placed: { taskId: string; title: string; eventId: string; start: string; end: string }[];
  unplaced: { taskId: string; title: string; reason: 'overdue' | 'deadline' | 'no_time'; message: string }[];
  removedBlocks: number;
}

export type BookingMode = 'collective' | 'round_robin';

export interface BookingPage {
  id: string;
  slug: string;
  url: string;
  title: string;
  description: string | null;
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  minimumNoticeMinutes: number;
  horizonDays: number;
  slotStepMinutes: number;
  dailyLimit: number | null;
  mode: BookingMode;
  active: boolean;
  hosts: { userId: string; name: string }[];
  canManage: boolean;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Booking {
  id: string;
  pageId: string;
  pageTitle: string;
  status: 'confirmed' | 'cancelled';
  start: string;
  end: string;
  hosts: { userId: string; name: string }[];
  guestName: string;
  guestEmail: string;
  guestTimeZone: string | null;
  notes: string | null;
  eventId: string | null;
  contactId: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  createdAt: string;
}

export interface PublicPage {
  portal: { slug: string; name: string };
  slug: string;
  title: string;
  description: string | null;
  durationMinutes: number;
  mode: BookingMode;
  hosts: { name: string }[];
  timeZone: string;
  horizonDays: number;
}

export interface Slots {
  slots: { start: string; end: string }[];
  timeZone: string;
  durationMinutes: number;
}

export interface PublicBooking {
  status: 'confirmed' | 'cancelled';
  start: string;
  end: string;
  title: string;
  hosts: { name: string }[];
  guestName: string;
  guestEmail: string;
  guestTimeZone: string | null;
  portal: { slug: string; name: string };
  pageSlug: string;
  durationMinutes: number;
  manageUrl: string | null;
}
