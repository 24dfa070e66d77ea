import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { meAs } from '../../test/fixtures';
import { mockApi, renderPage } from '../../test/render';
import { ProfilePage } from './ProfilePage';

const URL1 = 'http://localhost:3000/ical/rc_first.ics';
const URL2 = 'http://localhost:3000/ical/rc_second.ics';

function setup() {
  return mockApi({
    'GET /api/v1/me': { body: meAs('member') },
    'GET /api/v1/notifications/settings': { body: { reminder_minutes: 15 } },
    'PATCH /api/v1/notifications/settings': { body: (b: unknown) => b },
    'GET /api/v1/calendar-feed': { body: { active: false, created_at: null } },
    'POST /api/v1/calendar-feed': [
      { status: 201, body: { url: URL1, token: 'rc_first', created_at: '2026-03-01T10:00:00.000Z' } },
      { status: 201, body: { url: URL2, token: 'rc_second', created_at: '2026-03-02T10:00:00.000Z' } },
    ],
    'DELETE /api/v1/calendar-feed': { status: 204 },
  });
}

describe('ProfilePage activity settings', { timeout: 30_000 }, () => {
  it('creates the calendar URL (shown once, with copy), regenerates and revokes it after confirming', async () => {
    const seen = setup();
    renderPage(<ProfilePage />, { path: '/profile' });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Create URL' }));
    expect(await screen.findByText(URL1)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Copy calendar URL' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Regenerate' }));
    const confirm = await screen.findByRole('dialog', { name: 'Regenerate the calendar URL?' });
    await user.click(within(confirm).getByRole('button', { name: 'Regenerate' }));
    expect(await screen.findByText(URL2)).toBeInTheDocument();
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(2);

    await user.click(screen.getByRole('button', { name: 'Revoke' }));
    const revoke = await screen.findByRole('dialog', { name: 'Revoke the calendar URL?' });
    await user.click(within(revoke).getByRole('button', { name: 'Revoke' }));
    expect(await screen.findByRole('button', { name: 'Create URL' })).toBeInTheDocument();
    expect(screen.queryByText(URL2)).not.toBeInTheDocument();
    expect(seen.some((r) => r.method === 'DELETE' && r.path === '/api/v1/calendar-feed')).toBe(true);
  });

  it('saves a reminder lead time from the list or a custom number of minutes (0–10080)', async () => {
    const seen = setup();
    renderPage(<ProfilePage />, { path: '/profile' });
    const user = userEvent.setup();
    const remind = (await screen.findAllByLabelText('Remind me')).find((el) => el.tagName === 'INPUT')!;
    expect(remind).toHaveValue('15 minutes before');
    await user.click(remind);
    await user.click(await screen.findByRole('option', { name: 'Custom…' }));
    const minutes = screen.getByRole('textbox', { name: 'Minutes before' });
    await user.clear(minutes);
    await user.type(minutes, '20000');
    const reminders = screen.getByRole('heading', { name: 'Reminders' }).closest<HTMLElement>('.mantine-Paper-root')!;
    await user.click(within(reminders).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Enter whole minutes from 0 to 10080 (one week)')).toBeInTheDocument();
    expect(seen.filter((r) => r.method === 'PATCH')).toHaveLength(0);

    await user.clear(minutes);
    await user.type(minutes, '45');
    await user.click(within(reminders).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(seen.filter((r) => r.method === 'PATCH')).toHaveLength(1));
    expect(seen.find((r) => r.method === 'PATCH')!.body).toEqual({ reminder_minutes: 45 });
  });
});
