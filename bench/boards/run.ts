/**
 * bench/boards — Kanban boards, moves and lead conversion at scale, through the real API and beside
 * the same SQL run directly (issue "Leads, deals, pipelines and Kanban boards", Performance). One
 * organisation from seedLargeOrg(): 1,000,000 contacts, 200,000 companies, 300,000 deals in three
 * pipelines and 100,000 leads with stage history, on PostgreSQL.
 *
 * Scenarios (the owner's API key):
 *  1. full board of the default deals pipeline (`GET /api/v1/boards/{id}`: every column's count and
 *     sums per currency, first 20 cards each) — goal p95 ≤ 60 ms;
 *  2. one column's page 50 (`?stage_id=&cursor=`, the cursor collected by following 49 pages) — ≤ 25 ms;
 *  3. a move (`POST /api/v1/deals/{id}/move` to the top of the next stage) — ≤ 25 ms;
 *  4. a convert (`POST /api/v1/leads/{id}/convert` with a new deal; company matched by domain/name
 *     or created) — ≤ 50 ms.
 * And API time ≤ 2× the same SQL (ratio of medians).
 *
 * Baseline ("SQL"): reads as in bench/lists (statements captured at the driver, replayed through
 * `pg` in rounds interleaved with the API). Writes: every request first runs in the capture
 * server's dry-run mode (its COMMIT sent as ROLLBACK: same work, nothing changed), its statements
 * are replayed through `pg` (ending in that ROLLBACK), then the same request runs for real — each
 * iteration on a different deal / lead. The SQL side of writes thus skips the commit's WAL flush:
 * the ratio is, if anything, unfavourable to the API.
 *
 *   npm run boards -w bench                      # seeds (~3–4 min), measures, drops the database
 *   npm run boards -w bench -- --keep | --reuse  # keep the seeded database / measure it again
 *   … --contacts 1000000 --requests 200
 */
import pg from 'pg';
import { measureReads, replayPg, report, withCaptureServer, type Api, type Row } from '../lib/compare.js';
import { benchArgs, seededDatabase } from '../lib/seeded.js';

const { args, stateFile } = benchArgs('boards', {});
const REQUESTS = Math.max(50, Number(args.requests));
const PAGE = 50;
const LIMIT = 20;

interface BoardColumn {
  stage: { id: string; name: string; kind: string };
  count: number;
  cards: { id: string }[];
  next_cursor: string | null;
}
interface Board {
  columns: BoardColumn[];
}

/**
 * Writes: per iteration a dry run (captured), its replay through pg, then the real request; `make`
 * gives iteration i's method, path and body (a different record each time).
 */
async function measureWrite(
  api: Api,
  client: pg.Client,
  name: string,
  goal: number,
  n: number,
  make: (i: number) => { method: string; path: string; body: unknown },
): Promise<Row> {
  const apiTimes: number[] = [];
  const sqlTimes: number[] = [];
  const perStatement: number[] = [];
  let statements: Row['statements'] = [];
  const warm = 10;
  for (let i = 0; i < n + warm; i++) {
    const req = make(i);
    await api.captured();
    await api.dryRun(true);
    const dry = await api.send(req.method, req.path, req.body);
    await api.dryRun(false);
    if (dry.status >= 300) throw new Error(`${req.path} (dry run) → ${dry.status} ${dry.body.slice(0, 300)}`);
    statements = (await api.captured()).statements;
    const replay = await replayPg(client, statements, 1, i >= warm ? perStatement : []);
    await api.captured();
    const real = await api.send(req.method, req.path, req.body);
    if (real.status >= 300) throw new Error(`${req.path} → ${real.status} ${real.body.slice(0, 300)}`);
    if (i >= warm) {
      sqlTimes.push(replay[0]!);
      apiTimes.push(real.ms);
    }
  }
  return {
    scenario: name,
    api: apiTimes,
    sql: sqlTimes,
    goal,
    statements,
    perStatement: perStatement.map((t) => t / sqlTimes.length),
    cut: false,
  };
}

