/**
 * bench/segments — segment preview latency at scale, through the real API and beside the same SQL
 * run directly (issue 7 "Performance"). One organisation from seedLargeOrg() on PostgreSQL
 * (1,000,000 contacts / 200,000 companies by default).
 *
 * Scenarios (the owner's API key):
 *  1. `POST /api/v1/segments/preview` — contacts at companies of the most common industry
 *     (related company), created in the last 365 days, with an e-mail: count (capped at 10,000) and
 *     the first 20 records;
 *  2. the same criteria saved as a segment, `GET /api/v1/contacts?segment_id=` (first page, no count).
 * Each: 20 warm-up requests, one request's statements captured at the driver (bench/lib/
 * capture-server.ts), then N requests and N replays of those statements through `pg` in rounds of 25.
 * Goals: p95 ≤ 200 ms for the preview, API ≤ 2× the direct SQL (ratio of the medians).
 *
 *   npx tsx segments/run.ts [--contacts 1000000] [--requests 200]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase } from '@relata/api/src/db/client.js';
import { runMigrations } from '@relata/api/src/db/migrate.js';
import { createBenchDatabase } from '../lib/pg.js';
import { Api, loadavg, measureRead, replayPg, report, startCaptureServer, type Row } from '../lib/compare.js';
import { printSeed, seedLargeOrg } from '../seed-large-org/seed.js';

const { values: args } = parseArgs({
  options: { contacts: { type: 'string', default: '1000000' }, requests: { type: 'string', default: '200' } },
});
const CONTACTS = Number(args.contacts);
const REQUESTS = Number(args.requests);
const ROUND = 25;

/** Like measureRead, for a POST with a JSON body. */
async function measurePost(api: Api, client: pg.Client, name: string, path: string, body: unknown, goal: number) {
  const post = async () => {
    const r = await api.send('POST', path, body);
    if (r.status !== 200) throw new Error(`${path} → ${r.status} ${r.body.slice(0, 300)}`);
    return r;
  };
  for (let i = 0; i < 20; i++) await post();
  await api.captured();
  const sample = JSON.parse((await post()).body) as { count: number; records: unknown[] };
  const { statements } = await api.captured();
  await replayPg(client, statements, 20, []);
  const perStatement: number[] = [];
  const apiTimes: number[] = [];
  const sqlTimes: number[] = [];
  for (let done = 0; done < REQUESTS; done += ROUND) {
    for (let i = 0; i < ROUND; i++) apiTimes.push((await post()).ms);
    sqlTimes.push(...(await replayPg(client, statements, ROUND, perStatement)));
  }
  const row: Row = {
    scenario: name,
    api: apiTimes,
    sql: sqlTimes,
    goal,
    statements,
    perStatement: perStatement.map((t) => t / sqlTimes.length),
    cut: false,
  };
  return { row, sample };
}

console.log(`bench/segments — ${new Date().toISOString()} — ${os.cpus().length} CPUs, Node ${process.version}`);
console.log(`load average at start: ${loadavg()}`);
const db = await createBenchDatabase('relata_segments');
try {
  console.log(`\nPostgreSQL: seeding ${CONTACTS.toLocaleString('en-US')} contacts into a throw-away database…`);
  const database = await openDatabase({ url: db.url });
  let seed;
  let industry: string;
  try {
    const t = performance.now();
    await runMigrations(database);
    seed = await seedLargeOrg(database, { contacts: CONTACTS, companies: Math.round(CONTACTS / 5) });
    printSeed(seed, performance.now() - t - seed.timings.total!);
    await database.query('ANALYZE');
    const { rows } = await database.query<{ industry: string; n: string }>(
      `SELECT industry, count(*) AS n FROM companies WHERE org_id = $1 AND industry IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
      [seed.orgId],
    );
    industry = rows[0]!.industry;
    console.log(`  industry: ${industry} (${Number(rows[0]!.n).toLocaleString('en-US')} companies)`);
  } finally {
    await database.close();
  }
  const criteria = {
    match: 'and',
    conditions: [
      { field: 'company.industry', operator: 'equals', value: industry },
      { field: 'created_at', operator: 'last_n_days', value: 365 },
      { field: 'email', operator: 'is_not_empty' },
    ],
  };
  const { server, port } = await startCaptureServer({ ...process.env, DATABASE_URL: db.url });
  const client = new pg.Client({ connectionString: db.url, application_name: 'bench-segments-sql' });
  await client.connect();
  try {
    const api = new Api(`http://127.0.0.1:${port}`, seed.apiKey);
    const preview = await measurePost(
      api,
      client,
      '1. preview, 3 conditions (related company)',
      '/api/v1/segments/preview',
      { entity: 'contacts', criteria, limit: 20 },
      200,
    );
    console.log(
      `  preview: count ${preview.sample.count.toLocaleString('en-US')}, ${preview.sample.records.length} records`,
    );
    const saved = await api.send('POST', '/api/v1/segments', { name: 'bench', entity: 'contacts', criteria });
    if (saved.status !== 201) throw new Error(`save → ${saved.status} ${saved.body}`);
    const id = (JSON.parse(saved.body) as { id: string }).id;
    const list = await measureRead(api, client, {
      name: '2. GET /contacts?segment_id= (page 1)',
      path: `/api/v1/contacts?segment_id=${id}&limit=20`,
      goal: 200,
      requests: REQUESTS,
    });
    report(
      `PostgreSQL, ${CONTACTS.toLocaleString('en-US')} contacts — API over HTTP vs the same SQL through pg`,
      [preview.row, list],
      `(ms; ${REQUESTS} requests and as many SQL replays per scenario; ratio = API p50 / SQL p50; goals: p95 ≤ 200 ms, API ≤ 2× SQL)`,
    );
  } finally {
    await client.end();
    await server.stop();
  }
} finally {
  await db.drop();
}
