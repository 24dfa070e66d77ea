import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, mockApi, renderPage } from '../../test/render';
import { SignUpForm } from './SignUpForm';

describe('SignUpForm', () => {
  it('puts the server issue "body.email: is already registered" on the email field', async () => {
    mockApi({
      'POST /api/v1/auth/sign-up': {
        status: 409,
        body: apiError('conflict', 'An account with this email already exists; sign in instead', {
          issues: [{ path: 'body.email', message: 'is already registered' }],
        }),
      },
    });
    renderPage(<SignUpForm />);
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: /name/i }), 'Ada');
    await user.type(screen.getByRole('textbox', { name: /email/i }), 'ada@example.com');
    await user.type(screen.getByLabelText(/^Password/), 'long-enough');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    const email = screen.getByRole('textbox', { name: /email/i });
    expect(await screen.findByText('Is already registered')).toBeInTheDocument();
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('alert')).toHaveTextContent('An account with this email already exists');
  });

  it('locks the email of an invitation and rejects a short password before calling the API', async () => {
    const seen = mockApi({});
    renderPage(<SignUpForm lockedEmail="invitee@example.com" />);
    const user = userEvent.setup();
    const email = screen.getByRole('textbox', { name: /email/i });
    expect(email).toHaveValue('invitee@example.com');
    expect(email).toHaveAttribute('readonly');
    await user.type(screen.getByRole('textbox', { name: /name/i }), 'Ivy');
    await user.type(screen.getByLabelText(/^Password/), 'short');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('Must be at least 8 characters')).toBeInTheDocument();
    expect(seen).toHaveLength(0);
  });
});
