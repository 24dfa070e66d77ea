import { readFile } from 'node:fs/promises';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { navLink, shot, signIn } from '../support/helpers';

/** The number shown on a dashboard card (e.g. "Deals won"), digits only. */
async function kpi(page: Page, name: string): Promise<number> {
  const text = await page.getByRole('listitem', { name, exact: true }).getByTestId('kpi-value').innerText();
  return Number(text.replace(/[^\d.-]/g, ''));
}

/** Picks a period in the period bar and waits for the figures of that period. */
async function choosePeriod(page: Page, label: 'Week' | 'Month' | 'Quarter' | 'Year') {
  const range = page.getByTestId('period-range');
  const before = await range.innerText();
  // The segmented control's radios are visually hidden: click the label, as a user does.
  await page.getByRole('region', { name: 'Period and filters' }).getByText(label, { exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`period=${label.toLowerCase()}`));
  await expect(range).not.toHaveText(before);
}

/** A full-page screenshot from the top of the page (a scrolled page would show the fixed header mid-page). */
async function screen(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, name);
}

/** The count written on a button ("1,234" → 1234). */
const countOf = async (button: Locator) => Number((await button.innerText()).replace(/\D/g, ''));

test('analytics: the dashboard by period, a funnel stage drilled into its deals, the rep table exported', async ({
  page,
}) => {
  await test.step('the demo owner opens the dashboard from the navigation', async () => {
    await signIn(page, 'demo@example.com', 'demo1234');
    await navLink(page, 'Dashboard').click();
    await expect(page).toHaveTitle('Dashboard · Relata');
    for (const name of ['Open leads', 'Open deals', 'Deals won', 'Win rate', 'Weighted pipeline', 'Overdue']) {
      await expect(page.getByRole('listitem', { name, exact: true }).getByTestId('kpi-value')).toHaveText(/\d|—/);
    }
    await expect(page.getByRole('listitem', { name: 'Open deals', exact: true }).getByTestId('kpi-value')).toHaveText(
      /^\d[\d,]*$/,
    );
    await expect(page.getByTestId('period-range')).toContainText('compared with');
    await screen(page, 'analytics-dashboard-month');
  });

  await test.step('switching to the quarter, then the year, widens the period and its figures', async () => {
    await choosePeriod(page, 'Quarter');
    const quarter = { won: await kpi(page, 'Deals won'), created: await kpi(page, 'New leads') };
    await screen(page, 'analytics-dashboard-quarter');
    await choosePeriod(page, 'Year');
    const year = { won: await kpi(page, 'Deals won'), created: await kpi(page, 'New leads') };
    // The year contains the quarter: its counts are at least the quarter's.
    expect(year.won).toBeGreaterThanOrEqual(quarter.won);
    expect(year.created).toBeGreaterThanOrEqual(quarter.created);
    expect(year.won + year.created).toBeGreaterThan(0);
    // A point-in-time figure does not depend on the period.
    await expect(page.getByRole('listitem', { name: 'Open deals', exact: true })).toContainText('As of now');
    await screen(page, 'analytics-dashboard-year');
  });

  let entered = 0;
  await test.step('Reports → Funnel: a stage opens the deals that entered it, as many as its figure', async () => {
    await navLink(page, 'Reports').click();
    await expect(page).toHaveTitle('Reports · Relata');
    await choosePeriod(page, 'Year');
    const table = page.getByRole('table', { name: 'Funnel stages' });
    await expect(table).toBeVisible();
    await screen(page, 'analytics-funnel');
    // The first stage anything entered (a stage nothing entered shows a plain 0).
    const stage = table.getByRole('button', { name: /^Show the [\d,]+ deals that entered / }).first();
    // A bar of the chart opens the same list as the table's button (mouse users click the bars).
    const firstStage = (await table.getByRole('row').nth(1).getByRole('cell').first().innerText()).trim();
    await page.locator('.recharts-bar-rectangle').first().click();
    await expect(page.getByRole('dialog', { name: `Deals that entered ${firstStage}` })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    entered = await countOf(stage);
    expect(entered).toBeGreaterThan(0);
    const stageName = (await stage.getAttribute('aria-label'))!.replace(/^.* entered /, '');
    await stage.click();
    const drawer = page.getByRole('dialog', { name: `Deals that entered ${stageName}` });
    await expect(drawer.getByTestId('drill-total')).toHaveText(new RegExp(`^${entered.toLocaleString('en')} record`));
    const rows = drawer.getByRole('table').getByRole('row');
    // The first page holds up to 50: all of them when fewer.
    await expect(rows).toHaveCount(Math.min(entered, 50) + 1);
    await screen(page, 'analytics-funnel-drill');
  });

  await test.step('a deal of the list opens, and Back returns to the same list', async () => {
    const drawer = page.getByRole('dialog');
    const link = drawer.getByRole('table').getByRole('link').first();
    const name = await link.innerText();
    await link.click();
    await expect(page).toHaveURL(/\/deals\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await page.goBack();
    await expect(page).toHaveURL(/\/reports\?.*drill=deals_entered_stage/);
    await expect(page.getByRole('dialog').getByTestId('drill-total')).toHaveText(
      new RegExp(`^${entered.toLocaleString('en')} record`),
    );
    // The drawer's CSV holds every record behind the figure, not just the first page.
    const [drillCsv] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByRole('dialog')
        .getByRole('button', { name: /^Export the records as CSV/ })
        .click(),
    ]);
    expect(drillCsv.suggestedFilename()).toMatch(/^relata-records-deals_entered_stage-.+\.csv$/);
    const drillLines = (await readFile((await drillCsv.path())!, 'utf8')).trim().split(/\r\n/);
    expect(drillLines).toHaveLength(entered + 1);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
  });

  await test.step('forecast, distribution and reasons: each figure opens as many records as it says', async () => {
    /** Clicks the first drill button of the open report named by `name`; the drawer must list as many records. */
    const drillMatches = async (name: RegExp) => {
      const button = page.getByRole('tabpanel').getByRole('button', { name }).first();
      const count = await countOf(button);
      await button.click();
      await expect(page.getByRole('dialog').getByTestId('drill-total')).toHaveText(
        new RegExp(`^${count.toLocaleString('en')} record`),
      );
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toHaveCount(0);
    };
    await page.getByRole('tab', { name: 'Forecast' }).click();
    await expect(page.getByRole('table', { name: 'Forecast by month' })).toBeVisible();
    await screen(page, 'analytics-forecast');
    await drillMatches(/^Show the [\d,]+ won deals of /);
    await drillMatches(/^Show the [\d,]+ open deals of /);

    await page.getByRole('tab', { name: 'Distribution' }).click();
    await expect(page.getByRole('table', { name: 'Open deals by stage' })).toBeVisible();
    await screen(page, 'analytics-distribution');
    await drillMatches(/^Show the [\d,]+ open deals of /);
    await drillMatches(/^Show the [\d,]+ open deals in /);

    await page.getByRole('tab', { name: 'Won / lost reasons' }).click();
    await expect(page.getByRole('table', { name: 'Why deals were lost' })).toBeVisible();
    await screen(page, 'analytics-reasons');
    await drillMatches(/^Show the [\d,]+ deals lost: /);
    await drillMatches(/^Show the [\d,]+ deals won: /);
  });

  await test.step('Rep performance: the table and its CSV export', async () => {
    await page.getByRole('tab', { name: 'Rep performance' }).click();
    const table = page.getByRole('table', { name: 'Rep performance' });
    await expect(table).toBeVisible();
    await expect(table.getByTestId('total-row')).toContainText('Total');
    const reps = await table.getByTestId('rep-row').count();
    const teams = await table.getByTestId('team-row').count();
    expect(reps).toBeGreaterThan(0);
    await screen(page, 'analytics-reps');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export the rep table as CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^relata-reps-.+\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.trim().split(/\r\n/);
    expect(lines[0]).toBe(
      'level,id,name,created,won,lost,win_rate,created_value,won_value,average_deal_size,avg_days_to_close,velocity,currency',
    );
    // One line per rep row, per team row and the total, as on screen.
    expect(lines).toHaveLength(1 + reps + teams + 1);
    expect(lines.at(-1)).toMatch(/^total,/);
  });
});
