/**
 * What the API-vs-SQL benchmarks share: an HTTP client with the owner's API key, percentiles, the
 * capture server (lib/capture-server.ts: the real app plus `/bench/*` routes that return the SQL the
 * API sent), replaying captured statements through a `pg` client, and the result table.
 */
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Captured } from './capture-server.js';
import { run, waitFor } from './process.js';

export type { Captured };

const here = path.dirname(fileURLToPath(import.meta.url));

/** The p-th percentile (nearest rank) of `xs`, in their unit. */
export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!;
};

export const loadavg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

export interface Page {
  data: { id: string }[];
  next_cursor: string | null;
}

/**
 * Requests to the bench server with `Authorization: Bearer <key>`; `ms` is the client-side wall time.
 * Sent with `node:http` over one kept-alive connection, as a service calling the API would: Node's
 * global `fetch` (undici behind WHATWG streams) costs ~0.1–0.15 ms more client CPU per request, which
 * the API column would count against the server (measured side by side on bench/analytics'
 * distribution: fetch p50 3.75 ms, node:http 3.61 ms).
 */
export class Api {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly url: URL;
  constructor(
    readonly base: string,
    readonly key: string,
  ) {
    this.url = new URL(base);
  }
  send(
    method: string,
    p: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ ms: number; status: number; body: string }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const t0 = performance.now();
      const req = http.request(
        {
          host: this.url.hostname,
          port: this.url.port,
          path: p,
          method,
          agent: this.agent,
          headers: {
            authorization: `Bearer ${this.key}`,
            ...(payload === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () =>
            resolve({
              ms: performance.now() - t0,
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }
  /** Closes the kept-alive connection. */
  close() {
    this.agent.destroy();
  }
  get(p: string) {
    return this.send('GET', p);
  }
  /** GET that must answer 200; returns the parsed body. */
  async page<T = Page>(p: string): Promise<T> {
    const r = await this.get(p);
    if (r.status !== 200) throw new Error(`GET ${p} → ${r.status} ${r.body.slice(0, 500)}`);
    return JSON.parse(r.body) as T;
  }
  /**
   * The statements the server sent to the database since the previous call (and a replay id).
   * `pause`: record nothing until the next call (for timed requests that follow).
   */
  captured(opts: { pause?: boolean } = {}) {
    return this.page<{ id: number; statements: Captured[] }>(`/bench/sql${opts.pause ? '?then=off' : ''}`);
  }
  /** Dry-run mode of the capture server: request transactions end in ROLLBACK instead of COMMIT. */
  async dryRun(on: boolean) {
    const r = await this.send('POST', `/bench/dry-run?on=${on ? 1 : 0}`);
    if (r.status !== 200) throw new Error(`dry-run → ${r.status}`);
  }
}

/** Starts lib/capture-server.ts with `env`; resolves with the process and its port. */
export async function startCaptureServer(env: NodeJS.ProcessEnv) {
  const server = run(process.execPath, ['--import', 'tsx', path.join(here, 'capture-server.ts')], { cwd: here, env });
  const port = Number((await waitFor(server, /READY (\d+)/))[1]);
  return { server, port };
}

/**
 * Runs `fn` with a capture server on database `url` (`env` added to its environment) — as an
 * {@link Api} with `apiKey` — and a `pg` client named `name` for the replays; stops both after.
 */
export async function withCaptureServer<T>(
  params: { url: string; apiKey: string; name: string; env?: NodeJS.ProcessEnv },
  fn: (api: Api, client: pg.Client) => Promise<T>,
): Promise<T> {
  const { server, port } = await startCaptureServer({ ...process.env, DATABASE_URL: params.url, ...params.env });
  const client = new pg.Client({ connectionString: params.url, application_name: params.name });
  await client.connect();
  const api = new Api(`http://127.0.0.1:${port}`, params.apiKey);
  try {
    return await fn(api, client);
  } finally {
    api.close();
    await client.end();
    await server.stop();
  }
}

/**
 * The app's type parsers (drizzle-orm/node-postgres, `NodePgPreparedQuery`): date, time and interval
 * types and their arrays stay text; the rest as `pg` parses them. The replay uses them so the SQL
 * column does the same decoding work as the API's driver, no more.
 */
const RAW_TYPES = new Set([1184, 1114, 1082, 1186, 1231, 1115, 1185, 1187, 1182]);
const APP_TYPES = {
  getTypeParser: (id: number, format?: 'text' | 'binary') =>
    RAW_TYPES.has(id) ? (v: string) => v : pg.types.getTypeParser(id, format),
};

/**
 * Replays captured statements on one `pg` client, in order (they include BEGIN … COMMIT or, from a
 * dry run, ROLLBACK), with the app's row mode and type parsers, `n` times; adds each statement's time
 * to `perStatement`; returns the wall time of each replay (ms).
 */
export async function replayPg(client: pg.Client, statements: Captured[], n: number, perStatement: number[]) {
  const times: number[] = [];
  for (let r = 0; r < n; r++) {
    const t0 = performance.now();
    for (let s = 0; s < statements.length; s++) {
      const st = statements[s]!;
      const ts = performance.now();
      await client.query({
        text: st.text,
        values: st.params,
        types: APP_TYPES as never,
        ...(st.rowMode ? { rowMode: 'array' as const } : {}),
      });
      perStatement[s] = (perStatement[s] ?? 0) + performance.now() - ts;
    }
    times.push(performance.now() - t0);
  }
  return times;
}

export interface Row {
  scenario: string;
  api: number[];
  sql: number[];
  /** p95 goal in ms; null = reported only. */
  goal: number | null;
  statements: Captured[];
  /** Mean ms per statement in the SQL replay. */
  perStatement: number[];
  /** Fewer requests than asked: the scenario was far over its time budget. */
  cut: boolean;
}

/**
 * A read scenario: `GET p` 20 times to warm up, one request's statements captured, then `requests`
 * API requests and as many replays of those statements through `client`, interleaved in rounds of
 * `round` so both columns see the same machine load. Times in ms.
 */
export async function measureRead(
  api: Api,
  client: pg.Client,
  params: { name: string; path: string; goal: number | null; requests: number; round?: number },
): Promise<Row> {
  const { path: p, requests } = params;
  const round = params.round ?? 25;
  for (let i = 0; i < 20; i++) await api.get(p);
  await api.captured();
  const check = await api.get(p);
  if (check.status !== 200) throw new Error(`${p} → ${check.status} ${check.body.slice(0, 300)}`);
  const { statements } = await api.captured({ pause: true });
  const perStatement: number[] = [];
  await replayPg(client, statements, 20, []);
  const apiTimes: number[] = [];
  const sqlTimes: number[] = [];
  for (let done = 0; done < requests; done += round) {
    for (let i = 0; i < round; i++) {
      const r = await api.get(p);
      if (r.status !== 200) throw new Error(`${p} → ${r.status} ${r.body.slice(0, 300)}`);
      apiTimes.push(r.ms);
    }
    sqlTimes.push(...(await replayPg(client, statements, round, perStatement)));
  }
  return {
    scenario: params.name,
    api: apiTimes,
    sql: sqlTimes,
    goal: params.goal,
    statements,
    perStatement: perStatement.map((t) => t / sqlTimes.length),
    cut: false,
  };
}

/** Read scenarios one after another ({@link measureRead} each, `requests` requests). */
export async function measureReads(
  api: Api,
  client: pg.Client,
  requests: number,
  scenarios: Array<{ name: string; path: string; goal: number | null }>,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const s of scenarios) rows.push(await measureRead(api, client, { ...s, requests }));
  return rows;
}

/** The end of a benchmark's output: the table, the statements, p99 per scenario, the load average. */
export function report(title: string, rows: Row[], note: string) {
  printTable(title, rows, note);
  printStatements(rows);
  console.log(`\np99 API: ${rows.map((r) => `${r.scenario.split(' ')[0]} ${pct(r.api, 99).toFixed(1)}`).join(', ')}`);
  console.log(`load average at end: ${loadavg()}`);
}

/** Prints API and SQL percentiles per scenario, their ratio and whether the goals are met. */
export function printTable(title: string, rows: Row[], note: string) {
  const f = (n: number) => n.toFixed(1).padStart(8);
  console.log(`\n${title}`);
  console.log(`${'scenario'.padEnd(38)} API p50  API p95  SQL p50  SQL p95   ratio  goal met?`);
  for (const r of rows) {
    const [a50, a95, s50, s95] = [pct(r.api, 50), pct(r.api, 95), pct(r.sql, 50), pct(r.sql, 95)];
    const ratio = a50 / s50;
    const goal =
      r.goal === null
        ? '—'
        : `${a95 <= r.goal && ratio <= 2 ? 'yes' : 'NO'} (p95 ≤ ${r.goal}: ${a95 <= r.goal ? 'yes' : 'no'}, ≤ 2×: ${ratio <= 2 ? 'yes' : 'no'})`;
    const n = r.cut ? `  [n=${r.api.length}: cut, over the time budget]` : '';
    console.log(
      `${r.scenario.padEnd(38)}${f(a50)} ${f(a95)} ${f(s50)} ${f(s95)} ${ratio.toFixed(2).padStart(7)}  ${goal}${n}`,
    );
  }
  console.log(note);
}

/** Prints the statements of one request per scenario with their mean replay time. */
export function printStatements(rows: Row[]) {
  console.log('\nStatements of one request (captured at the driver) and their mean time in the SQL replay:');
  for (const r of rows) {
    console.log(`  ${r.scenario}`);
    r.statements.forEach((s, i) => {
      const text = s.text.replace(/\s+/g, ' ').trim();
      console.log(
        `    ${(r.perStatement[i] ?? 0).toFixed(2).padStart(7)} ms  ${text.length > 150 ? `${text.slice(0, 150)}…` : text}`,
      );
    });
  }
}
