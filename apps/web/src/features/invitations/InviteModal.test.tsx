import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, mockApi, renderPage } from '../../test/render';
import { InvitationsSection } from './InvitationsSection';
import { InviteModal } from './InviteModal';

const EXISTING = '01900000-0000-7000-8000-00000000beef';
const created = (url: string) => ({
  id: EXISTING,
  email: 'bob@example.com',
  role: 'member',
  status: 'pending',
  invited_by: null,
  expires_at: '2026-02-01T10:00:00.000Z',
  created_at: '2026-01-01T10:00:00.000Z',
  token: 'ri_x.y',
  url,
});

describe('InviteModal', () => {
  it('shows the link once the invitation is created', async () => {
    const seen = mockApi({
      'POST /api/v1/invitations': { status: 201, body: created('http://localhost/invite/ri_new') },
    });
    renderPage(<InviteModal opened onClose={() => {}} viewerRole="admin" />);
    const user = userEvent.setup();
    const dialog = screen.getByRole('dialog', { name: 'Invite people' });
    expect(within(dialog).queryByRole('option', { name: 'Owner' })).not.toBeInTheDocument();
    await user.type(within(dialog).getByRole('textbox', { name: /email/i }), 'bob@example.com');
    await user.click(within(dialog).getByRole('button', { name: 'Create invitation' }));
    expect(await screen.findByText('http://localhost/invite/ri_new')).toBeInTheDocument();
    expect(screen.getByText('Send this link to them')).toBeInTheDocument();
    expect(seen[0]?.body).toEqual({ email: 'bob@example.com', role: 'member', expires_in_days: 7 });
  });

  it('offers to resend when the email already has a pending invitation', async () => {
    const seen = mockApi({
      'POST /api/v1/invitations': {
        status: 409,
        body: apiError('conflict', 'bob@example.com already has a pending invitation; resend it instead', {
          existing_invitation_id: EXISTING,
          issues: [{ path: 'body.email', message: 'already has a pending invitation' }],
        }),
      },
      [`POST /api/v1/invitations/${EXISTING}/resend`]: { body: created('http://localhost/invite/ri_resent') },
    });
    renderPage(<InviteModal opened onClose={() => {}} viewerRole="owner" />);
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: /email/i }), 'bob@example.com');
    await user.click(screen.getByRole('button', { name: 'Create invitation' }));
    expect(await screen.findByText('Already has a pending invitation')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Resend invitation' }));
    expect(await screen.findByText('http://localhost/invite/ri_resent')).toBeInTheDocument();
    expect(seen.map((r) => `${r.method} ${r.path}`)).toContain(`POST /api/v1/invitations/${EXISTING}/resend`);
  });

  it('opens prefilled for an inactive member from the URL and sends member_id', async () => {
    const memberId = '01900000-0000-7000-8000-000000000103';
    const seen = mockApi({
      'GET /api/v1/invitations': { body: { data: [], next_cursor: null } },
      'POST /api/v1/invitations': { status: 201, body: created('http://localhost/invite/ri_ina') },
    });
    const { router } = renderPage(<InvitationsSection viewerRole="admin" />, {
      path: `/settings/members?invite=1&invite_email=ina%40example.com&invite_member=${memberId}`,
      pattern: '/settings/members',
    });
    const dialog = await screen.findByRole('dialog', { name: 'Invite people' });
    const email = within(dialog).getByRole('textbox', { name: /email/i });
    expect(email).toHaveValue('ina@example.com');
    expect(within(dialog).getByText(/activates this inactive member/)).toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(within(dialog).getByRole('button', { name: 'Create invitation' }));
    expect(await screen.findByText('http://localhost/invite/ri_ina')).toBeInTheDocument();
    const post = seen.find((r) => r.method === 'POST')!;
    expect(post.body).toEqual({ email: 'ina@example.com', role: 'member', expires_in_days: 7, member_id: memberId });
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(router.state.location.search).toBe('');
  });

  it('sends no member_id without a prefill', async () => {
    const seen = mockApi({
      'POST /api/v1/invitations': { status: 201, body: created('http://localhost/invite/ri_z') },
    });
    renderPage(<InviteModal opened onClose={() => {}} viewerRole="admin" prefill={{ email: 'zed@example.com' }} />);
    const user = userEvent.setup();
    expect(screen.getByRole('textbox', { name: /email/i })).toHaveValue('zed@example.com');
    await user.click(screen.getByRole('button', { name: 'Create invitation' }));
    expect(await screen.findByText('http://localhost/invite/ri_z')).toBeInTheDocument();
    expect(seen[0]?.body).toEqual({ email: 'zed@example.com', role: 'member', expires_in_days: 7 });
  });
});
