import { describe, expect, it } from 'vitest';
import { field } from '../../test/records';
import { customFieldErrors, customValueError, fromFormValue, toFormValue } from './custom-values';
import { formatMoney, toMajor, toMinor } from './money';

const tier = field(1, { key: 'tier', label: 'Tier', type: 'select', options: ['Gold', 'Silver'] });
const budget = field(2, { key: 'budget', label: 'Budget', type: 'money' });
const seats = field(3, { key: 'seats', label: 'Seats', type: 'number', required: true });
const site = field(4, { key: 'site', label: 'Site', type: 'url' });

describe('custom field values in forms', () => {
  it('validates with the shared customValueSchema: select options case-insensitively, urls, required', () => {
    expect(customValueError(tier, 'gold')).toBeNull();
    expect(customValueError(tier, 'Platinum')).toBe('Must be one of: Gold, Silver');
    expect(customValueError(tier, null)).toBeNull();
    expect(customValueError(site, 'ftp://x')).toBe('Must be an http(s) URL');
    expect(customValueError(seats, '')).toBe('Is required');
    expect(customValueError(seats, 12)).toBeNull();
  });

  it('keys errors like the form values and skips archived fields', () => {
    const archived = { ...seats, archived: true };
    expect(customFieldErrors([tier, seats, archived], { tier: 'Bronze', seats: '' })).toEqual({
      'custom_fields.tier': 'Must be one of: Gold, Silver',
      'custom_fields.seats': 'Is required',
    });
  });

  it('turns money between major units in inputs and minor units on the wire', () => {
    expect(toFormValue(budget, { amount: 123456, currency: 'EUR' })).toEqual({ amount: 1234.56, currency: 'EUR' });
    expect(fromFormValue(budget, { amount: 1234.56, currency: 'eur' })).toEqual({ amount: 123456, currency: 'EUR' });
    expect(fromFormValue(budget, { amount: '', currency: 'EUR' })).toBeNull();
    expect(toMinor(500, 'JPY')).toBe(500);
    expect(toMajor(1500, 'BHD')).toBe(1.5);
    expect(customValueError(budget, { amount: 10, currency: 'EU' })).toMatch(/currency/i);
    expect(formatMoney({ amount: 123456, currency: 'USD' })).toContain('1,234.56');
  });

  it('sends null for an emptied value so the API removes it', () => {
    expect(fromFormValue(site, '  ')).toBeNull();
    expect(fromFormValue(seats, '')).toBeNull();
    expect(fromFormValue(tier, null)).toBeNull();
  });
});
