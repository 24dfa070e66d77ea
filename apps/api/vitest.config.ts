import { defineConfig } from 'vitest/config';

const reportDir = process.env.RELATA_REPORT_DIR;

/**
 * API tests run against a real database: PGlite in memory (a migrated template is prepared once in
 * globalSetup and loaded per test file), or PostgreSQL when DATABASE_URL is set (globalSetup
 * creates a fresh database for the run and drops it afterwards).
 */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // CI collects JSON results (RELATA_REPORT_DIR) to print one "N passed, N failed" line.
    reporters: reportDir ? ['default', 'json'] : ['default'],
    ...(reportDir ? { outputFile: { json: `${reportDir}/${process.env.RELATA_REPORT_LABEL ?? 'run'}-api.json` } } : {}),
  },
});
