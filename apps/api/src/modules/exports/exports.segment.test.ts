import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { as, createTestApp, ownerWithOrg, type TestApp } from '../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

type Api = ReturnType<typeof as>;

/** Values of the list's `field` over every page of `GET /api/v1/{entity}?{query}`. */
async function listed(api: Api, entity: string, query: string, field: string) {
  const out: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await api.get(
      `/api/v1/${entity}?${query}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { data: Array<Record<string, string>>; next_cursor: string | null };
    out.push(...page.data.map((r) => r[field]!));
    cursor = page.next_cursor;
  } while (cursor);
  return out;
}

async function exported(api: Api, entity: string, query: string, column: string) {
  const res = await api.get(`/api/v1/exports/${entity}?${query}&columns=${column}`);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  return (parse(res.body, { bom: true }) as string[][]).slice(1).map((r) => r[0]!);
}

const containing = (field: string, value: string) => ({
  match: 'and',
  conditions: [{ field, operator: 'contains', value }],
  groups: [],
});

describe('export with segment_id', () => {
  it('exports exactly the list of the segment (with other filters and sort), contacts and companies', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    for (let i = 0; i < 12; i++) {
      const c = await api.post('/api/v1/contacts', {
        first_name: `P${i % 5}`,
        email: `${i % 3 ? 'keep' : 'drop'}${i}@example.com`,
      });
      expect(c.statusCode, c.body).toBe(201);
      const co = await api.post('/api/v1/companies', { name: `${i % 2 ? 'Keep' : 'Drop'} Co ${i}` });
      expect(co.statusCode, co.body).toBe(201);
    }
    const segment = async (entity: string, criteria: unknown) => {
      const res = await api.post('/api/v1/segments', { name: `S ${entity}`, entity, criteria });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const people = await segment('contacts', containing('email', 'keep'));
    const firms = await segment('companies', containing('name', 'Keep'));
    for (const query of [`segment_id=${people}&sort=email`, `segment_id=${people}&q=p1&sort=-name`]) {
      const list = await listed(api, 'contacts', query, 'email');
      expect(list.length, query).toBeGreaterThan(0);
      expect(list.every((e) => e.startsWith('keep'))).toBe(true);
      expect(await exported(api, 'contacts', query, 'email'), query).toEqual(list);
    }
    const list = await listed(api, 'companies', `segment_id=${firms}&sort=name`, 'name');
    expect(list).toHaveLength(6);
    expect(await exported(api, 'companies', `segment_id=${firms}&sort=name`, 'name')).toEqual(list);
    // A segment of another entity is refused as the list refuses it.
    const wrong = await api.get(`/api/v1/exports/companies?segment_id=${people}`);
    expect(wrong.statusCode).toBe((await api.get(`/api/v1/companies?segment_id=${people}`)).statusCode);
    expect(wrong.statusCode).toBeGreaterThanOrEqual(400);
  });
});
