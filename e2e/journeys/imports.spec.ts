import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { navLink, shot, signIn } from '../support/helpers';

/**
 * Import journey (issue 6): a CSV of deals with owners, companies, stages and close dates goes
 * through the wizard — a column the suggestion leaves out is mapped by hand, the dry run lists the
 * bad date and the unknown stage, the run shows its progress bar, the imported deal is on the
 * pipeline's board, and reverting the import takes the deals away again.
 */

/** Unique per run so a re-used database never confuses the assertions. */
const RUN = Date.now().toString(36).slice(-5);
const deal = (name: string) => `Imported ${name} ${RUN}`;

/** The deals file: two good rows, one with a bad date, one with an unknown stage, and filler rows. */
function dealsCsv(): string {
  const rows = [
    ['Deal name', 'Organization', 'Stage', 'Owner', 'Expected close date', 'Worth'],
    [deal('Apollo rollout'), `Initrode ${RUN}`, 'Proposal', 'Jordan Lee', '2026-03-15', '"$12,500.00"'],
    [deal('Borealis renewal'), `Initrode ${RUN}`, 'Negotiation', 'casey@example.com', '2026-04-01', '8000'],
    [deal('Cygnus pilot'), `Vandelay ${RUN}`, 'Qualification', 'Sam Patel', 'not a date', '1500'],
    [deal('Draco upgrade'), `Vandelay ${RUN}`, 'Unicorn stage', 'Alex Rivera', '2026-05-20', '2200'],
  ];
  for (let i = 1; i <= 30; i++) {
    rows.push([
      deal(`Filler ${String(i).padStart(2, '0')}`),
      `Initrode ${RUN}`,
      'Qualification',
      'Jordan Lee',
      '2026-06-01',
      '100',
    ]);
  }
  return rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
}

/** Picks `option` in the searchable Mantine select labelled `name` (typing it first: long lists show 50). */
async function choose(page: Page, name: string | RegExp, option: string) {
  await page.getByRole('combobox', { name }).click();
  await page.getByRole('combobox', { name }).fill(option);
  await page.getByRole('option', { name: option, exact: true }).click();
  await expect(page.getByRole('combobox', { name })).toHaveValue(option);
}

