import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { meAs } from '../../test/fixtures';
import { apiError, mockApi, renderPage } from '../../test/render';
import { CurrenciesPage } from './CurrenciesPage';
import type { CurrencyRateWire, CurrencySettingsWire } from './currencies-api';

const T = '2026-01-02T10:00:00.000Z';
const rate = (n: number, currency: string, value: string, validFrom: string): CurrencyRateWire => ({
  id: `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`,
  currency,
  rate: value,
  valid_from: validFrom,
  version: 1,
  created_at: T,
  updated_at: T,
});
const EUR_NEW = rate(1, 'EUR', '1.1025', '2026-01-01');
const EUR_OLD = rate(2, 'EUR', '1.0825', '2025-01-01');
const SETTINGS: CurrencySettingsWire = {
  reporting_currency: 'USD',
  rates: [EUR_NEW, EUR_OLD],
  currencies_in_use: ['EUR', 'GBP', 'USD'],
};

describe('CurrenciesPage', () => {
  it('lists rates grouped by currency, names currencies without a rate, and adds one validated by the contract', async () => {
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('admin') },
      'GET /api/v1/currencies': { body: SETTINGS },
      'POST /api/v1/currencies/rates': [
        {
          status: 409,
          body: apiError('conflict', 'GBP already has a rate from 2026-02-01; edit that one', {
            issues: [{ path: 'body.valid_from', message: 'already has a rate for this currency' }],
          }),
        },
        { status: 201, body: rate(3, 'GBP', '1.27', '2026-02-01') },
      ],
    });
    renderPage(<CurrenciesPage />, { path: '/settings/currencies' });
    const table = await screen.findByRole('table', { name: 'Exchange rates' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringMatching(/^EUR1 EUR = 1\.1025 USDIn effect/),
      expect.stringMatching(/^1 EUR = 1\.0825 USD/),
    ]);
    const hint = screen.getByRole('status');
    expect(hint).toHaveTextContent('Deals or leads use GBP, which has no rate into USD today');

    const user = userEvent.setup();
    await user.click(within(hint).getByRole('button', { name: 'Add a GBP rate' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a rate' });
    expect(within(dialog).getByRole('textbox', { name: /^Currency/ })).toHaveValue('GBP');
    await user.type(within(dialog).getByRole('textbox', { name: /^Rate/ }), '1e5');
    const day = within(dialog).getByLabelText(/^Valid from/);
    await user.clear(day);
    await user.type(day, '2026-02-01');
    await user.click(within(dialog).getByRole('button', { name: 'Add rate' }));
    expect(await within(dialog).findByText(/Must be a positive decimal number such as 1.0825/)).toBeInTheDocument();
    expect(seen.some((r) => r.method === 'POST')).toBe(false);

    const rateInput = within(dialog).getByRole('textbox', { name: /^Rate/ });
    await user.clear(rateInput);
    await user.type(rateInput, '1.27');
    await user.click(within(dialog).getByRole('button', { name: 'Add rate' }));
    expect(await within(dialog).findByText('Already has a rate for this currency')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Add rate' }));
    await waitFor(() => expect(seen.filter((r) => r.method === 'POST')).toHaveLength(2));
    expect(seen.filter((r) => r.method === 'POST')[1]!.body).toEqual({
      currency: 'GBP',
      rate: '1.27',
      valid_from: '2026-02-01',
    });
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Add a rate' })).not.toBeInTheDocument());
  });

  it('refuses the reporting currency as a rate currency before sending', async () => {
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('owner') },
      'GET /api/v1/currencies': { body: SETTINGS },
    });
    renderPage(<CurrenciesPage />, { path: '/settings/currencies' });
    await screen.findByRole('table', { name: 'Exchange rates' });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Add rate' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a rate' });
    await user.type(within(dialog).getByRole('textbox', { name: /^Currency/ }), 'usd');
    await user.type(within(dialog).getByRole('textbox', { name: /^Rate/ }), '1');
    await user.click(within(dialog).getByRole('button', { name: 'Add rate' }));
    expect(await within(dialog).findByText('USD is the reporting currency; it needs no rate')).toBeInTheDocument();
    expect(seen.some((r) => r.method === 'POST')).toBe(false);
  });

  it('edits with If-Match and deletes after confirmation', async () => {
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('admin') },
      'GET /api/v1/currencies': { body: SETTINGS },
      [`PATCH /api/v1/currencies/rates/${EUR_OLD.id}`]: { body: { ...EUR_OLD, rate: '1.09', version: 2 } },
      [`DELETE /api/v1/currencies/rates/${EUR_NEW.id}`]: { status: 204 },
    });
    renderPage(<CurrenciesPage />, { path: '/settings/currencies' });
    await screen.findByRole('table', { name: 'Exchange rates' });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Edit EUR rate from 2025-01-01' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit EUR rate' });
    const rateInput = within(dialog).getByRole('textbox', { name: /^Rate/ });
    await user.clear(rateInput);
    await user.type(rateInput, '1.09');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(seen.some((r) => r.method === 'PATCH')).toBe(true));
    const patch = seen.find((r) => r.method === 'PATCH')!;
    expect(patch.body).toEqual({ currency: 'EUR', rate: '1.09', valid_from: '2025-01-01' });
    expect(patch.headers['if-match']).toBe('"1"');

    await user.click(screen.getByRole('button', { name: 'Delete EUR rate from 2026-01-01' }));
    const confirm = await screen.findByRole('dialog', { name: /Delete the EUR rate/ });
    expect(seen.some((r) => r.method === 'DELETE')).toBe(false);
    await user.click(within(confirm).getByRole('button', { name: 'Delete rate' }));
    await waitFor(() => expect(seen.some((r) => r.method === 'DELETE')).toBe(true));
  });

  it('asks before changing the reporting currency while rates exist, then clears them', async () => {
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('admin') },
      'GET /api/v1/currencies': { body: SETTINGS },
      'PUT /api/v1/currencies/reporting': { body: { ...SETTINGS, reporting_currency: 'EUR', rates: [] } },
    });
    renderPage(<CurrenciesPage />, { path: '/settings/currencies' });
    await screen.findByRole('table', { name: 'Exchange rates' });
    const user = userEvent.setup();
    const select = screen.getByRole('combobox', { name: /Reporting currency/ });
    await user.clear(select);
    await user.type(select, 'EUR');
    await user.click(await screen.findByRole('option', { name: /^EUR · / }));
    const confirm = await screen.findByRole('dialog', { name: 'Change the reporting currency to EUR?' });
    expect(confirm).toHaveTextContent('The 2 rates into USD will be deleted');
    expect(seen.some((r) => r.method === 'PUT')).toBe(false);
    await user.click(within(confirm).getByRole('button', { name: 'Change and delete rates' }));
    await waitFor(() => expect(seen.some((r) => r.method === 'PUT')).toBe(true));
    expect(seen.find((r) => r.method === 'PUT')!.body).toEqual({ currency: 'EUR', clear_rates: true });
  });

  it('shows the empty state, and is read-only below admin', async () => {
    mockApi({
      'GET /api/v1/me': { body: meAs('member') },
      'GET /api/v1/currencies': { body: { reporting_currency: 'USD', rates: [], currencies_in_use: [] } },
    });
    renderPage(<CurrenciesPage />, { path: '/settings/currencies' });
    expect(await screen.findByText('No exchange rates')).toBeInTheDocument();
    expect(screen.getByText('Only admins and owners can change currencies and rates.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add rate' })).not.toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: /Reporting currency/ })).toBeDisabled();
  });
});
