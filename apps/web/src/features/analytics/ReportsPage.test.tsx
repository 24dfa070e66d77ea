import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { meAs } from '../../test/fixtures';
import { mockApi, renderPage, type SeenRequest } from '../../test/render';
import { funnel, money, period, PIPELINE_ID, records, reps, stageId, TEAM_ID } from './analytics-fixtures';
import { ReportsPage } from './ReportsPage';

const base = {
  'GET /api/v1/me': { body: meAs('manager') },
  'GET /api/v1/members': { body: { data: [], next_cursor: null } },
  'GET /api/v1/teams': { body: { data: [], next_cursor: null } },
  'GET /api/v1/pipelines': { body: { data: [] } },
};

const queryOf = (seen: SeenRequest[], path: string) =>
  seen.filter((r) => r.path.startsWith(path)).map((r) => new URL(r.path, 'http://x').searchParams);

const saved: string[] = [];
beforeEach(() => {
  saved.length = 0;
  URL.createObjectURL = vi.fn(() => 'blob:report');
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push(`${this.download} ${this.href}`);
  });
});
afterEach(() => vi.restoreAllMocks());

describe('ReportsPage', () => {
  it("funnel: a stage's entered count opens the deals that entered it, as many as the figure", async () => {
    const seen = mockApi({
      ...base,
      'GET /api/v1/analytics/funnel': { body: funnel() },
      'GET /api/v1/analytics/records': { body: records(6, 6) },
    });
    const { router } = renderPage(<ReportsPage />, { path: '/reports?period=quarter' });
    const user = userEvent.setup();
    const table = await screen.findByRole('table', { name: 'Funnel stages' });
    const rows = within(table).getAllByRole('row');
    expect(rows.map((r) => r.textContent)).toEqual([
      'StageEnteredAdvancedConversionDrop-offAvg days in stageMedian days',
      'Qualify10660%44.5 days3 days',
      'Proposal6350%34.5 days3 days',
      'Wonwon3—————',
      'Lostlost2—————',
    ]);
    await user.click(within(table).getByRole('button', { name: 'Show the 6 deals that entered Proposal' }));
    const drawer = await screen.findByRole('dialog', { name: 'Deals that entered Proposal' });
    expect(await within(drawer).findByTestId('drill-total')).toHaveTextContent('6 records');
    expect(within(drawer).getAllByRole('link')).toHaveLength(6);
    const [q] = queryOf(seen, '/api/v1/analytics/records');
    expect(q!.get('metric')).toBe('deals_entered_stage');
    expect(q!.get('stage_id')).toBe(stageId(2));
    expect(q!.get('period')).toBe('quarter');
    // The drill is in the URL: closing the drawer removes it.
    expect(router.state.location.search).toContain(`drill_stage_id=${stageId(2)}`);
    await user.keyboard('{Escape}');
    await waitFor(() => expect(router.state.location.search).not.toContain('drill'));
  });

  it('funnel: says so when nothing entered a stage in the period', async () => {
    mockApi({ ...base, 'GET /api/v1/analytics/funnel': { body: funnel([0, 0, 0, 0]) } });
    renderPage(<ReportsPage />, { path: '/reports' });
    expect(await screen.findByTestId('report-empty')).toHaveTextContent(
      'No deals entered a stage of this pipeline in the period.',
    );
    expect(screen.queryByRole('table', { name: 'Funnel stages' })).toBeNull();
  });

  it('reps: sortable by any column, with team rows and the total; drills per owner and team; exports CSV', async () => {
    const seen = mockApi({
      ...base,
      'GET /api/v1/analytics/funnel': { body: funnel() },
      'GET /api/v1/analytics/reps': { body: reps() },
      'GET /api/v1/analytics/records': { body: records(2, 2) },
    });
    const user = userEvent.setup();
    renderPage(<ReportsPage />, { path: '/reports?report=reps&period=month&owner_id=me' });
    const table = await screen.findByRole('table', { name: 'Rep performance' });
    const names = () =>
      within(table)
        .getAllByTestId('rep-row')
        .map((r) => r.firstChild!.textContent);
    // Server order (won value desc) is the default sort.
    expect(names()).toEqual(['Ada Lovelace', 'Grace Hopper', 'Unassigned']);
    await user.click(within(table).getByRole('button', { name: 'Sort by Created' }));
    expect(names()).toEqual(['Grace Hopper', 'Ada Lovelace', 'Unassigned']);
    expect(within(table).getByRole('button', { name: 'Sort by Created' }).closest('th')).toHaveAttribute(
      'aria-sort',
      'descending',
    );
    await user.click(within(table).getByRole('button', { name: 'Sort by Created' }));
    expect(names()).toEqual(['Unassigned', 'Ada Lovelace', 'Grace Hopper']);
    await user.click(within(table).getByRole('button', { name: 'Sort by Owner' }));
    expect(names()).toEqual(['Ada Lovelace', 'Grace Hopper', 'Unassigned']);
    // Win rate: Unassigned closed nothing (null) and stays last either way.
    await user.click(within(table).getByRole('button', { name: 'Sort by Win rate' }));
    expect(names()).toEqual(['Ada Lovelace', 'Grace Hopper', 'Unassigned']);

    // Nothing won: average deal size and days to close are undefined ("—"), not $0.00.
    const unassigned = within(table).getAllByTestId('rep-row')[2]!;
    expect(unassigned).toHaveTextContent(/^Unassigned2\$2,000\.000\$0\.000———0$/);
    await user.click(within(table).getByRole('button', { name: 'Sort by Avg deal size' }));
    expect(names()).toEqual(['Ada Lovelace', 'Grace Hopper', 'Unassigned']);
    await user.click(within(table).getByRole('button', { name: 'Sort by Avg deal size' }));
    expect(names()).toEqual(['Grace Hopper', 'Ada Lovelace', 'Unassigned']);
    expect(within(table).getByTestId('team-row')).toHaveTextContent('EMEA (2 members)13');
    expect(within(table).getByTestId('total-row')).toHaveTextContent(/^Total15\$15,000\.004\$11,000\.00357\.1%/);

    await user.click(within(table).getByRole('button', { name: 'Show the 2 deals lost by Grace Hopper' }));
    await screen.findByRole('dialog', { name: 'Deals lost · Grace Hopper' });
    await waitFor(() => expect(queryOf(seen, '/api/v1/analytics/records')).toHaveLength(1));
    let q = queryOf(seen, '/api/v1/analytics/records')[0]!;
    expect(q.get('metric')).toBe('deals_lost');
    expect(q.get('owner_id')).toBe('01900000-0000-7000-8000-e00000000002');
    await user.click(within(table).getByRole('button', { name: 'Show the 4 deals won by team EMEA' }));
    await waitFor(() => expect(queryOf(seen, '/api/v1/analytics/records')).toHaveLength(2));
    q = queryOf(seen, '/api/v1/analytics/records')[1]!;
    expect(q.get('metric')).toBe('deals_won');
    expect(q.get('team_id')).toBe(TEAM_ID);
    expect(q.get('owner_id')).toBe('me');
    // The drawer exports the same records as CSV (the server names the file; this mock does not).
    const drawer = await screen.findByRole('dialog', { name: 'Deals won · team EMEA' });
    await within(drawer).findByTestId('drill-total');
    await user.click(within(drawer).getByRole('button', { name: 'Export the records as CSV: Deals won · team EMEA' }));
    await waitFor(() => expect(saved).toEqual(['records-deals_won.csv blob:report']));
    const drillCsv = queryOf(seen, '/api/v1/analytics/records').find((p) => p.get('format') === 'csv')!;
    expect(drillCsv.get('metric')).toBe('deals_won');
    expect(drillCsv.get('team_id')).toBe(TEAM_ID);
    expect(drillCsv.get('owner_id')).toBe('me');
    expect(drillCsv.get('period')).toBe('month');
    expect(drillCsv.has('drill_title')).toBe(false);
    expect(drillCsv.has('title')).toBe(false);
    saved.length = 0;

    await user.keyboard('{Escape}');
    await user.click(screen.getByRole('button', { name: 'Export the rep table as CSV' }));
    await waitFor(() => expect(saved).toEqual(['reps.csv blob:report']));
    const csv = queryOf(seen, '/api/v1/analytics/reps').find((p) => p.get('format') === 'csv')!;
    expect(csv.get('period')).toBe('month');
    expect(csv.get('owner_id')).toBe('me');
  });

  it('forecast: the group switch asks again grouped by pipeline', async () => {
    const seen = mockApi({
      ...base,
      'GET /api/v1/analytics/funnel': { body: funnel() },
      'GET /api/v1/analytics/forecast': {
        body: {
          period: funnel().period,
          reporting_currency: 'USD',
          group_by: 'owner',
          months: ['2026-12'],
          rows: [],
        },
      },
    });
    renderPage(<ReportsPage />, { path: '/reports?report=forecast' });
    expect(await screen.findByTestId('report-empty')).toHaveTextContent('No deals expected to close');
    await userEvent.setup().click(screen.getByRole('radio', { name: 'By pipeline' }));
    await waitFor(() =>
      expect(queryOf(seen, '/api/v1/analytics/forecast').map((q) => q.get('group_by'))).toEqual(['owner', 'pipeline']),
    );
  });

  it('reasons: each reason opens its deals; "no reason given" drills without a reason', async () => {
    const seen = mockApi({
      ...base,
      'GET /api/v1/analytics/funnel': { body: funnel() },
      'GET /api/v1/analytics/reasons': {
        body: {
          period: period(),
          reporting_currency: 'USD',
          won: [{ reason: 'Great fit', count: 3, value: money(300_000) }],
          lost: [
            {
              reason: 'Price too high',
              count: 2,
              value: money(150_000, { by: [{ currency: 'EUR', amount: 50_000 }] }),
            },
            { reason: null, count: 1, value: money(90_000) },
          ],
        },
      },
      'GET /api/v1/analytics/records': { body: records(1, 1) },
    });
    const user = userEvent.setup();
    renderPage(<ReportsPage />, { path: '/reports?report=reasons' });
    const lost = await screen.findByRole('table', { name: 'Why deals were lost' });
    expect(
      within(lost)
        .getAllByRole('row')
        .map((r) => r.textContent),
    ).toEqual(['ReasonDealsValue', 'Price too high2$1,500.00', 'No reason given1$900.00']);
    expect(screen.getAllByTestId('money-note').map((n) => n.textContent)).toEqual(['Converted to USD. ']);
    await user.click(within(lost).getByRole('button', { name: 'Show the 1 deals lost: No reason given' }));
    await screen.findByRole('dialog', { name: 'Deals lost: No reason given' });
    await user.keyboard('{Escape}');
    const won = screen.getByRole('table', { name: 'Why deals were won' });
    await user.click(within(won).getByRole('button', { name: 'Show the 3 deals won: Great fit' }));
    await waitFor(() => expect(queryOf(seen, '/api/v1/analytics/records')).toHaveLength(2));
    const [none, fit] = queryOf(seen, '/api/v1/analytics/records');
    expect(none!.get('metric')).toBe('deals_lost_reason');
    expect(none!.has('reason')).toBe(false);
    expect(fit!.get('metric')).toBe('deals_won_reason');
    expect(fit!.get('reason')).toBe('Great fit');
  });

  it("distribution: stage counts, each stage's open deals and the pipeline's behind their sum", async () => {
    const seen = mockApi({
      ...base,
      'GET /api/v1/analytics/funnel': { body: funnel() },
      'GET /api/v1/analytics/distribution': {
        body: {
          reporting_currency: 'USD',
          pipeline: { id: PIPELINE_ID, name: 'Sales', kind: 'deal' },
          stages: [
            { stage_id: stageId(1), name: 'Qualify', count: 4, value: money(400_000), weighted: money(40_000) },
            { stage_id: stageId(2), name: 'Proposal', count: 3, value: money(900_000), weighted: money(450_000) },
          ],
        },
      },
      'GET /api/v1/analytics/records': { body: records(7, 7) },
    });
    const user = userEvent.setup();
    renderPage(<ReportsPage />, { path: '/reports?report=distribution' });
    const table = await screen.findByRole('table', { name: 'Open deals by stage' });
    expect(
      within(table)
        .getAllByRole('row')
        .map((r) => r.textContent),
    ).toEqual([
      'StageOpen dealsValueWeighted',
      'Qualify4$4,000.00$400.00',
      'Proposal3$9,000.00$4,500.00',
      'All stages7',
    ]);
    await user.click(within(table).getByRole('button', { name: 'Show the 7 open deals of Sales' }));
    const drawer = await screen.findByRole('dialog', { name: 'Open deals in Sales' });
    expect(await within(drawer).findByTestId('drill-total')).toHaveTextContent('7 records');
    const [q] = queryOf(seen, '/api/v1/analytics/records');
    expect(q!.get('metric')).toBe('deals_open');
    expect(q!.get('pipeline_id')).toBe(PIPELINE_ID);
    // The page's params go along (the distribution itself ignores the period).
    expect(queryOf(seen, '/api/v1/analytics/distribution')[0]!.get('period')).toBe('month');
    // A stage's count opens that stage's open deals.
    await user.keyboard('{Escape}');
    await user.click(within(table).getByRole('button', { name: 'Show the 3 open deals in Proposal' }));
    await screen.findByRole('dialog', { name: 'Open deals in Proposal' });
    const last = queryOf(seen, '/api/v1/analytics/records').at(-1)!;
    expect(last.get('metric')).toBe('deals_open');
    expect(last.get('stage_id')).toBe(stageId(2));
  });
});
