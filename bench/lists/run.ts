/**
 * bench/lists — contact list latency at scale, through the real API and beside the same SQL run
 * directly (issue "Companies and contacts", Performance). One organisation from seedLargeOrg():
 * 1,000,000 contacts / 200,000 companies on PostgreSQL, 100,000 / 20,000 on PGlite.
 *
 * Scenarios (`GET /api/v1/contacts`, the owner's API key as `Authorization: Bearer rk_…`):
 *  1. owner + tag, `sort=-updated_at`, first page (limit 20);
 *  2. the same, page 50: the cursor of page 50 is collected by following 49 `next_cursor`s first;
 *  3. `q=` a 4-letter first-name prefix;
 *  4. `q=` a full e-mail address (4b: its local part only);
 *  1c / 3c. `GET /api/v1/contacts/count` (the capped total, its own request) for 1 and 3 — no goal.
 * The server first answers every scenario 30 times (warm-up, not timed). Each scenario: 20 more
 * warm-up requests (fewer if slow), then 200 sequential requests on one keep-alive
 * connection. A scenario that would exceed --budget-seconds (150) is cut to 50 and flagged.
 *
 * Baseline ("SQL"): the statements the API issued for one request of the scenario, captured at the
 * driver in the server process (bench/lib/capture-server.ts — exact text and values, including BEGIN,
 * `relata_begin_api_key(…)` and COMMIT), replayed in order in one transaction: on PostgreSQL through
 * a dedicated `pg` client of this process, on PGlite inside the server process on the same PGlite
 * instance. API and SQL runs are interleaved in rounds of 25, so machine noise hits both alike.
 *
 * Goals at 1M contacts on PostgreSQL: p95 ≤ 25 ms for list pages, ≤ 50 ms for text search, API ≤ 2×
 * the direct SQL (ratio of the medians). PGlite figures are reported without goals.
 *
 *   npm run lists -w bench                    # both databases (seeds them first: ~3 min + ~1 min)
 *   npm run lists -w bench -- --pg-only | --pglite-only
 *   npm run lists -w bench -- --keep          # keep the PostgreSQL database (state in bench/.tmp)
 *   npm run lists -w bench -- --reuse         # reuse the kept database instead of seeding
 *   npm run lists -w bench -- --explain       # EXPLAIN (ANALYZE, BUFFERS) of each scenario's slowest statement
 *   … --contacts 1000000 --pglite-contacts 100000 --requests 200 --budget-seconds 150
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase, type Database } from '@relata/api/src/db/client.js';
import { runMigrations } from '@relata/api/src/db/migrate.js';
import { createBenchDatabase } from '../lib/pg.js';
import type { Running } from '../lib/process.js';
import { printSeed, seedLargeOrg, type SeedResult } from '../seed-large-org/seed.js';
import {
  Api,
  loadavg,
  printStatements,
  printTable,
  replayPg,
  startCaptureServer,
  type Captured,
  type Page,
  type Row,
} from '../lib/compare.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const stateFile = path.join(here, '..', '.tmp', 'lists-state.json');

const { values: args } = parseArgs({
  options: {
    'pg-only': { type: 'boolean', default: false },
    'pglite-only': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
    contacts: { type: 'string', default: '1000000' },
    'pglite-contacts': { type: 'string', default: '100000' },
    requests: { type: 'string', default: '200' },
    'budget-seconds': { type: 'string', default: '150' },
  },
});
const REQUESTS = Math.max(200, Number(args.requests));
const ROUND = 25;
const WARMUP = 20;
/** Time one scenario may take (API + SQL) before it is cut to 50 requests each. */
const BUDGET_MS = Number(args['budget-seconds']) * 1000;
const PAGE = 50;
const LIMIT = 20;
/** First-name prefix searched in scenario 3 (Michael, Michelle; also any e-mail containing it). */
const PREFIX = 'mich';

interface Params {
  orgId: string;
  apiKey: string;
  ownerId: string;
  ownerName: string;
  ownerContacts: number;
  tagId: string;
  tagName: string;
  matches: number;
  prefixMatches: number;
  email: string;
}

interface Scenario {
  name: string;
  path: string;
  /** p95 goal in ms on PostgreSQL; null = reported only. */
  goal: number | null;
  check: (body: Page) => void;
}

