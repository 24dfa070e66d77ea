import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { columnsStorageKey } from '../../components/records/column-visibility';
import { meAs, ORG_ID, USER_ID } from '../../test/fixtures';
import { company, field, recordCount, recordPage } from '../../test/records';
import { mockApi, renderPage } from '../../test/render';
import { CompaniesPage } from './CompaniesPage';

const ACME = company(1, 'Acme', { type: 'customer', custom_fields: { tier: 'Gold' } });
const GLOBEX = company(2, 'Globex');
const TIER = field(1, { key: 'tier', label: 'Account tier', type: 'select', options: ['Gold', 'Silver'] });

function setup(list: unknown = { body: recordPage([ACME, GLOBEX]) }, total = 2) {
  return mockApi({
    'GET /api/v1/me': { body: meAs('member') },
    'GET /api/v1/custom-fields': { body: { data: [TIER] } },
    'GET /api/v1/members': { body: { data: [], next_cursor: null } },
    'GET /api/v1/tags': { body: { data: [], next_cursor: null } },
    'GET /api/v1/companies': list as never,
    'GET /api/v1/companies/count': { body: recordCount(total) },
  });
}
const lists = (seen: ReturnType<typeof mockApi>) =>
  seen
    .filter((r) => r.method === 'GET' && new URL(r.path, 'http://x').pathname === '/api/v1/companies')
    .map((r) => new URL(r.path, 'http://x').searchParams);

describe('CompaniesPage', () => {
  it('shows the total and the rows, and sends filters, search (debounced) and sort as query parameters', async () => {
    const seen = setup();
    const { router } = renderPage(<CompaniesPage />, { path: '/companies' });
    const table = await screen.findByRole('table', { name: 'Companies' });
    expect(within(table).getByRole('link', { name: 'Acme' })).toHaveAttribute('href', `/companies/${ACME.id}`);
    expect(screen.getByTestId('record-total')).toHaveTextContent('2 companies');
    expect(lists(seen)[0]!.get('sort')).toBe('-updated_at');
    const user = userEvent.setup();

    await user.click(screen.getByRole('combobox', { name: 'Type' }));
    await user.click(await screen.findByRole('option', { name: 'Customer' }));
    await waitFor(() => expect(lists(seen).at(-1)!.get('type')).toBe('customer'));
    expect(router.state.location.search).toContain('type=customer');

    await user.type(screen.getByRole('textbox', { name: 'Search companies' }), 'acm');
    // One request after the pause, not one per keystroke.
    await waitFor(() => expect(lists(seen).at(-1)!.get('q')).toBe('acm'), { timeout: 2000 });
    expect(lists(seen).filter((p) => p.get('q') === 'a' || p.get('q') === 'ac')).toHaveLength(0);
    expect(lists(seen).at(-1)!.get('type')).toBe('customer');

    await user.click(within(table).getByRole('button', { name: /^Name/ }));
    await waitFor(() => expect(lists(seen).at(-1)!.get('sort')).toBe('name'));
    await user.click(within(screen.getByRole('table', { name: 'Companies' })).getByRole('button', { name: /^Name/ }));
    await waitFor(() => expect(lists(seen).at(-1)!.get('sort')).toBe('-name'));
  });

  it('filters by a custom field from "More filters" as cf.<key>', async () => {
    const seen = setup();
    renderPage(<CompaniesPage />, { path: '/companies' });
    await screen.findByRole('table', { name: 'Companies' });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'More filters' }));
    const drawer = await screen.findByRole('dialog', { name: 'More filters' });
    await user.click(within(drawer).getByRole('combobox', { name: 'Account tier' }));
    await user.click(await screen.findByRole('option', { name: 'Gold' }));
    await waitFor(() => expect(lists(seen).at(-1)!.get('cf.tier')).toBe('Gold'));
    await user.click(within(drawer).getByRole('button', { name: 'Done' }));
    expect(screen.getByRole('button', { name: /More filters/ })).toHaveTextContent('1');
  });

  it('remembers the chosen columns per user, organisation and entity', async () => {
    setup();
    const first = renderPage(<CompaniesPage />, { path: '/companies' });
    const table = await screen.findByRole('table', { name: 'Companies' });
    expect(within(table).queryByRole('columnheader', { name: /Account tier/ })).not.toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Columns' }));
    const group = await screen.findByRole('group', { name: 'Visible columns' });
    await user.click(within(group).getByRole('checkbox', { name: 'Account tier' }));
    await user.click(within(group).getByRole('checkbox', { name: 'Domain' }));
    expect(within(table).getByRole('columnheader', { name: /Account tier/ })).toBeInTheDocument();
    expect(within(table).getByText('Gold')).toBeInTheDocument();
    expect(within(table).queryByRole('columnheader', { name: /Domain/ })).not.toBeInTheDocument();
    expect(JSON.parse(localStorage.getItem(columnsStorageKey(USER_ID, ORG_ID, 'company'))!)).toEqual({
      'cf.tier': true,
      domain: false,
    });
    first.unmount();

    renderPage(<CompaniesPage />, { path: '/companies' });
    const again = await screen.findByRole('table', { name: 'Companies' });
    expect(within(again).getByRole('columnheader', { name: /Account tier/ })).toBeInTheDocument();
    expect(within(again).queryByRole('columnheader', { name: /Domain/ })).not.toBeInTheDocument();
  });

  it('offers "Add your first company" when there are none, and "Clear filters" when filters match nothing', async () => {
    setup({ body: recordPage([]) }, 0);
    const { unmount } = renderPage(<CompaniesPage />, { path: '/companies' });
    expect(await screen.findByRole('button', { name: 'Add your first company' })).toBeInTheDocument();
    unmount();

    const seen = setup({ body: recordPage([]) }, 0);
    const { router } = renderPage(<CompaniesPage />, { path: '/companies?type=vendor' });
    expect(await screen.findByText('No companies match')).toBeInTheDocument();
    await userEvent.setup().click(screen.getAllByRole('button', { name: 'Clear filters' }).at(-1)!);
    await waitFor(() => expect(router.state.location.search).toBe(''));
    expect(lists(seen)[0]!.get('type')).toBe('vendor');
  });

  it('hides writing for viewers: no New company, no row selection', async () => {
    mockApi({
      'GET /api/v1/me': { body: meAs('viewer') },
      'GET /api/v1/custom-fields': { body: { data: [] } },
      'GET /api/v1/companies': { body: recordPage([ACME]) },
      'GET /api/v1/companies/count': { body: recordCount(1) },
    });
    renderPage(<CompaniesPage />, { path: '/companies' });
    await screen.findByRole('table', { name: 'Companies' });
    expect(screen.queryByRole('button', { name: 'New company' })).not.toBeInTheDocument();
    expect(screen.queryByRole('checkbox', { name: 'Select Acme' })).not.toBeInTheDocument();
  });
});
