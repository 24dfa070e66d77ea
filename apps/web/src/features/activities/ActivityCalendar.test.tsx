import type FullCalendar from '@fullcalendar/react';
import { act, screen, waitFor } from '@testing-library/react';
import { createRef } from 'react';
import { describe, expect, it } from 'vitest';
import { meAs } from '../../test/fixtures';
import { apiError, mockApi, renderPage } from '../../test/render';
import { activity } from './activity-fixtures';
import { ActivityCalendar, fetchRange } from './ActivityCalendar';

const CALL = activity(1, 'Call Globex', { type: 'call', due_at: '2026-03-10T14:00:00.000Z' });

function renderCalendar() {
  const ref = createRef<FullCalendar>();
  const utils = renderPage(
    <ActivityCalendar assignee="me" canWrite onOpen={() => {}} calendarRef={ref} initialDate="2026-03-10" />,
    { path: '/activities' },
  );
  return { ...utils, ref };
}

const api = (ref: React.RefObject<FullCalendar | null>) => ref.current!.getApi();

describe('ActivityCalendar', () => {
  it('fetches only the visible range (widened a day for all-day items) and shows the activities', async () => {
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('member') },
      'GET /api/v1/activities': { body: { data: [CALL], next_cursor: null } },
    });
    const { ref } = renderCalendar();
    expect(await screen.findByText('Call Globex')).toBeInTheDocument();
    const view = api(ref).view;
    expect(view.type).toBe('dayGridMonth');
    const { from, to } = fetchRange(view.activeStart, view.activeEnd);
    const list = seen.filter((r) => r.path.startsWith('/api/v1/activities'));
    expect(list).toHaveLength(1);
    const params = new URL(list[0]!.path, 'http://x').searchParams;
    expect(params.get('due_from')).toBe(from);
    expect(params.get('due_to')).toBe(to);
    expect(params.get('assignee_id')).toBe('me');
    // The month shown (with its leading and trailing days) and nothing more.
    expect(Date.parse(from)).toBeLessThanOrEqual(Date.parse('2026-03-01T00:00:00Z'));
    expect(Date.parse(to)).toBeGreaterThanOrEqual(Date.parse('2026-03-31T23:59:59Z'));
    expect(Date.parse(to) - Date.parse(from)).toBeLessThan(45 * 86_400_000);

    // Next month: a new range is asked for.
    act(() => api(ref).next());
    await waitFor(() => expect(seen.filter((r) => r.path.startsWith('/api/v1/activities'))).toHaveLength(2));
    const next = new URL(seen.filter((r) => r.path.startsWith('/api/v1/activities'))[1]!.path, 'http://x').searchParams;
    expect(Date.parse(next.get('due_from')!)).toBeGreaterThan(Date.parse(from));
  });

  it('reschedules a dragged activity with PATCH + If-Match, and snaps it back when the server refuses', async () => {
    const moved = { ...CALL, due_at: '2026-03-11T14:00:00.000Z', version: 4 };
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('member') },
      'GET /api/v1/activities': [
        { body: { data: [CALL], next_cursor: null } },
        { body: { data: [moved], next_cursor: null } },
      ],
      [`PATCH /api/v1/activities/${CALL.id}`]: [
        { body: moved },
        { status: 412, body: apiError('precondition_failed', 'Someone else changed this activity') },
      ],
    });
    const { ref } = renderCalendar();
    await screen.findByText('Call Globex');

    act(() => api(ref).getEventById(CALL.id)!.moveDates({ days: 1 }));
    await waitFor(() => expect(seen.filter((r) => r.method === 'PATCH')).toHaveLength(1));
    const patch = seen.find((r) => r.method === 'PATCH')!;
    expect(patch.body).toEqual({ due_at: '2026-03-11T14:00:00.000Z', all_day: false });
    expect(patch.headers['if-match']).toBe('"3"');
    expect(await screen.findByText(/moved to/)).toBeInTheDocument();

    // The second move is refused: the event returns to where it was and the message shows.
    await waitFor(() => expect(api(ref).getEventById(CALL.id)!.start!.toISOString()).toBe(moved.due_at));
    act(() => api(ref).getEventById(CALL.id)!.moveDates({ days: 2 }));
    expect(await screen.findByText('Someone else changed this activity')).toBeInTheDocument();
    await waitFor(() => expect(api(ref).getEventById(CALL.id)!.start!.toISOString()).toBe(moved.due_at));
    const patches = seen.filter((r) => r.method === 'PATCH');
    expect(patches).toHaveLength(2);
    expect(patches[1]!.headers['if-match']).toBe('"4"');
  });
});
