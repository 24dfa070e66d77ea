import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { meAs } from '../../test/fixtures';
import { field } from '../../test/records';
import { mockApi, renderPage } from '../../test/render';
import { CustomFieldsPage } from './CustomFieldsPage';
import { keyFromLabel } from './CustomFieldModal';

const TIER = field(1, { key: 'tier', label: 'Account tier', type: 'select', options: ['Gold', 'Silver'] });
const SEATS = field(2, { key: 'seats', label: 'Seats', type: 'number' });

describe('CustomFieldsPage', () => {
  it('creates a select field with its options, the key derived from the label', async () => {
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('admin') },
      'GET /api/v1/custom-fields': { body: { data: [TIER, SEATS] } },
      'POST /api/v1/custom-fields': { status: 201, body: (b: unknown) => field(3, b as never) },
    });
    renderPage(<CustomFieldsPage />, { path: '/settings/custom-fields' });
    await screen.findByRole('table', { name: 'Custom fields of companies' });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'New field' }));
    const dialog = await screen.findByRole('dialog', { name: 'New company field' });
    await user.type(within(dialog).getByRole('textbox', { name: /^Label/ }), 'Renewal stage');
    expect(within(dialog).getByRole('textbox', { name: /^Key/ })).toHaveValue('renewal_stage');
    await user.click(within(dialog).getByRole('combobox', { name: /^Type/ }));
    await user.click(await screen.findByRole('option', { name: 'Select' }));
    await user.click(within(dialog).getByRole('button', { name: 'Add field' }));
    expect(await within(dialog).findByText('Add at least one option')).toBeInTheDocument();
    const options = within(dialog).getByRole('combobox', { name: /^Options/ });
    await user.type(options, 'Early{Enter}Late{Enter}');
    await user.click(within(dialog).getByRole('button', { name: 'Add field' }));
    await waitFor(() => expect(seen.some((r) => r.method === 'POST')).toBe(true));
    expect(seen.find((r) => r.method === 'POST')!.body).toEqual({
      entity: 'company',
      label: 'Renewal stage',
      key: 'renewal_stage',
      type: 'select',
      options: ['Early', 'Late'],
      required: false,
    });
  });

  it('reorders with the arrow buttons and archives with If-Match; viewers only read', async () => {
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('owner') },
      'GET /api/v1/custom-fields': { body: { data: [TIER, SEATS] } },
      'POST /api/v1/custom-fields/reorder': { body: { data: [SEATS, TIER] } },
      [`PATCH /api/v1/custom-fields/${SEATS.id}`]: { body: { ...SEATS, archived: true, version: 2 } },
    });
    const page = renderPage(<CustomFieldsPage />, { path: '/settings/custom-fields' });
    await screen.findByRole('table', { name: 'Custom fields of companies' });
    const user = userEvent.setup();
    expect(screen.getByRole('button', { name: 'Move Account tier up' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Move Account tier down' }));
    await waitFor(() => expect(seen.some((r) => r.path === '/api/v1/custom-fields/reorder')).toBe(true));
    expect(seen.find((r) => r.path === '/api/v1/custom-fields/reorder')!.body).toEqual({
      entity: 'company',
      ids: [SEATS.id, TIER.id],
    });
    await user.click(screen.getByRole('button', { name: 'Archive Seats' }));
    await waitFor(() => expect(seen.some((r) => r.method === 'PATCH')).toBe(true));
    const patch = seen.find((r) => r.method === 'PATCH')!;
    expect(patch.body).toEqual({ archived: true });
    expect(patch.headers['if-match']).toBe('"1"');
    page.unmount();

    mockApi({
      'GET /api/v1/me': { body: meAs('viewer') },
      'GET /api/v1/custom-fields': { body: { data: [TIER] } },
    });
    renderPage(<CustomFieldsPage />, { path: '/settings/custom-fields' });
    await screen.findByRole('table', { name: 'Custom fields of companies' });
    expect(screen.getByText('Only admins and owners can change custom fields.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New field' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Archive/ })).not.toBeInTheDocument();
  });

  it('derives keys the API accepts', () => {
    expect(keyFromLabel('Renewal date')).toBe('renewal_date');
    expect(keyFromLabel('Été 2026 – budget!')).toBe('ete_2026_budget');
    expect(keyFromLabel('2nd contact')).toBe('f_2nd_contact');
  });
});
