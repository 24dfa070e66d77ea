/**
 * bench/import plumbing: the real server process (`apps/api/src/server.ts`, jobs on) on PostgreSQL
 * or a PGlite data directory, its memory (VmRSS / VmHWM from /proc), and the HTTP steps of an
 * import (sign-up, organisation, members by invitation, upload, PATCH, run, poll).
 */
import { readFileSync, createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { run, waitFor, type Running } from '../lib/process.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '..', '..');

/**
 * Starts the server as `npm start` runs it (`scripts/start.mjs`: the esbuild bundle `dist/server.js`,
 * built first when out of date) — not through the tsx loader, whose on-the-fly compilation and
 * source maps added ~60 MB to the resident set the bench compares with its 500 MB goal. `db` is a
 * PostgreSQL URL or `{ dataDir }` (PGlite). `nodeArgs` e.g. --cpu-prof.
 */
export async function startServer(db: { url: string } | { dataDir: string }, nodeArgs: string[] = []) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    RELATA_DEMO: '0',
    RELATA_RATE_LIMIT: '100000000',
    RELATA_IMPORT_MAX_MB: '2048',
    LOG_LEVEL: 'info',
  };
  if ('url' in db) env.DATABASE_URL = db.url;
  else {
    delete env.DATABASE_URL;
    env.RELATA_DATA_DIR = db.dataDir;
  }
  const server = run(process.execPath, [...nodeArgs, path.join(ROOT, 'scripts', 'start.mjs')], { cwd: ROOT, env });
  const port = Number((await waitFor(server, /Server listening at http:\/\/[^:]+:(\d+)/))[1]);
  await waitFor(server, /Relata listening/);
  return { server, base: `http://127.0.0.1:${port}` };
}

/** Resident set (VmRSS) and its peak (VmHWM) of `pid`, in MB. */
export function memoryMb(pid: number): { rss: number; hwm: number } {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(s)?.[1] ?? 0) / 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

/** The fields of an import (contract `Import`) the bench reads. */
export interface ImportState {
  id: string;
  status: string;
  file: { row_count: number };
  progress: { rows_done: number; created: number; updated: number; skipped: number; failed: number; warnings: number };
  timings: { started_at: string; finished_at: string };
  error: unknown;
}

/** A session against the server (cookie of the signed-up user). */
export class Client {
  constructor(
    readonly base: string,
    public cookie = '',
  ) {}

  async req(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(this.base + url, {
      method,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : null) as unknown, headers: res.headers };
  }

  async ok<T = Record<string, unknown>>(method: string, url: string, body?: unknown, expect = [200, 201, 202]) {
    const r = await this.req(method, url, body);
    if (!expect.includes(r.status)) throw new Error(`${method} ${url} → ${r.status}: ${JSON.stringify(r.json)}`);
    return r.json as T;
  }

  /** Signs up (and keeps the session cookie). */
  async signUp(email: string, name: string, password = 'bench password long enough') {
    const r = await this.req('POST', '/api/v1/auth/sign-up', { name, email, password });
    if (r.status !== 201) throw new Error(`sign-up → ${r.status}: ${JSON.stringify(r.json)}`);
    const cookie = r.headers.getSetCookie().find((c) => c.includes('relata.session_token='));
    if (!cookie) throw new Error('no session cookie');
    this.cookie = cookie.split(';')[0]!;
    return r.json;
  }

  /** Invites `email` into the current organisation and has them accept (a new member). */
  async addMember(email: string, name: string, role = 'member') {
    const inv = await this.ok<{ token: string }>('POST', '/api/v1/invitations', { email, role });
    const other = new Client(this.base);
    await other.signUp(email, name);
    await other.ok('POST', '/api/v1/invitations/accept', { token: inv.token });
  }

  /** Uploads `file` (streamed) as a contacts import; returns the import. */
  async upload(file: string, entity = 'contacts') {
    const res = await fetch(
      `${this.base}/api/v1/imports?entity=${entity}&file_name=${encodeURIComponent(path.basename(file))}`,
      {
        method: 'POST',
        headers: { cookie: this.cookie, 'content-type': 'text/csv', 'content-length': String(statSync(file).size) },
        body: Readable.toWeb(createReadStream(file)) as unknown as RequestInit['body'],
        duplex: 'half',
      } as RequestInit,
    );
    const body = (await res.json()) as ImportState;
    if (res.status !== 201) throw new Error(`upload → ${res.status}: ${JSON.stringify(body)}`);
    return body;
  }

  /** Polls the import until `until(status)`; calls `tick` with each state. */
  async poll(id: string, until: (s: string) => boolean, tick?: (imp: ImportState) => void, everyMs = 500) {
    for (;;) {
      const imp = await this.ok<ImportState>('GET', `/api/v1/imports/${id}`);
      tick?.(imp);
      if (until(imp.status)) return imp;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }
}

export type { Running };
