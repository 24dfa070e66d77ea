import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { meAs } from '../../test/fixtures';
import { mockApi, renderPage } from '../../test/render';
import { LeadStatsCards } from './LeadStatsCards';

describe('LeadStatsCards', () => {
  it('shows total, new this week, qualified and unassigned from /leads/stats', async () => {
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('member') },
      'GET /api/v1/leads/stats': { body: { total: 1234, new_this_week: 5, qualified: 10, unassigned: 7 } },
    });
    renderPage(<LeadStatsCards />, { path: '/leads' });
    const list = await screen.findByRole('list', { name: 'Lead statistics' });
    expect(await within(list).findByText('1,234')).toBeInTheDocument();
    expect(within(list).getByRole('listitem', { name: 'Total leads' })).toHaveTextContent('1,234');
    expect(within(list).getByRole('listitem', { name: 'New this week' })).toHaveTextContent('5');
    expect(within(list).getByRole('listitem', { name: 'Qualified' })).toHaveTextContent('10');
    expect(within(list).getByRole('listitem', { name: 'Unassigned' })).toHaveTextContent('7');
    expect(seen.some((r) => r.path === '/api/v1/leads/stats')).toBe(true);
  });

  it('shows an error with a retry when the statistics fail', async () => {
    mockApi({
      'GET /api/v1/me': { body: meAs('member') },
      'GET /api/v1/leads/stats': { status: 500, body: { error: { code: 'internal', message: 'Boom' } } },
    });
    renderPage(<LeadStatsCards />, { path: '/leads' });
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load the lead statistics');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
