import { expect, type Page, test } from '@playwright/test';
import { navLink, shot, signIn } from '../support/helpers';

/**
 * Picks `option` in the Mantine select (combobox) labelled `label` inside `scope`, and checks the
 * select shows it. Retried as a whole: on a busy machine a click can land while the dropdown is
 * still opening or scrolling into view, leaving it open with nothing chosen (seen in CI).
 */
async function choose(page: Page, scope: ReturnType<Page['locator']> | Page, label: string, option: string) {
  const input = scope
    .getByRole('textbox', { name: label })
    .or(scope.getByRole('combobox', { name: label }))
    .first();
  const choice = page.getByRole('option', { name: option, exact: true });
  await expect(async () => {
    if ((await input.inputValue()) !== option) {
      await input.click();
      await choice.click({ timeout: 3000 });
    } else if (await choice.isVisible()) {
      await input.click(); // chosen, but the dropdown was left open: toggle it closed
    }
    await expect(input).toHaveValue(option, { timeout: 1000 });
    await expect(choice).toBeHidden({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
}

test('companies and contacts: custom field, company, contacts, primary, tags, filter, bulk owner, recycle bin', async ({
  page,
}) => {
  // The server starts on a fresh database for every run (the demo data included), so names do not collide.
  const company = 'Globex Corporation';
  const first = { first: 'Hank', last: 'Scorpio', email: 'hank@globex.example' };
  const second = { first: 'Homer', last: 'Simpson', email: 'homer@globex.example' };
  const tag = 'Nuclear';

  await test.step('the demo owner signs in', async () => {
    await signIn(page, 'demo@example.com', 'demo1234');
  });

  await test.step('Settings → Custom fields: a new select field for companies', async () => {
    await navLink(page, 'Custom fields').click();
    await expect(page).toHaveTitle('Custom fields · Relata');
    await expect(page.getByRole('table', { name: 'Custom fields of companies' })).toContainText('Account tier');
    await page.getByRole('button', { name: 'New field' }).click();
    const dialog = page.getByRole('dialog', { name: 'New company field' });
    await dialog.getByLabel('Label').fill('Segment');
    await expect(dialog.getByLabel('Key')).toHaveValue('segment');
    await choose(page, dialog, 'Type', 'Select');
    const options = dialog.getByLabel('Options');
    await options.fill('SMB');
    await options.press('Enter');
    await options.fill('Enterprise');
    await options.press('Enter');
    await dialog.getByRole('button', { name: 'Add field' }).click();
    await expect(dialog).toBeHidden();
    const row = page.getByRole('table', { name: 'Custom fields of companies' }).getByRole('row', { name: /Segment/ });
    await expect(row).toContainText('SMB, Enterprise');
    await expect(row).toContainText('Select');
    await shot(page, 'records-custom-fields');
  });

  await test.step('a new company with the custom field filled in', async () => {
    await navLink(page, 'Companies').click();
    // The demo's 48 companies, 2 near-duplicates for Settings → Duplicates and 3 from its sample import.
    await expect(page.getByTestId('record-total')).toHaveText('53 companies');
    await shot(page, 'records-companies');
    await page.getByRole('button', { name: 'New company' }).click();
    const dialog = page.getByRole('dialog', { name: 'New company' });
    await dialog.getByLabel('Name').fill(company);
    await dialog.getByLabel('Domain').fill('https://www.globex.example/');
    await choose(page, dialog, 'Type', 'Customer');
    await choose(page, dialog, 'Segment', 'Enterprise');
    await shot(page, 'records-company-form');
    await dialog.getByRole('button', { name: 'Create company' }).click();
    await expect(page).toHaveURL(/\/companies\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: company })).toBeVisible();
    // The domain was normalised by the shared contract.
    await expect(page.getByRole('link', { name: 'globex.example', exact: true })).toBeVisible();
    await expect(page.getByText('Segment', { exact: true }).locator('..')).toContainText('Enterprise');
  });

  await test.step('two contacts are added on the company page; the second becomes primary', async () => {
    for (const p of [first, second]) {
      await page.getByRole('button', { name: 'Add contact' }).click();
      const dialog = page.getByRole('dialog', { name: `New contact at ${company}` });
      await dialog.getByLabel('First name').fill(p.first);
      await dialog.getByLabel('Last name').fill(p.last);
      await dialog.getByRole('textbox', { name: 'Email' }).fill(p.email);
      await dialog.getByRole('button', { name: 'Add contact' }).click();
      await expect(dialog).toBeHidden();
    }
    const people = page.getByRole('table', { name: `Contacts of ${company}` });
    await expect(people.locator('tbody tr')).toHaveCount(2);
    await page.getByRole('button', { name: `Make ${second.first} ${second.last} primary` }).click();
    await expect(people.getByRole('row', { name: new RegExp(`${second.first} ${second.last}`) })).toContainText(
      'Primary',
    );
    await expect(people.getByRole('row', { name: new RegExp(`${first.first} ${first.last}`) })).not.toContainText(
      'Primary',
    );
    await expect(page.getByText('2 contacts', { exact: true })).toBeVisible();
    await shot(page, 'records-company-detail');
  });

  await test.step('both contacts get a tag, created on the way', async () => {
    for (const [i, p] of [second, first].entries()) {
      await page.getByRole('link', { name: `${p.first} ${p.last}`, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1, name: `${p.first} ${p.last}` })).toBeVisible();
      await expect(page.getByRole('link', { name: company }).first()).toBeVisible();
      await page.getByRole('button', { name: 'Add tag' }).click();
      const picker = page.getByRole('combobox', { name: 'Add a tag' });
      await picker.fill(i === 0 ? tag : tag.slice(0, 4));
      await page.getByRole('option', { name: i === 0 ? `Create “${tag}”` : tag, exact: true }).click();
      await expect(page.getByRole('group', { name: 'Tags' })).toContainText(tag);
      if (i === 0) await shot(page, 'records-contact-detail');
      await page.getByRole('link', { name: company }).first().click();
    }
  });

  await test.step('the contacts list filtered by the tag shows both', async () => {
    await navLink(page, 'Contacts').click();
    await choose(page, page, 'Tag', tag);
    await expect(page).toHaveURL(/tag_id=/);
    await expect(page.getByTestId('record-total')).toHaveText('2 contacts');
    const table = page.getByRole('table', { name: 'Contacts' });
    await expect(table.locator('tbody tr[data-index]')).toHaveCount(2);
    await shot(page, 'records-contacts-filtered');
  });

  await test.step('both are assigned to another owner in bulk', async () => {
    await page.getByRole('checkbox', { name: 'Select all loaded rows' }).check();
    const bulk = page.getByRole('region', { name: 'Bulk actions' });
    await expect(bulk).toContainText('2 contacts selected');
    await bulk.getByRole('button', { name: 'Assign owner' }).click();
    await choose(page, page, 'New owner', 'Casey Kim');
    await page.getByRole('button', { name: 'Assign owner' }).last().click();
    const table = page.getByRole('table', { name: 'Contacts' });
    await expect(table.locator('tbody tr[data-index]').filter({ hasText: 'Casey Kim' })).toHaveCount(2);
    await expect(bulk).toBeHidden();
    await shot(page, 'records-contacts-bulk-owner');
  });

  await test.step('one contact is deleted and restored from the recycle bin', async () => {
    await page.getByRole('checkbox', { name: `Select ${first.first} ${first.last}` }).check();
    await page.getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete 1 contact?' });
    await confirm.getByRole('button', { name: 'Delete 1 contact' }).click();
    await expect(page.getByTestId('record-total')).toHaveText('1 contact');

    await navLink(page, 'Recycle bin').click();
    await page.getByRole('tab', { name: 'Contacts' }).click();
    const bin = page.getByRole('table', { name: 'Deleted contacts' });
    await expect(bin).toContainText(`${first.first} ${first.last}`);
    await shot(page, 'records-recycle-bin');
    await bin.getByRole('button', { name: `Restore ${first.first} ${first.last}` }).click();
    await expect(bin.getByText(`${first.first} ${first.last}`)).toBeHidden();

    await navLink(page, 'Contacts').click();
    await choose(page, page, 'Tag', tag);
    await expect(page.getByTestId('record-total')).toHaveText('2 contacts');
  });

  await test.step('the tag settings count the uses', async () => {
    await navLink(page, 'Tags').click();
    const row = page.getByRole('table', { name: 'Tags' }).getByRole('row', { name: new RegExp(tag) });
    await expect(row.getByRole('cell').nth(2)).toHaveText('2');
    await shot(page, 'records-tags');
  });
});
