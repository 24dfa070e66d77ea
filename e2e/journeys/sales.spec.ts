import { expect, type Locator, type Page, test } from '@playwright/test';
import { navLink, shot, signIn } from '../support/helpers';

/**
 * Drags `card` onto `target` with real pointer events (dnd-kit's pointer sensor starts after 6 px),
 * moving in small steps so the collision detection sees the pointer travel.
 */
async function drag(page: Page, card: Locator, target: Locator) {
  await card.scrollIntoViewIfNeeded();
  const from = (await card.boundingBox())!;
  const start = { x: from.x + from.width / 2, y: from.y + 12 };
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x + 10, start.y + 10, { steps: 5 });
  // A column off to the right: hold the pointer at the board's edge so dnd-kit scrolls it into view.
  const width = page.viewportSize()!.width;
  let to = (await target.boundingBox())!;
  for (let i = 0; i < 20 && to.x + to.width > width - 20; i++) {
    await page.mouse.move(width - 15, start.y + 10, { steps: 5 });
    await page.waitForTimeout(250);
    to = (await target.boundingBox())!;
  }
  // Leave the edge (the scrolling stops), then measure the target again where it settled.
  await page.mouse.move(width / 2, start.y + 10, { steps: 5 });
  await page.waitForTimeout(300);
  to = (await target.boundingBox())!;
  await page.mouse.move(to.x + to.width / 2, to.y + 30, { steps: 25 });
  await page.waitForTimeout(150);
  await page.mouse.move(to.x + to.width / 2, to.y + 40, { steps: 5 });
  await page.mouse.up();
}

/** The card list of `stage`'s column (the drop target). */
const dropZone = (page: Page, stage: string) => page.getByRole('list', { name: `${stage} cards`, exact: true });

/** The board column (section) of `stage` inside the board region. */
const column = (page: Page, stage: string) =>
  page.getByRole('region', { name: /board$/ }).getByRole('region', { name: stage, exact: true });

