import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { meAs } from '../../test/fixtures';
import { mockApi, renderPage } from '../../test/render';
import { SegmentsPage } from './SegmentsPage';

const SEG = {
  id: '01900000-0000-7000-8000-000000000501',
  name: 'Quiet software',
  description: null,
  entity: 'contacts',
  criteria: { match: 'and', conditions: [{ field: 'email', operator: 'is_not_empty' }] },
  count: 12,
  count_capped: false,
  counted_at: '2026-12-01T10:00:00.000Z',
  created_by: null,
  version: 1,
  created_at: '2026-12-01T10:00:00.000Z',
  updated_at: '2026-12-01T10:00:00.000Z',
};

function network() {
  return mockApi({
    'GET /api/v1/me': { body: meAs('member') },
    'GET /api/v1/segments': { body: { data: [SEG], next_cursor: null } },
    'GET /api/v1/segments/fields': {
      body: { entity: 'contacts', fields: [{ key: 'email', label: 'Email', type: 'text', group: 'fields' }] },
    },
    'POST /api/v1/segments/preview': { body: { count: 12, count_capped: false, records: [] } },
    [`POST /api/v1/segments/${SEG.id}/duplicate`]: {
      status: 201,
      body: { ...SEG, id: '01900000-0000-7000-8000-000000000502', name: 'Quiet software (copy)' },
    },
    [`DELETE /api/v1/segments/${SEG.id}`]: { status: 204 },
  });
}

describe('SegmentsPage', () => {
  it('lists segments with their counts and opens one as a list filtered by segment_id', async () => {
    network();
    const { router } = renderPage(<SegmentsPage />, { path: '/segments' });
    const user = userEvent.setup();
    expect(await screen.findByText('contacts · 12')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Actions for Quiet software' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Open as list' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/contacts'));
    expect(router.state.location.search).toBe(`?segment_id=${SEG.id}`);
  });

  it('loads a segment into the builder, duplicates it and deletes it after confirming', async () => {
    const seen = network();
    renderPage(<SegmentsPage />, { path: '/segments' });
    const user = userEvent.setup();
    await user.click(await screen.findByText('Quiet software'));
    expect(await screen.findByRole('textbox', { name: 'Name' })).toHaveValue('Quiet software');
    expect(screen.getByRole('button', { name: 'Save changes' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Actions for Quiet software' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Duplicate' }));
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Name' })).toHaveValue('Quiet software (copy)'));
    await user.click(screen.getByRole('button', { name: 'Actions for Quiet software' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Delete' }));
    await user.click(await screen.findByRole('button', { name: 'Delete segment' }));
    await waitFor(() => expect(seen.some((r) => r.method === 'DELETE')).toBe(true));
  });
});
