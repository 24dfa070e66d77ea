import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { meAs, ORG_ID, USER_ID } from '../../test/fixtures';
import { mockApi, renderPage } from '../../test/render';
import { columnsStorageKey } from './column-visibility';
import { ViewSwitcher } from './ViewSwitcher';

const SEG = '01900000-0000-7000-8000-000000000777';
const view = (n: number, extra: Record<string, unknown> = {}) => ({
  id: `01900000-0000-7000-8000-00000000080${n}`,
  name: `View ${n}`,
  entity: 'contacts',
  filters: {},
  segment_id: null,
  columns: [],
  sort: null,
  layout: 'list',
  shared: false,
  owner_id: '01900000-0000-7000-8000-000000000003',
  is_default: false,
  editable: true,
  notices: [],
  version: 1,
  created_at: '2026-12-01T10:00:00.000Z',
  updated_at: '2026-12-01T10:00:00.000Z',
  ...extra,
});

function network(views: unknown[]) {
  return mockApi({
    'GET /api/v1/me': { body: meAs('member') },
    'GET /api/v1/views': { body: { data: views } },
    'GET /api/v1/custom-fields': { body: { data: [{ key: 'tier', label: 'Account tier' }] } },
    'POST /api/v1/views': { status: 201, body: (b: unknown) => view(9, b as Record<string, unknown>) },
    [`PUT /api/v1/views/${view(1).id}/default`]: { body: view(1, { is_default: true }) },
    [`DELETE /api/v1/views/${view(1).id}`]: { status: 204 },
  });
}

const render = (path: string, onApplied = () => {}) =>
  renderPage(
    <ViewSwitcher
      entity="contacts"
      recordType="contact"
      columnIds={['name', 'email', 'company', 'owner', 'job_title', 'cf.tier']}
      defaultHidden={['owner', 'job_title']}
      onApplied={onApplied}
    />,
    { path, pattern: '/contacts' },
  );

describe('ViewSwitcher', () => {
  it("applies a view: its filters, segment and sort go to the URL, its columns to the list's layout", async () => {
    window.localStorage.clear();
    network([
      view(1, { filters: { q: 'ada', owner_id: 'me' }, segment_id: SEG, sort: 'name', columns: ['name', 'company'] }),
    ]);
    let applied = 0;
    const { router } = render('/contacts?q=old', () => (applied += 1));
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Views' }));
    await user.click(await screen.findByRole('menuitem', { name: 'View 1' }));
    const search = new URLSearchParams(router.state.location.search);
    expect(Object.fromEntries(search)).toEqual({ q: 'ada', owner_id: 'me', segment_id: SEG, sort: 'name' });
    expect(JSON.parse(window.localStorage.getItem(columnsStorageKey(USER_ID, ORG_ID, 'contact'))!)).toEqual({
      name: true,
      email: false,
      company: true,
      owner: false,
      job_title: false,
      'cf.tier': false,
    });
    expect(applied).toBe(1);
    expect(screen.getByRole('button', { name: 'View 1' })).toBeInTheDocument();
  });

  it('saves the current filters, segment, sort and chosen columns as a shared view, and shows its columns at once', async () => {
    window.localStorage.clear();
    const seen = network([]);
    let applied = 0;
    render(`/contacts?q=ada&segment_id=${SEG}&sort=-created_at`, () => (applied += 1));
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Views' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Save current view…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Save current view' });
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Ada list');
    // Columns by their headers and custom-field labels, not their ids.
    await user.click(screen.getByRole('combobox', { name: 'Columns' }));
    expect(await screen.findByRole('option', { name: 'Account tier' })).toBeInTheDocument();
    await user.click(screen.getByRole('option', { name: 'Job title' }));
    expect(screen.queryByRole('option', { name: 'job_title' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: 'Share with the organisation' }));
    await user.click(screen.getByRole('button', { name: 'Save view' }));
    await waitFor(() => expect(seen.some((r) => r.method === 'POST' && r.path === '/api/v1/views')).toBe(true));
    expect(seen.find((r) => r.method === 'POST')!.body).toEqual({
      name: 'Ada list',
      entity: 'contacts',
      shared: true,
      columns: ['name', 'email', 'company', 'job_title'],
      filters: { q: 'ada' },
      segment_id: SEG,
      sort: '-created_at',
    });
    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    expect(applied).toBe(1);
    expect(JSON.parse(window.localStorage.getItem(columnsStorageKey(USER_ID, ORG_ID, 'contact'))!)).toMatchObject({
      job_title: true,
      owner: false,
      'cf.tier': false,
    });
  });

  it('applies the default view on a bare list, sets a default and deletes a view after confirming', async () => {
    window.localStorage.clear();
    const seen = network([view(1), view(2, { is_default: true, filters: { has_email: 'true' } })]);
    const { router } = render('/contacts');
    await waitFor(() => expect(router.state.location.search).toBe('?has_email=true'));
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'View 2' }));
    await user.click(await screen.findByRole('menuitem', { name: 'View 1' }));
    await user.click(screen.getByRole('button', { name: 'View 1' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Set “View 1” as default' }));
    await waitFor(() => expect(seen.some((r) => r.method === 'PUT')).toBe(true));
    await user.click(screen.getByRole('button', { name: 'View 1' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Delete “View 1”' }));
    await user.click(await screen.findByRole('button', { name: 'Delete view' }));
    await waitFor(() =>
      expect(seen.some((r) => r.method === 'DELETE' && r.path === `/api/v1/views/${view(1).id}`)).toBe(true),
    );
  });
});
