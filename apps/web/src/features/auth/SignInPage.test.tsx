import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, mockApi, renderPage } from '../../test/render';
import { meAs } from '../../test/fixtures';
import { SignInPage } from './SignInPage';

const signedOut = { status: 401, body: apiError('unauthorized', 'Sign in') };

describe('SignInPage', () => {
  it('shows the SignInBody contract errors on the fields and does not call the API', async () => {
    const seen = mockApi({ 'GET /api/v1/me': signedOut });
    renderPage(<SignInPage />, { path: '/sign-in' });
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: /email/i }), 'not-an-email');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Must be a valid email address')).toBeInTheDocument();
    expect(screen.getByText('Is required')).toBeInTheDocument();
    expect(seen.filter((r) => r.path === '/api/v1/auth/sign-in')).toHaveLength(0);
  });

  it("shows the server's message when the password is wrong", async () => {
    mockApi({
      'GET /api/v1/me': signedOut,
      'POST /api/v1/auth/sign-in': { status: 401, body: apiError('unauthorized', 'Email or password is incorrect') },
    });
    renderPage(<SignInPage />, { path: '/sign-in' });
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: /email/i }), 'ada@example.com');
    await user.type(screen.getByLabelText(/^Password/), 'wrong-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Email or password is incorrect');
  });

  it('signs in, then continues to the path in ?next=', async () => {
    const seen = mockApi({
      'GET /api/v1/me': [signedOut, { body: meAs('owner') }],
      'POST /api/v1/auth/sign-in': { body: { user: meAs('owner').user } },
    });
    const { router } = renderPage(<SignInPage />, { path: '/sign-in?next=%2Fsettings%2Fmembers', pattern: '/sign-in' });
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: /email/i }), 'Ada@Example.com');
    await user.type(screen.getByLabelText(/^Password/), 'correct-horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/settings/members'));
    const signIn = seen.find((r) => r.path === '/api/v1/auth/sign-in');
    expect(signIn?.body).toEqual({ email: 'Ada@Example.com', password: 'correct-horse' });
  });
});
