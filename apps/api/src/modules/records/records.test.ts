/** Shared record behaviour: the capped count and the recycle-bin purge job. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/tenant.js';
import { contacts } from '../../db/schema/index.js';
import {
  as,
  createTestApp,
  ownerWithOrg,
  planNodes,
  planOfLastStatement,
  type TestApp,
} from '../../../test/helpers.js';
import { textSearch } from './filters.js';
import { purgeRecycleBins } from './purge.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('record lists and the recycle bin', () => {
  it('counts exactly up to 10,000 and reports "10,000+" beyond', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    await withTenant(t.database.db, { orgId: org.id }, (tx) =>
      tx.execute(sql`insert into contacts (org_id, id, first_name)
        select ${org.id}::uuid, gen_random_uuid(), 'Bulk ' || g from generate_series(1, 10003) g`),
    );
    const api = as(t.app, user);
    expect((await api.get('/api/v1/contacts/count')).json()).toEqual({ total: 10000, total_capped: true });
    const page = (await api.get('/api/v1/contacts?limit=5')).json();
    expect(page.data).toHaveLength(5);
    expect(page.next_cursor).not.toBeNull();
    const narrow = (await api.get('/api/v1/contacts/count?q=bulk 1000')).json();
    expect(narrow).toEqual({ total: 5, total_capped: false });
    const bad = await api.get('/api/v1/contacts/count?sort=name');
    expect(bad.statusCode).toBe(400);
    const tooMany = await api.post('/api/v1/contacts/bulk', { action: 'delete', filter: {} });
    expect(tooMany.statusCode).toBe(422);
    expect((await api.get('/api/v1/contacts/count')).json().total_capped).toBe(true);
  });

  it('q is served by the trigram index of search_key, accent-folded pattern included (PostgreSQL plan)', async () => {
    if (t.database.kind === 'pglite') return; // EXPLAIN of the PostgreSQL run only (see helpers.ts)
    const { org } = await ownerWithOrg(t.app);
    await t.database.query(
      `insert into contacts (org_id, id, first_name, last_name, email)
         select $1, gen_random_uuid(), 'Fírst' || g, 'Last' || g, 'q' || g || '@plan.example' from generate_series(1, 20000) g`,
      [org.id],
    );
    // VACUUM too: rows still in the GIN pending list make every trigram scan read the whole list.
    await t.database.query('vacuum analyze contacts');
    for (const q of ['FIRST1234', 'fírst1234 last', '(415) 555-01']) {
      const nodes = planNodes(
        await planOfLastStatement(t.database, org.id, (tx) =>
          tx.execute(sql`select id from contacts where org_id = ${org.id}::uuid and deleted_at is null
            and ${textSearch(contacts.search_key, q)}`),
        ),
      );
      expect(
        nodes.map((n) => n['Index Name']),
        q,
      ).toContain('contacts_search_key_trgm_idx');
    }
  });

  it('purges records deleted more than 30 days ago, and only those', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const co = (await api.post('/api/v1/companies', { name: 'Old Co' })).json();
    const old = (await api.post('/api/v1/contacts', { first_name: 'Old', company_id: co.id })).json();
    const recent = (await api.post('/api/v1/contacts', { first_name: 'Recent', company_id: co.id })).json();
    const live = (await api.post('/api/v1/contacts', { first_name: 'Live', company_id: co.id })).json();
    for (const id of [old.id, recent.id]) await api.del(`/api/v1/contacts/${id}`);
    await api.del(`/api/v1/companies/${co.id}`);
    await withTenant(t.database.db, { orgId: org.id }, async (tx) => {
      await tx.execute(sql`update contacts set deleted_at = now() - interval '31 days' where id = ${old.id}::uuid`);
      await tx.execute(sql`update companies set deleted_at = now() - interval '40 days' where id = ${co.id}::uuid`);
    });
    expect((await api.post(`/api/v1/contacts/${old.id}/restore`)).statusCode).toBe(404);
    const purged = await purgeRecycleBins(t.database.db);
    expect(purged.contact).toBeGreaterThanOrEqual(1);
    expect(purged.company).toBeGreaterThanOrEqual(1);
    const bin = (await api.get('/api/v1/contacts/deleted')).json().data.map((c: { id: string }) => c.id);
    expect(bin).toEqual([recent.id]);
    const kept = (await api.get(`/api/v1/contacts/${live.id}`)).json();
    expect(kept.company).toBeNull();
    expect((await api.post(`/api/v1/contacts/${recent.id}/restore`)).statusCode).toBe(200);
  });

  it('purges expired leads and deals with their stage history and orphaned notes; a live deal loses only its source lead', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const lead = (await api.post('/api/v1/leads', { title: 'Old lead' })).json();
    const deal = (await api.post('/api/v1/deals', { name: 'Old deal' })).json();
    const kept = (await api.post('/api/v1/deals', { name: 'Kept deal' })).json();
    const note = async (ids: string[]) =>
      (
        await api.post('/api/v1/notes', {
          body: '<p>Call notes</p>',
          links: ids.map((id) => ({ type: 'deal', id })),
        })
      ).json() as { id: string };
    const onlyOld = await note([deal.id]);
    const shared = await note([deal.id, kept.id]);
    for (const path of [`/api/v1/leads/${lead.id}`, `/api/v1/deals/${deal.id}`]) {
      expect((await api.del(path)).statusCode).toBe(204);
    }
    await withTenant(t.database.db, { orgId: org.id }, async (tx) => {
      await tx.execute(sql`update leads set deleted_at = now() - interval '31 days' where id = ${lead.id}::uuid`);
      await tx.execute(sql`update deals set deleted_at = now() - interval '31 days' where id = ${deal.id}::uuid`);
      await tx.execute(sql`update deals set source_lead_id = ${lead.id}::uuid where id = ${kept.id}::uuid`);
    });
    const purged = await purgeRecycleBins(t.database.db);
    expect(purged.lead).toBeGreaterThanOrEqual(1);
    expect(purged.deal).toBeGreaterThanOrEqual(1);
    const left = await withTenant(t.database.db, { orgId: org.id }, (tx) =>
      tx.execute(sql`select
        (select count(*)::int from leads where id = ${lead.id}::uuid) as leads,
        (select count(*)::int from deals where id = ${deal.id}::uuid) as deals,
        (select count(*)::int from stage_history where lead_id = ${lead.id}::uuid or deal_id = ${deal.id}::uuid) as history,
        (select source_lead_id from deals where id = ${kept.id}::uuid) as source`),
    );
    expect((left as unknown as { rows: unknown[] }).rows[0]).toEqual({ leads: 0, deals: 0, history: 0, source: null });
    expect((await api.get(`/api/v1/deals/${kept.id}`)).statusCode).toBe(200);
    // A note whose only record was purged goes with it; one still linked to a live record stays.
    expect(purged.notes).toBeGreaterThanOrEqual(1);
    expect((await api.get(`/api/v1/notes/${onlyOld.id}`)).statusCode).toBe(404);
    const stays = await api.get(`/api/v1/notes/${shared.id}`);
    expect(stays.statusCode).toBe(200);
    expect(stays.json().links.map((l: { id: string }) => l.id)).toEqual([kept.id]);
    const orphans = await withTenant(t.database.db, { orgId: org.id }, (tx) =>
      tx.execute(sql`select count(*)::int as n from notes where id = ${onlyOld.id}::uuid`),
    );
    expect((orphans as unknown as { rows: unknown[] }).rows[0]).toEqual({ n: 0 });
  });
});
