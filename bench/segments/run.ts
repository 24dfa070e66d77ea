/**
 * bench/segments — segment preview latency at scale, through the real API and beside the same SQL
 * run directly (issue 7 "Performance"). One organisation from seedLargeOrg() on PostgreSQL
 * (1,000,000 contacts / 200,000 companies by default).
 *
 * Scenarios (the owner's API key):
 *  1. `POST /api/v1/segments/preview` — contacts at companies of the most common industry
 *     (related company), created in the last 365 days, with an e-mail: the live preview's count
 *     (exact up to 1,000, "1,000+" beyond) and the first 20 records;
 *  2. the same with `exact_count: true` (count exact up to 10,000: what "count exactly" asks for);
 *  3. the same criteria saved as a segment, `GET /api/v1/contacts?segment_id=` (first page, no count).
 * Each: 20 warm-up requests, one request's statements captured at the driver (bench/lib/
 * capture-server.ts), then N requests and N replays of those statements through `pg` in rounds of 25.
 * Goals: p95 ≤ 200 ms for the live preview, API ≤ 2× the direct SQL (ratio of the medians).
 *
 *   npm run segments -w bench                      # seeds (~6 min), measures, drops the database
 *   npm run segments -w bench -- --keep | --reuse  # keep the seeded database / measure it again
 *   … --contacts 1000000 --requests 200
 */
import pg from 'pg';
import { type Api, measureRead, replayPg, report, withCaptureServer, type Row } from '../lib/compare.js';
import { benchArgs, seededDatabase } from '../lib/seeded.js';

const { args, stateFile } = benchArgs('segments', {});
const REQUESTS = Math.max(25, Number(args.requests));
const ROUND = 25;

/** Like measureRead, for a POST with a JSON body. */
async function measurePost(
  api: Api,
  client: pg.Client,
  name: string,
  path: string,
  body: unknown,
  goal: number | null,
) {
  const post = async () => {
    const r = await api.send('POST', path, body);
    if (r.status !== 200) throw new Error(`${path} → ${r.status} ${r.body.slice(0, 300)}`);
    return r;
  };
  for (let i = 0; i < 20; i++) await post();
  await api.captured();
  const sample = JSON.parse((await post()).body) as { count: number; count_capped: boolean; records: unknown[] };
  const { statements } = await api.captured({ pause: true });
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

const { url, seed, drop } = await seededDatabase({ prefix: 'relata_segments', stateFile, args });
const rows: Row[] = [];
try {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const { rows: top } = await admin.query<{ industry: string; n: string }>(
    `SELECT industry, count(*) AS n FROM companies WHERE org_id = $1 AND industry IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
    [seed.orgId],
  );
  await admin.end();
  const industry = top[0]!.industry;
  console.log(`  industry: ${industry} (${Number(top[0]!.n).toLocaleString('en-US')} companies)`);
  const criteria = {
    match: 'and',
    conditions: [
      { field: 'company.industry', operator: 'equals', value: industry },
      { field: 'created_at', operator: 'last_n_days', value: 365 },
      { field: 'email', operator: 'is_not_empty' },
    ],
  };
  await withCaptureServer({ url, apiKey: seed.apiKey, name: 'bench-segments-sql' }, async (api, client) => {
    const path = '/api/v1/segments/preview';
    const live = await measurePost(
      api,
      client,
      '1. preview (live count ≤ 1,000)',
      path,
      {
        entity: 'contacts',
        criteria,
        limit: 20,
      },
      200,
    );
    console.log(
      `  live preview: count ${live.sample.count.toLocaleString('en-US')}${live.sample.count_capped ? '+' : ''}`,
    );
    const exact = await measurePost(
      api,
      client,
      '2. preview, exact_count (≤ 10,000)',
      path,
      {
        entity: 'contacts',
        criteria,
        limit: 20,
        exact_count: true,
      },
      null,
    );
    console.log(
      `  exact preview: count ${exact.sample.count.toLocaleString('en-US')}${exact.sample.count_capped ? '+' : ''}`,
    );
    const saved = await api.send('POST', '/api/v1/segments', {
      name: `bench ${Date.now()}`,
      entity: 'contacts',
      criteria,
    });
    if (saved.status !== 201) throw new Error(`save → ${saved.status} ${saved.body}`);
    const id = (JSON.parse(saved.body) as { id: string }).id;
    const list = await measureRead(api, client, {
      name: '3. GET /contacts?segment_id= (page 1)',
      path: `/api/v1/contacts?segment_id=${id}&limit=20`,
      goal: 200,
      requests: REQUESTS,
    });
    rows.push(live.row, exact.row, list);
    await api.send('DELETE', `/api/v1/segments/${id}`);
  });
} finally {
  await drop();
}
report(
  `PostgreSQL, ${seed.counts.contacts?.toLocaleString('en-US')} contacts — API over HTTP vs the same SQL through pg`,
  rows,
  `(ms; ${REQUESTS} requests and as many SQL replays per scenario; ratio = API p50 / SQL p50; goals: p95 ≤ 200 ms for the live preview, API ≤ 2× SQL)`,
);
