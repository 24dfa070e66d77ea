import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { meAs, member } from '../../test/fixtures';
import { apiError, mockApi, renderPage } from '../../test/render';
import { ActivitiesPage } from './ActivitiesPage';
import { activity } from './activity-fixtures';

if (!('fonts' in document)) {
  Object.defineProperty(document, 'fonts', {
    configurable: true,
    value: { addEventListener: () => {}, removeEventListener: () => {} },
  });
}

const TODAY = activity(1, 'Call Globex', { type: 'call', due_at: new Date().toISOString() });
const LATE = activity(2, 'Send the proposal', { due_at: '2026-01-05T09:00:00.000Z' });
const page = (items: unknown[]) => ({ body: { data: items, next_cursor: null } });

describe('ActivitiesPage', { timeout: 30_000 }, () => {
  it('lists my work by tab with links to the records, and shows a refused transition', async () => {
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('member') },
      'GET /api/v1/activities': page([TODAY]),
      'GET /api/v1/activities/my/overdue': page([LATE]),
      [`POST /api/v1/activities/${LATE.id}/complete`]: {
        status: 422,
        body: apiError('unprocessable', 'Cannot move an activity from cancelled to completed'),
      },
    });
    renderPage(<ActivitiesPage />, { path: '/activities' });
    const row = (await screen.findAllByTestId('activity-row'))[0]!;
    expect(within(row).getByText('Call Globex')).toBeInTheDocument();
    expect(within(row).getByRole('link', { name: 'Deal: Globex renewal' })).toHaveAttribute(
      'href',
      '/deals/01900000-0000-7000-8000-e00000000001',
    );
    const today = new URL(seen.find((r) => r.path.startsWith('/api/v1/activities?'))!.path, 'http://x').searchParams;
    expect(today.get('due_from')).toBeTruthy();
    expect(today.get('due_to')).toBeTruthy();
    expect(today.get('assignee_id')).toBe('me');
    // Members see only their own work: no assignee picker.
    expect(screen.queryByRole('combobox', { name: 'Assignee' })).not.toBeInTheDocument();

    const user = userEvent.setup();
    await user.click(screen.getByRole('tab', { name: 'Overdue' }));
    expect(await screen.findByText('Send the proposal')).toBeInTheDocument();
    expect(seen.some((r) => r.path.startsWith('/api/v1/activities/my/overdue'))).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Complete Send the proposal' }));
    const dialog = await screen.findByRole('dialog', { name: 'Complete activity' });
    await user.type(within(dialog).getByRole('textbox', { name: /Outcome/ }), 'Sent');
    await user.click(within(dialog).getByRole('button', { name: 'Complete' }));
    // The server's message stays in the dialog.
    expect(await within(dialog).findByText('Cannot move an activity from cancelled to completed')).toBeInTheDocument();
    const post = seen.find((r) => r.method === 'POST')!;
    expect(post.body).toEqual({ outcome: 'Sent' });
    expect(post.headers['if-match']).toBe('"3"');
  });

  it('completes an activity with If-Match carrying its version, then closes and refreshes', async () => {
    const task = activity(3, 'Prepare the demo', { version: 7 });
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('member') },
      'GET /api/v1/activities': page([task]),
      [`POST /api/v1/activities/${task.id}/complete`]: {
        body: { ...task, status: 'completed', outcome: 'Demo ready', version: 8 },
      },
    });
    renderPage(<ActivitiesPage />, { path: '/activities' });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Complete Prepare the demo' }));
    const dialog = await screen.findByRole('dialog', { name: 'Complete activity' });
    const outcome = within(dialog).getByRole('textbox', { name: /Outcome/ });
    await waitFor(() => expect(outcome).toHaveFocus());
    const listsBefore = seen.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v1/activities?')).length;
    await user.type(outcome, '  Demo ready  ');
    await user.click(within(dialog).getByRole('button', { name: 'Complete' }));

    expect(await screen.findByText('Prepare the demo completed')).toBeInTheDocument();
    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    const posts = seen.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.path).toBe(`/api/v1/activities/${task.id}/complete`);
    expect(posts[0]!.body).toEqual({ outcome: 'Demo ready' });
    expect(posts[0]!.headers['if-match']).toBe('"7"');
    await waitFor(() =>
      expect(seen.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v1/activities?')).length).toBeGreaterThan(
        listsBefore,
      ),
    );
  });

  it('lets a manager look at a colleague’s work', async () => {
    const colleague = member(1, 'member', 'Grace Hopper');
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('manager') },
      'GET /api/v1/members': { body: { data: [member(0, 'manager', 'Ada Lovelace'), colleague], next_cursor: null } },
      'GET /api/v1/activities': page([]),
    });
    renderPage(<ActivitiesPage />, { path: '/activities?tab=overdue' });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('combobox', { name: 'Assignee' }));
    await user.click(await screen.findByRole('option', { name: 'Grace Hopper' }));
    await waitFor(() =>
      expect(
        seen.some((r) => r.path.includes(`assignee_id=${colleague.id}`) && r.path.includes('status=planned')),
      ).toBe(true),
    );
    expect(
      seen.some((r) => r.path.includes(`assignee_id=${colleague.id}`) && r.path.includes('status=in_progress')),
    ).toBe(true);
    expect(await screen.findByText('Nothing overdue')).toBeInTheDocument();
  });
});
