/**
 * Tenant isolation harness. Organisation A and organisation B are both seeded with the demo data
 * (a row in every tenant table). For every `/api/v1` route with a path parameter — read from the
 * OpenAPI document, so later routes are covered without edits — A's credentials (API key and
 * session) are sent with B's ids: the answer must be 404, carry no B data, and leave B's rows
 * unchanged (also after the 4xx answers).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '@relata/shared';
import { withTenant } from '../src/db/tenant.js';
import { DEMO_PASSWORD, seedDemo } from '../src/modules/demo/demo.service.js';
import { createTestApp, sessionCookie, type TestApp } from './helpers.js';
import { fillPath, loadOperations, sampleValue, type OpenApiDoc, type Operation } from './openapi-routes.js';
import { tenantTables } from './tenant-tables.js';

let t: TestApp;
let doc: OpenApiDoc;
let operations: Operation[];
let tables: string[];
const tag = randomUUID().slice(0, 8);
const A = { domain: `iso-a-${tag}.test`, slug: `iso-a-${tag}`, name: `Isolation A ${tag}` };
const B = { domain: `iso-b-${tag}.test`, slug: `iso-b-${tag}`, name: `Isolation B ${tag}` };
let orgA: string;
let orgB: string;
let credentialsA: Array<{ label: string; headers: Record<string, string> }>;

const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;

/** Every row of org B in every tenant table, plus its organisation row, as one comparable value. */
async function snapshotB(): Promise<string> {
  return withTenant(t.database.db, { orgId: orgB }, async (tx) => {
    const out: Record<string, unknown> = {};
    for (const table of tables) {
      out[table] = rowsOf(
        await tx.execute(sql.raw(`select * from public."${table}" where org_id = '${orgB}' order by id`)),
      );
    }
    out.organization = rowsOf(await tx.execute(sql`select * from organizations where id = ${orgB}`));
    return JSON.stringify(out);
  });
}

/** One id per tenant table of org B, and B's member user ids, keyed by where they came from. */
async function idsOfB(): Promise<Map<string, string>> {
  return withTenant(t.database.db, { orgId: orgB }, async (tx) => {
    const ids = new Map<string, string>();
    for (const table of tables) {
      const [row] = rowsOf<{ id: string }>(
        await tx.execute(sql.raw(`select id from public."${table}" where org_id = '${orgB}' order by id limit 1`)),
      );
      expect(row, `org B must hold a row of ${table}: extend the demo seed when adding a tenant table`).toBeDefined();
      ids.set(table, row!.id);
    }
    const users = rowsOf<{ user_id: string }>(
      await tx.execute(sql`select user_id from memberships where org_id = ${orgB}`),
    );
    users.forEach((u, i) => ids.set(`users#${i}`, u.user_id));
    ids.set('organizations', orgB);
    return ids;
  });
}

/** A's id for a path parameter, guessed from the parameter or the path segment before it. */
async function guessA(op: Operation, param: string): Promise<string | null> {
  const segments = op.path.split('/');
  const idx = segments.indexOf(`{${param}}`);
  const base = param === 'id' ? segments[idx - 1]! : param.replace(/_id$/, '');
  const snake = base.replace(/-/g, '_');
  const candidates = [
    snake,
    `${snake}s`,
    snake === 'members' ? 'memberships' : '',
    `${snake.replace(/s$/, '')}ships`,
  ].filter(Boolean);
  for (const table of candidates) {
    if (!tables.includes(table)) continue;
    const [row] = await withTenant(t.database.db, { orgId: orgA }, async (tx) =>
      rowsOf<{ id: string }>(
        await tx.execute(sql.raw(`select id from public."${table}" where org_id = '${orgA}' order by id limit 1`)),
      ),
    );
    if (row) return row.id;
  }
  return null;
}

beforeAll(async () => {
  t = await createTestApp();
  orgA = (await seedDemo(t.database.db, t.app.auth, A))!;
  orgB = (await seedDemo(t.database.db, t.app.auth, B))!;
  tables = await tenantTables(t.database);
  ({ doc, operations } = await loadOperations(t.app));
  const signIn = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { email: `demo@${A.domain}`, password: DEMO_PASSWORD },
  });
  const cookie = sessionCookie(signIn);
  const key = await t.app.inject({
    method: 'POST',
    url: '/api/v1/api-keys',
    headers: { cookie },
    payload: { name: 'harness', scopes: ['admin'] },
  });
  credentialsA = [
    { label: 'api key', headers: { authorization: `Bearer ${key.json().key}` } },
    { label: 'session', headers: { cookie } },
  ];
});
afterAll(async () => t.close());

describe('tenant isolation harness', () => {
  it('covers the routes with ids', () => {
    const withIds = operations.filter((o) => o.pathParams.length > 0).map((o) => `${o.method} ${o.path}`);
    expect(withIds).toEqual(
      expect.arrayContaining([
        'PATCH /api/v1/members/{id}',
        'DELETE /api/v1/api-keys/{id}',
        'PUT /api/v1/teams/{id}/members/{membership_id}',
      ]),
    );
  });

  it("answers 404 to org A for every route given org B's ids, leaks nothing and changes nothing", async () => {
    const before = await snapshotB();
    const bIds = await idsOfB();
    const bEmails = rowsOf<{ email: string }>(
      await withTenant(t.database.db, { orgId: orgB }, (tx) =>
        tx.execute(sql`select u.email from memberships m join users u on u.id = m.user_id where m.org_id = ${orgB}`),
      ),
    ).map((r) => r.email);
    const forbiddenText = [...bIds.values(), ...bEmails, B.name, B.slug];
    let requests = 0;

    for (const op of operations.filter((o) => o.pathParams.length > 0)) {
      const body = op.body ? sampleValue(op.body, doc, `${op.method} ${op.path} body`) : undefined;
      const guesses = new Map<string, string | null>();
      for (const p of op.pathParams) guesses.set(p.name, await guessA(op, p.name));
      for (const [source, bId] of bIds) {
        const variants: Record<string, string>[] = [Object.fromEntries(op.pathParams.map((p) => [p.name, bId]))];
        if (op.pathParams.length > 1) {
          for (const slot of op.pathParams) {
            variants.push(
              Object.fromEntries(
                op.pathParams.map((p) => [p.name, p.name === slot.name ? bId : (guesses.get(p.name) ?? bId)]),
              ),
            );
          }
        }
        for (const values of variants) {
          for (const cred of credentialsA) {
            const url = fillPath(op.path, values);
            const res = await t.app.inject({
              method: op.method,
              url,
              headers: cred.headers,
              ...(body !== undefined ? { payload: body as object } : {}),
            });
            requests++;
            const what = `${op.method} ${url} (${source} of B, ${cred.label}) → ${res.statusCode} ${res.body.slice(0, 200)}`;
            expect(res.statusCode, what).toBe(404);
            expect(ErrorBody.safeParse(res.json()).success, what).toBe(true);
            for (const text of forbiddenText) expect(res.body.includes(text), `${what} leaks ${text}`).toBe(false);
          }
        }
      }
    }
    expect(requests).toBeGreaterThan(100);
    expect(await snapshotB()).toBe(before);
    // Every route with an id × one id per tenant table × two credentials: the request count grows
    // with each new table and route (78 s on a loaded 2-core machine after issues 6 and 7).
  }, 300_000);
});
