import { AppError } from '../../kernel/errors.js';
import { IcsFileError, parseIcs } from './ics-import.js';
import { expandOccurrences, type OverrideTiming } from './recurrence.js';
import { resolveTiming } from './timing.js';

/**
 * An iCalendar document as occurrences in a window of time, for calendars read
 * from elsewhere (connected calendars): the same reading as an import (zones,
 * VTIMEZONE, Windows zone names, all-day, RRULE, EXDATE, RECURRENCE-ID
 * exceptions) and the same recurrence expansion as the app's own events.
 * Pure: nothing is stored.
 */

export interface ExpandedOccurrence {
  uid: string;
  /** The original local start of a repeating event's occurrence; null for a single event. */
  recurrenceId: string | null;
  title: string;
  startMs: number;
  endMs: number;
  allDay: boolean;
  /** False for TRANSP:TRANSPARENT events. */
  busy: boolean;
}

export type ExpandedIcs =
  { ok: true; occurrences: ExpandedOccurrence[]; events: number; errors: { uid: string | null; message: string }[] } | { ok: false; message: string };

export function expandIcs(source: string, fromMs: number, toMs: number, fallbackZone = 'UTC'): ExpandedIcs {
  let parsed: ReturnType<typeof parseIcs>;
  try {
    parsed = parseIcs(source.replaceAll('\u0000', '\uFFFD'), fallbackZone);
  } catch (err) {
    if (err instanceof IcsFileError) return { ok: false, message: err.message };
    throw err;
  }
  const occurrences: ExpandedOccurrence[] = [];
  const errors = [...parsed.errors];
  for (const event of parsed.events) {
    try {
      const timing = resolveTiming(event.timing);
      const overrides: (OverrideTiming & { title: string | null })[] = timing.rrule ? event.overrides : [];
      for (const occ of expandOccurrences(timing, overrides, fromMs, toMs)) {
        occurrences.push({
          uid: event.uid,
          recurrenceId: occ.recurrenceId,
          title: occ.override?.title ?? event.title,
          startMs: occ.startMs,
          endMs: occ.endMs,
          allDay: occ.allDay,
          busy: !event.transparent,
        });
      }
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      errors.push({ uid: event.uid, message: err.message });
    }
  }
  return { ok: true, occurrences, events: parsed.events.length, errors };
}
