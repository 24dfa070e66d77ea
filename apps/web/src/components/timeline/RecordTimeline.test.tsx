import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { meAs } from '../../test/fixtures';
import { apiError, mockApi, renderPage } from '../../test/render';
import { RecordTimeline } from './RecordTimeline';
import type { TimelineEntryWire } from './timeline-api';
import { dayLabel } from './timeline-model';

// Mantine's autosizing Textarea (the outcome of "Complete activity") listens to `document.fonts`,
// which jsdom lacks.
if (!('fonts' in document)) {
  Object.defineProperty(document, 'fonts', {
    configurable: true,
    value: { addEventListener: () => {}, removeEventListener: () => {} },
  });
}

const id = (n: number) => `01900000-0000-7000-8000-0000000009${String(n).padStart(2, '0')}`;
const DEAL = { type: 'deal' as const, id: id(1), name: 'Globex renewal' };
const COMPANY = { type: 'company' as const, id: id(2), name: 'Globex' };
const ADA = { id: id(3), name: 'Ada Lovelace' };
const BOB = { id: id(4), name: 'Bob Builder' };
const CALL_ID = id(10);
const MEETING_ID = id(11);

// Noon UTC: the same calendar day in every time zone from UTC−11 to UTC+11.
const DAY1 = '2026-11-23';
const DAY2 = '2026-11-20';

function entry(n: number, type: TimelineEntryWire['type'], at: string, extra: Partial<TimelineEntryWire> = {}) {
  return { id: id(50 + n), type, occurred_at: at, actor: ADA, record: DEAL, data: {}, ...extra } as TimelineEntryWire;
}

const ENTRIES: TimelineEntryWire[] = [
  entry(1, 'activity', `${DAY1}T12:30:00.000Z`, {
    id: CALL_ID,
    activity: {
      id: CALL_ID,
      type: 'call',
      subject: 'Intro call',
      status: 'planned',
      due_at: `${DAY1}T15:00:00.000Z`,
      completed_at: null,
      outcome: null,
      assignee: BOB,
    },
  }),
  entry(2, 'note', `${DAY1}T12:20:00.000Z`, {
    actor: BOB,
    note: {
      id: id(12),
      body: '<p>Budget is <strong>approved</strong>, see <a href="https://example.com">the memo</a></p>',
      pinned: true,
      author: BOB,
    },
  }),
  entry(3, 'activity', `${DAY1}T12:10:00.000Z`, {
    id: MEETING_ID,
    activity: {
      id: MEETING_ID,
      type: 'meeting',
      subject: 'Kick-off',
      status: 'completed',
      due_at: `${DAY1}T09:00:00.000Z`,
      completed_at: `${DAY1}T12:10:00.000Z`,
      outcome: 'Signed the NDA',
      assignee: ADA,
    },
  }),
  entry(4, 'stage_changed', `${DAY1}T12:00:00.000Z`, {
    data: { pipeline_id: id(20), from: { id: id(21), name: 'Qualification' }, to: { id: id(22), name: 'Proposal' } },
  }),
  entry(5, 'status_changed', `${DAY2}T13:00:00.000Z`, {
    data: { from: 'open', to: 'lost', reason: 'Chose a competitor' },
  }),
  entry(6, 'field_changed', `${DAY2}T12:40:00.000Z`, {
    data: {
      changes: [
        { field: 'owner', from: ADA, to: BOB },
        { field: 'amount', from: null, to: { amount: 250000, currency: 'EUR' } },
      ],
    },
  }),
  entry(7, 'converted', `${DAY2}T12:20:00.000Z`, {
    record: COMPANY,
    data: { lead_id: id(30), company_id: COMPANY.id, company_created: true, contact_ids: [id(31)], deal_id: DEAL.id },
  }),
  entry(8, 'created', `${DAY2}T12:00:00.000Z`, { actor: null, data: { name: 'Globex renewal' } }),
];

function setup(opts: { role?: 'member' | 'viewer'; entries?: TimelineEntryWire[] } = {}) {
  return mockApi({
    'GET /api/v1/me': { body: meAs(opts.role ?? 'member') },
    'GET /api/v1/timeline': { body: { data: opts.entries ?? ENTRIES, next_cursor: null } },
    [`POST /api/v1/activities/${CALL_ID}/complete`]: {
      body: { id: CALL_ID, subject: 'Intro call', status: 'completed' },
    },
    [`POST /api/v1/activities/${MEETING_ID}/reopen`]: {
      body: { id: MEETING_ID, subject: 'Kick-off', status: 'planned' },
    },
  });
}

const timelineGets = (seen: ReturnType<typeof mockApi>) =>
  seen.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v1/timeline'));

const article = (name: RegExp) => screen.findByRole('article', { name });

