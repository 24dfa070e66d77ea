import { expect, test } from '@playwright/test';
import { navLink, shot, signIn } from '../support/helpers';

const DEMO_MEMBERS = ['Alex Rivera', 'Casey Kim', 'Demo User', 'Jordan Lee', 'Morgan Diaz', 'Sam Patel'];

test('the demo organisation: sign in, its members, and the dark theme', async ({ page }) => {
  await test.step('an unknown visitor is sent to sign in', async () => {
    await page.goto('/settings/members');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings%2Fmembers$/);
    await expect(page).toHaveTitle('Sign in · Relata');
    await shot(page, 'sign-in');
  });

  await test.step('the demo login works and shows Demo Company', async () => {
    await page.goto('/sign-in');
    await signIn(page, 'demo@example.com', 'demo1234');
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('banner').getByRole('button', { name: /^Organisation:/ })).toContainText(
      'Demo Company',
    );
    await expect(page.getByText('You are working in Demo Company as owner.')).toBeVisible();
    await expect(page).toHaveTitle('Home · Relata');
    await shot(page, 'home');
  });

  await test.step('the members page lists the 6 demo members', async () => {
    await navLink(page, 'Members & teams').click();
    const rows = page.getByRole('table', { name: 'Members' }).locator('tbody tr');
    await expect(rows).toHaveCount(6);
    for (const name of DEMO_MEMBERS) await expect(rows.filter({ hasText: name })).toHaveCount(1);
    await expect(page.getByRole('table', { name: 'Invitations' })).toContainText('taylor@example.com');
    await shot(page, 'members');
  });

  await test.step('on a phone the navigation sits behind the burger', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByRole('button', { name: 'Toggle navigation' })).toBeVisible();
    await shot(page, 'members-mobile');
    await page.getByRole('button', { name: 'Toggle navigation' }).click();
    await expect(navLink(page, 'API keys')).toBeVisible();
    await shot(page, 'navigation-mobile');
    await navLink(page, 'Members & teams').click();
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await test.step('the organisation switcher lists the memberships', async () => {
    await page
      .getByRole('banner')
      .getByRole('button', { name: /^Organisation:/ })
      .click();
    await expect(page.getByRole('menuitem', { name: 'Create organisation' })).toBeVisible();
    await shot(page, 'org-switcher');
    await page.keyboard.press('Escape');
  });

  await test.step('the dark theme toggle works and is remembered', async () => {
    const html = page.locator('html');
    await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
    await shot(page, 'members-dark');
    await page.reload();
    await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
    await navLink(page, 'Home').click();
    await expect(page.getByText('You are working in Demo Company as owner.')).toBeVisible();
    await shot(page, 'home-dark');
    await navLink(page, 'Members & teams').click();
    await page.getByRole('tab', { name: 'Teams' }).click();
    await expect(page.getByRole('table', { name: 'Teams' })).toContainText('Inbound');
    await shot(page, 'teams-dark');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');
  });
});
