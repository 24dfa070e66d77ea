/**
 * The live preview's capped count over HTTP: exact up to SEGMENT_PREVIEW_COUNT_CAP (1,000, then
 * `count_capped`), up to TOTAL_CAP with `exact_count`; criteria without custom fields read no
 * custom-field definitions, criteria with one still compile against them.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEGMENT_PREVIEW_COUNT_CAP } from '@relata/shared';
import { withTenant } from '../../db/tenant.js';
import { as, createTestApp, ownerWithOrg, type TestApp } from '../../../test/helpers.js';

let t: TestApp;
let api: ReturnType<typeof as>;

beforeAll(async () => {
  t = await createTestApp();
  const { user, org } = await ownerWithOrg(t.app);
  api = as(t.app, user);
  // 1,203 "Bulk" contacts, 3 of them with an e-mail, and one named Zed.
  await withTenant(t.database.db, { orgId: org.id }, (tx) =>
    tx.execute(sql`insert into contacts (org_id, id, first_name, email)
      select ${org.id}::uuid, gen_random_uuid(), 'Bulk', case when g <= 3 then 'b' || g || '@example.com' end
        from generate_series(1, 1203) g`),
  );
  expect((await api.post('/api/v1/contacts', { first_name: 'Zed' })).statusCode).toBe(201);
});
afterAll(async () => t.close());

const bulk = { match: 'and', conditions: [{ field: 'first_name', operator: 'equals', value: 'Bulk' }] };

describe('segment preview count', () => {
  it('counts exactly up to 1,000 live, and up to 10,000 when asked', async () => {
    const live = await api.post('/api/v1/segments/preview', { entity: 'contacts', criteria: bulk, limit: 3 });
    expect(live.statusCode, live.body).toBe(200);
    expect(live.json()).toMatchObject({ count: SEGMENT_PREVIEW_COUNT_CAP, count_capped: true });
    expect(live.json().records).toHaveLength(3);

    const exact = await api.post('/api/v1/segments/preview', {
      entity: 'contacts',
      criteria: bulk,
      limit: 3,
      exact_count: true,
    });
    expect(exact.json()).toMatchObject({ count: 1203, count_capped: false });

    const few = await api.post('/api/v1/segments/preview', {
      entity: 'contacts',
      criteria: { match: 'and', conditions: [...bulk.conditions, { field: 'email', operator: 'is_not_empty' }] },
    });
    expect(few.json()).toMatchObject({ count: 3, count_capped: false });
  });

  it('a saved segment still counts up to 10,000 and filters the list', async () => {
    const saved = await api.post('/api/v1/segments', { name: 'Bulk people', entity: 'contacts', criteria: bulk });
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json()).toMatchObject({ count: 1203, count_capped: false });
    const page = await api.get(`/api/v1/contacts?segment_id=${saved.json().id}&limit=5`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().data.map((c: { first_name: string }) => c.first_name)).toEqual(Array(5).fill('Bulk'));
  });

  it('criteria naming a custom field compile against its definition (unknown key → 400)', async () => {
    const field = await api.post('/api/v1/custom-fields', {
      entity: 'contact',
      key: 'tier',
      label: 'Tier',
      type: 'text',
    });
    expect(field.statusCode, field.body).toBe(201);
    const tiered = await api.post('/api/v1/segments/preview', {
      entity: 'contacts',
      criteria: { match: 'and', groups: [{ match: 'or', conditions: [{ field: 'cf.tier', operator: 'is_empty' }] }] },
    });
    expect(tiered.statusCode, tiered.body).toBe(200);
    expect(tiered.json()).toMatchObject({ count: SEGMENT_PREVIEW_COUNT_CAP, count_capped: true });
    const unknown = await api.post('/api/v1/segments/preview', {
      entity: 'contacts',
      criteria: { match: 'and', conditions: [{ field: 'cf.nope', operator: 'is_empty' }] },
    });
    expect(unknown.statusCode).toBe(400);
  });
});
