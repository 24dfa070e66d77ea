/**
 * Output of bench/analytics: per caller a table of API and raw-SQL latencies (p50 / p95 / max, ms)
 * with the API/SQL ratio and the issue-8 goals, and the statements of one request per scenario with
 * their mean replay time and the rows they returned to the driver.
 */
import { pct, type Row } from '../lib/compare.js';

/** Issue 8: API ≤ 1.5× the raw SQL of the same report (judged on the medians, as the other benches). */
export const MAX_RATIO = 1.5;

/** A measured scenario plus the rows each of its statements returned (one replay). */
export interface AnalyticsRow extends Row {
  rows: number[];
}

const f = (n: number) => n.toFixed(1).padStart(7);

/** Whether a row meets its goals: p95 ≤ goal and API p50 / SQL p50 ≤ {@link MAX_RATIO}. */
export function verdict(r: Row): { p95: boolean; ratio: boolean } {
  return { p95: r.goal === null || pct(r.api, 95) <= r.goal, ratio: pct(r.api, 50) / pct(r.sql, 50) <= MAX_RATIO };
}

/** Prints one caller's table: API and SQL p50/p95/max, ratio of the p50s (and of the p95s), goals. */
export function printAnalyticsTable(title: string, rows: AnalyticsRow[]) {
  console.log(`\n${title}`);
  console.log(
    `${'scenario'.padEnd(34)}${'API p50'.padStart(8)}${'p95'.padStart(8)}${'max'.padStart(8)}` +
      `${'SQL p50'.padStart(8)}${'p95'.padStart(8)}${'max'.padStart(8)}  ratio (p95)    n  rows  goal met?`,
  );
  for (const r of rows) {
    const [a50, a95, s50, s95] = [pct(r.api, 50), pct(r.api, 95), pct(r.sql, 50), pct(r.sql, 95)];
    const v = verdict(r);
    const goal =
      r.goal === null
        ? `— (ratio ≤ ${MAX_RATIO}×: ${v.ratio ? 'yes' : 'no'})`
        : `${v.p95 && v.ratio ? 'yes' : 'NO'} (p95 ≤ ${r.goal}: ${v.p95 ? 'yes' : 'no'}, ≤ ${MAX_RATIO}×: ${v.ratio ? 'yes' : 'no'})`;
    const rowsOut = r.rows.reduce((a, b) => a + b, 0);
    console.log(
      `${r.scenario.padEnd(34)}${f(a50)} ${f(a95)} ${f(Math.max(...r.api))} ${f(s50)} ${f(s95)} ${f(Math.max(...r.sql))}` +
        `  ${(a50 / s50).toFixed(2).padStart(5)} (${(a95 / s95).toFixed(2)})${String(r.api.length).padStart(5)}` +
        `${String(rowsOut).padStart(6)}  ${goal}${r.cut ? '  [cut: over the time budget]' : ''}`,
    );
  }
}

/** Prints the statements of one request per scenario: mean replay time, rows returned, text. */
export function printAnalyticsStatements(title: string, rows: AnalyticsRow[]) {
  console.log(`\n${title}`);
  for (const r of rows) {
    console.log(`  ${r.scenario}`);
    r.statements.forEach((s, i) => {
      const text = s.text.replace(/\s+/g, ' ').trim();
      console.log(
        `    ${(r.perStatement[i] ?? 0).toFixed(2).padStart(7)} ms ${String(r.rows[i] ?? 0).padStart(5)} rows  ` +
          `${text.length > 140 ? `${text.slice(0, 140)}…` : text}`,
      );
    });
  }
}
