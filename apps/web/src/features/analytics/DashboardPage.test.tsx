import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { meAs } from '../../test/fixtures';
import { apiError, mockApi, renderPage, type SeenRequest } from '../../test/render';
import { dashboard, money, records } from './analytics-fixtures';
import { DashboardPage } from './DashboardPage';

const filterOptions = {
  'GET /api/v1/me': { body: meAs('manager') },
  'GET /api/v1/members': { body: { data: [], next_cursor: null } },
  'GET /api/v1/teams': { body: { data: [], next_cursor: null } },
  'GET /api/v1/pipelines': { body: { data: [] } },
};

/** The query of every dashboard request seen. */
const dashboardCalls = (seen: SeenRequest[]) =>
  seen
    .filter((r) => r.path.startsWith('/api/v1/analytics/dashboard'))
    .map((r) => new URL(r.path, 'http://x').searchParams);

const card = (name: string) => screen.getByRole('listitem', { name });

describe('DashboardPage', () => {
  it('shows each KPI with the previous period, a coloured change, and the conversion note', async () => {
    const seen = mockApi({ ...filterOptions, 'GET /api/v1/analytics/dashboard': { body: dashboard() } });
    renderPage(<DashboardPage />, { path: '/dashboard' });
    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
    await waitFor(() => expect(card('Deals won')).toHaveTextContent('5'));

    // Counts: value, previous, change; a rise of won deals is good news, of lost deals bad news.
    expect(card('Deals won')).toHaveTextContent('Previous period: 4');
    expect(within(card('Deals won')).getByTestId('kpi-delta')).toHaveTextContent('+1 (+25%)');
    expect(within(card('Deals lost')).getByTestId('kpi-delta')).toHaveTextContent('+2 (+200%)');
    expect(within(card('Deals won')).getByTestId('kpi-delta')).toHaveAttribute('data-tone', 'good');
    expect(within(card('Deals lost')).getByTestId('kpi-delta')).toHaveAttribute('data-tone', 'bad');
    expect(within(card('Average deal size')).getByTestId('kpi-delta')).toHaveAttribute('data-tone', 'neutral');
    // Ratios in percent with a change in points, days, velocity per week.
    expect(card('Win rate')).toHaveTextContent('62.5%');
    expect(within(card('Win rate')).getByTestId('kpi-delta')).toHaveTextContent('−17.5 pts');
    expect(card('Sales cycle (median)')).toHaveTextContent('21.5 days');
    expect(card('Velocity')).toHaveTextContent('1.13 / week');
    // Point-in-time figures have no comparison.
    expect(card('Open leads')).toHaveTextContent('12');
    expect(card('Open leads')).toHaveTextContent('As of now');
    expect(within(card('Open leads')).queryByTestId('kpi-delta')).toBeNull();
    // Money: the converted total, its change, and what it was converted from and without.
    const won = card('Won value');
    expect(won).toHaveTextContent('$12,500.00');
    expect(within(won).getByTestId('kpi-delta')).toHaveTextContent('+$2,500.00 (+25%)');
    const note = within(won).getByTestId('money-note');
    expect(note).toHaveTextContent('Converted to USD from');
    expect(note).toHaveTextContent('No rate for JPY: left out of the total.');
    expect(within(card('Open deals value')).queryByTestId('money-note')).toBeNull();
    expect(screen.queryByTestId('quiet-period')).toBeNull();
    // The resolved period and the comparison period are named; the browser's time zone is sent.
    expect(screen.getByTestId('period-range')).toHaveTextContent('compared with');
    const call = seen.find((r) => r.path.startsWith('/api/v1/analytics/dashboard'))!;
    expect(new URL(call.path, 'http://x').searchParams.get('period')).toBe('month');
    expect(new URL(call.path, 'http://x').searchParams.get('time_zone')).toBe(
      Intl.DateTimeFormat().resolvedOptions().timeZone,
    );
  });

  it('switches the period through the URL, steps to the previous period, and asks again', async () => {
    const seen = mockApi({
      ...filterOptions,
      'GET /api/v1/analytics/dashboard': [{ body: dashboard('month') }, { body: dashboard('quarter', 17) }],
    });
    const { router } = renderPage(<DashboardPage />, { path: '/dashboard' });
    const user = userEvent.setup();
    await waitFor(() => expect(card('Deals won')).toHaveTextContent('5'));
    await user.click(screen.getByRole('radio', { name: 'Quarter' }));
    expect(router.state.location.search).toContain('period=quarter');
    await waitFor(() => expect(card('Deals won')).toHaveTextContent('17'));
    expect(dashboardCalls(seen).some((q) => q.get('period') === 'quarter' && !q.has('date'))).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Previous quarter' }));
    await waitFor(() => expect(router.state.location.search).toMatch(/date=\d{4}-(01|04|07|10)-01/));
    const date = new URLSearchParams(router.state.location.search).get('date');
    await waitFor(() =>
      expect(dashboardCalls(seen).some((q) => q.get('period') === 'quarter' && q.get('date') === date)).toBe(true),
    );
  });

  it('opens the records behind a figure in a drawer with their total and links', async () => {
    const seen = mockApi({
      ...filterOptions,
      'GET /api/v1/analytics/dashboard': { body: dashboard() },
      'GET /api/v1/analytics/records': { body: records(5, 5) },
    });
    const { router } = renderPage(<DashboardPage />, { path: '/dashboard?period=month&owner_id=me' });
    const user = userEvent.setup();
    await waitFor(() => expect(card('Deals won')).toHaveTextContent('5'));
    await user.click(within(card('Deals won')).getByRole('button', { name: /Deals won: 5/ }));
    const drawer = await screen.findByRole('dialog', { name: 'Deals won' });
    expect(await within(drawer).findByTestId('drill-total')).toHaveTextContent('5 records');
    const table = within(drawer).getByRole('table', { name: 'Records: Deals won' });
    expect(within(table).getAllByRole('row')).toHaveLength(6);
    expect(within(table).getByRole('link', { name: 'Deal 1' })).toHaveAttribute(
      'href',
      '/deals/01900000-0000-7000-8000-d00000000001',
    );
    const call = seen.find((r) => r.path.startsWith('/api/v1/analytics/records'))!;
    const q = new URL(call.path, 'http://x').searchParams;
    expect(q.get('metric')).toBe('deals_won');
    expect(q.get('owner_id')).toBe('me');
    expect(q.get('period')).toBe('month');
    expect(router.state.location.search).toContain('drill=deals_won');
    // All 5 fit in the CSV: no "newest 50,000" note.
    expect(within(drawer).getByRole('button', { name: 'Export the records as CSV: Deals won' })).toBeEnabled();
    expect(within(drawer).queryByTestId('drill-csv-note')).toBeNull();
  });

  it("says the drawer's CSV holds the newest 50,000 records when the figure has more", async () => {
    mockApi({
      ...filterOptions,
      'GET /api/v1/analytics/dashboard': { body: dashboard() },
      'GET /api/v1/analytics/records': { body: records(50, 50_001, 'next') },
    });
    renderPage(<DashboardPage />, { path: '/dashboard?drill=deals_won&drill_title=Deals+won' });
    const drawer = await screen.findByRole('dialog', { name: 'Deals won' });
    expect(await within(drawer).findByTestId('drill-total')).toHaveTextContent('50,001 records');
    expect(within(drawer).getByTestId('drill-csv-note')).toHaveTextContent('CSV: the newest 50,000');
  });

  it('shows an error with a retry that asks again', async () => {
    const seen = mockApi({
      ...filterOptions,
      'GET /api/v1/analytics/dashboard': [
        { status: 500, body: apiError('internal', 'Database unavailable') },
        { body: dashboard() },
      ],
    });
    renderPage(<DashboardPage />, { path: '/dashboard' });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load the dashboard');
    expect(alert).toHaveTextContent('Database unavailable');
    await userEvent.setup().click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(card('Deals won')).toHaveTextContent('5'));
    expect(seen.filter((r) => r.path.startsWith('/api/v1/analytics/dashboard'))).toHaveLength(2);
  });

  it('says so when nothing happened in the period, and still shows the figures as of now', async () => {
    const quiet = {
      ...dashboard(),
      new_leads: { current: 0, previous: 2 },
      won_deals: { current: 0, previous: 4 },
      lost_deals: { current: 0, previous: 1 },
      conversion: { current: null, previous: 0.2 },
      win_rate: { current: null, previous: 0.8 },
      sales_cycle_median_days: { current: null, previous: 30 },
      // The API's mean of nothing: an empty figure (0), shown as undefined.
      average_deal_size: { current: money(0), previous: money(250_000) },
    };
    mockApi({ ...filterOptions, 'GET /api/v1/analytics/dashboard': { body: quiet } });
    renderPage(<DashboardPage />, { path: '/dashboard?period=week' });
    expect(await screen.findByTestId('quiet-period')).toHaveTextContent('No leads created and no deals won or lost');
    expect(card('Open deals')).toHaveTextContent('20');
    expect(card('Deals won')).toHaveTextContent('0');
    expect(card('Lead → deal conversion')).toHaveTextContent('—');
    expect(within(card('Lead → deal conversion')).getByTestId('kpi-empty')).toHaveTextContent(
      'No leads created in the period',
    );
    const average = card('Average deal size');
    expect(within(average).getByTestId('kpi-value')).toHaveTextContent(/^—$/);
    expect(average).not.toHaveTextContent('$0.00');
    expect(within(average).getByTestId('kpi-empty')).toHaveTextContent('No deals won in the period');
    expect(average).toHaveTextContent('Previous period: $2,500.00');
    expect(within(average).queryByTestId('kpi-delta')).toBeNull();
    expect(within(card('Win rate')).getByTestId('kpi-value')).toHaveTextContent(/^—$/);
    expect(within(card('Win rate')).getByTestId('kpi-empty')).toHaveTextContent('No deals won or lost in the period');
    expect(within(card('Sales cycle (median)')).getByTestId('kpi-value')).toHaveTextContent(/^—$/);
    expect(within(card('Sales cycle (median)')).getByTestId('kpi-empty')).toHaveTextContent(
      'No deals won in the period',
    );
    // Defined figures carry no hint.
    expect(within(card('Deals won')).queryByTestId('kpi-empty')).toBeNull();
    expect(within(card('Sales cycle (mean)')).queryByTestId('kpi-empty')).toBeNull();
  });

  it('shows the previous average deal size as undefined when nothing was won then', async () => {
    const body = { ...dashboard(), won_deals: { current: 5, previous: 0 } };
    body.average_deal_size = { current: money(250_000), previous: money(0) };
    mockApi({ ...filterOptions, 'GET /api/v1/analytics/dashboard': { body } });
    renderPage(<DashboardPage />, { path: '/dashboard' });
    await waitFor(() => expect(card('Average deal size')).toHaveTextContent('$2,500.00'));
    expect(card('Average deal size')).toHaveTextContent('Previous period: —');
    expect(within(card('Average deal size')).queryByTestId('kpi-delta')).toBeNull();
    expect(within(card('Average deal size')).queryByTestId('kpi-empty')).toBeNull();
  });
});