/** Picks the scenario parameters from the seeded data (as the connecting superuser). */
async function pickParams(database: Database, seed: Pick<SeedResult, 'orgId' | 'apiKey' | 'members' | 'tags'>) {
  const q = database.query.bind(database);
  const org = seed.orgId;
  // The owner with the most live contacts (the org owner under the seed's skew: ~14 % of contacts).
  const [owner] = (
    await q<{ owner_id: string; n: string }>(
      `SELECT owner_id, count(*) AS n FROM contacts WHERE org_id = $1 AND deleted_at IS NULL AND owner_id IS NOT NULL
       GROUP BY owner_id ORDER BY n DESC LIMIT 1`,
      [org],
    )
  ).rows;
  // Among the tags giving that owner more than 50 pages, the median by popularity.
  const tags = (
    await q<{ tag_id: string; n: string }>(
      `SELECT ct.tag_id, count(*) AS n FROM contact_tags ct
         JOIN contacts c ON c.org_id = ct.org_id AND c.id = ct.contact_id
        WHERE ct.org_id = $1 AND c.owner_id = $2 AND c.deleted_at IS NULL
        GROUP BY ct.tag_id HAVING count(*) > ${PAGE * LIMIT + 50} ORDER BY n DESC`,
      [org, owner!.owner_id],
    )
  ).rows;
  if (!tags.length) throw new Error('no tag has enough contacts of the largest owner for page 50');
  const tag = tags[Math.floor(tags.length / 2)]!;
  const [prefix] = (
    await q<{ n: string }>(
      `SELECT count(*) AS n FROM contacts WHERE org_id = $1 AND deleted_at IS NULL AND search_key LIKE public.relata_unaccent(lower($2))`,
      [org, `%${PREFIX}%`],
    )
  ).rows;
  const [count] = (await q<{ n: string }>(`SELECT count(*) AS n FROM contacts WHERE org_id = $1`, [org])).rows;
  const [email] = (
    await q<{ email: string }>(
      `SELECT email FROM contacts WHERE org_id = $1 AND deleted_at IS NULL AND email IS NOT NULL
       ORDER BY id OFFSET $2 LIMIT 1`,
      [org, Math.floor(Number(count!.n) / 2)],
    )
  ).rows;
  const member = seed.members.find((m) => m.membershipId === owner!.owner_id)!;
  return {
    orgId: org,
    apiKey: seed.apiKey,
    ownerId: owner!.owner_id,
    ownerName: `${member.name} (${member.role})`,
    ownerContacts: Number(owner!.n),
    tagId: tag.tag_id,
    tagName: seed.tags.find((t) => t.id === tag.tag_id)!.name,
    matches: Number(tag.n),
    prefixMatches: Number(prefix!.n),
    email: email!.email,
  } satisfies Params;
}

async function scenarios(api: Api, p: Params): Promise<Scenario[]> {
  const filter = `owner_id=${p.ownerId}&tag_id=${p.tagId}`;
  const list = `/api/v1/contacts?${filter}&sort=-updated_at&limit=${LIMIT}`;
  const full = (b: Page) => {
    if (b.data.length !== LIMIT) throw new Error(`expected ${LIMIT} rows, got ${b.data.length}`);
  };
  const counted = (min: number) => (b: Page) => {
    const c = b as unknown as { total: number; total_capped: boolean };
    if (typeof c.total !== 'number' || c.total < Math.min(min, 10_000))
      throw new Error(`unexpected count ${JSON.stringify(b)}`);
  };
  let cursor: string | null = null;
  for (let page = 1; page < PAGE; page++) {
    const b: Page = await api.page(cursor ? `${list}&cursor=${encodeURIComponent(cursor)}` : list);
    cursor = b.next_cursor;
    if (!cursor) throw new Error(`no cursor after page ${page}`);
  }
  const local = p.email.split('@')[0]!;
  const one = (q: string) => (b: Page) => {
    if (!b.data.some((c) => (c as unknown as { email: string }).email === p.email)) {
      throw new Error(`q=${q} did not find ${p.email}`);
    }
  };
  return [
    { name: '1. owner + tag, -updated_at, page 1', path: list, goal: 25, check: full },
    {
      name: `2. same, page ${PAGE} (cursor)`,
      path: `${list}&cursor=${encodeURIComponent(cursor!)}`,
      goal: 25,
      check: full,
    },
    { name: `3. q=${PREFIX} (name prefix)`, path: `/api/v1/contacts?q=${PREFIX}`, goal: 50, check: full },
    {
      name: '4. q=<full e-mail>',
      path: `/api/v1/contacts?q=${encodeURIComponent(p.email)}`,
      goal: 50,
      check: one(p.email),
    },
    {
      name: '4b. q=<e-mail local part>',
      path: `/api/v1/contacts?q=${encodeURIComponent(local)}`,
      goal: 50,
      check: one(local),
    },
    // The capped total is its own request since the API change "Count records in their own request".
    { name: '1c. /count owner + tag', path: `/api/v1/contacts/count?${filter}`, goal: null, check: counted(p.matches) },
    { name: `3c. /count q=${PREFIX}`, path: `/api/v1/contacts/count?q=${PREFIX}`, goal: null, check: counted(1) },
  ];
}

