import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { meAs } from '../../test/fixtures';
import { mockApi, renderPage } from '../../test/render';
import { SegmentBuilder } from './SegmentBuilder';

const FIELDS = [
  { key: 'email', label: 'Email', type: 'text', group: 'fields' },
  { key: 'cf.tier', label: 'Tier', type: 'enum', group: 'custom_fields', options: ['gold', 'silver'] },
  { key: 'company.industry', label: 'Company industry', type: 'text', group: 'related' },
  { key: 'last_activity_at', label: 'Last activity', type: 'datetime', group: 'related' },
];

function network() {
  return mockApi({
    'GET /api/v1/me': { body: meAs('member') },
    'GET /api/v1/segments/fields': { body: { entity: 'contacts', fields: FIELDS } },
    'POST /api/v1/segments/preview': {
      body: (b: unknown) => ({
        count: ((b as { criteria: { conditions: unknown[] } }).criteria.conditions.length + 1) * 7,
        count_capped: false,
        records: [],
      }),
    },
    'POST /api/v1/segments': {
      status: 201,
      body: (b: unknown) => ({ id: '01900000-0000-7000-8000-000000000901', version: 1, count: 14, ...(b as object) }),
    },
  });
}

describe('SegmentBuilder', () => {
  it('builds conditions from the grouped field picker with a live count, then saves', async () => {
    const seen = network();
    renderPage(<SegmentBuilder />);
    const user = userEvent.setup();
    expect(await screen.findByText('7 contacts match')).toBeInTheDocument();

    await user.click(screen.getByRole('combobox', { name: 'Add condition' }));
    expect(await screen.findByText('Related')).toBeInTheDocument();
    await user.click(await screen.findByRole('option', { name: 'Company industry' }));
    await user.type(screen.getByRole('textbox', { name: 'Company industry value' }), 'Software');

    await user.click(screen.getByRole('combobox', { name: 'Add condition' }));
    await user.click(await screen.findByRole('option', { name: 'Last activity' }));
    await user.click(screen.getByRole('combobox', { name: 'Last activity operator' }));
    await user.click(await screen.findByRole('option', { name: 'more than … ago' }));

    expect(await screen.findByText('21 contacts match', {}, { timeout: 3000 })).toBeInTheDocument();
    const previews = seen.filter((r) => r.path === '/api/v1/segments/preview');
    expect(previews.at(-1)!.body).toEqual({
      entity: 'contacts',
      limit: 5,
      exact_count: false,
      criteria: {
        match: 'and',
        groups: [],
        conditions: [
          { field: 'company.industry', operator: 'equals', value: 'Software' },
          { field: 'last_activity_at', operator: 'more_than_n_days_ago', value: 30 },
        ],
      },
    });
    // Debounced: typing "Software" did not send one preview per key.
    expect(previews.length).toBeLessThan(6);

    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Quiet software');
    await user.click(screen.getByRole('button', { name: 'Save segment' }));
    await waitFor(() => expect(seen.some((r) => r.method === 'POST' && r.path === '/api/v1/segments')).toBe(true));
    const saved = seen.find((r) => r.method === 'POST' && r.path === '/api/v1/segments')!;
    expect(saved.body).toMatchObject({ name: 'Quiet software', entity: 'contacts' });
    expect((saved.body as { criteria: { conditions: unknown[] } }).criteria.conditions).toHaveLength(2);
  });

  it('shows a capped live count as "1,000+" and counts exactly on demand', async () => {
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('member') },
      'GET /api/v1/segments/fields': { body: { entity: 'contacts', fields: FIELDS } },
      'POST /api/v1/segments/preview': {
        body: (b: unknown) =>
          (b as { exact_count: boolean }).exact_count
            ? { count: 4321, count_capped: false, records: [] }
            : { count: 1000, count_capped: true, records: [] },
      },
    });
    renderPage(<SegmentBuilder />);
    const user = userEvent.setup();
    expect(await screen.findByText('1,000+ contacts match')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Count exactly' }));
    expect(await screen.findByText('4,321 contacts match')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Count exactly' })).not.toBeInTheDocument();
    const previews = seen.filter((r) => r.path === '/api/v1/segments/preview');
    expect(previews.map((r) => (r.body as { exact_count: boolean }).exact_count)).toEqual([false, true]);
  });

  it('adds a nested OR group and removes a condition', async () => {
    network();
    renderPage(<SegmentBuilder />);
    const user = userEvent.setup();
    await screen.findByText('7 contacts match');
    await user.click(screen.getByRole('button', { name: 'Add group' }));
    await user.click(screen.getByRole('combobox', { name: 'Add condition to group 0' }));
    await user.click(await screen.findByRole('option', { name: 'Tier' }));
    expect(screen.getByRole('combobox', { name: 'Tier value' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Remove Tier condition' }));
    expect(screen.queryByRole('combobox', { name: 'Tier value' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Remove group' }));
    expect(screen.queryByRole('combobox', { name: 'Add condition to group 0' })).not.toBeInTheDocument();
  });
});
