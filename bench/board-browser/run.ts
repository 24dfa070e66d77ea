/**
 * bench/board-browser — the deals Kanban board in a real browser (issue "Leads, deals, pipelines and
 * Kanban boards", Performance, browser part): "a board whose columns hold 10,000 deals in total
 * renders its first screen in ≤ 1.5 s and scrolling a column keeps the DOM under 300 cards".
 *
 * 1. A throw-away PostgreSQL database, migrated and seeded with seedLargeOrg() (5,000 contacts,
 *    1,000 companies, 17,300 deals over three pipelines: the default "Sales" pipeline gets ~60 % and
 *    its board leaves abandoned deals out, i.e. ~10,000 deals on the board — the exact count per
 *    column is printed).
 * 2. The real app on it, started as `npm start` does (scripts/start.mjs: builds what is stale, then
 *    serves the production web bundle and the API on one port; RELATA_DEMO=0). A new user signs up
 *    through the API; SQL makes them an owner of the seeded organisation and their default one
 *    (the seed's users have no passwords).
 * 3. Debian's chromium through playwright-core (flags as e2e/playwright.config.ts): sign in, choose
 *    the Board view on /deals (remembered in localStorage), then after one warm-up, N fresh loads
 *    each of: `page.goto('/deals')` → first card of the first column visible. Baseline in the same
 *    run, interleaved: the same page in the Table view → its first row visible, and the board's own
 *    `GET /api/v1/boards/{id}` as the page's resource timing saw it. Both with a warm HTTP cache (new
 *    tab in the signed-in context) and a cold one (new browser context from the saved storage state).
 * 4. Scrolls the first column (Qualification) to the bottom of what is loaded, step after step,
 *    waiting for the next page each time, until the whole column is loaded; after each step counts
 *    the cards (`article`) in the DOM of the whole board and the cards loaded (ids of every board
 *    response seen, per column).
 *
 *   npm run board-browser -w bench                  # seeds (~10 s), builds if stale, measures, drops
 *   npm run board-browser -w bench -- --keep        # keep the database
 *   … --runs 5 --deals 17300 --max-steps 200
 *
 * Screenshots of the board before and after scrolling: bench/.tmp/board-browser-{start,scrolled}.png.
 */
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { openDatabase } from '@relata/api/src/db/client.js';
import { runMigrations } from '@relata/api/src/db/migrate.js';
import { loadavg, pct } from '../lib/compare.js';
import { createBenchDatabase } from '../lib/pg.js';
import { run, type Running } from '../lib/process.js';
import { printSeed, seedLargeOrg, uuidv7, type SeedResult } from '../seed-large-org/seed.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const tmp = path.resolve(here, '..', '.tmp');

const { values: args } = parseArgs({
  options: {
    keep: { type: 'boolean', default: false },
    runs: { type: 'string', default: '5' },
    // The default pipeline gets ~60 % of the deals and the board leaves abandoned ones (3 %) out:
    // 17,300 deals put ~10,000 on the "Sales" board (the exact count is printed).
    deals: { type: 'string', default: '17300' },
    'max-steps': { type: 'string', default: '200' },
  },
});
const RUNS = Math.max(1, Number(args.runs));
const MAX_STEPS = Math.max(1, Number(args['max-steps']));
const GOAL_FIRST_SCREEN_MS = 1500;
const GOAL_DOM_CARDS = 300;
const EMAIL = 'board-bench@example.test';
const PASSWORD = 'board-bench-pass-1234';

const BOARD = '[role="region"][aria-label$=" board"]';
const FIRST_COLUMN = `${BOARD} section >> nth=0`;
const TABLE_ROW = 'table[aria-label="Deals"] tbody tr:not([aria-hidden])';

/**
 * Injected before every page's scripts: the page's own clock (ms since navigation start) at the
 * moment the first board card / first table row enters the DOM (MutationObserver, before paint).
 */
