import { expect, type Locator, type Page, test } from '@playwright/test';
import { navLink, shot, signIn } from '../support/helpers';

/**
 * Search and segments journey (issue 7 "Done when"): the demo owner finds a contact by a misspelled
 * name through Ctrl+K, builds the segment "contacts at companies in industry Software with no
 * activity in the last 30 days" while its live count updates, saves it, opens it as a list and saves
 * a view of that list with chosen columns.
 */

/** Unique per run so a re-used database never confuses the assertions. */
const RUN = Date.now().toString(36).slice(-5);
const SEGMENT = `Quiet software contacts ${RUN}`;
const VIEW = `Quiet software call list ${RUN}`;

/** Picks `option` in the searchable Mantine select labelled `name` (typing it first). */
async function choose(page: Page, name: string | RegExp, option: string, typed = option) {
  await page.getByRole('combobox', { name }).click();
  await page.getByRole('combobox', { name }).fill(typed);
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Picks `option` in a plain (not searchable) Mantine select. */
async function pick(select: Locator, option: string) {
  await select.click();
  await select.page().getByRole('option', { name: option, exact: true }).click();
  await expect(select).toHaveValue(option);
}

/** The live count line of the builder, as a number ("12 contacts match" → 12). */
async function liveCount(page: Page): Promise<number> {
  const count = page.getByTestId('segment-count');
  await expect(count).toHaveText(/^[\d,]+\+? contacts match$/);
  return Number((await count.textContent())!.replace(/[^\d]/g, ''));
}

test('search and segments: a typo finds the contact, a segment becomes a list and a saved view', async ({ page }) => {
  await test.step('Ctrl+K finds Nancy Davolio by a misspelled last name', async () => {
    await signIn(page, 'demo@example.com', 'demo1234');
    await expect(page.getByRole('main')).toBeVisible();
    await page.keyboard.press('Control+K');
    const search = page.getByRole('textbox', { name: 'Search' });
    await expect(search).toBeFocused();
    await search.fill('davolo');
    const contacts = page.getByRole('group', { name: 'Contacts' });
    // The demo also keeps a duplicate of her (another address) for the merge journey.
    const hit = contacts
      .getByRole('button', { name: 'Nancy Davolio', exact: true })
      .filter({ hasText: 'nancy.davolio@northwind.example' });
    await expect(hit).toBeVisible();
    await shot(page, 'search-spotlight-typo');
    await hit.click();
    await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Nancy Davolio' })).toBeVisible();
    await shot(page, 'search-contact-found');
  });

  let all = 0;
  let quiet = 0;
  await test.step('the segment is built with a live count and saved', async () => {
    await navLink(page, 'Segments').click();
    await expect(page).toHaveURL(/\/segments$/);
    await page.getByRole('textbox', { name: 'Name' }).fill(SEGMENT);
    await choose(page, 'Add condition', 'Company industry', 'industry');
    const software = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/segments/preview') && (r.request().postData() ?? '').includes('"Software"'),
    );
    await page.getByRole('textbox', { name: 'Company industry value' }).fill('Software');
    const first = (await (await software).json()) as { count: number };
    await expect(page.getByTestId('segment-count')).toHaveText(`${first.count} contacts match`);
    all = await liveCount(page);
    expect(all).toBeGreaterThan(1);
    // "No activity in the last 30 days": the last one longer ago, or none at all.
    await page.getByRole('button', { name: 'Add group' }).click();
    await page.getByRole('radio', { name: 'Any (OR)' }).last().check({ force: true });
    await choose(page, 'Add condition to group 0', 'Last activity', 'last act');
    await pick(page.getByRole('combobox', { name: 'Last activity operator' }), 'more than … ago');
    await page.getByRole('textbox', { name: 'Last activity days' }).fill('30');
    await choose(page, 'Add condition to group 0', 'Last activity', 'last act');
    // The live count of the finished criteria (the builder previews each pause while editing).
    const finished = page.waitForResponse(
      (r) =>
        r.url().endsWith('/api/v1/segments/preview') &&
        (r.request().postData() ?? '').includes('"is_empty"') &&
        (r.request().postData() ?? '').includes('"more_than_n_days_ago"'),
    );
    await pick(page.getByRole('combobox', { name: 'Last activity operator' }).nth(1), 'is empty');
    const preview = (await (await finished).json()) as { count: number };
    await expect(page.getByTestId('segment-count')).toHaveText(`${preview.count} contacts match`);
    quiet = await liveCount(page);
    // Some software contacts were active lately, some were not: the segment keeps only the latter.
    expect(quiet).toBeGreaterThan(0);
    expect(quiet).toBeLessThan(all);
    await shot(page, 'search-segment-builder');
    await page.getByRole('button', { name: 'Save segment' }).click();
    await expect(page.getByText(`Segment ${SEGMENT} saved`)).toBeVisible();
    await expect(page.getByRole('table', { name: 'Segments' })).toContainText(SEGMENT);
  });

  await test.step('the segment opens as the contacts list', async () => {
    await page.getByRole('button', { name: 'Open as list' }).click();
    await expect(page).toHaveURL(/\/contacts\?segment_id=[0-9a-f-]{36}$/);
    const table = page.getByRole('table', { name: 'Contacts' });
    await expect(table.locator('tbody tr[data-index]')).toHaveCount(quiet);
    // The list says which segment narrows it.
    await expect(page.getByRole('link', { name: SEGMENT, exact: true })).toBeVisible();
    await shot(page, 'search-segment-list');
  });

  await test.step('a view of the list is saved with chosen columns', async () => {
    await page.getByRole('button', { name: 'Views' }).click();
    await page.getByRole('menuitem', { name: 'Save current view…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save current view' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill(VIEW);
    // Chosen columns: the job title (hidden by default) added, the owner taken out.
    const columns = dialog.getByRole('combobox', { name: 'Columns' });
    await columns.click();
    await columns.fill('job');
    await page.getByRole('option', { name: 'Job title', exact: true }).click();
    await columns.press('Escape');
    await dialog.getByText('Owner', { exact: true }).locator('..').locator('button').click();
    await shot(page, 'search-view-dialog');
    await dialog.getByRole('button', { name: 'Save view' }).click();
    await expect(page.getByText(`View ${VIEW} saved`)).toBeVisible();
    await expect(page.getByRole('button', { name: VIEW })).toBeVisible();
    // The list shows the view's columns at once…
    const saved = page.getByRole('table', { name: 'Contacts' });
    await expect(saved.getByRole('columnheader', { name: /Job title/ })).toBeVisible();
    await expect(saved.getByRole('columnheader', { name: /Owner/ })).toHaveCount(0);
    // …and opened again from the menu, the view brings back its segment and its columns.
    await page.getByRole('button', { name: VIEW }).click();
    await page.getByRole('menuitem', { name: VIEW, exact: true }).click();
    await expect(page).toHaveURL(/segment_id=[0-9a-f-]{36}/);
    const table = page.getByRole('table', { name: 'Contacts' });
    await expect(table.getByRole('columnheader', { name: /Job title/ })).toBeVisible();
    await expect(table.getByRole('columnheader', { name: /Owner/ })).toHaveCount(0);
    await shot(page, 'search-view-saved');
  });
});
