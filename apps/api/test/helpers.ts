/**
 * Test harness: a real app on a real database (PGlite from the migrated template, or the run's
 * PostgreSQL database), driven through `app.inject()`. Helpers sign users up, create organisations
 * and API keys the way a client would, over HTTP.
 */
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { expect, inject } from 'vitest';
import { z } from 'zod';
import { buildApp, type App } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import { sql, type SQL } from 'drizzle-orm';
import { openDatabase, type Database, type Tx } from '../src/db/client.js';
import { withTenant } from '../src/db/tenant.js';
import { Jobs, type JobDefinition } from '../src/plugins/jobs.js';

export interface TestApp {
  app: App;
  database: Database;
  config: Config;
  close(): Promise<void>;
}

export async function openTestDatabase(): Promise<Database> {
  const url = inject('databaseUrl');
  if (url) return openDatabase({ url, poolMax: 5 });
  const template = inject('pgliteTemplate');
  return openDatabase({ pgliteDir: null, pgliteLoad: new Blob([await readFile(template!)]) });
}

export async function createTestApp(
  opts: {
    env?: Record<string, string>;
    jobs?: JobDefinition[];
    /** Receives the job runner's log lines (level, fields, message). */
    jobLog?: (level: string, obj: Record<string, unknown>, msg: string) => void;
  } = {},
): Promise<TestApp> {
  const database = await openTestDatabase();
  const config = loadConfig({ RELATA_RATE_LIMIT: '1000000', RELATA_DEMO: '0', LOG_LEVEL: 'silent', ...opts.env });
  const jobs = opts.jobs
    ? Jobs.create({ database, log: captureLog(opts.jobLog), definitions: opts.jobs, work: true })
    : null;
  await jobs?.whenReady();
  const app = await buildApp({
    config,
    database,
    authSecret: 'test-secret-test-secret-test-secret-0123',
    jobs,
    webDistDir: '/nonexistent',
  });
  await app.ready();
  return {
    app,
    database,
    config,
    close: async () => {
      await app.close();
      await jobs?.stop(5_000);
      await database.close();
    },
  };
}

/** A pino-shaped logger that hands each line to `sink` (or drops it). */
function captureLog(sink?: (level: string, obj: Record<string, unknown>, msg: string) => void) {
  const at =
    (level: string) =>
    (obj: unknown, msg?: string): void => {
      if (typeof obj === 'string') sink?.(level, {}, obj);
      else sink?.(level, (obj ?? {}) as Record<string, unknown>, msg ?? '');
    };
  const log = {
    level: 'info',
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    debug: at('debug'),
    trace: at('trace'),
    fatal: at('fatal'),
    silent: () => {},
    child: () => log,
  };
  return log as never;
}

export const uniqueEmail = (prefix = 'user') => `${prefix}-${randomUUID().slice(0, 8)}@example.com`;
export const PASSWORD = 'correct horse battery';

/** The session cookie from a response's Set-Cookie headers, ready to send back as `cookie`. */
export function sessionCookie(res: { headers: Record<string, unknown> }): string {
  const raw = res.headers['set-cookie'];
  const list = Array.isArray(raw) ? raw : raw ? [String(raw)] : [];
  const found = list.find((c) => c.includes('relata.session_token='));
  if (!found) throw new Error(`no session cookie in ${JSON.stringify(list)}`);
  return found.split(';')[0]!;
}

export interface TestUser {
  id: string;
  email: string;
  name: string;
  cookie: string;
}

export async function signUp(
  app: App,
  opts: { email?: string; name?: string; password?: string } = {},
): Promise<TestUser> {
  const email = opts.email ?? uniqueEmail();
  const name = opts.name ?? 'Test User';
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-up',
    payload: { name, email, password: opts.password ?? PASSWORD },
  });
  if (res.statusCode !== 201) throw new Error(`sign-up failed: ${res.statusCode} ${res.body}`);
  return { id: res.json().user.id, email, name, cookie: sessionCookie(res) };
}

export async function createOrg(app: App, user: TestUser, name = `Org ${randomUUID().slice(0, 6)}`) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/orgs',
    headers: { cookie: user.cookie },
    payload: { name },
  });
  if (res.statusCode !== 201) throw new Error(`create org failed: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; name: string; slug: string };
}

/** A signed-up owner of a fresh organisation. */
export async function ownerWithOrg(app: App, orgName?: string) {
  const user = await signUp(app);
  const org = await createOrg(app, user, orgName);
  return { user, org };
}

export async function createApiKey(
  app: App,
  user: TestUser,
  scopes: string[] = ['read', 'write', 'admin'],
  name = 'test key',
) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/api-keys',
    headers: { cookie: user.cookie },
    payload: { name, scopes },
  });
  if (res.statusCode !== 201) throw new Error(`create key failed: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; key: string };
}

/**
 * Signs up a user with `email` (and `name`) and accepts the invitation `token` as them; throws unless
 * the accept answers 200. Returns the user.
 */
