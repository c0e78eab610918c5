/** Shapes of the scheduling API, from the generated OpenAPI types. */
import type { Item, Schema } from '../../api/types';

export type Availability = Schema<'Availability'>;
export type WeeklyRange = Item<Availability['weekly']>;
export type DateOverride = Item<Availability['overrides']>;
export type TimeRange = Item<DateOverride['ranges']>;

export type FindTimesResult = Schema<'FindTimesResult'>;
export type Suggestion = Schema<'TimeSuggestion'>;
export type LocalTime = Item<Suggestion['localTimes']>;

export type QuickAddParse = Schema<'QuickAddParse'>;
export type Person = Item<QuickAddParse['contacts']>;

export type AutoScheduleResult = Schema<'AutoScheduleResult'>;

export type BookingPage = Schema<'BookingPage'>;
export type BookingMode = BookingPage['mode'];
export type Booking = Schema<'Booking'>;
export type PublicPage = Schema<'PublicBookingPage'>;
export type Slots = Schema<'BookingSlots'>;
export type PublicBooking = Schema<'PublicBooking'>;
