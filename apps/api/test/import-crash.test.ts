/**
 * Crash test of issue 6 ("Done when": a crash test kills the server during a 200,000-row import and,
 * after restart, the import completes with exactly the right row count). The real process
 * (`tsx src/server.ts`, jobs on) imports a generated 200,000-row contacts CSV (upsert by email); once
 * `GET /imports/{id}` shows committed chunks it is killed with SIGKILL, started again on the same
 * database, and the import must end `completed` with rows_done = created = 200,000, exactly 200,000
 * contacts and no duplicate email.
 *
 * How it resumes (imports.jobs.ts): the start-up recovery re-enqueues the `running` import; on PGlite
 * the killed process's lease is cleared at once (the data-directory lock proves it is gone — the
 * restart itself waits until that lock is stale, ≤ 10 s, see db/lock.ts); on PostgreSQL the lease is
 * left to expire (60 s after the last chunk) and pg-boss retries the job until it can take it over.
 *
 * Found on PGlite: while an import runs, the API answers no request (the job's chunk transactions
 * take the one embedded connection back to back; polls wait, and kept-alive sockets get reset), so
 * the kill there comes on a 20 s timer rather than on a progress poll.
 *
 * PostgreSQL when DATABASE_URL is set (a database of its own, dropped afterwards), else PGlite in a
 * temporary data directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.js';
import { API_ROOT } from '../src/lib/paths.js';

const ROWS = 200_000;
const adminUrl = process.env.DATABASE_URL;
const onPg = !!adminUrl;

interface Proc {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startServer(db: { url: string } | { dataDir: string }): Proc {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', RELATA_DEMO: '0', LOG_LEVEL: 'info' };
  env.RELATA_RATE_LIMIT = '1000000';
  if ('url' in db) env.DATABASE_URL = db.url;
  else {
    delete env.DATABASE_URL;
    env.RELATA_DATA_DIR = db.dataDir;
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: API_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** The port once listening; null when the process exits with 3 (data directory still locked). */
async function listeningPort(p: Proc, ms = 90_000): Promise<number | null> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const m = /Server listening at http:\/\/[^:]+:(\d+)/.exec(p.output());
    if (m && p.output().includes('Relata listening')) return Number(m[1]);
    if (p.child.exitCode === 3) return null;
    if (p.child.exitCode !== null) throw new Error(`server exited early:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start:\n${p.output()}`);
}