const { url, seed, drop } = await seededDatabase({
  prefix: 'relata_boards',
  stateFile,
  args,
});
const rows: Row[] = [];
try {
  const pool = new pg.Client({ connectionString: url });
  await pool.connect();
  const dealsPipeline = seed.pipelines.dealPipelineIds[0]!;
  const [first, second] = seed.pipelines.dealStageIds;
  // Records each write iteration works on: open deals of the first stage, open leads.
  const writes = REQUESTS + 10;
  const dealIds = (
    await pool.query<{ id: string }>(
      `SELECT id FROM deals WHERE org_id = $1 AND stage_id = $2 AND status = 'open' AND deleted_at IS NULL
        ORDER BY id LIMIT $3`,
      [seed.orgId, first, writes],
    )
  ).rows.map((r) => r.id);
  const leadIds = (
    await pool.query<{ id: string }>(
      `SELECT id FROM leads WHERE org_id = $1 AND status = 'open' AND deleted_at IS NULL ORDER BY id DESC LIMIT $2`,
      [seed.orgId, writes],
    )
  ).rows.map((r) => r.id);
  const sizes = (
    await pool.query<{ name: string; n: string }>(
      `SELECT s.name, count(d.id) AS n FROM stages s LEFT JOIN deals d ON d.org_id = s.org_id AND d.stage_id = s.id
        AND d.deleted_at IS NULL WHERE s.org_id = $1 AND s.pipeline_id = $2 GROUP BY s.name, s.position ORDER BY s.position`,
      [seed.orgId, dealsPipeline],
    )
  ).rows;
  await pool.end();
  console.log(
    `  default deals pipeline: ${sizes.map((s) => `${s.name} ${Number(s.n).toLocaleString('en-US')}`).join(', ')}`,
  );

  await withCaptureServer({ url, apiKey: seed.apiKey, name: 'bench-boards-sql' }, async (api, client) => {
    const board = `/api/v1/boards/${dealsPipeline}?limit=${LIMIT}`;
    const full = await api.page<Board>(board);
    const column = `/api/v1/boards/${dealsPipeline}?stage_id=${first}&limit=${LIMIT}`;
    // Page 50, or the last full page of a smaller column (small --contacts runs).
    const page = Math.min(PAGE, Math.floor(full.columns[0]!.count / LIMIT));
    let cursor: string | null = null;
    for (let p = 1; p < page; p++) {
      const b: Board = await api.page<Board>(cursor ? `${column}&cursor=${encodeURIComponent(cursor)}` : column);
      cursor = b.columns[0]!.next_cursor;
      if (!cursor) throw new Error(`no cursor after page ${p}`);
    }
    console.log(
      `  board: ${full.columns.length} columns, ${full.columns.reduce((n, c) => n + c.count, 0).toLocaleString('en-US')} cards; ` +
        `${dealIds.length} deals and ${leadIds.length} leads for the write scenarios`,
    );
    rows.push(
      ...(await measureReads(api, client, REQUESTS, [
        { name: '1. full board (6 columns × 20 cards)', path: board, goal: 60 },
        {
          name: `2. one column, page ${page} (cursor)`,
          path: `${column}&cursor=${encodeURIComponent(cursor!)}`,
          goal: 25,
        },
      ])),
    );
    rows.push(
      await measureWrite(api, client, '3. move a deal (top of next stage)', 25, REQUESTS, (i) => ({
        method: 'POST',
        path: `/api/v1/deals/${dealIds[i]}/move`,
        body: { stage_id: second },
      })),
    );
    rows.push(
      await measureWrite(
        api,
        client,
        '4. convert a lead (+ deal)',
        50,
        Math.min(REQUESTS, leadIds.length - 10),
        (i) => ({
          method: 'POST',
          path: `/api/v1/leads/${leadIds[i]}/convert`,
          body: { deal: { create: true } },
        }),
      ),
    );
  });
} finally {
  await drop();
}
report(
  `PostgreSQL, ${seed.counts.deals?.toLocaleString('en-US')} deals / ${seed.counts.leads?.toLocaleString('en-US')} leads — API over HTTP vs the same SQL through pg`,
  rows,
  `(ms; ${REQUESTS} sequential requests per scenario; ratio = API p50 / SQL p50; goals: p95 ≤ 60 ms board, ≤ 25 ms column page and move, ≤ 50 ms convert, API ≤ 2× SQL)`,
);