const MARKS = `(() => {
  const marks = { long: [] };
  window.__benchMarks = marks;
  try {
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) marks.long.push([Math.round(e.startTime), Math.round(e.duration)]);
    }).observe({ type: 'longtask' });
  } catch {}
  const obs = new MutationObserver(() => {
    if (document.querySelector('${BOARD} section article')) marks.card = performance.now();
    else if (document.querySelector('${TABLE_ROW}')) marks.row = performance.now();
    else return;
    obs.disconnect();
  });
  const start = () => obs.observe(document.documentElement, { childList: true, subtree: true });
  if (document.documentElement) start();
  else document.addEventListener('readystatechange', start, { once: true });
})();`;

const ms = (x: number) => x.toFixed(0);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function seedDatabase(url: string): Promise<SeedResult> {
  const database = await openDatabase({ url });
  try {
    const t = performance.now();
    await runMigrations(database);
    const seed = await seedLargeOrg(database, { contacts: 5000, companies: 1000, deals: Number(args.deals), leads: 0 });
    printSeed(seed, performance.now() - t - seed.timings.total!);
    return seed;
  } finally {
    await database.close();
  }
}

/** `npm start`'s script on the bench database; resolves once /readyz answers. */
async function startApp(url: string): Promise<{ app: Running; base: string; built: string; ms: number }> {
  const port = await freePort();
  const t = performance.now();
  const app = run(process.execPath, [path.join(root, 'scripts', 'start.mjs')], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      RELATA_DEMO: '0',
      // Page loads and column pages of one session: stay clear of the 600/min default.
      RELATA_RATE_LIMIT: '100000000',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    },
  });
  const base = `http://localhost:${port}`;
  const end = Date.now() + 600_000;
  for (;;) {
    if (app.child.exitCode !== null) throw new Error(`the app exited:\n${app.output()}`);
    if (Date.now() > end) throw new Error(`the app did not become ready:\n${app.output()}`);
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const built = [...app.output().matchAll(/\[relata\] (building [^…\n]*)/g)].map((m) => m[1]).join(', ');
  return { app, base, built, ms: performance.now() - t };
}

/** Signs a new user up through the API, then (SQL) makes them an owner of the seeded org, their default. */
async function makeOwner(base: string, url: string, orgId: string): Promise<void> {
  const res = await fetch(`${base}/api/v1/auth/sign-up`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ name: 'Board Bench', email: EMAIL, password: PASSWORD }),
  });
  if (res.status !== 201) throw new Error(`sign-up → ${res.status} ${await res.text()}`);
  const { user } = (await res.json()) as { user: { id: string } };
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(
      `INSERT INTO memberships (org_id, id, user_id, role, created_at, updated_at) VALUES ($1, $2, $3, 'owner', now(), now())`,
      [orgId, uuidv7(), user.id],
    );
    await c.query(`UPDATE users SET default_org_id = $1 WHERE id = $2`, [orgId, user.id]);
  } finally {
    await c.end();
  }
}

/** Requests of the page (API calls and the app's own assets) in start order, ms since navigation start. */
const WATERFALL = `(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  const rows = performance.getEntriesByType('resource')
    .filter((r) => r.name.includes('/api/') || r.name.includes('/assets/'))
    .map((r) => ({ name: new URL(r.name).pathname + new URL(r.name).search, start: r.startTime, end: r.responseEnd }));
  return {
    document: nav ? nav.responseEnd : null,
    domContentLoaded: nav ? nav.domContentLoadedEventEnd : null,
    fcp: fcp ? fcp.startTime : null,
    card: window.__benchMarks?.card ?? null,
    long: (window.__benchMarks?.long ?? []).filter(([t]) => t < (window.__benchMarks?.card ?? Infinity)),
    rows,
  };
})()`;
interface Waterfall {
  document: number | null;
  domContentLoaded: number | null;
  fcp: number | null;
  card: number | null;
  /** Long tasks (≥ 50 ms) before the first card: [start, duration]. */
  long: [number, number][];
  rows: { name: string; start: number; end: number }[];
}

