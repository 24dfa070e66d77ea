import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockApi, renderPage } from '../../test/render';
import { meAs } from '../../test/fixtures';
import { DuplicatesPage } from './DuplicatesPage';

const A = '01900000-0000-7000-8000-00000000000a';
const B = '01900000-0000-7000-8000-00000000000b';

const record = (id: string, name: string, fields: Record<string, unknown>) => ({
  id,
  name,
  email: (fields.email as string) ?? null,
  phone: null,
  domain: null,
  company: null,
  owner: null,
  fields,
  created_at: '2026-01-03T10:00:00.000Z',
  updated_at: '2026-01-03T10:00:00.000Z',
  version: 3,
});

const GROUP = {
  score: 90,
  records: [
    record(A, 'John Smith', { first_name: 'John', last_name: 'Smith', email: 'john.smith@gmail.com', job_title: null }),
    record(B, 'Johnny Smith', {
      first_name: 'Johnny',
      last_name: 'Smith',
      email: 'johnsmith@gmail.com',
      job_title: 'CTO',
    }),
  ],
  reasons: [{ kind: 'email', value: 'johnsmith@gmail.com', record_ids: [A, B], score: 90 }],
};

describe('DuplicatesPage', () => {
  it('shows groups with score and reasons, merges with chosen values after a confirmation', async () => {
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('owner') },
      'GET /api/v1/duplicates': [
        { body: { data: [GROUP], next_cursor: null } },
        { body: { data: [], next_cursor: null } },
      ],
      'POST /api/v1/merge': { body: { id: A } },
    });
    renderPage(<DuplicatesPage />, { path: '/settings/duplicates' });
    const user = userEvent.setup();
    const card = await screen.findByRole('article', { name: /John Smith, Johnny Smith/ });
    expect(within(card).getByText('90% match')).toBeInTheDocument();
    expect(within(card).getByText('Same email: johnsmith@gmail.com')).toBeInTheDocument();
    await user.click(within(card).getByRole('button', { name: 'Review and merge' }));

    const dialog = await screen.findByRole('dialog', { name: 'Merge records' });
    // Only differing fields get a choice; the survivor's blank job title defaults to the other's.
    expect(within(dialog).queryByText('Last name')).not.toBeInTheDocument();
    expect(within(dialog).getByRole('radio', { name: 'Job title: CTO from Johnny Smith' })).toBeChecked();
    expect(within(dialog).getByRole('radio', { name: 'Keep John Smith as the survivor' })).toBeChecked();
    await user.click(within(dialog).getByRole('radio', { name: 'Email: johnsmith@gmail.com from Johnny Smith' }));
    await user.click(within(dialog).getByRole('button', { name: 'Merge 2 records' }));
    expect(within(dialog).getByText('Merge these records?')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Confirm merge' }));

    expect(await screen.findByText('2 records merged into John Smith')).toBeInTheDocument();
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({
      type: 'contacts',
      survivor_id: A,
      merged_ids: [B],
      fields: { first_name: A, email: B, job_title: B },
      versions: { [A]: 3, [B]: 3 },
    });
    expect(await screen.findByText('No duplicate contacts found')).toBeInTheDocument();
  });

  it('shows the companies tab and an empty state', async () => {
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('member') },
      'GET /api/v1/duplicates': { body: { data: [], next_cursor: null } },
    });
    renderPage(<DuplicatesPage />, { path: '/settings/duplicates' });
    const user = userEvent.setup();
    await screen.findByText('No duplicate contacts found');
    await user.click(screen.getByRole('tab', { name: 'Companies' }));
    expect(await screen.findByText('No duplicate companies found')).toBeInTheDocument();
    expect(seen.some((r) => r.path.includes('type=companies'))).toBe(true);
  });
});