describe('RecordTimeline', () => {
  it('asks for the record and shows a sticky-capable header per day in the user time zone', async () => {
    const seen = setup();
    renderPage(<RecordTimeline record={DEAL} />);
    const headers = await screen.findAllByRole('heading', { level: 3 });
    expect(headers.map((h) => h.textContent)).toEqual([dayLabel(DAY1), dayLabel(DAY2)]);
    const get = timelineGets(seen)[0]!;
    expect(get.path).toContain(`record_type=deal&record_id=${DEAL.id}`);
    expect(get.path).not.toContain('types=');
  });

  it('renders every entry type: who, when and what', async () => {
    setup();
    renderPage(<RecordTimeline record={DEAL} />);

    const call = await article(/^Call: Intro call/);
    expect(within(call).getByText('Planned')).toBeInTheDocument();
    expect(within(call).getByText(/^Due /)).toBeInTheDocument();
    expect(within(call).getByText('Assignee: Bob Builder')).toBeInTheDocument();
    expect(within(call).getByRole('button', { name: 'Complete Intro call' })).toBeInTheDocument();

    const meeting = await article(/^Meeting: Kick-off/);
    expect(within(meeting).getByText('Completed')).toBeInTheDocument();
    expect(within(meeting).getByText('Signed the NDA')).toBeInTheDocument();
    expect(within(meeting).getByRole('button', { name: 'Reopen Kick-off' })).toBeInTheDocument();

    const note = await article(/^Pinned note/);
    expect(within(note).getByText('Bob Builder')).toBeInTheDocument();
    expect(within(note).getByText('approved').tagName).toBe('STRONG');
    expect(within(note).getByRole('link', { name: 'the memo' })).toHaveAttribute('href', 'https://example.com');

    const stage = await article(/^Stage changed/);
    expect(within(stage).getByText('Qualification')).toBeInTheDocument();
    expect(within(stage).getByText('Proposal')).toBeInTheDocument();
    expect(within(stage).getByText('Ada Lovelace')).toBeInTheDocument();

    const lost = await article(/^Marked deal lost/);
    expect(within(lost).getByText('Open')).toBeInTheDocument();
    expect(within(lost).getByText('Lost')).toBeInTheDocument();
    expect(within(lost).getByText('Chose a competitor')).toBeInTheDocument();

    const fields = await article(/^Changed fields/);
    expect(within(fields).getByText(/Ada Lovelace → Bob Builder/)).toBeInTheDocument();
    expect(within(fields).getByText(/— → .*2,500/)).toBeInTheDocument();

    const converted = await article(/^Lead converted/);
    expect(within(converted).getByRole('link', { name: 'The lead' })).toHaveAttribute('href', `/leads/${id(30)}`);
    expect(within(converted).getByRole('link', { name: 'New company' })).toHaveAttribute(
      'href',
      `/companies/${COMPANY.id}`,
    );
    // No link to the record whose timeline this is (the deal created by the conversion).
    expect(within(converted).queryByRole('link', { name: 'New deal' })).not.toBeInTheDocument();
    expect(within(converted).getByRole('link', { name: 'Contact' })).toHaveAttribute('href', `/contacts/${id(31)}`);
    // An event of another record (a company roll-up) names where it happened.
    expect(within(converted).getByRole('link', { name: 'Globex' })).toHaveAttribute('href', `/companies/${COMPANY.id}`);

    const created = await article(/^Created the deal Globex renewal/);
    expect(within(created).getByText('System')).toBeInTheDocument();
  });

  it('filters by entry type with the chips', async () => {
    const seen = setup();
    renderPage(<RecordTimeline record={DEAL} />);
    await article(/^Stage changed/);
    const user = userEvent.setup();
    await user.click(screen.getByRole('checkbox', { name: 'Stage & status' }));
    await waitFor(() =>
      expect(timelineGets(seen).at(-1)!.path).toContain(`types=${encodeURIComponent('stage_changed,status_changed')}`),
    );
    await user.click(screen.getByRole('checkbox', { name: 'Notes' }));
    await waitFor(() => expect(timelineGets(seen).at(-1)!.path).toContain('note'));
    expect(decodeURIComponent(timelineGets(seen).at(-1)!.path)).toContain('types=note,stage_changed,status_changed');
    await user.click(screen.getByRole('button', { name: 'Show all' }));
    await waitFor(() => expect(screen.getByRole('checkbox', { name: 'Notes' })).not.toBeChecked());
  });

  it('completes an activity with an outcome and reopens another, then refreshes', async () => {
    const seen = setup();
    renderPage(<RecordTimeline record={DEAL} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Complete Intro call' }));
    const dialog = await screen.findByRole('dialog', { name: 'Complete activity' });
    await user.type(within(dialog).getByRole('textbox', { name: /Outcome/ }), 'Booked');
    const before = timelineGets(seen).length;
    await user.click(within(dialog).getByRole('button', { name: 'Complete' }));
    await waitFor(() => expect(seen.some((r) => r.path.endsWith('/complete'))).toBe(true));
    const post = seen.find((r) => r.path.endsWith('/complete'))!;
    expect(post.path).toBe(`/api/v1/activities/${CALL_ID}/complete`);
    expect(post.body).toEqual({ outcome: 'Booked' });
    // A timeline entry carries no version: the move is sent without If-Match.
    expect(post.headers).not.toHaveProperty('if-match');
    expect(await screen.findByText('Intro call completed')).toBeInTheDocument();
    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    await waitFor(() => expect(timelineGets(seen).length).toBeGreaterThan(before));

    await user.click(screen.getByRole('button', { name: 'Reopen Kick-off' }));
    await waitFor(() => expect(seen.some((r) => r.path === `/api/v1/activities/${MEETING_ID}/reopen`)).toBe(true));
    const reopen = seen.find((r) => r.path.endsWith('/reopen'))!;
    expect(reopen.body).toBeUndefined();
    expect(reopen.headers).not.toHaveProperty('if-match');
  });

  it('refuses an outcome over 5,000 characters without sending anything', async () => {
    const seen = setup();
    renderPage(<RecordTimeline record={DEAL} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Complete Intro call' }));
    const dialog = await screen.findByRole('dialog', { name: 'Complete activity' });
    const outcome = within(dialog).getByRole('textbox', { name: /Outcome/ });
    await waitFor(() => expect(outcome).toHaveFocus());
    await user.paste('x'.repeat(5001));
    expect(within(dialog).getByText('Must be at most 5,000 characters')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Complete' }));
    expect(seen.some((r) => r.method === 'POST')).toBe(false);
    expect(dialog).toBeInTheDocument();

    // Back within the limit, the same dialog sends it.
    await user.type(outcome, '{Backspace}');
    expect(within(dialog).queryByText('Must be at most 5,000 characters')).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Complete' }));
    await waitFor(() => expect(seen.some((r) => r.path.endsWith('/complete'))).toBe(true));
    expect(seen.find((r) => r.path.endsWith('/complete'))!.body).toEqual({ outcome: 'x'.repeat(5000) });
  });

  it('keeps the dialog open with the server’s message when completing fails', async () => {
    mockApi({
      'GET /api/v1/me': { body: meAs('member') },
      'GET /api/v1/timeline': { body: { data: ENTRIES, next_cursor: null } },
      [`POST /api/v1/activities/${CALL_ID}/complete`]: {
        status: 422,
        body: apiError('unprocessable', 'Cannot move an activity from cancelled to completed'),
      },
    });
    renderPage(<RecordTimeline record={DEAL} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Complete Intro call' }));
    const dialog = await screen.findByRole('dialog', { name: 'Complete activity' });
    await user.click(within(dialog).getByRole('button', { name: 'Complete' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('Could not complete the activity');
    expect(alert).toHaveTextContent('Cannot move an activity from cancelled to completed');
  });

  it('loads older keyset pages as the list reaches its end', async () => {
    const older = entry(9, 'created', '2026-10-01T12:00:00.000Z', { data: { name: 'Globex renewal (old)' } });
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('member') },
      'GET /api/v1/timeline': [
        { body: { data: ENTRIES.slice(0, 2), next_cursor: 'page-2' } },
        { body: { data: [older], next_cursor: null } },
      ],
    });
    renderPage(<RecordTimeline record={DEAL} />);
    expect(await article(/^Created the deal Globex renewal \(old\)/)).toBeInTheDocument();
    const gets = timelineGets(seen);
    expect(gets).toHaveLength(2);
    expect(gets[1]!.path).toContain('cursor=page-2');
    expect(screen.getByRole('heading', { level: 3, name: dayLabel('2026-10-01') })).toBeInTheDocument();
  });

  it('names the records a merge folded into this one', async () => {
    setup({
      entries: [
        entry(9, 'merged', `${DAY2}T13:00:00.000Z`, {
          data: {
            count: 2,
            merged: [
              { id: id(40), name: 'Globex (old)' },
              { id: id(41), name: 'Globex Inc' },
            ],
          },
        }),
      ],
    });
    renderPage(<RecordTimeline record={DEAL} />);
    expect(await article(/^Merged 2 records into this one: Globex \(old\), Globex Inc/)).toBeInTheDocument();
  });

  it('shows an empty state, and no quick-add bar for viewers', async () => {
    setup({ role: 'viewer', entries: [] });
    renderPage(<RecordTimeline record={DEAL} />);
    expect(await screen.findByText('Nothing has happened here yet')).toBeInTheDocument();
    expect(screen.queryByRole('toolbar', { name: 'Add to the timeline' })).not.toBeInTheDocument();
  });

  it('shows the error with a retry when the timeline cannot load', async () => {
    mockApi({
      'GET /api/v1/me': { body: meAs('member') },
      'GET /api/v1/timeline': { status: 404, body: apiError('not_found', 'Deal not found') },
    });
    renderPage(<RecordTimeline record={DEAL} />);
    expect(await screen.findByText('Deal not found')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
