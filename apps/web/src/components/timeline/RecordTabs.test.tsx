import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { meAs } from '../../test/fixtures';
import { mockApi, renderPage } from '../../test/render';
import { RecordTabs } from './RecordTabs';

const COMPANY = { type: 'company' as const, id: '01900000-0000-7000-8000-000000000902' };

describe('RecordTabs', () => {
  it('shows the details first and loads the timeline only when its tab opens (kept in ?tab=)', async () => {
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('member') },
      'GET /api/v1/timeline': { body: { data: [], next_cursor: null } },
    });
    const { router } = renderPage(
      <RecordTabs record={COMPANY}>
        <p>Company details</p>
      </RecordTabs>,
      { path: `/companies/${COMPANY.id}`, pattern: '/companies/:id' },
    );
    expect(await screen.findByText('Company details')).toBeInTheDocument();
    expect(seen.some((r) => r.path.startsWith('/api/v1/timeline'))).toBe(false);

    await userEvent.setup().click(screen.getByRole('tab', { name: 'Timeline' }));
    expect(await screen.findByText('Nothing has happened here yet')).toBeInTheDocument();
    expect(router.state.location.search).toBe('?tab=timeline');
    await waitFor(() =>
      expect(seen.find((r) => r.path.startsWith('/api/v1/timeline'))!.path).toContain(
        `record_type=company&record_id=${COMPANY.id}`,
      ),
    );
    expect(screen.queryByText('Company details')).not.toBeInTheDocument();
  });
});