interface Load {
  /** `page.goto` called → first card / row visible (Playwright's check, from Node). */
  wall: number;
  /** The page's clock: navigation start → first card / row in the DOM. */
  inPage: number | null;
  /** Main-thread time of the renderer until then (CDP Performance.getMetrics TaskDuration, ScriptDuration). */
  cpu: { task: number; script: number } | null;
  /** The page's first `GET /api/v1/boards/{id}` (board) or `GET /api/v1/deals` (table): duration, end. */
  request: { duration: number; end: number } | null;
}

/** One fresh load of /deals in `page`; `what` says which first element to wait for. */
async function load(page: Page, what: 'card' | 'row'): Promise<Load> {
  const target =
    what === 'card' ? page.locator(FIRST_COLUMN).locator('article').first() : page.locator(TABLE_ROW).first();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const t0 = performance.now();
  await page.goto('/deals', { waitUntil: 'commit' });
  await target.waitFor({ state: 'visible', timeout: 60_000 });
  const wall = performance.now() - t0;
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value;
  const task = metric('TaskDuration');
  const script = metric('ScriptDuration');
  const cpu = task !== undefined && script !== undefined ? { task: task * 1000, script: script * 1000 } : null;
  const api = what === 'card' ? '/api/v1/boards/' : '/api/v1/deals?';
  const info = await page.evaluate<{ mark: number | null; req: { duration: number; end: number } | null }>(`(() => {
    const e = performance.getEntriesByType('resource').find((r) => r.name.includes(${JSON.stringify(api)}));
    return {
      mark: window.__benchMarks?.${what} ?? null,
      req: e ? { duration: e.duration, end: e.responseEnd } : null,
    };
  })()`);
  return { wall, inPage: info.mark, cpu, request: info.req };
}

/** Card ids seen in board responses, per stage id (union: refetches do not count twice). */
function trackCards(
  page: Page,
  loaded: Map<string, Set<string>>,
  cursors: Map<string, string | null>,
  names: Map<string, string>,
) {
  page.on('response', async (res) => {
    if (!res.url().includes('/api/v1/boards/') || res.request().method() !== 'GET' || !res.ok()) return;
    try {
      const body = (await res.json()) as {
        columns: { stage: { id: string; name: string }; cards: { id: string }[]; next_cursor: string | null }[];
      };
      const paged = new URL(res.url()).searchParams.has('stage_id');
      for (const col of body.columns) {
        names.set(col.stage.name, col.stage.id);
        const set = loaded.get(col.stage.id) ?? new Set<string>();
        for (const c of col.cards) set.add(c.id);
        loaded.set(col.stage.id, set);
        // The first screen's cursor only counts until a column page has been read.
        if (paged || !cursors.has(col.stage.id)) cursors.set(col.stage.id, col.next_cursor);
      }
    } catch {
      // page closed meanwhile
    }
  });
}

const domCards = (page: Page) => page.locator(`${BOARD} article`).count();

interface Step {
  step: number;
  dom: number;
  columnDom: number;
  loaded: number;
  waitMs: number;
  scrollTop: number;
  scrollHeight: number;
}

async function scrollFirstColumn(
  page: Page,
  count: number,
): Promise<{ steps: Step[]; maxDom: number; loaded: number }> {
  const loaded = new Map<string, Set<string>>();
  const cursors = new Map<string, string | null>();
  const names = new Map<string, string>();
  trackCards(page, loaded, cursors, names);
  await load(page, 'card');
  const list = page.locator(FIRST_COLUMN).getByRole('list');
  const firstName = await page.locator(FIRST_COLUMN).getAttribute('aria-label');
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(tmp, 'board-browser-start.png') });
  const column = () => {
    const id = names.get(firstName ?? '');
    return id ? { ids: loaded.get(id)!, cursor: cursors.get(id) ?? null } : { ids: new Set<string>(), cursor: null };
  };
  const steps: Step[] = [];
  let maxDom = await domCards(page);
  for (let step = 1; step <= MAX_STEPS; step++) {
    const before = column().ids.size;
    const hadMore = column().cursor !== null;
    const t = performance.now();
    await list.evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    // Sample the DOM while the next page loads, then once it is in (or nothing more to load).
    const end = Date.now() + 15_000;
    for (;;) {
      maxDom = Math.max(maxDom, await domCards(page));
      const pending = await page.getByLabel('Loading more cards').count();
      if (!hadMore || (column().ids.size > before && pending === 0)) break;
      if (Date.now() > end) throw new Error(`step ${step}: no next page within 15 s (${before} loaded)`);
      await page.waitForTimeout(25);
    }
    const waitMs = performance.now() - t;
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    const dom = await domCards(page);
    maxDom = Math.max(maxDom, dom);
    const geo = await list.evaluate((el) => ({ scrollTop: el.scrollTop, scrollHeight: el.scrollHeight }));
    steps.push({
      step,
      dom,
      columnDom: await list.locator('article').count(),
      loaded: column().ids.size,
      waitMs: hadMore ? waitMs : 0,
      ...geo,
    });
    if (!hadMore) break;
  }
  await page.screenshot({ path: path.join(tmp, 'board-browser-scrolled.png') });
  const loadedCards = column().ids.size;
  if (loadedCards !== count) console.log(`  note: ${firstName} loaded ${loadedCards} of ${count} cards`);
  return { steps, maxDom, loaded: loadedCards };
}

