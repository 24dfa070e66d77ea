/**
 * The server side of the API-vs-SQL benchmarks (bench/lists, bench/boards): the real app (buildApp) on PostgreSQL (`DATABASE_URL`) or on a
 * PGlite directory (`BENCH_PGLITE_DIR`, in this process like `npm start`), plus bench-only routes:
 *
 *  - `GET /bench/sql` — the statements the driver received since the previous call (text, params,
 *    milliseconds each), captured by wrapping the pool clients' `query` (PostgreSQL) or PGlite's
 *    `query` and the `query` of its transactions — the exact SQL the API issued, with its values.
 *    Returns `{ id, statements }`; the capture is kept under `id` for replay. Recording goes on
 *    after the call, unless `?then=off`: then it pauses until the next call, so timed requests do
 *    not pay for the capture (~30 µs a request: an entry, a timer and two closures per statement).
 *  - `POST /bench/dry-run?on=1|0` (PostgreSQL) — while on, a request transaction's COMMIT is sent as
 *    ROLLBACK: a write request runs in full and changes nothing, so its statements can be captured
 *    and replayed before the same request runs for real.
 *  - `POST /bench/replay/:id?n=&warmup=` (PGlite) — runs capture `id` `warmup + n` times directly
 *    on the same PGlite instance, inside one transaction each as the app does, and returns the
 *    wall time of each run. (On PostgreSQL the bench replays through its own `pg` client.)
 *
 * Prints `READY <port>` when listening.
 */
import { buildApp } from '@relata/api/src/app.js';
import { loadConfig } from '@relata/api/src/config.js';
import { openDatabase } from '@relata/api/src/db/client.js';
import type { PGlite, Transaction } from '@electric-sql/pglite';

export interface Captured {
  text: string;
  params: unknown[];
  rowMode?: string;
  ms: number;
}

const pgliteDir = process.env.BENCH_PGLITE_DIR;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  RELATA_RATE_LIMIT: '100000000',
  RELATA_DEMO: '0',
  LOG_LEVEL: 'silent',
};
if (pgliteDir) delete env.DATABASE_URL;
const config = loadConfig(env);
const database = await openDatabase(pgliteDir ? { pgliteDir } : { url: config.databaseUrl, poolMax: config.dbPoolMax });

let log: Captured[] = [];
let recording = true;
let dryRun = false;
const captures = new Map<number, { raw: Captured[] }>();
let nextId = 1;

function record(text: string, params: unknown[] | undefined, rowMode: string | undefined, p: Promise<unknown>) {
  if (!recording) return;
  const entry: Captured = { text, params: params ?? [], ...(rowMode ? { rowMode } : {}), ms: 0 };
  log.push(entry);
  const t0 = performance.now();
  void p.then(
    () => (entry.ms = performance.now() - t0),
    () => (entry.ms = performance.now() - t0),
  );
}

type QueryFn = (...args: unknown[]) => Promise<unknown>;

const isCommit = (t: string) => /^\s*commit\s*;?\s*$/i.test(t);

if (database.pool) {
  database.pool.on('connect', (client) => {
    const orig = client.query.bind(client) as unknown as QueryFn;
    (client as unknown as { query: QueryFn }).query = (...args: unknown[]) => {
      if (!recording && !dryRun) return orig(...args);
      const [a, b] = args as [string | { text: string; values?: unknown[]; rowMode?: string }, unknown];
      if (dryRun && typeof a === 'string' && isCommit(a)) args[0] = 'rollback';
      else if (dryRun && typeof a === 'object' && isCommit(a.text)) args[0] = { ...a, text: 'rollback' };
      const result = orig(...args);
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text;
        const values = Array.isArray(b) ? b : typeof a === 'string' ? undefined : a.values;
        record(text, values, typeof a === 'string' ? undefined : a.rowMode, result as Promise<unknown>);
      }
      return result;
    };
  });
}

const pglite = database.pglite as PGlite | null;
/** PGlite's own transaction(), without the capture (for replays). */
let rawTransaction: PGlite['transaction'] | null = null;
if (pglite) {
  const wrap = <T extends { query: QueryFn }>(target: T): T =>
    new Proxy(target, {
      get(t, prop) {
        if (prop === 'query') {
          return (text: string, params?: unknown[], opts?: { rowMode?: string }) => {
            const p = t.query(text, params, opts);
            record(text, params, opts?.rowMode, p);
            return p;
          };
        }
        const v = Reflect.get(t, prop, t) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
      },
    });
  const origQuery = pglite.query.bind(pglite) as unknown as QueryFn;
  const origTx = pglite.transaction.bind(pglite);
  rawTransaction = origTx;
  (pglite as unknown as { query: QueryFn }).query = (...args: unknown[]) => {
    const p = origQuery(...args);
    record(args[0] as string, args[1] as unknown[] | undefined, (args[2] as { rowMode?: string })?.rowMode, p);
    return p;
  };
  (pglite as unknown as { transaction: unknown }).transaction = <R>(cb: (tx: Transaction) => Promise<R>) =>
    origTx((tx) => cb(wrap(tx as unknown as { query: QueryFn }) as unknown as Transaction));
}

const app = await buildApp({ config, database, authSecret: 'bench-secret-bench-secret-bench-secret' });

app.get<{ Querystring: { then?: string } }>('/bench/sql', async (req) => {
  const raw = log;
  log = [];
  recording = req.query.then !== 'off';
  const id = nextId++;
  captures.set(id, { raw });
  return { id, statements: raw };
});

app.post<{ Querystring: { on?: string } }>('/bench/dry-run', async (req) => {
  dryRun = req.query.on === '1';
  return { dry_run: dryRun };
});

app.post<{ Params: { id: string }; Querystring: { n?: string; warmup?: string } }>(
  '/bench/replay/:id',
  async (req, reply) => {
    const cap = captures.get(Number(req.params.id));
    if (!cap || !rawTransaction) return reply.status(404).send({ error: 'no such capture (or not PGlite)' });
    const n = Number(req.query.n ?? 200);
    const warmup = Number(req.query.warmup ?? 20);
    const times: number[] = [];
    const perStatement = cap.raw.map(() => 0);
    for (let r = 0; r < warmup + n; r++) {
      const t0 = performance.now();
      await rawTransaction(async (tx) => {
        for (let s = 0; s < cap.raw.length; s++) {
          const st = cap.raw[s]!;
          const ts = performance.now();
          await tx.query(st.text, st.params, st.rowMode ? { rowMode: st.rowMode as 'array' } : undefined);
          if (r >= warmup) perStatement[s]! += performance.now() - ts;
        }
      });
      if (r >= warmup) times.push(performance.now() - t0);
    }
    return { times, perStatement: perStatement.map((t) => t / n) };
  },
);

await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
console.log(`READY ${typeof address === 'object' && address ? address.port : ''}`);
process.on('SIGTERM', () => {
  void app.close().then(() => database.close().then(() => process.exit(0)));
});
