import '@fullcalendar/react/skeleton.css';
import '@fullcalendar/react/themes/classic/theme.css';
import '@fullcalendar/react/themes/classic/palette.css';

import FullCalendar, { type CalendarRef } from '@fullcalendar/react';
import dayGridPlugin from '@fullcalendar/react/daygrid';
import interactionPlugin from '@fullcalendar/react/interaction';
import classicThemePlugin from '@fullcalendar/react/themes/classic';
import timeGridPlugin from '@fullcalendar/react/timegrid';
import { Box, Button, Flex, Group, Loader, Paper, Select } from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconCalendarShare, IconFileImport, IconPlus } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ConfirmModal } from '../../components/ConfirmModal';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useSession, isAdminRole } from '../../lib/session';
import { invalidateCalendar, useCalendars, useConnectionList, useEventDetail, useExternalEvents, useOccurrences } from './calendarApi';
import { CalendarFormModal } from './CalendarFormModal';
import { CalendarSidebar } from './CalendarSidebar';
import type { CalendarInfo, Occurrence } from './calendarTypes';
import { newEventTarget, occurrenceOfLink, type EventTarget } from './eventForm';
import { EventModal } from './EventModal';
import { ExternalEventPopover, type ExternalEventTarget, type ExternalEventView } from './ExternalEventPopover';
import { FeedUrlModal } from './FeedUrlModal';
import { ImportModal } from './ImportModal';
import { allZones, browserZone } from './time';
import { AutoScheduleButton } from '../scheduling/AutoScheduleButton';
import { QuickAddBox } from '../scheduling/QuickAddBox';
import { client, unwrap } from '../../api/client';

const VIEWS = 'dayGridMonth,timeGridWeek,timeGridDay';

/** Weeks start on the locale's first day (Monday in most of the world), 0 = Sunday for FullCalendar. */
const FIRST_DAY = (() => {
  try {
    const info = new Intl.Locale(navigator.language) as Intl.Locale & { getWeekInfo?: () => { firstDay: number }; weekInfo?: { firstDay: number } };
    const first = info.getWeekInfo?.().firstDay ?? info.weekInfo?.firstDay ?? 1;
    return first % 7;
  } catch {
    return 1;
  }
})();

