import type { DatesSetArg, EventChangeArg, EventClickArg, EventInput } from '@fullcalendar/core';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin, { type DateClickArg } from '@fullcalendar/interaction';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import { Alert, Box, LoadingOverlay, Paper } from '@mantine/core';
import dayjs from 'dayjs';
import { type RefObject, useMemo, useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../components/notify';
import { type ActivityWire, useCalendarActivities, useRescheduleActivity } from './activities-api';
import type { ActivityDefaults } from './activity-form';
import { ACTIVITY_TYPE_COLORS, allDayDate, allDayIso, formatDue } from './labels';
import './activity-calendar.css';

/** Where the last calendar view (month / week / day) is remembered. */
export const CALENDAR_VIEW_KEY = 'relata-activities-calendar-view';
const VIEWS = ['dayGridMonth', 'timeGridWeek', 'timeGridDay'] as const;
type CalendarView = (typeof VIEWS)[number];

function rememberedView(): CalendarView {
  try {
    const v = window.localStorage.getItem(CALENDAR_VIEW_KEY);
    return (VIEWS as readonly string[]).includes(v ?? '') ? (v as CalendarView) : 'dayGridMonth';
  } catch {
    return 'dayGridMonth';
  }
}

/**
 * The due range asked for a visible range `[start, end)`: widened by a day on each side, because an
 * all-day activity is stored at midnight UTC, which lies outside the local range in some zones.
 */
export function fetchRange(start: Date, end: Date): { from: string; to: string } {
  return {
    from: dayjs(start).subtract(1, 'day').toISOString(),
    to: dayjs(end).add(1, 'day').subtract(1, 'millisecond').toISOString(),
  };
}

const isOpen = (a: ActivityWire) => a.status === 'planned' || a.status === 'in_progress';

/** An activity as a calendar event (timed: due + duration, 30 minutes when none; all-day: its UTC day). */
export function toEvent(a: ActivityWire, canWrite: boolean): EventInput | null {
  if (!a.due_at) return null;
  const color = `var(--mantine-color-${ACTIVITY_TYPE_COLORS[a.type]}-filled)`;
  const base = {
    id: a.id,
    title: a.subject,
    backgroundColor: color,
    borderColor: color,
    textColor: 'var(--mantine-color-white)',
    classNames: isOpen(a) ? [] : ['relata-event-closed'],
    editable: canWrite && isOpen(a),
    extendedProps: { activity: a },
  };
  if (a.all_day) return { ...base, start: allDayDate(a.due_at), allDay: true };
  const minutes = a.duration_minutes && a.duration_minutes > 0 ? a.duration_minutes : 30;
  return {
    ...base,
    start: a.due_at,
    end: dayjs(a.due_at).add(minutes, 'minute').toISOString(),
    allDay: false,
    durationEditable: canWrite && isOpen(a),
  };
}

/** What a drag or resize on the calendar means for the API: new due time, all-day flag, duration. */
export function rescheduleOf(change: Pick<EventChangeArg, 'event' | 'oldEvent'>) {
  const { event, oldEvent } = change;
  const start = event.start ?? new Date();
  const allDay = event.allDay;
  const due_at = allDay ? allDayIso(dayjs(start).format('YYYY-MM-DD')) : start.toISOString();
  let duration_minutes: number | undefined;
  if (!allDay && !oldEvent.allDay && event.end && oldEvent.end && oldEvent.start) {
    const before = dayjs(oldEvent.end).diff(oldEvent.start, 'minute');
    const after = dayjs(event.end).diff(start, 'minute');
    if (after !== before) duration_minutes = Math.min(1440, Math.max(0, after));
  }
  return { due_at, all_day: allDay, ...(duration_minutes !== undefined ? { duration_minutes } : {}) };
}

/**
 * Month / week / day calendar of activities (FullCalendar, in the browser's time zone). Only the
 * visible range is fetched (`due_from` / `due_to`, widened a day for all-day items). Open activities
 * can be dragged (and resized in week / day) to reschedule: a PATCH with If-Match; when the server
 * refuses, the event snaps back and the message is shown. Clicking (or Enter on) an event opens it;
 * clicking a day or slot starts a new activity there. The view is remembered in localStorage.
 */
export function ActivityCalendar({
  assignee,
  canWrite,
  onOpen,
  onCreateAt,
  calendarRef,
  initialDate,
}: {
  /** `me`, a membership id, `none`, or null for everyone the caller sees. */
  assignee: string | null;
  canWrite: boolean;
  onOpen: (activity: ActivityWire) => void;
  onCreateAt?: (defaults: ActivityDefaults) => void;
  /** The FullCalendar instance (tests drive its API; keyboard users have the editor instead of drag). */
  calendarRef?: RefObject<FullCalendar | null>;
  /** The day shown first (default today). */
  initialDate?: string;
}) {
  const [range, setRange] = useState<{ from: string; to: string } | null>(null);
  const [initialView] = useState(rememberedView);
  const activities = useCalendarActivities(range?.from ?? null, range?.to ?? null, assignee);
  const reschedule = useRescheduleActivity();

  const events = useMemo(
    () => (activities.data?.items ?? []).map((a) => toEvent(a, canWrite)).filter((e): e is EventInput => !!e),
    [activities.data, canWrite],
  );

  const onDatesSet = (arg: DatesSetArg) => {
    const next = fetchRange(arg.start, arg.end);
    setRange((prev) => (prev && prev.from === next.from && prev.to === next.to ? prev : next));
    try {
      window.localStorage.setItem(CALENDAR_VIEW_KEY, arg.view.type);
    } catch {
      // Storage unavailable (private mode): the view is simply not remembered.
    }
  };

  const onEventChange = (change: EventChangeArg) => {
    const activity = change.event.extendedProps.activity as ActivityWire | undefined;
    if (!activity) return;
    const body = rescheduleOf(change);
    reschedule.mutate(
      { activity, ...body },
      {
        onSuccess: (saved) => notifySuccess(`“${saved.subject}” moved to ${formatDue(saved)}`),
        onError: (err) => {
          change.revert();
          notifyError(err, 'Could not reschedule');
        },
      },
    );
  };

  const onEventClick = (arg: EventClickArg) => {
    arg.jsEvent.preventDefault();
    const activity = arg.event.extendedProps.activity as ActivityWire | undefined;
    if (activity) onOpen(activity);
  };

  const onDateClick = (arg: DateClickArg) => {
    if (!canWrite || !onCreateAt) return;
    const monthView = arg.view.type === 'dayGridMonth';
    if (arg.allDay && !monthView) onCreateAt({ due: arg.dateStr.slice(0, 10), all_day: true });
    else if (arg.allDay) onCreateAt({ due: `${arg.dateStr.slice(0, 10)} 09:00:00`, all_day: false });
    else onCreateAt({ due: dayjs(arg.date).format('YYYY-MM-DD HH:mm:ss'), all_day: false });
  };

  return (
    <Box>
      {activities.error && (
        <Box mb="sm">
          <ErrorAlert
            error={activities.error}
            title="Could not load the calendar"
            onRetry={() => void activities.refetch()}
          />
        </Box>
      )}
      {activities.data?.truncated && (
        <Alert color="yellow" mb="sm" title="Busy period">
          Only the first 1,000 activities of this range are shown. Narrow the view to week or day.
        </Alert>
      )}
      <Paper withBorder radius="md" p="sm" pos="relative" className="relata-calendar" data-testid="activity-calendar">
        <LoadingOverlay visible={activities.isFetching && !activities.data} zIndex={5} />
        <FullCalendar
          ref={calendarRef}
          plugins={[dayGridPlugin, timeGridPlugin, interactionPlugin]}
          initialView={initialView}
          initialDate={initialDate}
          headerToolbar={{ left: 'prev,next today', center: 'title', right: 'dayGridMonth,timeGridWeek,timeGridDay' }}
          buttonText={{ today: 'Today', month: 'Month', week: 'Week', day: 'Day' }}
          height={760}
          firstDay={1}
          nowIndicator
          dayMaxEvents
          eventInteractive
          editable={canWrite}
          eventStartEditable={canWrite}
          eventDurationEditable={canWrite}
          events={events}
          datesSet={onDatesSet}
          eventChange={onEventChange}
          eventClick={onEventClick}
          dateClick={onDateClick}
          scrollTime="08:00:00"
          eventTimeFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
          slotLabelFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
        />
      </Paper>
    </Box>
  );
}
