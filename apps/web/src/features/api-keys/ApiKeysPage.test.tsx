import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockApi, renderPage } from '../../test/render';
import { meAs, USER_ID } from '../../test/fixtures';
import { ApiKeysPage } from './ApiKeysPage';

const SECRET = 'rk_0190abcd.s3cr3t-value-shown-once';

function createdKey(body: unknown) {
  const b = body as { name: string; scopes: string[] };
  return {
    id: '01900000-0000-7000-8000-00000000abcd',
    name: b.name,
    scopes: b.scopes,
    prefix: 'rk_0190abcd',
    created_by: { id: USER_ID, name: 'Ada Lovelace' },
    created_at: '2026-01-03T10:00:00.000Z',
    last_used_at: null,
    expires_at: null,
    revoked_at: null,
    key: SECRET,
  };
}

describe('ApiKeysPage', () => {
  it('creates a key, shows it once with a warning, and copies it to the clipboard', async () => {
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('member') },
      'GET /api/v1/api-keys': { body: { data: [], next_cursor: null } },
      'POST /api/v1/api-keys': { status: 201, body: createdKey },
    });
    renderPage(<ApiKeysPage />, { path: '/settings/api-keys' });
    const user = userEvent.setup();
    await screen.findByText('No API keys yet');
    await user.click(screen.getAllByRole('button', { name: 'Create API key' })[0]!);
    const form = await screen.findByRole('dialog', { name: 'Create API key' });
    expect(within(form).getByRole('checkbox', { name: /admin/ })).toBeDisabled();
    await user.type(within(form).getByRole('textbox', { name: /name/i }), 'Zapier');
    await user.click(within(form).getByRole('checkbox', { name: /write/ }));
    await user.click(within(form).getByRole('button', { name: 'Create key' }));

    const dialog = await screen.findByRole('dialog', { name: /API key “Zapier” created/ });
    expect(within(dialog).getByText(SECRET)).toBeInTheDocument();
    expect(within(dialog).getByText(/will not be shown again/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Copy API key' }));
    expect(await navigator.clipboard.readText()).toBe(SECRET);
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({
      name: 'Zapier',
      scopes: ['read', 'write'],
      expires_at: null,
    });
  });
});
