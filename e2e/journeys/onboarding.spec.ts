import { expect, test } from '@playwright/test';
import { copyValue, navLink, passwordInput, shot, signIn, signOut } from '../support/helpers';

test('a new owner sets up an organisation, a colleague joins by link, and an API key works', async ({
  page,
  browser,
  request,
}) => {
  // The server starts on a fresh database for every run, so fixed names do not collide.
  const owner = { name: 'Olivia Owner', email: 'olivia@northwind.test', password: 'owner-pass-1234' };
  const invitee = { name: 'Ivan Invitee', email: 'ivan@northwind.test', password: 'invitee-pass-1234' };
  const orgName = 'Northwind Traders';

  await test.step('the owner signs up and creates an organisation', async () => {
    await page.goto('/sign-up');
    await expect(page).toHaveTitle('Create your account · Relata');
    await shot(page, 'sign-up');
    await page.getByRole('textbox', { name: /^Name/ }).fill(owner.name);
    await page.getByRole('textbox', { name: /^Email/ }).fill(owner.email);
    await passwordInput(page).fill(owner.password);
    await page.getByRole('button', { name: 'Create account' }).click();

    await expect(page).toHaveURL(/\/onboarding$/);
    await expect(page.getByRole('heading', { name: 'Create your organisation' })).toBeVisible();
    await shot(page, 'onboarding');
    await page.getByRole('textbox', { name: /^Organisation name/ }).fill(orgName);
    await page.getByRole('button', { name: 'Create organisation' }).click();

    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('heading', { name: 'Welcome, Olivia' })).toBeVisible();
    await expect(page.getByRole('banner').getByRole('button', { name: /^Organisation:/ })).toContainText(orgName);
    await expect(page.getByText('Members', { exact: true }).locator('..')).toContainText('1');
  });

  let link = '';
  await test.step('the owner invites a colleague and reads the link', async () => {
    await page.getByRole('link', { name: 'Invite people' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite people' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('textbox', { name: /^Email/ }).fill(invitee.email);
    await dialog.getByRole('button', { name: 'Create invitation' }).click();
    const created = page.getByRole('dialog', { name: 'Invitation created' });
    await expect(created.getByText('Send this link to them')).toBeVisible();
    link = await copyValue(created);
    expect(link).toMatch(/^http:\/\/localhost:3100\/invite\/ri/);
    await shot(page, 'invite-link');
    await created.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByRole('table', { name: 'Invitations' })).toContainText(invitee.email);
  });

  const inviteeContext = await browser.newContext();
  const guest = await inviteeContext.newPage();
  await test.step('the invitee opens the link, signs up with the invited email and accepts', async () => {
    await guest.goto(link);
    await expect(guest.getByRole('heading', { name: `Join ${orgName}` })).toBeVisible();
    const email = guest.getByRole('textbox', { name: /^Email/ });
    await expect(email).toHaveValue(invitee.email);
    await expect(email).toHaveAttribute('readonly', '');
    await shot(guest, 'invite-accept');
    await guest.getByRole('textbox', { name: /^Name/ }).fill(invitee.name);
    await passwordInput(guest).fill(invitee.password);
    await guest.getByRole('button', { name: 'Create account' }).click();

    const accept = guest.getByRole('button', { name: 'Accept invitation' });
    await expect(accept).toBeVisible();
    await shot(guest, 'invite-signed-in');
    await accept.click();
    await expect(guest).toHaveURL(/\/$/);
    await expect(guest.getByRole('heading', { name: 'Welcome, Ivan' })).toBeVisible();
    await expect(guest.getByText(`You are working in ${orgName} as member.`)).toBeVisible();
  });

  await test.step('the invitee signs out and in again and is still in the organisation', async () => {
    await signOut(guest);
    await signIn(guest, invitee.email, invitee.password);
    await expect(guest).toHaveURL(/\/$/);
    await expect(guest.getByRole('banner').getByRole('button', { name: /^Organisation:/ })).toContainText(orgName);
    await expect(guest.getByText(`You are working in ${orgName} as member.`)).toBeVisible();
    await inviteeContext.close();
  });

  await test.step('the owner sees the new member and the accepted invitation', async () => {
    await page.goto('/settings/members');
    const members = page.getByRole('table', { name: 'Members' });
    const row = members.getByRole('row').filter({ hasText: invitee.email });
    await expect(row).toContainText(invitee.name);
    await expect(row.getByRole('combobox', { name: `Role of ${invitee.name}` })).toHaveValue('Member');
    const invitation = page.getByRole('table', { name: 'Invitations' }).getByRole('row').filter({
      hasText: invitee.email,
    });
    await expect(invitation).toContainText('accepted');
    await shot(page, 'members-new-org');
  });

  await test.step('the owner creates a team with the new member as lead', async () => {
    await page.getByRole('tab', { name: 'Teams' }).click();
    await expect(page).toHaveURL(/\/settings\/members\/teams$/);
    await expect(page.getByText('No teams yet')).toBeVisible();
    await shot(page, 'teams-empty');
    await page.getByRole('button', { name: 'New team' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New team' });
    await dialog.getByRole('textbox', { name: /^Name/ }).fill('Field sales');
    await dialog.getByRole('textbox', { name: /^Description/ }).fill('Visits customers on site');
    await dialog.getByRole('button', { name: 'Create team' }).click();

    const drawer = page.getByRole('dialog', { name: 'Field sales' });
    await expect(drawer).toBeVisible();
    await drawer.getByRole('combobox', { name: 'Add a member' }).click();
    await drawer.getByRole('combobox', { name: 'Add a member' }).fill('Ivan');
    await page.getByRole('option', { name: new RegExp(invitee.name) }).click();
    await expect(drawer.getByText(invitee.email)).toBeVisible();
    const lead = drawer.getByRole('switch', { name: `${invitee.name} is team lead` });
    await lead.click({ force: true });
    await expect(lead).toBeChecked();
    await expect(drawer.getByText('Lead', { exact: true }).first()).toBeVisible();
    await shot(page, 'team-drawer');
    await drawer.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('table', { name: 'Teams' })).toContainText('Field sales');
    await shot(page, 'teams');
  });

  await test.step('the organisation and profile pages show the current settings', async () => {
    await navLink(page, 'Organisation').click();
    await expect(page.getByRole('textbox', { name: /^Name/ })).toHaveValue(orgName);
    await shot(page, 'organisation');
    await navLink(page, 'Profile').click();
    await expect(page.getByRole('textbox', { name: /^Email/ })).toHaveValue(owner.email);
    await shot(page, 'profile');
  });

  let key = '';
  await test.step('the owner creates an API key and reads it from the dialog', async () => {
    await navLink(page, 'API keys').click();
    await expect(page.getByText('No API keys yet')).toBeVisible();
    await shot(page, 'api-keys-empty');
    await page.getByRole('button', { name: 'Create API key' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Create API key' });
    await dialog.getByRole('textbox', { name: /^Name/ }).fill('CI script');
    await dialog.getByRole('checkbox', { name: /^write/ }).check();
    await shot(page, 'api-key-create');
    await dialog.getByRole('button', { name: 'Create key' }).click();

    const created = page.getByRole('dialog', { name: 'API key “CI script” created' });
    await expect(created.getByText('This key will not be shown again.', { exact: false })).toBeVisible();
    key = await copyValue(created);
    expect(key).toMatch(/^rk/);
    await shot(page, 'api-key-created');
    await created.getByRole('button', { name: 'I have copied it' }).click();
    const row = page.getByRole('table', { name: 'API keys' }).getByRole('row').filter({ hasText: 'CI script' });
    await expect(row).toContainText('Active');
    await shot(page, 'api-keys');
  });

  await test.step('the key authenticates GET /api/v1/me as the owner in the organisation', async () => {
    const res = await request.get('/api/v1/me', { headers: { Authorization: `Bearer ${key}` } });
    expect(res.status()).toBe(200);
    const me = await res.json();
    expect(me.org.name).toBe(orgName);
    expect(me.role).toBe('owner');
    expect(me.user.email).toBe(owner.email);
    expect(me.auth).toEqual({ kind: 'api_key', scopes: ['read', 'write'] });
  });
});
