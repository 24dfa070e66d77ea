// Prints the CI's last line, "N passed, N failed", from the JSON reports of Vitest and Playwright
// in the results directory. A failed step that runs no tests (install, type-check, lint, build)
// counts as one failure, so a red run never ends with "0 failed".
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const [dir, failedList = ''] = process.argv.slice(2);
const failedSteps = failedList.split('|').filter(Boolean);
const TEST_STEPS = new Set(['tests on PGlite', 'tests on PostgreSQL', 'Playwright journeys (chromium)']);

let passed = 0;
let failed = 0;
const reports = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
for (const file of reports) {
  const data = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  if (typeof data.numPassedTests === 'number') {
    passed += data.numPassedTests; // Vitest
    failed += data.numFailedTests;
  } else if (data.stats) {
    passed += data.stats.expected ?? 0; // Playwright
    failed += (data.stats.unexpected ?? 0) + (data.stats.flaky ?? 0);
  }
}
failed += failedSteps.filter((s) => !TEST_STEPS.has(s)).length;
if (failedSteps.length) console.log(`failed steps: ${failedSteps.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
