import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  as,
  createTestApp,
  errorOf,
  issuePaths,
  ownerWithOrg,
  type TestApp,
  type TestUser,
} from '../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const putReporting = (user: TestUser, payload: unknown) =>
  t.app.inject({
    method: 'PUT',
    url: '/api/v1/currencies/reporting',
    headers: { cookie: user.cookie },
    payload: payload as Record<string, unknown>,
  });

describe('currencies', () => {
  it('reads the defaults and the currencies live deals and leads use', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    expect((await api.get('/api/v1/currencies')).json()).toEqual({
      reporting_currency: 'USD',
      rates: [],
      currencies_in_use: [],
    });
    await api.post('/api/v1/deals', { name: 'A', amount: { amount: 100, currency: 'EUR' } });
    await api.post('/api/v1/deals', { name: 'B', amount: { amount: 100, currency: 'USD' } });
    const gone = (await api.post('/api/v1/deals', { name: 'C', amount: { amount: 5, currency: 'JPY' } })).json();
    await api.del(`/api/v1/deals/${gone.id}`);
    const lead = await api.post('/api/v1/leads', {
      title: 'L',
      expected_revenue: { amount: 900, currency: 'GBP' },
    });
    expect(lead.statusCode).toBe(201);
    expect((await api.get('/api/v1/currencies')).json().currencies_in_use).toEqual(['EUR', 'GBP', 'USD']);
  });

  it('adds, lists, edits (If-Match) and deletes rates, audited', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const eur = await api.post('/api/v1/currencies/rates', {
      currency: 'eur',
      rate: '1.0825',
      valid_from: '2026-01-01',
    });
    expect(eur.statusCode).toBe(201);
    expect(eur.json()).toMatchObject({ currency: 'EUR', rate: '1.0825', valid_from: '2026-01-01', version: 1 });
    const eur2 = (
      await api.post('/api/v1/currencies/rates', { currency: 'EUR', rate: '1.1', valid_from: '2026-06-01' })
    ).json();
    const gbp = (
      await api.post('/api/v1/currencies/rates', { currency: 'GBP', rate: '1.27', valid_from: '2026-03-01' })
    ).json();
    const listed = (await api.get('/api/v1/currencies')).json().rates;
    expect(listed.map((r: { id: string }) => r.id)).toEqual([eur2.id, eur.json().id, gbp.id]);

    const dup = await api.post('/api/v1/currencies/rates', { currency: 'EUR', rate: '2', valid_from: '2026-01-01' });
    expect(dup.statusCode).toBe(409);
    expect(errorOf(dup).details?.existing_id).toBe(eur.json().id);
    expect(
      issuePaths(await api.post('/api/v1/currencies/rates', { currency: 'USD', rate: '1', valid_from: '2026-01-01' })),
    ).toEqual(['body.currency']);

    const stale = await api.patch(`/api/v1/currencies/rates/${gbp.id}`, { rate: '1.3' }, { 'if-match': '"7"' });
    expect(stale.statusCode).toBe(412);
    const edited = await api.patch(`/api/v1/currencies/rates/${gbp.id}`, { rate: '1.30' }, { 'if-match': '"1"' });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ rate: '1.3', version: 2 });
    expect(edited.headers.etag).toBe('"2"');
    const clash = await api.patch(`/api/v1/currencies/rates/${gbp.id}`, { currency: 'EUR', valid_from: '2026-06-01' });
    expect(clash.statusCode).toBe(409);
    expect(issuePaths(await api.patch(`/api/v1/currencies/rates/${gbp.id}`, { currency: 'USD' }))).toEqual([
      'body.currency',
    ]);

    expect((await api.del(`/api/v1/currencies/rates/${eur2.id}`)).statusCode).toBe(204);
    expect((await api.del(`/api/v1/currencies/rates/${eur2.id}`)).statusCode).toBe(404);
    const audit = (await api.get('/api/v1/audit?limit=100')).json().data.map((e: { action: string }) => e.action);
    expect(audit.filter((a: string) => a.startsWith('currency.')).sort()).toEqual([
      'currency.rate.create',
      'currency.rate.create',
      'currency.rate.create',
      'currency.rate.delete',
      'currency.rate.update',
    ]);
  });

  it('validates bodies with field paths', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const bad = await api.post('/api/v1/currencies/rates', { currency: 'EURO', rate: '-1', valid_from: '2026-13-01' });
    expect(bad.statusCode).toBe(400);
    expect([...new Set(issuePaths(bad))].sort()).toEqual(['body.currency', 'body.rate', 'body.valid_from']);
    expect(
      issuePaths(await api.post('/api/v1/currencies/rates', { currency: 'EUR', rate: '0', valid_from: '2026-01-01' })),
    ).toEqual(['body.rate']);
    expect(
      issuePaths(
        await api.post('/api/v1/currencies/rates', { currency: 'EUR', rate: '1', valid_from: '2026-01-01', x: 1 }),
      ).length,
    ).toBe(1);
    expect(new Set(issuePaths(await putReporting(user, { currency: 'XYZ1' })))).toEqual(new Set(['body.currency']));
    expect((await api.patch(`/api/v1/currencies/rates/not-an-id`, { rate: '1' })).statusCode).toBe(400);
  });

  it('changes the reporting currency: 409 rates_exist unless clear_rates, which deletes them', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const same = await putReporting(user, { currency: 'USD' });
    expect(same.statusCode).toBe(200);
    await api.post('/api/v1/currencies/rates', { currency: 'EUR', rate: '1.08', valid_from: '2026-01-01' });
    const refused = await putReporting(user, { currency: 'EUR' });
    expect(refused.statusCode).toBe(409);
    expect(errorOf(refused).details).toMatchObject({ reason: 'rates_exist', rates: 1 });
    expect((await api.get('/api/v1/currencies')).json()).toMatchObject({ reporting_currency: 'USD' });
    const changed = await putReporting(user, { currency: 'eur', clear_rates: true });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ reporting_currency: 'EUR', rates: [] });
    const usd = await api.post('/api/v1/currencies/rates', { currency: 'USD', rate: '0.92', valid_from: '2026-01-01' });
    expect(usd.statusCode).toBe(201);
  });

  it('lets members and viewers read but only admins write', async () => {
    const { user: owner } = await ownerWithOrg(t.app);
    const rate = (
      await as(t.app, owner).post('/api/v1/currencies/rates', {
        currency: 'EUR',
        rate: '1.08',
        valid_from: '2026-01-01',
      })
    ).json();
    for (const role of ['viewer', 'member', 'manager']) {
      const u = await addMember(t.app, owner, role);
      const api = as(t.app, u);
      expect((await api.get('/api/v1/currencies')).json().rates).toHaveLength(1);
      expect(
        (await api.post('/api/v1/currencies/rates', { currency: 'GBP', rate: '1', valid_from: '2026-01-01' }))
          .statusCode,
      ).toBe(403);
      expect((await api.patch(`/api/v1/currencies/rates/${rate.id}`, { rate: '2' })).statusCode).toBe(403);
      expect((await api.del(`/api/v1/currencies/rates/${rate.id}`)).statusCode).toBe(403);
      expect((await putReporting(u, { currency: 'EUR', clear_rates: true })).statusCode).toBe(403);
    }
    const admin = await addMember(t.app, owner, 'admin');
    const ok = await as(t.app, admin).patch(`/api/v1/currencies/rates/${rate.id}`, { rate: '1.09' });
    expect(ok.json()).toMatchObject({ rate: '1.09', version: 2 });
  });

  it("answers 404 for another organisation's rate and changes nothing there", async () => {
    const { user: a } = await ownerWithOrg(t.app);
    const { user: b } = await ownerWithOrg(t.app);
    const rate = (
      await as(t.app, b).post('/api/v1/currencies/rates', { currency: 'EUR', rate: '1.08', valid_from: '2026-01-01' })
    ).json();
    expect((await as(t.app, a).patch(`/api/v1/currencies/rates/${rate.id}`, { rate: '9' })).statusCode).toBe(404);
    expect((await as(t.app, a).del(`/api/v1/currencies/rates/${rate.id}`)).statusCode).toBe(404);
    expect((await as(t.app, a).get('/api/v1/currencies')).json().rates).toEqual([]);
    expect((await as(t.app, b).get('/api/v1/currencies')).json().rates).toMatchObject([
      { id: rate.id, rate: '1.08', version: 1 },
    ]);
  });
});
