import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { meAs } from '../../test/fixtures';
import { contact, field } from '../../test/records';
import { apiError, mockApi, renderPage } from '../../test/render';
import { ContactFormModal } from './ContactFormModal';

const EXISTING = contact(9, 'Grace', 'Hopper');
const SENIORITY = field(1, {
  entity: 'contact',
  key: 'seniority',
  label: 'Seniority',
  type: 'select',
  options: ['Junior', 'Senior'],
  required: true,
});
const BUDGET = field(2, { entity: 'contact', key: 'budget', label: 'Budget', type: 'money' });

function routes(extra: Record<string, unknown> = {}) {
  return {
    'GET /api/v1/me': { body: meAs('member') },
    'GET /api/v1/custom-fields': { body: { data: [SENIORITY, BUDGET] } },
    'GET /api/v1/members': { body: { data: [], next_cursor: null } },
    'GET /api/v1/tags': { body: { data: [], next_cursor: null } },
    'GET /api/v1/companies': { body: { data: [], next_cursor: null } },
    ...extra,
  } as never;
}

describe('ContactFormModal', () => {
  it('checks custom fields with the shared validator before sending, and sends money in minor units', async () => {
    const seen = mockApi(
      routes({
        'POST /api/v1/contacts': {
          status: 201,
          body: (b: unknown) => ({ ...contact(3, 'Ada', 'Lovelace'), ...(b as object) }),
        },
      }),
    );
    const onSaved = vi.fn();
    renderPage(<ContactFormModal opened onClose={() => {}} onSaved={onSaved} />);
    const dialog = await screen.findByRole('dialog', { name: 'New contact' });
    const user = userEvent.setup();
    await user.type(await within(dialog).findByRole('textbox', { name: /^First name/ }), 'Ada');
    await user.type(within(dialog).getByRole('textbox', { name: 'Email' }), 'not-an-email');
    await user.click(within(dialog).getByRole('button', { name: 'Add contact' }));
    expect(await within(dialog).findByText('Is required')).toBeInTheDocument();
    expect(within(dialog).getByRole('textbox', { name: 'Email' })).toHaveAccessibleDescription(/email/i);
    expect(seen.some((r) => r.method === 'POST')).toBe(false);

    await user.clear(within(dialog).getByRole('textbox', { name: 'Email' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Email' }), 'ada@example.com');
    await user.click(within(dialog).getByRole('combobox', { name: /^Seniority/ }));
    await user.click(await screen.findByRole('option', { name: 'Senior' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Budget' }), '1250.5');
    await user.click(within(dialog).getByRole('button', { name: 'Add contact' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const post = seen.find((r) => r.method === 'POST')!;
    expect(post.body).toMatchObject({
      first_name: 'Ada',
      email: 'ada@example.com',
      custom_fields: { seniority: 'Senior', budget: { amount: 125050, currency: 'EUR' } },
    });
    expect(post.body).not.toHaveProperty('owner_id');
  });

  it('links to the contact that already has the email (409) and puts 400 issues on their inputs', async () => {
    mockApi(
      routes({
        'POST /api/v1/contacts': [
          {
            status: 409,
            body: apiError('conflict', 'A contact with this email exists', {
              existing_id: EXISTING.id,
              issues: [{ path: 'body.email', message: 'is already used by another contact' }],
            }),
          },
          {
            status: 400,
            body: apiError('validation_error', 'body.phone: is not a valid phone number', {
              issues: [{ path: 'body.phone', message: 'is not a valid phone number' }],
            }),
          },
        ],
      }),
    );
    renderPage(<ContactFormModal opened onClose={() => {}} onSaved={() => {}} />);
    const dialog = await screen.findByRole('dialog', { name: 'New contact' });
    const user = userEvent.setup();
    await user.type(await within(dialog).findByRole('textbox', { name: /^First name/ }), 'Grace');
    await user.type(within(dialog).getByRole('textbox', { name: 'Email' }), 'grace@example.com');
    await user.click(within(dialog).getByRole('combobox', { name: /^Seniority/ }));
    await user.click(await screen.findByRole('option', { name: 'Junior' }));
    await user.click(within(dialog).getByRole('button', { name: 'Add contact' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('This email is already used by another contact');
    expect(within(alert).getByRole('link', { name: 'another contact' })).toHaveAttribute(
      'href',
      `/contacts/${EXISTING.id}`,
    );

    await user.type(within(dialog).getByRole('textbox', { name: 'Phone' }), '12');
    await user.click(within(dialog).getByRole('button', { name: 'Add contact' }));
    expect(await within(dialog).findByText('Is not a valid phone number')).toBeInTheDocument();
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('edits with If-Match and offers a reload on 412', async () => {
    const onReload = vi.fn();
    const seen = mockApi(
      routes({
        [`PATCH /api/v1/contacts/${EXISTING.id}`]: {
          status: 412,
          body: apiError('precondition_failed', 'The contact was changed by someone else'),
        },
      }),
    );
    const grace = { ...EXISTING, version: 4, custom_fields: { seniority: 'Senior', old: 1 } };
    renderPage(<ContactFormModal opened contact={grace} onClose={() => {}} onSaved={() => {}} onReload={onReload} />);
    const dialog = await screen.findByRole('dialog', { name: 'Edit Grace Hopper' });
    const user = userEvent.setup();
    await user.type(await within(dialog).findByRole('textbox', { name: 'Job title' }), 'Admiral');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('Someone else changed this contact');
    const patch = seen.find((r) => r.method === 'PATCH')!;
    expect(patch.headers['if-match']).toBe('"4"');
    expect(patch.body).toMatchObject({
      job_title: 'Admiral',
      custom_fields: { seniority: 'Senior', old: 1, budget: null },
    });
    await user.click(within(alert).getByRole('button', { name: 'Reload' }));
    expect(onReload).toHaveBeenCalled();
  });
});