async function explainSlowest(client: pg.Client, statements: Captured[], perStatement: number[]) {
  let slow = 0;
  perStatement.forEach((t, i) => {
    if (t > perStatement[slow]!) slow = i;
  });
  await client.query('BEGIN');
  try {
    for (let s = 0; s < slow; s++) {
      if (/^\s*(begin|commit)\b/i.test(statements[s]!.text)) continue;
      await client.query(statements[s]!.text, statements[s]!.params);
    }
    const st = statements[slow]!;
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${st.text}`, st.params);
    return `${st.text}\n  -- params: ${JSON.stringify(st.params)}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`;
  } finally {
    await client.query('ROLLBACK');
  }
}

async function measure(kind: 'postgres' | 'pglite', server: Running, port: number, p: Params, url?: string) {
  const base = `http://127.0.0.1:${port}`;
  const api = new Api(base, p.apiKey);
  const client = url ? new pg.Client({ connectionString: url, application_name: 'bench-lists-sql' }) : null;
  await client?.connect();
  const rows: Row[] = [];
  const plans: string[] = [];
  try {
    const list = await scenarios(api, p);
    // Server warm-up (JIT, plan caches, connection pool): every scenario a few times before any is
    // measured, so the first scenario is not timed on a cold process.
    for (let i = 0; i < 3; i++) for (const sc of list) for (let k = 0; k < 10; k++) await api.page(sc.path);
    for (const sc of list) {
      // Warm-up: 20 requests, or fewer when they are slow (≥ 3, stop after 5 s).
      const w0 = performance.now();
      let warm = 0;
      for (; warm < WARMUP && (warm < 3 || performance.now() - w0 < 5000); warm++) sc.check(await api.page(sc.path));
      await api.page('/bench/sql'); // clear
      sc.check(await api.page(sc.path));
      const cap = (await api.page('/bench/sql')) as unknown as { id: number; statements: Captured[] };
      const statements = cap.statements;
      const perStatement = statements.map(() => 0);
      const apiTimes: number[] = [];
      const sqlTimes: number[] = [];
      if (client)
        await replayPg(
          client,
          statements,
          warm,
          statements.map(() => 0),
        );
      const t0 = performance.now();
      let requests = REQUESTS;
      for (let done = 0; done < requests; done += ROUND) {
        for (let i = 0; i < ROUND; i++) {
          const r = await api.get(sc.path);
          if (r.status !== 200) throw new Error(`${sc.path} → ${r.status}`);
          apiTimes.push(r.ms);
        }
        if (client) {
          sqlTimes.push(...(await replayPg(client, statements, ROUND, perStatement)));
        } else {
          const res = await fetch(`${base}/bench/replay/${cap.id}?n=${ROUND}&warmup=${done === 0 ? warm : 0}`, {
            method: 'POST',
          });
          const body = (await res.json()) as { times: number[]; perStatement: number[] };
          sqlTimes.push(...body.times);
          body.perStatement.forEach((t, i) => (perStatement[i]! += t * ROUND));
        }
        // A scenario that would take longer than the budget is cut short (≥ 2 rounds) and flagged.
        const perRound = (performance.now() - t0) / (done + ROUND);
        if (done === ROUND && perRound * REQUESTS > BUDGET_MS) requests = 2 * ROUND;
      }
      rows.push({
        scenario: sc.name,
        api: apiTimes,
        sql: sqlTimes,
        goal: kind === 'postgres' ? sc.goal : null,
        statements,
        perStatement: perStatement.map((t) => t / apiTimes.length),
        cut: requests < REQUESTS,
      });
      if (client && args.explain)
        plans.push(`--- ${sc.name}\n${await explainSlowest(client, statements, perStatement)}`);
    }
  } finally {
    await client?.end();
    await server.stop();
  }
  return { rows, plans };
}

function printParams(p: Params, contacts: number) {
  console.log(
    `  owner_id = ${p.ownerName}: ${p.ownerContacts.toLocaleString('en-US')} live contacts; tag "${p.tagName}": ` +
      `${p.matches.toLocaleString('en-US')} of them (${((p.matches / contacts) * 100).toFixed(2)} % of all contacts)`,
  );
  console.log(
    `  q=${PREFIX}: ${p.prefixMatches.toLocaleString('en-US')} live contacts contain it in search_key; e-mail: ${p.email}`,
  );
}

async function postgresRun() {
  const contacts = Number(args.contacts);
  let url: string;
  let seed: SeedResult;
  let drop = async () => {};
  if (args.reuse) {
    ({ url, seed } = JSON.parse(await readFile(stateFile, 'utf8')) as { url: string; seed: SeedResult });
    console.log(`\nPostgreSQL: reusing ${url} (${seed.counts.contacts?.toLocaleString('en-US')} contacts)`);
    // Migrations added since the database was seeded (the app expects its whole schema).
    const database = await openDatabase({ url });
    await runMigrations(database).finally(() => database.close());
  } else {
    const db = await createBenchDatabase('relata_lists');
    url = db.url;
    drop = db.drop;
    console.log(`\nPostgreSQL: seeding ${contacts.toLocaleString('en-US')} contacts into a throw-away database…`);
    const database = await openDatabase({ url });
    try {
      const t = performance.now();
      await runMigrations(database);
      seed = await seedLargeOrg(database, { contacts, companies: Math.round(contacts / 5) });
      printSeed(seed, performance.now() - t - seed.timings.total!);
    } finally {
      await database.close();
    }
    if (args.keep) {
      await mkdir(path.dirname(stateFile), { recursive: true });
      await writeFile(stateFile, JSON.stringify({ url, seed }));
      drop = async () => console.log(`\nkept ${url} (state in ${stateFile}; --reuse to bench it again)`);
    }
  }
  try {
    const database = await openDatabase({ url, poolMax: 2 });
    const p = await pickParams(database, seed).finally(() => database.close());
    printParams(p, seed.counts.contacts!);
    const { server, port } = await startCaptureServer({ ...process.env, DATABASE_URL: url });
    return { ...(await measure('postgres', server, port, p, url)), contacts: seed.counts.contacts! };
  } finally {
    await drop();
  }
}

async function pgliteRun() {
  const contacts = Number(args['pglite-contacts']);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'relata-lists-'));
  try {
    console.log(`\nPGlite: seeding ${contacts.toLocaleString('en-US')} contacts into ${dir}…`);
    const database = await openDatabase({ pgliteDir: dir });
    let p: Params;
    try {
      const t = performance.now();
      await runMigrations(database);
      const seed = await seedLargeOrg(database, { contacts, companies: Math.round(contacts / 5) });
      printSeed(seed, performance.now() - t - seed.timings.total!);
      p = await pickParams(database, seed);
    } finally {
      await database.close();
    }
    printParams(p, contacts);
    const env: NodeJS.ProcessEnv = { ...process.env, BENCH_PGLITE_DIR: dir };
    delete env.DATABASE_URL;
    const { server, port } = await startCaptureServer(env);
    return { ...(await measure('pglite', server, port, p)), contacts };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const NOTE =
  `(ms; ${REQUESTS} sequential requests and as many SQL replays per scenario unless cut; ratio = API p50 / SQL p50;` +
  ' goals apply on PostgreSQL only: p95 ≤ 25 ms list pages, ≤ 50 ms text search, API ≤ 2× SQL; the /count rows have none)';

console.log(`bench/lists — ${new Date().toISOString()} — ${os.cpus().length} CPUs, Node ${process.version}`);
console.log(`load average at start: ${loadavg()} (other work on this machine adds noise to both columns alike)`);
const pgResult = args['pglite-only'] ? null : await postgresRun();
const pgliteResult = args['pg-only'] ? null : await pgliteRun();
if (pgResult) {
  printTable(
    `PostgreSQL, ${pgResult.contacts.toLocaleString('en-US')} contacts — API over HTTP vs the same SQL through pg`,
    pgResult.rows,
    NOTE,
  );
}
if (pgliteResult) {
  printTable(
    `PGlite, ${pgliteResult.contacts.toLocaleString('en-US')} contacts — API over HTTP vs the same SQL on the same PGlite instance`,
    pgliteResult.rows,
    NOTE,
  );
}
if (pgResult) printStatements(pgResult.rows);
if (pgResult?.plans.length)
  console.log(`\nEXPLAIN (ANALYZE, BUFFERS) of the slowest statement per scenario\n${pgResult.plans.join('\n\n')}`);
console.log(`\nload average at end: ${loadavg()}`);