console.log(`bench/board-browser — ${new Date().toISOString()} — ${os.cpus().length} CPUs, Node ${process.version}`);
console.log(`load average at start: ${loadavg()} (other work on this machine slows the browser and the server alike)`);
await mkdir(tmp, { recursive: true });
const db = await createBenchDatabase('relata_board_browser');
let app: Running | null = null;
let browser: Browser | null = null;
const out: string[] = [];
try {
  console.log(`\nseeding 5,000 contacts, 1,000 companies, ${Number(args.deals).toLocaleString('en-US')} deals…`);
  const seed = await seedDatabase(db.url);
  const pipelineId = seed.pipelines.dealPipelineIds[0]!;

  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  const sizes = (
    await sql.query<{ name: string; n: string }>(
      `SELECT s.name, count(d.id) AS n FROM stages s LEFT JOIN deals d ON d.org_id = s.org_id AND d.stage_id = s.id
        AND d.deleted_at IS NULL AND d.status <> 'abandoned'
        WHERE s.org_id = $1 AND s.pipeline_id = $2 GROUP BY s.name, s.position ORDER BY s.position`,
      [seed.orgId, pipelineId],
    )
  ).rows.map((r) => ({ name: r.name, n: Number(r.n) }));
  const pipelineName = (await sql.query<{ name: string }>(`SELECT name FROM pipelines WHERE id = $1`, [pipelineId]))
    .rows[0]!.name;
  await sql.end();
  const total = sizes.reduce((n, s) => n + s.n, 0);
  console.log(
    `\n"${pipelineName}" board (live deals, abandoned left out as the board does): ${total.toLocaleString('en-US')} — ` +
      sizes.map((s) => `${s.name} ${s.n.toLocaleString('en-US')}`).join(', '),
  );

  console.log('\nstarting the app (scripts/start.mjs, builds what is stale)…');
  const started = await startApp(db.url);
  app = started.app;
  const { base } = started;
  console.log(
    `  ready at ${base} in ${(started.ms / 1000).toFixed(1)} s${started.built ? ` (first ${started.built}: stale)` : ' (bundles up to date)'}`,
  );
  await makeOwner(base, db.url, seed.orgId);

  browser = await chromium.launch({
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
  });
  const contextOptions = {
    baseURL: base,
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light' as const,
  };
  const boardCtx = await browser.newContext(contextOptions);
  await boardCtx.addInitScript(MARKS);
  const setup = await boardCtx.newPage();
  await setup.goto('/sign-in');
  await setup.getByRole('textbox', { name: /^Email/ }).fill(EMAIL);
  await setup.getByRole('textbox', { name: /^Password/ }).fill(PASSWORD);
  await setup.getByRole('button', { name: 'Sign in' }).click();
  await setup.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  await setup.goto('/deals');
  await setup.locator(TABLE_ROW).first().waitFor();
  const tableState = await boardCtx.storageState();
  await setup.getByRole('radiogroup', { name: 'View' }).getByText('Board').click();
  await setup.locator(FIRST_COLUMN).locator('article').first().waitFor();
  const boardName = await setup.locator(BOARD).getAttribute('aria-label');
  const apiCounts = await setup
    .locator(`${BOARD} section`)
    .evaluateAll((els) =>
      els.map(
        (e) => `${e.getAttribute('aria-label')} ${e.querySelector('[aria-label$=" deals"]')?.textContent ?? '?'}`,
      ),
    );
  console.log(`  signed in as ${EMAIL}; "${boardName}" shows: ${apiCounts.join(', ')}`);
  const firstHeader = (await setup.locator(FIRST_COLUMN).locator('div').first().innerText()).replace(/\s+/g, ' ');
  const boardState = await boardCtx.storageState();
  await setup.close();
  const tableCtx = await browser.newContext({ ...contextOptions, storageState: tableState });
  await tableCtx.addInitScript(MARKS);

  /** A fresh tab in a signed-in context (warm HTTP cache) or a new context (cold cache). */
  const fresh = async (view: 'board' | 'table', cold: boolean): Promise<{ page: Page; ctx?: BrowserContext }> => {
    if (!cold) return { page: await (view === 'board' ? boardCtx : tableCtx).newPage() };
    const ctx = await browser!.newContext({
      ...contextOptions,
      storageState: view === 'board' ? boardState : tableState,
    });
    await ctx.addInitScript(MARKS);
    return { page: await ctx.newPage(), ctx };
  };
  const kinds = [
    { key: 'board-warm', view: 'board', cold: false },
    { key: 'table-warm', view: 'table', cold: false },
    { key: 'board-cold', view: 'board', cold: true },
    { key: 'table-cold', view: 'table', cold: true },
  ] as const;
  const results = new Map<string, Load[]>(kinds.map((k) => [k.key, []]));
  let waterfall: Waterfall | null = null;
  console.log(`\nfirst screen: 1 warm-up + ${RUNS} loads each, interleaved…`);
  for (let i = 0; i <= RUNS; i++) {
    for (const k of kinds) {
      const { page, ctx } = await fresh(k.view, k.cold);
      const r = await load(page, k.view === 'board' ? 'card' : 'row');
      if (i > 0) results.get(k.key)!.push(r);
      if (i === RUNS && k.key === 'board-warm') waterfall = await page.evaluate<Waterfall>(WATERFALL);
      await page.close();
      await ctx?.close();
    }
  }

  console.log('\nscrolling the first column to its end…');
  const scrollPage = await boardCtx.newPage();
  const scroll = await scrollFirstColumn(scrollPage, sizes[0]!.n);
  await scrollPage.close();

  // ---- report ----
  const line = (s: string) => out.push(s);
  const p = (xs: number[]) => `${ms(pct(xs, 50)).padStart(6)} ${ms(Math.max(...xs)).padStart(6)}`;
  const col = (xs: (number | null | undefined)[]) => {
    const v = xs.filter((x): x is number => typeof x === 'number');
    return v.length ? p(v) : '     –      –';
  };
  line(
    `\nFirst screen of /deals — "${pipelineName}", ${total.toLocaleString('en-US')} deals on the board (${sizes.map((s) => s.n.toLocaleString('en-US')).join(' / ')}); ` +
      `${RUNS} loads each after 1 warm-up, interleaved; ms as p50 / max`,
  );
  line(
    `${'page load'.padEnd(34)} ${'goto → visible'.padStart(13)}   ${'in-page: DOM'.padStart(13)}   ${'main thread'.padStart(13)}   ${'first API req.'.padStart(13)}   ${'request ends'.padStart(13)}   goal`,
  );
  for (const k of kinds) {
    const rs = results.get(k.key)!;
    const label = `${k.view === 'board' ? 'Board: first card, 1st column' : 'Table: first row (baseline)'} ${k.cold ? 'cold' : 'warm'}`;
    const goal = k.view === 'board' ? `≤ ${GOAL_FIRST_SCREEN_MS}` : '';
    const met =
      k.view === 'board' ? (Math.max(...rs.map((r) => r.wall)) <= GOAL_FIRST_SCREEN_MS ? ' ✓' : ' ✗ (max)') : '';
    line(
      `${label.padEnd(34)} ${p(rs.map((r) => r.wall))}   ${col(rs.map((r) => r.inPage))}   ${col(rs.map((r) => r.cpu?.task))}   ${col(rs.map((r) => r.request?.duration))}   ${col(rs.map((r) => r.request?.end))}   ${goal}${met}`,
    );
  }
  line(
    '(goto → visible: page.goto() called → Playwright sees the element visible; in-page: navigation start → element in the DOM;' +
      '\n main thread: renderer main-thread busy time until then (CDP TaskDuration: script, style, layout, paint; wall time of its tasks, so other load inflates it too);' +
      '\n first API request: GET /api/v1/boards/{id}?limit=20 for the board, GET /api/v1/deals for the table, its duration and its end' +
      '\n after navigation start; warm = new tab in the signed-in context, cold = new browser context, empty HTTP cache)',
  );
  const wf = waterfall as Waterfall | null;
  if (wf) {
    const at = (x: number | null) => (x === null ? '–' : ms(x));
    line(
      `\nOne warm board load (the last), ms since navigation start: document ${at(wf.document)}, ` +
        `DOMContentLoaded ${at(wf.domContentLoaded)}, first contentful paint ${at(wf.fcp)}, first card in the DOM ${at(wf.card)}`,
    );
    line(
      `  long tasks before the first card [start ms, duration ms]: ${wf.long.map(([a, b]) => `[${a}, ${b}]`).join(' ')}`,
    );
    for (const r of wf.rows) line(`  ${ms(r.start).padStart(5)} → ${ms(r.end).padStart(5)}  ${r.name.slice(0, 110)}`);
  }
  line(`first column's header: ${firstHeader}`);
  const lastStep = scroll.steps[scroll.steps.length - 1]!;
  const waits = scroll.steps.filter((s) => s.waitMs > 0).map((s) => s.waitMs);
  line(`\nScrolling "${sizes[0]!.name}" (${sizes[0]!.n.toLocaleString('en-US')} deals) to its end, one page at a time`);
  line(' step  cards in DOM (board / column)  cards loaded  wait for the page (ms)');
  for (const s of scroll.steps) {
    if (s.step <= 3 || s.step % 10 === 0 || s === lastStep)
      line(
        `${String(s.step).padStart(5)}  ${String(s.dom).padStart(14)} / ${String(s.columnDom).padEnd(13)} ${String(s.loaded).padStart(12)}  ${s.waitMs ? ms(s.waitMs) : '–'}`,
      );
  }
  line(
    `max cards in the DOM of the board (sampled during and after every step): ${scroll.maxDom}  (goal < ${GOAL_DOM_CARDS}) ${scroll.maxDom < GOAL_DOM_CARDS ? '✓' : '✗'}`,
  );
  line(
    `cards loaded in "${sizes[0]!.name}" at the end: ${scroll.loaded.toLocaleString('en-US')} of ${sizes[0]!.n.toLocaleString('en-US')} ` +
      `in ${scroll.steps.length} steps; next page p50 ${waits.length ? ms(pct(waits, 50)) : '–'} ms, max ${waits.length ? ms(Math.max(...waits)) : '–'} ms; ` +
      `column scrollHeight ${lastStep.scrollHeight.toLocaleString('en-US')} px`,
  );
  line(`screenshots: ${path.relative(root, path.join(tmp, 'board-browser-start.png'))}, …-scrolled.png`);
  await boardCtx.close();
  await tableCtx.close();
} finally {
  await browser?.close();
  if (app) {
    const code = await app.stop();
    const errors = app
      .output()
      .split('\n')
      .filter((l) => /"level":(50|60)|error/i.test(l));
    if (errors.length) console.log(`\napp log errors (exit ${code}):\n${errors.slice(0, 10).join('\n')}`);
  }
  if (args.keep) console.log(`\nkept ${db.url}`);
  else await db.drop();
}
console.log(out.join('\n'));
console.log(`\nload average at end: ${loadavg()}`);
