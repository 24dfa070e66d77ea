import { act, screen, waitFor, within } from '@testing-library/react';
import { focusManager } from '@tanstack/react-query';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { meAs } from '../../test/fixtures';
import { mockApi, renderPage } from '../../test/render';
import type { NotificationWire } from './notifications-api';
import { NotificationBell } from './NotificationBell';

const ACTIVITY_ID = '01900000-0000-7000-8000-d00000000001';

function notification(n: number, title: string, read: boolean): NotificationWire {
  return {
    id: `01900000-0000-7000-8000-f${String(n).padStart(11, '0')}`,
    type: 'activity_reminder',
    title,
    body: 'Due in 15 minutes',
    activity_id: ACTIVITY_ID,
    activity: { id: ACTIVITY_ID, subject: title, due_at: '2026-03-10T14:00:00.000Z' },
    read_at: read ? '2026-03-10T13:50:00.000Z' : null,
    created_at: '2026-03-10T13:45:00.000Z',
  };
}

const NEW = notification(2, 'Call Globex', false);
const OLD = notification(1, 'Send the proposal', true);

describe('NotificationBell', () => {
  it('shows the unread count, lists newest first with unread highlighted, and marks all read', async () => {
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('member') },
      'GET /api/v1/notifications/unread-count': [{ body: { count: 3 } }, { body: { count: 0 } }],
      'GET /api/v1/notifications': [
        { body: { data: [NEW, OLD], next_cursor: null } },
        { body: { data: [{ ...NEW, read_at: '2026-03-10T14:00:00.000Z' }, OLD], next_cursor: null } },
      ],
      'POST /api/v1/notifications/read-all': { body: { updated: 3 } },
    });
    renderPage(<NotificationBell />, { path: '/' });
    const bell = await screen.findByRole('button', { name: 'Notifications, 3 unread' });
    expect(screen.getByTestId('unread-badge')).toHaveTextContent('3');

    const user = userEvent.setup();
    await user.click(bell);
    const dialog = await screen.findByRole('dialog');
    const items = await within(dialog).findAllByRole('button', { name: /Call Globex|Send the proposal/ });
    expect(items.map((i) => i.getAttribute('aria-label'))).toEqual(['Unread: Call Globex', 'Send the proposal']);
    expect(items[0]).toHaveAttribute('data-unread');
    expect(items[1]).not.toHaveAttribute('data-unread');

    await user.click(within(dialog).getByRole('button', { name: 'Mark all read' }));
    await waitFor(() =>
      expect(seen.some((r) => r.method === 'POST' && r.path === '/api/v1/notifications/read-all')).toBe(true),
    );
    expect(await screen.findByRole('button', { name: 'Notifications' })).toBeInTheDocument();
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Mark all read' })).toBeDisabled());
  });

  it('marks a notification read and opens its activity on click', async () => {
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('member') },
      'GET /api/v1/notifications/unread-count': { body: { count: 1 } },
      'GET /api/v1/notifications': { body: { data: [NEW], next_cursor: null } },
      [`POST /api/v1/notifications/${NEW.id}/read`]: { body: { ...NEW, read_at: '2026-03-10T14:00:00.000Z' } },
    });
    const { router } = renderPage(<NotificationBell />, { path: '/' });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Notifications, 1 unread' }));
    await user.click(await screen.findByRole('button', { name: 'Unread: Call Globex' }));
    await waitFor(() => expect(seen.some((r) => r.method === 'POST' && r.path.endsWith(`${NEW.id}/read`))).toBe(true));
    expect(router.state.location.pathname).toBe('/activities');
    expect(router.state.location.search).toBe(`?activity=${ACTIVITY_ID}`);
  });

  it('asks for the unread count again when the window regains focus', async () => {
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('member') },
      'GET /api/v1/notifications/unread-count': [{ body: { count: 0 } }, { body: { count: 2 } }],
    });
    renderPage(<NotificationBell />, { path: '/' });
    await screen.findByRole('button', { name: 'Notifications' });
    act(() => {
      focusManager.setFocused(false);
      focusManager.setFocused(true);
    });
    expect(await screen.findByRole('button', { name: 'Notifications, 2 unread' })).toBeInTheDocument();
    expect(seen.filter((r) => r.path === '/api/v1/notifications/unread-count')).toHaveLength(2);
    act(() => focusManager.setFocused(undefined));
  });
});
