/**
 * The real process on embedded PGlite: a second server on the same data directory refuses to start
 * at once with a clear message and a non-zero exit code; SIGTERM shuts down cleanly (exit 0),
 * releasing the lock, and committed data is there after a restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { API_ROOT } from '../src/lib/paths.js';

interface Proc {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startServer(dataDir: string): Proc {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RELATA_DATA_DIR: dataDir,
    PORT: '0',
    RELATA_DEMO: '0',
    LOG_LEVEL: 'info',
  };
  delete env.DATABASE_URL;
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

async function listeningPort(p: Proc, ms = 60_000): Promise<number> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const m = /Server listening at http:\/\/[^:]+:(\d+)/.exec(p.output());
    if (m && p.output().includes('Relata listening')) return Number(m[1]);
    if (p.child.exitCode !== null) throw new Error(`server exited early:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start:\n${p.output()}`);
}

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('server process on PGlite', () => {
  it('locks the data directory, shuts down on SIGTERM and keeps committed data', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'relata-proc-'));
    dirs.push(dataDir);
    const first = startServer(dataDir);
    const port = await listeningPort(first);
    const base = `http://127.0.0.1:${port}`;
    const signUp = await fetch(`${base}/api/v1/auth/sign-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Persist Me', email: 'persist@example.com', password: 'long enough password' }),
    });
    expect(signUp.status).toBe(201);

    const second = startServer(dataDir);
    const started = Date.now();
    const code = await second.exited;
    expect(code).toBe(3);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(second.output()).toContain('is in use by another Relata process');
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('shutting down');

    const third = startServer(dataDir);
    const port3 = await listeningPort(third);
    const signIn = await fetch(`http://127.0.0.1:${port3}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'persist@example.com', password: 'long enough password' }),
    });
    expect(signIn.status).toBe(200);
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
  }, 180_000);
});
