import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { meAs, member } from '../../test/fixtures';
import { contact, recordCount, recordPage } from '../../test/records';
import { mockApi, renderPage } from '../../test/render';
import { ContactsPage } from './ContactsPage';

const ADA = contact(1, 'Ada', 'Lovelace');
const ALAN = contact(2, 'Alan', 'Turing');
const CASEY = member(3, 'member', 'Casey Kim');

function setup(total = 2, next: string | null = null) {
  return mockApi({
    'GET /api/v1/me': { body: meAs('member') },
    'GET /api/v1/custom-fields': { body: { data: [] } },
    'GET /api/v1/members': { body: { data: [CASEY], next_cursor: null } },
    'GET /api/v1/tags': { body: { data: [], next_cursor: null } },
    'GET /api/v1/contacts': { body: recordPage([ADA, ALAN], next) },
    'GET /api/v1/contacts/count': { body: recordCount(total) },
    'POST /api/v1/contacts/bulk': {
      body: (b: unknown) => {
        const body = b as { action: string; ids?: string[] };
        const ids = body.ids ?? [ADA.id, ALAN.id];
        return { action: body.action, succeeded: ids.length, failed: 0, results: ids.map((id) => ({ id, ok: true })) };
      },
    },
  });
}
const bulkCalls = (seen: ReturnType<typeof mockApi>) => seen.filter((r) => r.path === '/api/v1/contacts/bulk');

describe('ContactsPage bulk actions', () => {
  it('assigns an owner to the selected rows by id', async () => {
    const seen = setup();
    renderPage(<ContactsPage />, { path: '/contacts' });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('checkbox', { name: 'Select Ada Lovelace' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select Alan Turing' }));
    const bar = screen.getByRole('region', { name: 'Bulk actions' });
    expect(bar).toHaveTextContent('2 contacts selected');
    // Everything loaded is selected and nothing more matches: no "select all matching".
    expect(within(bar).queryByText(/Select all/)).not.toBeInTheDocument();
    await user.click(within(bar).getByRole('button', { name: 'Assign owner' }));
    await user.click(within(bar).getByRole('combobox', { name: 'New owner' }));
    await user.click(await screen.findByRole('option', { name: 'Casey Kim' }));
    await user.click(within(bar).getAllByRole('button', { name: 'Assign owner' }).at(-1)!);
    await waitFor(() => expect(bulkCalls(seen)).toHaveLength(1));
    expect(bulkCalls(seen)[0]!.body).toEqual({ action: 'assign_owner', ids: [ADA.id, ALAN.id], owner_id: CASEY.id });
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Bulk actions' })).not.toBeInTheDocument());
  });

  it('"Select all N matching" sends the list filter instead of ids, and delete asks first', async () => {
    const seen = setup(250, 'next');
    renderPage(<ContactsPage />, { path: '/contacts?tag_id=01900000-0000-7000-8000-700000000001&q=a' });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('checkbox', { name: 'Select all loaded rows' }));
    const bar = screen.getByRole('region', { name: 'Bulk actions' });
    await user.click(within(bar).getByRole('button', { name: 'Select all 250 matching contacts' }));
    expect(bar).toHaveTextContent('All 250 matching contacts selected');
    await user.click(within(bar).getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete all 250 matching contacts?' });
    expect(bulkCalls(seen)).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Delete contacts' }));
    await waitFor(() => expect(bulkCalls(seen)).toHaveLength(1));
    expect(bulkCalls(seen)[0]!.body).toEqual({
      action: 'delete',
      filter: { tag_id: '01900000-0000-7000-8000-700000000001', q: 'a' },
    });
  });
});
