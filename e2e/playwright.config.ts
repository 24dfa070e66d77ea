import { defineConfig } from '@playwright/test';

/**
 * User journeys in Debian's chromium against the real app, started the way the README starts it
 * (`npm start`: builds what is stale, then serves UI + API) on :3100 with a fresh embedded database
 * (demo data included).
 */
const reportDir = process.env.RELATA_REPORT_DIR;

export default defineConfig({
  testDir: './journeys',
  outputDir: './test-results',
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: reportDir ? [['list'], ['json', { outputFile: `${reportDir}/e2e.json` }]] : [['list']],
  use: {
    baseURL: 'http://localhost:3100',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    command:
      'cd .. && rm -rf e2e/.tmp/data && RELATA_DATA_DIR=e2e/.tmp/data PORT=3100 RELATA_DEMO=1 LOG_LEVEL=warn npm start',
    url: 'http://localhost:3100/readyz',
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
  },
});
