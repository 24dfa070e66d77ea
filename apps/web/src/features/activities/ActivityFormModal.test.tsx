import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { meAs, member } from '../../test/fixtures';
import { apiError, mockApi, renderPage } from '../../test/render';
import { activity } from './activity-fixtures';
import { ActivityFormModal } from './ActivityFormModal';

// jsdom has no FontFaceSet; Mantine's autosize Textarea listens on it.
if (!('fonts' in document)) {
  Object.defineProperty(document, 'fonts', {
    configurable: true,
    value: { addEventListener: () => {}, removeEventListener: () => {} },
  });
}

const DEAL = { id: '01900000-0000-7000-8000-e00000000001', name: 'Globex renewal' };
const empty = { body: { data: [], next_cursor: null } };

function setup(extra: Parameters<typeof mockApi>[0] = {}) {
  return mockApi({
    'GET /api/v1/me': { body: meAs('member') },
    'GET /api/v1/members': { body: { data: [member(0, 'member', 'Ada Lovelace')], next_cursor: null } },
    'GET /api/v1/deals': { body: { data: [DEAL], next_cursor: null } },
    'GET /api/v1/leads': empty,
    'GET /api/v1/contacts': empty,
    'GET /api/v1/companies': empty,
    ...extra,
  });
}

const posts = (seen: ReturnType<typeof mockApi>) => seen.filter((r) => r.method === 'POST' || r.method === 'PATCH');

// A large form in jsdom: allow more than the default 15 s on a loaded machine.
describe('ActivityFormModal', { timeout: 40_000 }, () => {
  it('checks the form with the shared contract before sending anything', async () => {
    const seen = setup();
    renderPage(<ActivityFormModal opened onClose={() => {}} />, { path: '/activities' });
    const dialog = await screen.findByRole('dialog', { name: 'New activity' });
    const user = userEvent.setup();
    const duration = within(dialog).getByRole('textbox', { name: 'Duration (minutes)' });
    await user.clear(duration);
    await user.type(duration, '2000');
    await user.click(within(dialog).getByRole('button', { name: 'Create activity' }));

    expect(await within(dialog).findByText('Is required')).toBeInTheDocument();
    expect(
      within(dialog).getByText('Link the activity to at least one lead, deal, contact or company'),
    ).toBeInTheDocument();
    expect(within(dialog).getByText('Must be at most 1440 minutes (24 h)')).toBeInTheDocument();
    expect(posts(seen)).toHaveLength(0);
  });

  it('links a record found by search, sends UTC times, and puts the server’s 400 issues on the inputs', async () => {
    const seen = setup({
      'POST /api/v1/activities': [
        {
          status: 400,
          body: apiError('validation_error', 'body.due_at: must be in the future', {
            issues: [{ path: 'body.due_at', message: 'must not be before 2000' }],
          }),
        },
        { status: 201, body: activity(1, 'Call Globex') },
      ],
    });
    renderPage(<ActivityFormModal opened onClose={() => {}} defaults={{ due: '2026-03-10 15:30:00' }} />, {
      path: '/activities',
    });
    const dialog = await screen.findByRole('dialog', { name: 'New activity' });
    const user = userEvent.setup();
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Subject' }), { target: { value: 'Call Globex' } });
    await user.type(within(dialog).getByRole('combobox', { name: /Linked records/ }), 'Glob');
    await user.click(await screen.findByRole('option', { name: 'Deal: Globex renewal' }));
    expect(seen.some((r) => r.path.startsWith('/api/v1/deals?') && r.path.includes('q=Glob'))).toBe(true);

    await user.click(within(dialog).getByRole('button', { name: 'Create activity' }));
    expect(await within(dialog).findByText('Must not be before 2000')).toBeInTheDocument();
    const post = posts(seen)[0]!;
    expect(post.body).toMatchObject({
      type: 'task',
      subject: 'Call Globex',
      due_at: new Date(2026, 2, 10, 15, 30).toISOString(),
      all_day: false,
      duration_minutes: 30,
      priority: 'medium',
      links: [{ type: 'deal', id: DEAL.id }],
    });
    expect(post.body).not.toHaveProperty('assignee_id');
  });

  it('edits with If-Match and sends an all-day activity as midnight UTC of its day', async () => {
    const a = activity(1, 'Send the proposal');
    const seen = setup({ [`PATCH /api/v1/activities/${a.id}`]: { body: { ...a, version: 4 } } });
    renderPage(<ActivityFormModal opened onClose={() => {}} activity={a} />, { path: '/activities' });
    const dialog = await screen.findByRole('dialog', { name: 'Edit activity' });
    const user = userEvent.setup();
    await user.click(within(dialog).getByRole('switch', { name: 'All day' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(posts(seen)).toHaveLength(1));
    const patch = posts(seen)[0]!;
    expect(patch.headers['if-match']).toBe('"3"');
    const localDay = new Date(a.due_at!);
    const day = `${localDay.getFullYear()}-${String(localDay.getMonth() + 1).padStart(2, '0')}-${String(localDay.getDate()).padStart(2, '0')}`;
    expect(patch.body).toMatchObject({
      all_day: true,
      due_at: `${day}T00:00:00.000Z`,
      links: [{ type: 'deal', id: DEAL.id }],
    });
  });
});