test('sales: a lead with two contacts crosses the lead board, converts, and its deal is won', async ({ page }) => {
  const title = 'Umbrella – lab equipment';
  const contacts = [
    { first: 'Albert', last: 'Wesker', email: 'albert@umbrella.example' },
    { first: 'William', last: 'Birkin', email: 'william@umbrella.example' },
  ] as const;
  let leadUrl = '';
  let dealUrl = '';

  await test.step('the demo owner signs in and opens Leads', async () => {
    await signIn(page, 'demo@example.com', 'demo1234');
    await navLink(page, 'Leads').click();
    await expect(page).toHaveTitle('Leads · Relata');
    const stats = page.getByRole('list', { name: 'Lead statistics' });
    await expect(stats.getByRole('listitem', { name: 'Total leads' })).toContainText(/\d+/);
    // The table is the first view.
    await expect(page.getByRole('table', { name: 'Leads' })).toBeVisible();
    await shot(page, 'sales-leads-table');
  });

  await test.step('a new lead', async () => {
    await page.getByRole('button', { name: 'New lead' }).click();
    const dialog = page.getByRole('dialog', { name: 'New lead' });
    await dialog.getByRole('textbox', { name: 'Title' }).fill(title);
    await dialog.getByRole('textbox', { name: 'Company name' }).fill('Umbrella Corporation');
    await dialog.getByRole('textbox', { name: 'Email' }).fill('purchasing@umbrella.example');
    await dialog.getByRole('textbox', { name: 'Source' }).fill('Trade fair');
    await dialog.getByRole('textbox', { name: 'Expected revenue' }).fill('25000');
    await shot(page, 'sales-lead-form');
    await dialog.getByRole('button', { name: 'Create lead' }).click();
    await expect(page).toHaveURL(/\/leads\/[0-9a-f-]{36}$/);
    leadUrl = page.url();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByTestId('lead-status')).toHaveText('Open');
  });

  await test.step('two contacts: created on the lead, one unlinked and found again by search, one primary', async () => {
    const people = page.getByRole('table', { name: `Contacts of ${title}` });
    for (const p of contacts) {
      await page.getByRole('button', { name: 'New contact' }).click();
      const dialog = page.getByRole('dialog', { name: 'New contact' });
      await dialog.getByLabel('First name').fill(p.first);
      await dialog.getByLabel('Last name').fill(p.last);
      await dialog.getByRole('textbox', { name: 'Email' }).fill(p.email);
      await dialog.getByRole('button', { name: 'Add contact' }).click();
      await expect(dialog).toBeHidden();
      await expect(people.getByRole('link', { name: `${p.first} ${p.last}` })).toBeVisible();
    }
    await expect(people.locator('tbody tr')).toHaveCount(2);
    // The first one became primary; unlink it (after confirming) and add it back as an existing contact.
    const [first, second] = contacts;
    await page.getByRole('button', { name: `Remove ${first.first} ${first.last}` }).click();
    await page
      .getByRole('dialog', { name: `Remove ${first.first} ${first.last} from this lead?` })
      .getByRole('button', { name: 'Remove contact' })
      .click();
    await expect(people.locator('tbody tr')).toHaveCount(1);
    const picker = page.getByRole('combobox', { name: 'Add a contact' });
    await picker.click();
    await picker.fill(first.last);
    await page.getByRole('option', { name: new RegExp(`^${first.first} ${first.last}`) }).click();
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(people.locator('tbody tr')).toHaveCount(2);
    // The lead had no primary contact any more: the one added back became it. Make the other one primary.
    const row = (p: { first: string; last: string }) =>
      people.getByRole('row', { name: new RegExp(`${p.first} ${p.last}`) });
    await expect(row(first)).toContainText('Primary');
    await page.getByRole('button', { name: `Make ${second.first} ${second.last} primary` }).click();
    await expect(row(second)).toContainText('Primary');
    await expect(row(first)).not.toContainText('Primary');
    await shot(page, 'sales-lead-detail');
  });

  await test.step('the lead board: drag the lead from New to Contacted', async () => {
    await navLink(page, 'Leads').click();
    await page.getByRole('radiogroup', { name: 'View' }).getByText('Board').click();
    await page.getByRole('textbox', { name: 'Search the board' }).fill('Umbrella');
    const card = column(page, 'New').getByRole('article', { name: title });
    await expect(card).toBeVisible();
    await expect(column(page, 'New').getByRole('article')).toHaveCount(1);
    await shot(page, 'sales-lead-board');
    await drag(page, card, dropZone(page, 'Contacted'));
    await expect(column(page, 'Contacted').getByRole('article', { name: title })).toBeVisible();
    await expect(column(page, 'New').getByRole('article', { name: title })).toHaveCount(0);
    await page.waitForLoadState('networkidle');
    await shot(page, 'sales-lead-board-moved');
  });

  await test.step('dropping it into Qualified (won) opens Convert: company, both contacts, a deal', async () => {
    // The board view was remembered.
    await page.reload();
    await expect(page.getByRole('region', { name: /board$/ })).toBeVisible();
    await page.getByRole('textbox', { name: 'Search the board' }).fill('Umbrella');
    const card = column(page, 'Contacted').getByRole('article', { name: title });
    await expect(card).toBeVisible();
    await drag(page, card, dropZone(page, 'Qualified'));
    const dialog = page.getByRole('dialog', { name: `Convert ${title}` });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('radio', { name: 'Create a new company' }).check();
    await dialog.getByRole('textbox', { name: 'Company name' }).fill('Umbrella Corporation');
    await dialog.getByRole('textbox', { name: 'Domain' }).fill('umbrella.example');
    for (const p of contacts) {
      await expect(dialog.getByRole('checkbox', { name: new RegExp(`${p.first} ${p.last}`) })).toBeChecked();
    }
    await expect(dialog.getByRole('textbox', { name: 'Deal name' })).toHaveValue(title);
    await expect(dialog.getByRole('textbox', { name: 'Amount' })).toHaveValue('25,000');
    await shot(page, 'sales-convert-dialog');
    await dialog.getByRole('button', { name: 'Convert lead' }).click();
    await expect(dialog.getByText('Lead converted')).toBeVisible();
    await expect(dialog.getByRole('link', { name: 'Umbrella Corporation' })).toBeVisible();
    await shot(page, 'sales-converted');
    await dialog.getByRole('button', { name: 'Go to the deal' }).click();
    await expect(page).toHaveURL(/\/deals\/[0-9a-f-]{36}$/);
    dealUrl = page.url();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByTestId('deal-status')).toHaveText('Open');
  });

  await test.step('the deal board: drag the deal to Negotiation', async () => {
    await navLink(page, 'Deals').click();
    await page.getByRole('radiogroup', { name: 'View' }).getByText('Board').click();
    await page.getByRole('textbox', { name: 'Search the board' }).fill('Umbrella');
    const card = page.getByRole('region', { name: /board$/ }).getByRole('article', { name: title });
    await expect(card).toBeVisible();
    await expect(column(page, 'Qualification').getByRole('article', { name: title })).toBeVisible();
    await drag(page, card, dropZone(page, 'Negotiation'));
    await expect(column(page, 'Negotiation').getByRole('article', { name: title })).toBeVisible();
    await page.waitForLoadState('networkidle');
    await shot(page, 'sales-deal-board');
  });

  await test.step('the deal is marked won on its page', async () => {
    await column(page, 'Negotiation')
      .getByRole('article', { name: title })
      .getByRole('button', { name: title, exact: true })
      .click();
    await expect(page).toHaveURL(dealUrl);
    const path = page.getByRole('navigation', { name: 'Deal stages' });
    await expect(path.getByRole('button', { name: 'Negotiation' })).toHaveAttribute('aria-current', 'step');
    await page.getByRole('button', { name: 'Won', exact: true }).first().click();
    const confirm = page.getByRole('dialog', { name: `Mark ${title} won?` });
    await confirm.getByRole('button', { name: 'Mark won' }).click();
    await expect(page.getByTestId('deal-status')).toHaveText('Won');
    await shot(page, 'sales-deal-won');
  });

  await test.step('after a reload everything persisted', async () => {
    await page.reload();
    await expect(page.getByTestId('deal-status')).toHaveText('Won');
    await expect(
      page.getByRole('navigation', { name: 'Deal stages' }).getByRole('button', { name: 'Won', exact: true }),
    ).toHaveAttribute('aria-current', 'step');
    await expect(page.getByRole('link', { name: 'Umbrella Corporation' }).first()).toBeVisible();

    await navLink(page, 'Deals').click();
    await expect(page.getByRole('region', { name: /board$/ })).toBeVisible();
    await page.getByRole('textbox', { name: 'Search the board' }).fill('Umbrella');
    await expect(column(page, 'Won').getByRole('article', { name: title })).toBeVisible();
    await shot(page, 'sales-deal-board-won');

    await page.goto(leadUrl);
    await expect(page.getByTestId('lead-status')).toHaveText('Converted');
    await expect(
      page.getByRole('navigation', { name: 'Lead stages' }).getByRole('button', { name: 'Qualified', exact: true }),
    ).toHaveAttribute('aria-current', 'step');
    await shot(page, 'sales-lead-converted');
    await page.getByRole('link', { name: 'Company: Umbrella Corporation' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Umbrella Corporation' })).toBeVisible();
    const people = page.getByRole('table', { name: 'Contacts of Umbrella Corporation' });
    for (const p of contacts) await expect(people.getByRole('link', { name: `${p.first} ${p.last}` })).toBeVisible();
    await shot(page, 'sales-company');
  });
});