/** Starts the server, retrying while the killed process's PGlite lock is not yet stale. */
async function startUntilListening(db: { url: string } | { dataDir: string }) {
  const t0 = Date.now();
  for (let attempt = 0; ; attempt++) {
    const p = startServer(db);
    const port = await listeningPort(p);
    if (port !== null) return { p, port, attempts: attempt + 1, ms: Date.now() - t0 };
    if (Date.now() - t0 > 60_000) throw new Error(`data directory still locked after 60 s:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

function csv(rows: number): string {
  const out = ['First name,Last name,Email,Tags'];
  for (let i = 0; i < rows; i++) out.push(`First${i},Last${i % 977},crash.${i}@example.com,${i % 3 ? 'Crash' : ''}`);
  return out.join('\n') + '\n';
}

class Api {
  cookie = '';
  constructor(public base: string) {}
  async call(method: string, url: string, body?: unknown) {
    const res = await fetch(this.base + url, {
      method,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(typeof body === 'string'
          ? { 'content-type': 'text/csv' }
          : body
            ? { 'content-type': 'application/json' }
            : {}),
      },
      body: typeof body === 'string' ? body : body ? JSON.stringify(body) : undefined,
    });
    const cookie = res.headers.getSetCookie().find((c) => c.includes('relata.session_token='));
    if (cookie) this.cookie = cookie.split(';')[0]!;
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }
}

type Imp = { status: string; progress: { rows_done: number; created: number; checkpoint: number } };

/** The server's log lines above info (what went wrong), for failure messages. */
const problems = (p: Proc) =>
  p
    .output()
    .split('\n')
    .filter((l) => l && !l.includes('"level":30'))
    .join('\n')
    .slice(-6000);

async function waitFor(api: Api, p: Proc, id: string, until: (i: Imp) => boolean, ms: number): Promise<Imp> {
  const end = Date.now() + ms;
  for (;;) {
    // A busy PGlite server (queries run on its event loop) can reset a kept-alive connection: retry
    // while the process lives.
    let r: Awaited<ReturnType<Api['call']>> | null = null;
    for (let attempt = 0; !r; attempt++) {
      r = await api.call('GET', `/api/v1/imports/${id}`).catch((err: unknown) => {
        if (p.child.exitCode === null && attempt < 10) return null;
        throw new Error(`${String(err)}; server exit code ${p.child.exitCode}, output:\n${problems(p)}`);
      });
      if (!r) await new Promise((res) => setTimeout(res, 1_000));
    }
    expect(r.status).toBe(200);
    if (until(r.body)) return r.body;
    if (Date.now() > end) throw new Error(`timed out; import is ${JSON.stringify(r.body.progress)} ${r.body.status}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

describe(`import crash test on ${onPg ? 'PostgreSQL' : 'PGlite'}`, () => {
  it(`kill -9 during a ${ROWS.toLocaleString()}-row import; after restart it completes with exactly ${ROWS.toLocaleString()} contacts`, async () => {
    let db: { url: string } | { dataDir: string };
    if (adminUrl) {
      const name = `relata_crash_${Date.now()}_${process.pid}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      db = { url: url.toString() };
      cleanups.push(async () => {
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      });
    } else {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'relata-crash-'));
      cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
      db = { dataDir };
    }

    const first = await startUntilListening(db);
    cleanups.push(async () => void first.p.child.kill('SIGKILL'));
    let api = new Api(`http://127.0.0.1:${first.port}`);
    const signUp = await api.call('POST', '/api/v1/auth/sign-up', {
      name: 'Crash Tester',
      email: 'crash@example.com',
      password: 'long enough password',
    });
    expect(signUp.status).toBe(201);
    expect((await api.call('POST', '/api/v1/orgs', { name: 'Crash Org' })).status).toBe(201);
    const up = await api.call('POST', '/api/v1/imports?entity=contacts&file_name=crash.csv', csv(ROWS));
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body.file.row_count).toBe(ROWS);
    const id = up.body.id as string;
    const patch = await api.call('PATCH', `/api/v1/imports/${id}`, {
      mapping: { '0': 'first_name', '1': 'last_name', '2': 'email', '3': 'tags' },
      options: { upsert_key: 'email', create_missing_tags: true },
    });
    expect(patch.status, JSON.stringify(patch.body)).toBe(200);
    const t0 = Date.now();
    expect((await api.call('POST', `/api/v1/imports/${id}/run`)).status).toBe(202);

    // Some chunks committed, far from done: kill the process outright. The API answers while the
    // import runs (on PGlite the job pauses between chunks so requests get the one connection).
    const seen = await waitFor(api, first.p, id, (i) => i.progress.rows_done >= 3_000, 300_000);
    expect(seen.progress.rows_done).toBeLessThan(ROWS);
    first.p.child.kill('SIGKILL');
    await first.p.exited;

    const second = await startUntilListening(db);
    cleanups.push(async () => void second.p.child.kill('SIGKILL'));
    api = new Api(`http://127.0.0.1:${second.port}`);
    const signIn = await api.call('POST', '/api/v1/auth/sign-in', {
      email: 'crash@example.com',
      password: 'long enough password',
    });
    expect(signIn.status).toBe(200);
    const killedAt = (await api.call('GET', `/api/v1/imports/${id}`)).body.progress.rows_done as number;
    expect(killedAt).toBeGreaterThan(0);
    expect(killedAt).toBeLessThan(ROWS);
    const done = await waitFor(api, second.p, id, (i) => i.status === 'completed' || i.status === 'failed', 900_000);
    const seconds = (Date.now() - t0) / 1000;
    expect(done.status).toBe('completed');
    expect(done.progress.rows_done).toBe(ROWS);
    expect(done.progress.created).toBe(ROWS);
    const count = await api.call('GET', '/api/v1/contacts/count');
    expect(count.status).toBe(200);

    // Count straight from the database (after a clean stop, for PGlite's single-process lock).
    second.p.child.kill('SIGTERM');
    expect(await second.p.exited).toBe(0);
    const database = await openDatabase('url' in db ? { url: db.url } : { pgliteDir: path.join(db.dataDir, 'pgdata') });
    try {
      const [r] = (
        await database.query<{ n: number; emails: number }>(
          'select count(*)::int as n, count(distinct lower(email))::int as emails from contacts',
        )
      ).rows;
      expect(r).toEqual({ n: ROWS, emails: ROWS });
    } finally {
      await database.close();
    }
    console.warn(
      `[import-crash ${onPg ? 'PostgreSQL' : 'PGlite'}] killed at rows_done ${killedAt}; restart took ` +
        `${(second.ms / 1000).toFixed(1)} s (${second.attempts} attempt(s), lock wait); completed ${ROWS} rows ` +
        `${seconds.toFixed(0)} s after POST /run; count ${JSON.stringify(count.body)}`,
    );
  }, 1_500_000);
});
