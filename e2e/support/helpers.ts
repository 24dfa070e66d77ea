/** Shared steps of the journeys: screenshots, signing in, reading secrets shown in dialogs. */
import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';

const SCREENS = path.resolve(import.meta.dirname, '../.tmp/screens');

/** Saves a full-page screenshot as e2e/.tmp/screens/<name>.png once animations have settled. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/** The password input (not the "toggle password visibility" button). */
export const passwordInput = (scope: Page | Locator, label = 'Password'): Locator =>
  scope.getByRole('textbox', { name: new RegExp(`^${label}`) });

/** Signs in on /sign-in and waits for the app to leave the page. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: /^Email/ }).fill(email);
  await passwordInput(page).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/** Signs out through the user menu. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Account menu for/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
}

/** The secret (link or key) shown in a copy field inside `scope`. */
export async function copyValue(scope: Locator, index = 0): Promise<string> {
  const text = await scope.getByTestId('copy-value').nth(index).textContent();
  expect(text).toBeTruthy();
  return text!.trim();
}

/** A link of the main navigation (the navbar), by its label. */
export const navLink = (page: Page, name: string): Locator =>
  page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name, exact: true });