test('imports: a deals CSV is mapped, dry-run, imported onto the board and reverted', async ({ page }) => {
  let importUrl = '';

  await test.step('the demo owner opens the import wizard from the deals page', async () => {
    await signIn(page, 'demo@example.com', 'demo1234');
    await navLink(page, 'Deals').click();
    await expect(page).toHaveTitle('Deals · Relata');
    await page.getByRole('main').getByRole('link', { name: 'Import', exact: true }).click();
    await expect(page).toHaveURL(/\/settings\/import\?entity=deals$/);
    await expect(page.getByRole('combobox', { name: /What do the rows contain/ })).toHaveValue('Deals');
    await expect(page.getByRole('heading', { name: 'Past imports' })).toBeVisible();
    await shot(page, 'imports-upload');
  });

  await test.step('the CSV is uploaded and its columns are mapped', async () => {
    await page.locator('input[type="file"]').setInputFiles({
      name: `deals-${RUN}.csv`,
      mimeType: 'text/csv',
      buffer: Buffer.from(dealsCsv(), 'utf8'),
    });
    await expect(page).toHaveURL(/\/settings\/import\?id=[0-9a-f-]{36}$/);
    importUrl = page.url();
    const mapping = page.getByRole('table', { name: 'Column mapping' });
    await expect(mapping).toBeVisible();
    await expect(page.getByRole('table', { name: 'First rows of the file' })).toContainText(deal('Apollo rollout'));
    // Suggested from the header names…
    await expect(mapping.getByRole('combobox', { name: 'Import column Deal name into' })).toHaveValue(
      'Name (required)',
    );
    await expect(mapping.getByRole('combobox', { name: 'Import column Stage into' })).toHaveValue('Stage');
    await expect(mapping.getByRole('combobox', { name: 'Import column Owner into' })).toHaveValue('Owner');
    await expect(mapping.getByRole('combobox', { name: 'Import column Expected close date into' })).toHaveValue(
      'Expected close date',
    );
    // …but "Worth" means nothing to the suggestion: the user maps it to the amount.
    const worth = mapping.getByRole('combobox', { name: 'Import column Worth into' });
    await expect(worth).toHaveValue("Don't import");
    await shot(page, 'imports-mapping-suggested');
    await worth.click();
    await worth.fill('Amou');
    await page.getByRole('option', { name: 'Amount', exact: true }).click();
    await expect(worth).toHaveValue('Amount');
    await choose(page, 'Default currency', 'USD');
    await page.getByRole('switch', { name: 'Create companies that do not exist yet' }).check();
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'imports-mapping-fixed');
  });

  await test.step('the dry run lists the bad date and the unknown stage', async () => {
    await page.getByRole('button', { name: 'Continue to dry run' }).click();
    await expect(page.getByRole('heading', { name: 'Dry run result' })).toBeVisible();
    await expect(page.getByRole('group', { name: 'Would create' })).toContainText('32');
    await expect(page.getByRole('group', { name: 'Would fail' })).toContainText('2');
    const issues = page.getByRole('table', { name: 'Row issues' });
    await expect(issues.getByRole('row').filter({ hasText: 'not a date' })).toContainText('Error');
    await expect(issues.getByRole('row').filter({ hasText: 'Unicorn stage' })).toContainText('Error');
    await expect(page.getByRole('link', { name: 'Download issues as CSV' })).toHaveAttribute('href', /issues\.csv$/);
    await shot(page, 'imports-dry-run');
  });

  await test.step('the run shows its progress, then the summary', async () => {
    await page.getByRole('button', { name: 'Run import' }).click();
    const bar = page.getByRole('progressbar', { name: /Waiting to start…|Importing…/ });
    // The bar's filled part is 0 px wide at 0 %: check it is there, and its row counter visible.
    await expect(bar).toBeAttached();
    await expect(page.getByTestId('import-rows-done')).toContainText('/ 34 rows');
    // Taken at once (no settling): the bar only lasts while the job works.
    await page.screenshot({ path: path.resolve(import.meta.dirname, '../.tmp/screens/imports-running.png') });
    await expect(page.getByText('Import complete')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole('group', { name: 'Created' })).toContainText('32');
    await expect(page.getByRole('group', { name: 'Failed' })).toContainText('2');
    await shot(page, 'imports-completed');
  });

  await test.step('the imported deal is on the pipeline board', async () => {
    await page.getByRole('button', { name: /^Open the .* board$/ }).click();
    await expect(page).toHaveURL(/\/deals$/);
    const board = page.getByRole('region', { name: /board$/ });
    await expect(board).toBeVisible();
    await page.getByRole('textbox', { name: 'Search the board' }).fill(`Apollo rollout ${RUN}`);
    const column = board.getByRole('region', { name: 'Proposal', exact: true });
    await expect(column.getByRole('listitem').filter({ hasText: deal('Apollo rollout') })).toBeVisible();
    await expect(column.getByLabel(/^1 \w+$/)).toBeVisible();
    await shot(page, 'imports-board');
  });

  await test.step('reverting the import removes the deals', async () => {
    await page.goto(importUrl);
    await page.getByRole('button', { name: 'Revert import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revert this import?' });
    await expect(dialog).toContainText('Records it created (32) are deleted for good');
    await dialog.getByRole('button', { name: 'Revert import' }).click();
    await expect(page.getByText('Import reverted')).toBeVisible({ timeout: 60_000 });
    await shot(page, 'imports-reverted');

    await page.getByRole('link', { name: 'All imports' }).click();
    const history = page.getByRole('table', { name: 'Past imports' });
    await expect(history.getByRole('row').filter({ hasText: `deals-${RUN}.csv` })).toContainText('Reverted');
    await shot(page, 'imports-history');

    await navLink(page, 'Deals').click();
    const board = page.getByRole('region', { name: /board$/ });
    await expect(board).toBeVisible();
    await page.getByRole('textbox', { name: 'Search the board' }).fill(`Apollo rollout ${RUN}`);
    // The filtered Proposal column counts 0 (it counted 1 before the revert).
    const proposal = board.getByRole('region', { name: 'Proposal', exact: true });
    await expect(proposal.getByLabel(/^0 \w+$/)).toBeVisible();
    await expect(board.getByRole('listitem').filter({ hasText: deal('Apollo rollout') })).toHaveCount(0);
    await shot(page, 'imports-board-after-revert');
  });
});
