import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { meAs } from '../../test/fixtures';
import { contact, recordCount, recordPage } from '../../test/records';
import { mockApi, renderPage } from '../../test/render';
import { ExportMenu } from '../../components/records/ExportMenu';
import { ContactsPage } from './ContactsPage';

const ADA = contact(1, 'Ada', 'Lovelace');
const ALAN = contact(2, 'Alan', 'Turing');
const GRACE = contact(3, 'Grace', 'Hopper');

function setup(rows = [ADA, ALAN, GRACE]) {
  return mockApi({
    'GET /api/v1/me': { body: meAs('member') },
    'GET /api/v1/custom-fields': { body: { data: [] } },
    'GET /api/v1/members': { body: { data: [], next_cursor: null } },
    'GET /api/v1/tags': { body: { data: [], next_cursor: null } },
    'GET /api/v1/views': { body: { data: [] } },
    'GET /api/v1/segments': { body: { data: [], next_cursor: null } },
    'GET /api/v1/contacts': { body: recordPage(rows, null) },
    'GET /api/v1/contacts/count': { body: recordCount(rows.length) },
    'GET /api/v1/contacts/vcard': { body: {} },
    'POST /api/v1/contacts/vcard': { body: {} },
  });
}
const vcardCalls = (seen: ReturnType<typeof mockApi>) =>
  seen.filter((r) => r.path.startsWith('/api/v1/contacts/vcard'));

beforeEach(() => {
  URL.createObjectURL = vi.fn(() => 'blob:vcard');
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
});

describe('ContactsPage: vCard of the selected contacts', () => {
  it('exports exactly the rows selected in the list, and follows the selection', async () => {
    const seen = setup();
    renderPage(<ContactsPage />, { path: '/contacts' });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Export' }));
    expect(await screen.findByRole('menuitem', { name: /select contacts first/ })).toBeDisabled();
    await user.keyboard('{Escape}');
    await user.click(await screen.findByRole('checkbox', { name: 'Select Ada Lovelace' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select Grace Hopper' }));
    await user.click(screen.getByRole('button', { name: 'Export' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Export vCard (2 selected)' }));
    await waitFor(() => expect(vcardCalls(seen)).toHaveLength(1));
    expect(vcardCalls(seen)[0]).toMatchObject({
      method: 'GET',
      path: `/api/v1/contacts/vcard?ids=${encodeURIComponent(`${ADA.id},${GRACE.id}`)}`,
    });
    // Unselecting one updates the menu.
    await user.click(screen.getByRole('checkbox', { name: 'Select Ada Lovelace' }));
    await user.click(screen.getByRole('button', { name: 'Export' }));
    expect(await screen.findByRole('menuitem', { name: 'Export vCard (1 selected)' })).toBeEnabled();
  });

  it('sends more than 400 selected ids in a POST body', async () => {
    const seen = setup();
    const ids = Array.from({ length: 401 }, (_, i) => `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`);
    renderPage(<ExportMenu resource="contacts" entity="contact" columnIds={['name']} vcardIds={ids} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Export' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Export vCard (401 selected)' }));
    await waitFor(() => expect(vcardCalls(seen)).toHaveLength(1));
    expect(vcardCalls(seen)[0]).toMatchObject({ method: 'POST', path: '/api/v1/contacts/vcard', body: { ids } });
  });
});
