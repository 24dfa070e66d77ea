import { render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider, useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import { apiError, mockApi } from '../test/render';
import { meAs } from '../test/fixtures';
import { RequireSession } from './guards';
import { Providers } from './providers';
import { createQueryClient } from './query-client';

function Where() {
  const l = useLocation();
  return <div data-testid="where">{l.pathname + l.search}</div>;
}

function renderAt(path: string) {
  const router = createMemoryRouter(
    [
      { element: <RequireSession needsOrg />, children: [{ path: '/settings/members', element: <p>Members page</p> }] },
      { path: '*', element: <Where /> },
    ],
    { initialEntries: [path] },
  );
  render(
    <Providers queryClient={createQueryClient()} env="test">
      <RouterProvider router={router} />
    </Providers>,
  );
}

describe('RequireSession', () => {
  it('sends a signed-out visitor to sign in, keeping the path to return to', async () => {
    mockApi({ 'GET /api/v1/me': { status: 401, body: apiError('unauthorized', 'Sign in') } });
    renderAt('/settings/members?tab=x');
    expect(await screen.findByTestId('where')).toHaveTextContent('/sign-in?next=%2Fsettings%2Fmembers%3Ftab%3Dx');
  });

  it('sends a user without an active organisation to onboarding', async () => {
    mockApi({ 'GET /api/v1/me': { body: { ...meAs('owner'), org: null, role: null } } });
    renderAt('/settings/members');
    expect(await screen.findByTestId('where')).toHaveTextContent('/onboarding');
  });

  it('shows the page to a member of an organisation', async () => {
    mockApi({ 'GET /api/v1/me': { body: meAs('viewer') } });
    renderAt('/settings/members');
    expect(await screen.findByText('Members page')).toBeInTheDocument();
  });
});
