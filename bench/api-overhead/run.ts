/**
 * bench/api-overhead — what the platform adds on top of the database, measured side by side in one
 * run (issue "Platform foundation", Performance):
 *  1. autocannon, 10 s, 50 connections on loopback, PostgreSQL: `GET /api/v1/me` with an API key
 *     (auth + tenant transaction + RLS + serialisation) against a baseline route in the same server
 *     process running one `SELECT 1` through the same pool with no auth. Goal: ≥ 50 % of baseline.
 *  2. Cold start of `npm start` to "listening" on an existing PGlite directory (goal ≤ 3 s) and the
 *     server's RSS after start (goal ≤ 400 MB).
 * Usage: `npm run api-overhead -w bench` (DATABASE_URL = an admin connection; default local postgres).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { openDatabase } from '@relata/api/src/db/client.js';
import { runMigrations } from '@relata/api/src/db/migrate.js';
import { createBenchDatabase } from '../lib/pg.js';
import { run, serverRssMb, waitFor } from '../lib/process.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 50;

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(url: string, headers: Record<string, string>, duration: number): Promise<Figures> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration, headers });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

async function json(res: Response) {
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
}

async function throughput() {
  const db = await createBenchDatabase('relata_bench');
  let server: ReturnType<typeof run> | null = null;
  try {
    const database = await openDatabase({ url: db.url });
    await runMigrations(database);
    await database.close();
    server = run(process.execPath, ['--import', 'tsx', path.join(here, 'server.ts')], {
      cwd: here,
      env: { ...process.env, DATABASE_URL: db.url },
    });
    const port = Number((await waitFor(server, /READY (\d+)/))[1]);
    const base = `http://127.0.0.1:${port}`;
    const signUp = await fetch(`${base}/api/v1/auth/sign-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bench', email: 'bench@example.com', password: 'bench password 1' }),
    });
    const cookie = signUp.headers.getSetCookie()[0]!.split(';')[0]!;
    const post = (p: string, body: object) =>
      fetch(`${base}${p}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(json);
    await post('/api/v1/orgs', { name: 'Bench Org' });
    const key = (await post('/api/v1/api-keys', { name: 'bench', scopes: ['read'] })).key as string;
    const auth = { authorization: `Bearer ${key}` };
    const me = await json(await fetch(`${base}/api/v1/me`, { headers: auth }));
    if ((me.org as { name: string }).name !== 'Bench Org') throw new Error('unexpected /me answer');

    // Warm up both paths (JIT, pool connections, plan caches), then measure.
    await load(`${base}/bench/select1`, {}, 2);
    await load(`${base}/api/v1/me`, auth, 2);
    const baseline = await load(`${base}/bench/select1`, {}, DURATION);
    const authed = await load(`${base}/api/v1/me`, auth, DURATION);
    return { baseline, authed };
  } finally {
    await server?.stop();
    await db.drop();
  }
}

async function coldStart() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'relata-bench-start-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RELATA_DATA_DIR: dataDir,
    PORT: '3197',
    RELATA_DEMO: '1',
    LOG_LEVEL: 'info',
  };
  delete env.DATABASE_URL;
  const start = async () => {
    const t0 = performance.now();
    const p = run('npm', ['start', '--silent'], { cwd: root, env });
    await waitFor(p, /Relata listening/);
    const ms = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 1000));
    const rss = serverRssMb(p.child.pid!);
    await p.stop();
    if (!p.output().includes('shutting down')) throw new Error(`npm start did not shut down cleanly:\n${p.output()}`);
    return { ms, rss };
  };
  try {
    const first = await start(); // creates the database, runs migrations, seeds the demo
    const runs = [await start(), await start(), await start()];
    runs.sort((a, b) => a.ms - b.ms);
    return { first, median: runs[1]!, runs };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

const fmt = (n: number, d = 0) => n.toFixed(d).padStart(9);
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

console.log(`bench/api-overhead — ${new Date().toISOString()} — ${os.cpus().length} CPUs, Node ${process.version}`);
console.log('Building (npm run build) so start-up is measured without a build…');
const build = run('npm', ['run', 'build', '--silent'], { cwd: root, env: process.env });
if ((await build.exited) !== 0) throw new Error(build.output());

const { baseline, authed } = await throughput();
const ratio = authed.rps / baseline.rps;
console.log(`\nThroughput on PostgreSQL — autocannon ${DURATION} s, ${CONNECTIONS} connections, loopback`);
console.log('route                                   req/s   p50 ms   p99 ms   non-2xx   errors');
console.log(
  `baseline: SELECT 1, no auth        ${fmt(baseline.rps)}${fmt(baseline.p50)}${fmt(baseline.p99)}${fmt(baseline.non2xx)}${fmt(baseline.errors)}`,
);
console.log(
  `GET /api/v1/me with an API key     ${fmt(authed.rps)}${fmt(authed.p50)}${fmt(authed.p99)}${fmt(authed.non2xx)}${fmt(authed.errors)}`,
);
console.log(`ratio authenticated / baseline: ${(ratio * 100).toFixed(1)} %  (goal ≥ 50 %)  ${verdict(ratio >= 0.5)}`);

const cold = await coldStart();
console.log('\nStart-up of `npm start` on embedded PGlite (time to "listening"; RSS of the server 1 s later)');
console.log(
  `first start (creates the database, migrations, demo data): ${cold.first.ms.toFixed(0)} ms, ${cold.first.rss.toFixed(0)} MB`,
);
console.log(`restarts on the existing directory: ${cold.runs.map((r) => `${r.ms.toFixed(0)} ms`).join(', ')}`);
console.log(`median restart: ${cold.median.ms.toFixed(0)} ms (goal ≤ 3000 ms) ${verdict(cold.median.ms <= 3000)}`);
console.log(
  `server RSS after start: ${cold.median.rss.toFixed(0)} MB (goal ≤ 400 MB) ${verdict(cold.median.rss <= 400)}`,
);
