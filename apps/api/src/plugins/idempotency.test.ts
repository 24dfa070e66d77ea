import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../db/tenant.js';
import { purgeRecycleBins } from '../modules/records/purge.js';
import { addMember, as, createTestApp, errorOf, issuePaths, ownerWithOrg, type TestApp } from '../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const rows = <T>(r: unknown) => (r as { rows: T[] }).rows;

async function companiesNamed(orgId: string, name: string): Promise<number> {
  return withTenant(t.database.db, { orgId }, async (tx) => {
    const res = await tx.execute(
      sql`select count(*)::int as n from companies where org_id = ${orgId}::uuid and name = ${name}`,
    );
    return rows<{ n: number }>(res)[0]!.n;
  });
}

describe('Idempotency-Key', () => {
  it('replays the first response of a create instead of creating again; without a key each POST creates', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const key = { 'idempotency-key': 'create-acme-1' };
    const first = await api.post('/api/v1/companies', { name: 'Acme' }, key);
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await api.post('/api/v1/companies', { name: 'Acme' }, key);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.json()).toEqual(first.json());
    expect(await companiesNamed(org.id, 'Acme')).toBe(1);
    // The header is what makes a retry safe: two POSTs without it are two companies.
    await api.post('/api/v1/companies', { name: 'Acme' });
    expect(await companiesNamed(org.id, 'Acme')).toBe(2);
  });

  it('refuses the same key for a different request (422) and malformed keys (400); nothing is created', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const key = { 'idempotency-key': 'k-2' };
    expect((await api.post('/api/v1/companies', { name: 'Globex' }, key)).statusCode).toBe(201);
    const other = await api.post('/api/v1/companies', { name: 'Initech' }, key);
    expect(other.statusCode).toBe(422);
    expect(errorOf(other).message).toMatch(/different request/);
    const otherPath = await api.post('/api/v1/contacts', { first_name: 'Globex' }, key);
    expect(otherPath.statusCode).toBe(422);
    for (const bad of ['', 'x'.repeat(256), 'naïve-key', 'has space']) {
      const res = await api.post('/api/v1/companies', { name: 'Bad key' }, { 'idempotency-key': bad });
      expect(res.statusCode, bad).toBe(400);
      expect(issuePaths(res)).toEqual(['headers.idempotency-key']);
    }
    expect(await companiesNamed(org.id, 'Initech')).toBe(0);
    expect(await companiesNamed(org.id, 'Bad key')).toBe(0);
  });

  it('forgets a failed request: a retry with the same key runs again', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const key = { 'idempotency-key': 'retry-after-400' };
    const refused = await api.post('/api/v1/companies', { name: '' }, key);
    expect(refused.statusCode).toBe(400);
    const fixed = await api.post('/api/v1/companies', { name: 'Hooli' }, key);
    expect(fixed.statusCode).toBe(201);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
    expect(await companiesNamed(org.id, 'Hooli')).toBe(1);
  });

  it('keeps keys per caller and organisation; transitions are covered too', async () => {
    const { user: owner, org } = await ownerWithOrg(t.app);
    const member = await addMember(t.app, owner, 'member');
    const key = { 'idempotency-key': 'shared-key' };
    const a = await as(t.app, owner).post('/api/v1/companies', { name: 'Umbrella' }, key);
    const b = await as(t.app, member).post('/api/v1/companies', { name: 'Umbrella' }, key);
    expect(b.statusCode).toBe(201);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(b.json().id).not.toBe(a.json().id);
    expect(await companiesNamed(org.id, 'Umbrella')).toBe(2);
    // A transition retried with its key is answered once: the second call does not see a
    // completed activity and refuse with 422, it gets the first answer.
    const api = as(t.app, owner);
    const activity = (
      await api.post('/api/v1/activities', {
        type: 'task',
        subject: 'Send contract',
        links: [{ type: 'company', id: a.json().id }],
      })
    ).json();
    const done = { 'idempotency-key': `complete-${activity.id}` };
    const first = await api.post(`/api/v1/activities/${activity.id}/complete`, { outcome: 'Sent' }, done);
    const retry = await api.post(`/api/v1/activities/${activity.id}/complete`, { outcome: 'Sent' }, done);
    expect(first.statusCode).toBe(200);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());
    expect((await api.post(`/api/v1/activities/${activity.id}/complete`, { outcome: 'Sent' })).statusCode).toBe(422);
  });

  it('serves concurrent retries one create; responses with secrets are never stored', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const key = { 'idempotency-key': 'concurrent' };
    const [x, y, z] = await Promise.all([1, 2, 3].map(() => api.post('/api/v1/companies', { name: 'Parallel' }, key)));
    expect([x!.statusCode, y!.statusCode, z!.statusCode]).toEqual([201, 201, 201]);
    expect(new Set([x!.json().id, y!.json().id, z!.json().id]).size).toBe(1);
    expect(await companiesNamed(org.id, 'Parallel')).toBe(1);
    const created = await api.post('/api/v1/api-keys', { name: 'ci', scopes: ['read'] }, { 'idempotency-key': 'k' });
    expect(created.statusCode).toBe(201);
    const stored = await withTenant(t.database.db, { orgId: org.id }, async (tx) =>
      rows<{ body: string }>(
        await tx.execute(sql`select coalesce(response_body::text, '') as body from idempotency_keys`),
      ),
    );
    expect(stored.length).toBeGreaterThan(0);
    for (const r of stored) expect(r.body).not.toContain(created.json().key);
  });

  it('forgets keys after a day: an expired key creates again, and the purge deletes old keys', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const key = { 'idempotency-key': 'day-old' };
    expect((await api.post('/api/v1/companies', { name: 'Soylent' }, key)).statusCode).toBe(201);
    const age = (interval: string) =>
      withTenant(t.database.db, { orgId: org.id }, (tx) =>
        tx.execute(
          sql`update idempotency_keys set created_at = now() - ${interval}::interval where org_id = ${org.id}::uuid`,
        ),
      );
    await age('25 hours');
    const fresh = await api.post('/api/v1/companies', { name: 'Soylent' }, key);
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
    expect(await companiesNamed(org.id, 'Soylent')).toBe(2);
    await api.post('/api/v1/companies', { name: 'Tyrell' }, { 'idempotency-key': 'recent' });
    await age('25 hours');
    await api.post('/api/v1/companies', { name: 'Wayne' }, { 'idempotency-key': 'today' });
    const purged = await purgeRecycleBins(t.database.db);
    expect(purged.idempotency_keys).toBeGreaterThanOrEqual(2);
    const left = await withTenant(t.database.db, { orgId: org.id }, async (tx) =>
      rows<{ key: string }>(await tx.execute(sql`select key from idempotency_keys where org_id = ${org.id}::uuid`)),
    );
    expect(left.map((r) => r.key)).toEqual(['today']);
  });
  it('fingerprints an upload by its bytes: same key + same file replays, same key + another file is 422', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const upload = (body: string, key?: string, name = 'people.csv') =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/imports?entity=contacts&file_name=${name}`,
        headers: { cookie: user.cookie, 'content-type': 'text/csv', ...(key ? { 'idempotency-key': key } : {}) },
        payload: body,
      });
    const counts = () =>
      withTenant(t.database.db, { orgId: org.id }, async (tx) => {
        const res =
          await tx.execute(sql`select (select count(*)::int from imports where org_id = ${org.id}::uuid) as imports,
            (select count(*)::int from import_file_chunks where org_id = ${org.id}::uuid) as chunks`);
        return rows<{ imports: number; chunks: number }>(res)[0]!;
      });
    const fileA = 'First name,Email\nAda,ada@example.com\n';
    const fileB = 'First name,Email\nBob,bob@example.com\n';
    const first = await upload(fileA, 'upload-1');
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await upload(fileA, 'upload-1');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(await counts()).toEqual({ imports: 1, chunks: 1 });
    // Another file under the same key is another request: refused, and nothing of it is kept.
    const other = await upload(fileB, 'upload-1');
    expect(other.statusCode).toBe(422);
    expect(errorOf(other).message).toMatch(/different request/);
    expect((await upload(fileA, 'upload-1', 'renamed.csv')).statusCode).toBe(422);
    expect(await counts()).toEqual({ imports: 1, chunks: 1 });
    // Without a key (or with a new one) the other file uploads.
    const fresh = await upload(fileB, 'upload-2');
    expect(fresh.statusCode).toBe(201);
    expect(fresh.json().id).not.toBe(first.json().id);
    expect(fresh.json().sample_rows[0][0]).toBe('Bob');
    expect(await counts()).toEqual({ imports: 2, chunks: 2 });
  });
});