/** Day, week and month views of the calendars you see, fed by GET /api/events for the visible range. */
export function CalendarPage() {
  const session = useSession();
  const queryClient = useQueryClient();
  const calendars = useCalendars();
  const [hiddenList, setHiddenList] = useLocalStorage<string[]>({ key: 'skit.calendar.hidden', defaultValue: [] });
  const [view, setView] = useLocalStorage<string>({ key: 'skit.calendar.view', defaultValue: 'dayGridMonth' });
  const [displayZone, setDisplayZone] = useLocalStorage<string>({ key: 'skit.calendar.zone', defaultValue: browserZone() });
  const [range, setRange] = useState<{ from: string; to: string } | null>(null);
  const [target, setTarget] = useState<EventTarget | null>(null);
  const [editing, setEditing] = useState<CalendarInfo | null | 'new'>(null);
  const [feedFor, setFeedFor] = useState<CalendarInfo | null>(null);
  const [deleting, setDeleting] = useState<CalendarInfo | null>(null);
  const [deleteError, setDeleteError] = useState<unknown>(null);
  const [importing, setImporting] = useState(false);
  const [externalTarget, setExternalTarget] = useState<ExternalEventTarget | null>(null);
  const calendarRef = useRef<CalendarRef>(null);

  // A deep link (`?event=<id>[&at=<UTC start>]`, e.g. from a notification): go to its day and open it.
  const [params, setParams] = useSearchParams();
  const linkedId = params.get('event');
  const linked = useEventDetail(linkedId);
  useEffect(() => {
    if (!linkedId || !linked.data || linked.data.id !== linkedId) return;
    const occurrence = occurrenceOfLink(linked.data, params.get('at'));
    calendarRef.current?.getApi().gotoDate(occurrence.start);
    setTarget({ mode: 'edit', occurrence });
    setParams({}, { replace: true });
  }, [linkedId, linked.data, params, setParams]);

  const list = useMemo(() => calendars.data?.items ?? [], [calendars.data]);
  const hidden = useMemo(() => new Set(hiddenList), [hiddenList]);
  const visibleIds = list.some((c) => hidden.has(c.id)) ? list.filter((c) => !hidden.has(c.id)).map((c) => c.id) : null;
  const occurrences = useOccurrences(calendars.data ? range : null, visibleIds);
  const colorOf = useMemo(() => new Map(list.map((c) => [c.id, c.color])), [list]);

  // Events of connected calendars: read-only, in their connection's colour, hidden with their connection.
  const connections = useConnectionList();
  const external = useExternalEvents(calendars.data ? range : null);
  const externalEvents = useMemo(() => {
    const sources = new Map((connections.data?.items ?? []).map((c) => [c.id, c]));
    return (external.data?.items ?? [])
      .filter((e) => !hidden.has(`connection:${e.connectionId}`))
      .map((e, i) => {
        const connection = sources.get(e.connectionId);
        const calendarName = connection?.calendars.find((c) => c.id === e.calendarId)?.name;
        const source = connection
          ? calendarName && calendarName !== connection.name
            ? `${connection.name} · ${calendarName}`
            : connection.name
          : 'a connected calendar';
        const view: ExternalEventView = { title: e.title, start: e.start, end: e.end, allDay: e.allDay, color: e.color, busy: e.busy, source };
        return {
          id: `external:${e.connectionId}:${i}`,
          title: e.title,
          allDay: e.allDay,
          start: e.allDay ? e.start.slice(0, 10) : e.start,
          end: e.allDay ? e.end.slice(0, 10) : e.end,
          color: e.color,
          editable: false,
          startEditable: false,
          durationEditable: false,
          className: e.busy ? 'skit-external-event' : 'skit-external-event skit-external-free',
          extendedProps: { external: view },
        };
      });
  }, [external.data, connections.data, hidden]);

  const ownEvents = useMemo(
    () =>
      (occurrences.data?.items ?? []).map((o) => ({
        id: `${o.eventId}:${o.recurrenceId ?? ''}`,
        title: o.title,
        allDay: o.allDay,
        start: o.allDay ? o.startDate! : o.start,
        end: o.allDay ? o.endDate! : o.end,
        color: colorOf.get(o.calendarId),
        extendedProps: { occurrence: o },
      })),
    [occurrences.data, colorOf],
  );
  const events = useMemo(() => [...ownEvents, ...externalEvents], [ownEvents, externalEvents]);

  const deleteCalendar = async () => {
    if (!deleting) return;
    setDeleteError(null);
    try {
      await unwrap(client.DELETE('/api/calendars/{id}', { params: { path: { id: deleting.id } } }));
      await invalidateCalendar(queryClient);
      notifications.show({ message: `Deleted “${deleting.name}”`, color: 'teal' });
      setDeleting(null);
    } catch (err) {
      setDeleteError(err);
    }
  };

  const zoneChoices = useMemo(() => allZones(), []);

  return (
    <Box>
      <PageHeader
        title="Calendar"
        description="Your calendars and the team’s, in any time zone."
        actions={
          <>
            <Select
              label="Show times in"
              data={zoneChoices}
              value={displayZone}
              onChange={(z) => z && setDisplayZone(z)}
              searchable
              limit={60}
              allowDeselect={false}
              size="xs"
              w={210}
            />
            <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={() => setImporting(true)} disabled={!calendars.data} mt="lg">
              Import
            </Button>

            <Button leftSection={<IconPlus size={16} />} onClick={() => setTarget(newEventTarget(displayZone))} disabled={!calendars.data} mt="lg">
              New event
            </Button>
          </>
        }
      />
      <Group justify="space-between" align="flex-end" mb="md" gap="sm">
        <QuickAddBox timeZone={displayZone} />
        <Group gap="sm">
          <Button component={Link} to="/app/scheduling/booking-pages" variant="default" size="xs" leftSection={<IconCalendarShare size={16} />}>
            Booking pages
          </Button>
          <AutoScheduleButton size="xs" />
        </Group>
      </Group>
      {calendars.error ? (
        <QueryError error={calendars.error} onRetry={() => void calendars.refetch()} />
      ) : !calendars.data ? (
        <Group justify="center" py="xl">
          <Loader aria-label="Loading calendars" />
        </Group>
      ) : (
        <Flex gap="lg" direction={{ base: 'column', md: 'row' }} align="flex-start">
          <CalendarSidebar
            calendars={list}
            connections={connections.data?.items ?? []}
            hidden={hidden}
            onToggle={(id, visible) => setHiddenList((h) => (visible ? h.filter((x) => x !== id) : [...new Set([...h, id])]))}
            onNew={() => setEditing('new')}
            onFeed={setFeedFor}
            onSettings={setEditing}
            onDelete={setDeleting}
          />
          <Paper withBorder radius="md" p="sm" style={{ flex: 1, minWidth: 0 }} aria-busy={occurrences.isFetching || external.isFetching}>
            {occurrences.error ? <QueryError error={occurrences.error} onRetry={() => void occurrences.refetch()} /> : null}
            {external.error ? <QueryError error={external.error} onRetry={() => void external.refetch()} /> : null}
            {linkedId && linked.error ? <QueryError error={linked.error} onRetry={() => void linked.refetch()} /> : null}
            <FullCalendar
              ref={calendarRef}
              plugins={[dayGridPlugin, timeGridPlugin, interactionPlugin, classicThemePlugin]}
              initialView={view}
              headerToolbar={{ start: 'prev,next today', center: 'title', end: VIEWS }}
              timeZone={displayZone}
              events={events}
              selectable
              selectMirror
              nowIndicator
              dayMaxEvents
              firstDay={FIRST_DAY}
              scrollTime="08:00:00"
              height={view.startsWith('timeGrid') ? 760 : 'auto'}
              datesSet={(info) => {
                setRange({ from: info.start.toISOString(), to: info.end.toISOString() });
                if (info.view.type !== view) setView(info.view.type);
              }}
              select={(info) => {
                const zone = displayZone;
                setTarget(
                  info.allDay
                    ? { mode: 'create', allDay: true, start: info.startStr.slice(0, 10), end: info.endStr.slice(0, 10), timeZone: zone }
                    : { mode: 'create', allDay: false, start: info.startStr.slice(0, 16), end: info.endStr.slice(0, 16), timeZone: zone },
                );
              }}
              eventClick={(info) => {
                info.jsEvent.preventDefault();
                const externalEvent = info.event.extendedProps.external as ExternalEventView | undefined;
                if (externalEvent) {
                  const r = info.el.getBoundingClientRect();
                  setExternalTarget({ event: externalEvent, rect: { left: r.left, top: r.top, width: r.width, height: r.height } });
                  return;
                }
                setTarget({ mode: 'edit', occurrence: info.event.extendedProps.occurrence as Occurrence });
              }}
            />
          </Paper>
        </Flex>
      )}

      <ExternalEventPopover target={externalTarget} zone={displayZone} onClose={() => setExternalTarget(null)} />
      <EventModal target={target} calendars={list} onClose={() => setTarget(null)} />
      <ImportModal opened={importing} onClose={() => setImporting(false)} calendars={list} />
      <FeedUrlModal calendar={feedFor} onClose={() => setFeedFor(null)} />
      <CalendarFormModal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        calendar={editing === 'new' ? null : editing}
        canCreateShared={isAdminRole(session.role)}
      />
      <ConfirmModal
        opened={!!deleting}
        onClose={() => setDeleting(null)}
        onConfirm={() => void deleteCalendar()}
        title={`Delete “${deleting?.name ?? ''}”?`}
        confirmLabel="Delete calendar"
        error={deleteError}
      >
        The calendar and every event in it are deleted{deleting?.kind === 'shared' ? ' for everyone in the portal' : ''}. Subscribed apps stop receiving it.
      </ConfirmModal>
    </Box>
  );
}
