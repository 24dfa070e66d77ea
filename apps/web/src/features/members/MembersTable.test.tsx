import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { meAs, member } from '../../test/fixtures';
import { mockApi, renderPage } from '../../test/render';
import { MembersTable } from './MembersTable';

const MEMBERS = [
  member(0, 'admin', 'Ada Lovelace'),
  member(1, 'owner', 'Grace Hopper'),
  member(2, 'member', 'Linus T'),
];
const page = { body: { data: MEMBERS, next_cursor: null } };
const INACTIVE = { ...member(3, 'member', 'Ina Active'), user_id: null, status: 'inactive' };
const NO_EMAIL = { ...member(4, 'member', 'Bob Builder'), user_id: null, email: null, status: 'inactive' };
const withInactive = { body: { data: [...MEMBERS, INACTIVE, NO_EMAIL], next_cursor: null } };

describe('MembersTable', () => {
  it('disables every role select for someone below admin and offers no remove buttons', async () => {
    mockApi({ 'GET /api/v1/me': { body: meAs('member') }, 'GET /api/v1/members': page });
    renderPage(<MembersTable />);
    const selects = await screen.findAllByRole('combobox', { name: /^Role of / });
    expect(selects).toHaveLength(3);
    for (const s of selects) expect(s).toBeDisabled();
    expect(screen.queryByRole('button', { name: /^Remove / })).not.toBeInTheDocument();
  });

  it("lets an admin change a member's role (with If-Match) but not an owner's", async () => {
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('admin') },
      'GET /api/v1/members': page,
      [`PATCH /api/v1/members/${MEMBERS[2]!.id}`]: { body: { ...MEMBERS[2], role: 'manager', version: 2 } },
    });
    renderPage(<MembersTable />);
    const linus = await screen.findByRole('combobox', { name: 'Role of Linus T' });
    expect(screen.getByRole('combobox', { name: 'Role of Grace Hopper' })).toBeDisabled();
    expect(linus).toBeEnabled();
    const user = userEvent.setup();
    await user.click(linus);
    const listbox = await screen.findByRole('listbox');
    expect(within(listbox).queryByRole('option', { name: 'Owner' })).not.toBeInTheDocument();
    await user.click(within(listbox).getByRole('option', { name: 'Manager' }));
    await waitFor(() => expect(seen.some((r) => r.method === 'PATCH')).toBe(true));
    const patch = seen.find((r) => r.method === 'PATCH')!;
    expect(patch.body).toEqual({ role: 'manager' });
    expect(patch.headers['if-match']).toBe('"1"');
  });

  it('asks for confirmation before removing a member', async () => {
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('owner') },
      'GET /api/v1/members': page,
      [`DELETE /api/v1/members/${MEMBERS[2]!.id}`]: { status: 204 },
    });
    renderPage(<MembersTable />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Remove Linus T' }));
    const dialog = await screen.findByRole('dialog', { name: 'Remove Linus T?' });
    expect(seen.some((r) => r.method === 'DELETE')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Remove member' }));
    await waitFor(() => expect(seen.some((r) => r.method === 'DELETE')).toBe(true));
  });

  it('marks inactive members; an admin invites one with their address and id in the URL', async () => {
    mockApi({ 'GET /api/v1/me': { body: meAs('admin') }, 'GET /api/v1/members': withInactive });
    const { router } = renderPage(<MembersTable />);
    const row = (await screen.findByText('Ina Active')).closest('tr')!;
    expect(within(row).getByText('Inactive')).toBeInTheDocument();
    expect(within(row).getByText('ina@example.com')).toBeInTheDocument();
    // The role comes with the invitation: not editable before.
    expect(screen.getByRole('combobox', { name: 'Role of Ina Active' })).toBeDisabled();
    expect(screen.getByRole('combobox', { name: 'Role of Linus T' })).toBeEnabled();
    const bob = screen.getByText('Bob Builder').closest('tr')!;
    expect(within(bob).getByText('No email address')).toBeInTheDocument();
    // Active members have neither the badge nor the action.
    expect(within(screen.getByText('Linus T').closest('tr')!).queryByText('Inactive')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Invite Linus T' })).not.toBeInTheDocument();

    await userEvent.setup().click(screen.getByRole('button', { name: 'Invite Ina Active' }));
    const search = new URLSearchParams(router.state.location.search);
    expect(Object.fromEntries(search)).toEqual({
      invite: '1',
      invite_email: 'ina@example.com',
      invite_member: INACTIVE.id,
    });
  });

  it('offers no Invite action below admin', async () => {
    mockApi({ 'GET /api/v1/me': { body: meAs('member') }, 'GET /api/v1/members': withInactive });
    renderPage(<MembersTable />);
    expect(await screen.findByText('Ina Active')).toBeInTheDocument();
    expect(screen.getAllByText('Inactive')).toHaveLength(2);
    expect(screen.queryByRole('button', { name: /^Invite / })).not.toBeInTheDocument();
  });
});
