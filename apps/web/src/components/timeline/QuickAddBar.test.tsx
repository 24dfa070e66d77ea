import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { meAs } from '../../test/fixtures';
import { apiError, mockApi, renderPage } from '../../test/render';
import { RecordTimeline } from './RecordTimeline';

const DEAL = { type: 'deal' as const, id: '01900000-0000-7000-8000-000000000901' };
const LINKS = [{ type: 'deal', id: DEAL.id }];
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function setup(routes: Parameters<typeof mockApi>[0] = {}) {
  return mockApi({
    'GET /api/v1/me': { body: meAs('member') },
    'GET /api/v1/timeline': { body: { data: [], next_cursor: null } },
    ...routes,
  });
}

const posts = (seen: ReturnType<typeof mockApi>, path: string) =>
  seen.filter((r) => r.method === 'POST' && r.path === path);

async function open(label: string) {
  const user = userEvent.setup();
  renderPage(<RecordTimeline record={DEAL} />);
  const bar = await screen.findByRole('toolbar', { name: 'Add to the timeline' });
  await user.click(within(bar).getByRole('button', { name: label }));
  return { user, dialog: await screen.findByRole('dialog', { name: label }) };
}

// ProseMirror (the note editor) measures text ranges and hit-tests points, which jsdom lacks.
beforeAll(() => {
  const empty = Object.assign([], { item: () => null }) as unknown as DOMRectList;
  Range.prototype.getClientRects ??= () => empty;
  Range.prototype.getBoundingClientRect ??= () => new DOMRect();
  document.elementFromPoint ??= () => null;
});

describe('timeline quick-add', () => {
  it('adds a task: contract checks first, then the server 400 lands on the field, then it saves', async () => {
    const seen = setup({
      'POST /api/v1/activities': [
        {
          status: 400,
          body: apiError('validation_error', 'Invalid request', {
            issues: [{ path: 'body.due_at', message: 'must be an ISO 8601 date-time' }],
          }),
        },
        { status: 201, body: { id: 'a1', subject: 'Proposal' } },
      ],
    });
    const { user, dialog } = await open('Add a task');
    await user.click(within(dialog).getByRole('button', { name: 'Add task' }));
    expect(await within(dialog).findByText('Is required')).toBeInTheDocument();
    expect(posts(seen, '/api/v1/activities')).toHaveLength(0);

    await user.type(within(dialog).getByRole('textbox', { name: /Subject/ }), 'Proposal');
    await user.click(within(dialog).getByRole('button', { name: 'Add task' }));
    expect(await within(dialog).findByText('Must be an ISO 8601 date-time')).toBeInTheDocument();
    const body = posts(seen, '/api/v1/activities')[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({ type: 'task', subject: 'Proposal', priority: 'medium', links: LINKS });
    expect(body.due_at).toMatch(ISO_UTC);

    const gets = seen.filter((r) => r.path.startsWith('/api/v1/timeline')).length;
    await user.click(within(dialog).getByRole('button', { name: 'Add task' }));
    expect(await screen.findByText('Task added')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Add a task' })).not.toBeInTheDocument());
    await waitFor(() => expect(seen.filter((r) => r.path.startsWith('/api/v1/timeline')).length).toBeGreaterThan(gets));
  });

  it('logs a completed call and shows the server issue on the duration', async () => {
    const seen = setup({
      'POST /api/v1/activities': {
        status: 400,
        body: apiError('validation_error', 'Invalid request', {
          issues: [{ path: 'body.duration_minutes', message: 'must be at most 1440 minutes (24 h)' }],
        }),
      },
    });
    const { user, dialog } = await open('Log a call');
    await user.click(within(dialog).getByRole('radio', { name: 'Inbound' }));
    await user.type(within(dialog).getByRole('textbox', { name: /Duration/ }), '25');
    await user.type(within(dialog).getByRole('textbox', { name: /Outcome/ }), 'Upsell');
    await user.click(within(dialog).getByRole('button', { name: 'Log call' }));
    expect(await within(dialog).findByText('Must be at most 1440 minutes (24 h)')).toBeInTheDocument();
    // The field issue is on the input, so no separate alert repeats it.
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
    const body = posts(seen, '/api/v1/activities')[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({
      type: 'call',
      status: 'completed',
      subject: 'Call',
      call_direction: 'inbound',
      duration_minutes: 25,
      outcome: 'Upsell',
      links: LINKS,
    });
    expect(body.due_at).toMatch(ISO_UTC);
  });

  it('schedules a meeting with its location and duration', async () => {
    const seen = setup({ 'POST /api/v1/activities': { status: 201, body: { id: 'm1', subject: 'Demo' } } });
    const { user, dialog } = await open('Schedule a meeting');
    await user.type(within(dialog).getByRole('textbox', { name: /Subject/ }), 'Demo');
    await user.type(within(dialog).getByRole('textbox', { name: /Location/ }), 'Room 4');
    await user.click(within(dialog).getByRole('button', { name: 'Schedule meeting' }));
    expect(await screen.findByText('Meeting scheduled')).toBeInTheDocument();
    const body = posts(seen, '/api/v1/activities')[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({ type: 'meeting', subject: 'Demo', duration_minutes: 30, location: 'Room 4' });
    expect(body.due_at).toMatch(ISO_UTC);
    expect(new Date(body.due_at as string).getTime()).toBeGreaterThan(Date.now());
  });

  it('refuses an empty note and shows a form-level error the fields cannot hold', async () => {
    const seen = setup({
      'POST /api/v1/notes': { status: 404, body: apiError('not_found', 'Deal not found') },
    });
    const { user, dialog } = await open('Write a note');
    // The editor is loaded lazily (its own chunk).
    expect(await within(dialog).findByRole('button', { name: 'Bold' }, { timeout: 5000 })).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Save note' }));
    expect(await within(dialog).findByText('Write something first')).toBeInTheDocument();
    expect(posts(seen, '/api/v1/notes')).toHaveLength(0);

    await user.click(within(dialog).getByRole('textbox', { name: 'Note' }));
    await user.keyboard('Call back');
    await waitFor(() => expect(within(dialog).getByRole('textbox', { name: 'Note' })).toHaveTextContent('Call back'));
    await user.click(within(dialog).getByRole('checkbox', { name: /Pin/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Save note' }));
    expect(await within(dialog).findByText('Deal not found')).toBeInTheDocument();
    expect(posts(seen, '/api/v1/notes')[0]!.body).toEqual({
      body: '<p>Call back</p>',
      pinned: true,
      links: LINKS,
    });
  });
});