export async function signUpAndAccept(
  app: App,
  params: { email: string; name?: string; token: string },
): Promise<TestUser> {
  const user = await signUp(app, { email: params.email, ...(params.name ? { name: params.name } : {}) });
  const acc = await app.inject({
    method: 'POST',
    url: '/api/v1/invitations/accept',
    headers: { cookie: user.cookie },
    payload: { token: params.token },
  });
  if (acc.statusCode !== 200) throw new Error(`accept failed: ${acc.statusCode} ${acc.body}`);
  return user;
}

/**
 * Adds a new user to `owner`'s organisation with `role`, through an invitation they accept.
 */
export async function addMember(app: App, owner: TestUser, role: string): Promise<TestUser & { membershipId: string }> {
  const email = uniqueEmail(role);
  const inv = await app.inject({
    method: 'POST',
    url: '/api/v1/invitations',
    headers: { cookie: owner.cookie },
    payload: { email, role },
  });
  if (inv.statusCode !== 201) throw new Error(`invite failed: ${inv.statusCode} ${inv.body}`);
  const user = await signUpAndAccept(app, { email, token: inv.json().token });
  const me = await app.inject({
    method: 'GET',
    url: '/api/v1/members?q=' + encodeURIComponent(email),
    headers: { cookie: user.cookie },
  });
  return { ...user, membershipId: me.json().data[0].id };
}

/** Asserts the standard error shape and returns it. */
export function errorOf(res: { statusCode: number; json(): unknown }) {
  const body = res.json() as { error?: { code?: string; message?: string; details?: unknown } };
  if (!body.error || typeof body.error.code !== 'string' || typeof body.error.message !== 'string') {
    throw new Error(`not an error body: ${JSON.stringify(body)}`);
  }
  return body.error as {
    code: string;
    message: string;
    details?: Record<string, unknown> & { issues?: { path: string; message: string }[] };
  };
}

/** Shorthand requests as `user` (session cookie): `as(app, user).post(url, body)`. */
export function as(app: App, user: { cookie: string }) {
  const send = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers = {}) =>
    app.inject({
      method,
      url,
      headers: { cookie: user.cookie, ...headers },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  return {
    get: (url: string) => send('GET', url),
    post: (url: string, payload: unknown = {}, headers?: Record<string, string>) => send('POST', url, payload, headers),
    patch: (url: string, payload: unknown, headers?: Record<string, string>) => send('PATCH', url, payload, headers),
    del: (url: string) => send('DELETE', url),
  };
}

/** The `details.issues` paths of an error response. */
export const issuePaths = (res: { statusCode: number; json(): unknown }) =>
  (errorOf(res).details?.issues ?? []).map((i) => i.path);

/** The ids of a list response's `data`, in order. */
export const idsOf = (res: { json(): unknown }) =>
  (res.json() as { data: Array<{ id: string }> }).data.map((x) => x.id);

/**
 * Asserts that a JSON response body is exactly what `schema` describes: it decodes, and encoding the
 * decoded value gives the same JSON back — no field the schema would strip, none missing or
 * mistyped. For routes that skip zod response encoding (lib/serialize.ts `sendPlainJson`).
 */
export function expectExactShape(schema: z.ZodType, body: unknown): void {
  const decoded = z.decode(schema, body as never);
  expect(JSON.parse(JSON.stringify(z.encode(schema, decoded as never)))).toEqual(body);
}

/** A node of PostgreSQL's `EXPLAIN (FORMAT JSON)` plan. */
export interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Sort Key'?: string[];
  Plans?: PlanNode[];
}

/**
 * PostgreSQL only: runs `run` in a transaction of organisation `orgId` whose `execute` records the
 * statements a service sends, and returns the plan (`EXPLAIN (FORMAT JSON)`, sequential scans off)
 * of the last one — so a test checks the indexes of the exact SQL the service builds.
 */
export async function planOfLastStatement(
  database: Database,
  orgId: string,
  run: (tx: Tx) => Promise<unknown>,
  /** `bitmap: false` also turns bitmap scans off: on a test-sized table a bitmap scan + Sort is
   * cheaper than reading an index in order, which a large table's plan would do. */
  opts: { bitmap?: boolean } = {},
): Promise<PlanNode> {
  return withTenant(database.db, { orgId }, async (tx) => {
    let statement: SQL | undefined;
    const spy = new Proxy(tx, {
      get(target, prop) {
        if (prop === 'execute') {
          return (q: SQL) => {
            statement = q;
            return target.execute(q);
          };
        }
        const v = Reflect.get(target, prop, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    await run(spy);
    if (!statement) throw new Error('the service sent no statement through execute');
    await tx.execute(sql`set local enable_seqscan = off`);
    if (opts.bitmap === false) await tx.execute(sql`set local enable_bitmapscan = off`);
    const res = await tx.execute(sql`explain (format json) ${statement}`);
    const [row] = (res as unknown as { rows: Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }> }).rows;
    return row!['QUERY PLAN'][0]!.Plan;
  });
}

/** Every node of a plan, depth first. */
export function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}
