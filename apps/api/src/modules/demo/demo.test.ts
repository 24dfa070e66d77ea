import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateCompanyBody, CreateContactBody } from '@relata/shared';
import { createTestApp, sessionCookie, type TestApp } from '../../../test/helpers.js';
import { withTenant } from '../../db/tenant.js';
import { toE164 } from '../../lib/phone.js';
import { TAG_COLOURS, demoRecordRows } from './demo-records.js';
import { demoSalesRows, type DemoPipeline } from './demo-sales.js';
import { DEMO_PASSWORD, seedDemo } from './demo.service.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('demo data', () => {
  it('seeds an organisation the demo user can sign in to, once', async () => {
    const tag = randomUUID().slice(0, 8);
    const options = { domain: `demo-${tag}.test`, slug: `demo-${tag}`, name: 'Demo Company' };
    const orgId = await seedDemo(t.database.db, t.app.auth, options);
    expect(orgId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await seedDemo(t.database.db, t.app.auth, options)).toBeNull();

    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: `demo@${options.domain}`, password: DEMO_PASSWORD },
    });
    expect(signIn.statusCode).toBe(200);
    const cookie = sessionCookie(signIn);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ org: { id: orgId, name: 'Demo Company', slug: options.slug }, role: 'owner' });
    const members = await t.app.inject({ method: 'GET', url: '/api/v1/members', headers: { cookie } });
    expect(
      members
        .json()
        .data.map((m: { role: string }) => m.role)
        .sort(),
    ).toEqual(['admin', 'manager', 'member', 'member', 'owner', 'viewer']);
    const teams = await t.app.inject({ method: 'GET', url: '/api/v1/teams', headers: { cookie } });
    expect(teams.json().data.map((x: { name: string; member_count: number }) => [x.name, x.member_count])).toEqual([
      ['Enterprise', 2],
      ['Inbound', 3],
    ]);
    const invitations = await t.app.inject({ method: 'GET', url: '/api/v1/invitations', headers: { cookie } });
    expect(invitations.json().data).toEqual([
      expect.objectContaining({ email: `taylor@${options.domain}`, status: 'pending' }),
    ]);
    // Seeding opened no sessions for the demo people.
    const colleague = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: `alex@${options.domain}`, password: DEMO_PASSWORD },
    });
    expect(colleague.statusCode).toBe(200);
  });
});

describe('demo sales data', () => {
  const tag = randomUUID().slice(0, 8);
  const options = { domain: `sales-${tag}.test`, slug: `sales-${tag}`, name: 'Demo Company' };
  let orgId: string;
  const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;
  const q = <T>(query: ReturnType<typeof sql>) =>
    withTenant(t.database.db, { orgId }, async (tx) => rowsOf<T>(await tx.execute(query)));

  beforeAll(async () => {
    orgId = (await seedDemo(t.database.db, t.app.auth, options))!;
  });

  it('holds a real team’s worth of records, spread over the stages', async () => {
    const [counts] = await q<Record<string, number>>(sql`select
      (select count(*)::int from companies where deleted_at is null) as companies,
      (select count(*)::int from contacts where deleted_at is null) as contacts,
      (select count(*)::int from leads) as leads,
      (select count(*)::int from deals) as deals,
      (select count(*)::int from deals where status = 'won') as won,
      (select count(*)::int from deals where status = 'lost') as lost,
      (select count(*)::int from deals where status = 'abandoned') as abandoned,
      (select count(*)::int from leads where status = 'converted') as converted,
      (select count(*)::int from leads where status = 'lost') as leads_lost,
      (select count(*)::int from leads where owner_id is null) as unassigned_leads,
      (select count(distinct owner_id)::int from deals) as deal_owners,
      (select count(*)::int from deals where probability is not null) as overrides,
      (select count(*)::int from lead_tags) as lead_tags,
      (select count(*)::int from deal_tags) as deal_tags`);
    expect(counts!.companies).toBeGreaterThanOrEqual(40);
    expect(counts!.contacts).toBeGreaterThanOrEqual(120);
    expect(counts!.leads).toBeGreaterThanOrEqual(60);
    expect(counts!.deals).toBeGreaterThanOrEqual(80);
    expect(counts).toMatchObject({ won: 21, lost: 12, abandoned: 3, converted: 10, leads_lost: 12 });
    expect(counts!.unassigned_leads).toBeGreaterThan(0);
    expect(counts!.deal_owners).toBeGreaterThanOrEqual(4);
    expect(counts!.overrides).toBeGreaterThan(0);
    expect(counts!.lead_tags).toBeGreaterThan(0);
    expect(counts!.deal_tags).toBeGreaterThan(0);
    const perStage = await q<{ kind: string; name: string; n: number }>(sql`
      select p.kind, s.name, (select count(*)::int from leads l where l.stage_id = s.id)
        + (select count(*)::int from deals d where d.stage_id = s.id) as n
        from stages s join pipelines p on p.id = s.pipeline_id where p.is_default`);
    for (const s of perStage) expect(s.n, `${s.kind} ${s.name}`).toBeGreaterThan(0);
    const [wonSpread] = await q<{ months: number }>(
      sql`select count(distinct date_trunc('month', won_at))::int as months from deals where status = 'won'`,
    );
    expect(wonSpread!.months).toBeGreaterThanOrEqual(9);
  });

  it('has a stage history that replays to every lead’s and deal’s stage, status and timestamps', async () => {
    const now = Date.now();
    for (const entity of ['lead', 'deal'] as const) {
      const table = sql.raw(entity === 'lead' ? 'leads' : 'deals');
      const fk = sql.raw(`${entity}_id`);
      const records = await q<{
        id: string;
        stage_id: string;
        status: string;
        created_at: string;
        stage_entered_at: string;
        closed: string | null;
      }>(sql`select id, stage_id, status, created_at, stage_entered_at,
        ${sql.raw(entity === 'lead' ? 'coalesce(converted_at, lost_at)' : 'closed_at')} as closed from ${table}`);
      const history = await q<{
        rid: string;
        from_stage_id: string | null;
        to_stage_id: string;
        from_status: string | null;
        to_status: string;
        changed_at: string;
      }>(sql`select ${fk} as rid, from_stage_id, to_stage_id, from_status, to_status, changed_at
        from stage_history where ${fk} is not null order by changed_at, id`);
      for (const r of records) {
        const rows = history.filter((h) => h.rid === r.id);
        const at = (s: string) => new Date(s).getTime();
        expect(rows[0], r.id).toMatchObject({ from_stage_id: null, from_status: null, to_status: 'open' });
        expect(at(rows[0]!.changed_at)).toBe(at(r.created_at));
        rows.forEach((h, i) => {
          expect(at(h.changed_at)).toBeLessThanOrEqual(now);
          if (i === 0) return;
          expect(at(h.changed_at)).toBeGreaterThan(at(rows[i - 1]!.changed_at));
          expect(h.from_stage_id).toBe(rows[i - 1]!.to_stage_id);
          expect(h.from_status).toBe(rows[i - 1]!.to_status);
        });
        const last = rows[rows.length - 1]!;
        expect({ stage: last.to_stage_id, status: last.to_status }).toEqual({ stage: r.stage_id, status: r.status });
        const lastMove = [...rows]
          .reverse()
          .find((h, i, all) => i === all.length - 1 || h.from_stage_id !== h.to_stage_id)!;
        expect(at(r.stage_entered_at)).toBe(at(lastMove.changed_at));
        if (r.status !== 'open') expect(at(r.closed!)).toBe(at(last.changed_at));
      }
    }
    const won = await q<{
      n: number;
    }>(sql`select count(*)::int as n from deals d where status = 'won' and won_at is distinct from
      (select max(changed_at) from stage_history h where h.deal_id = d.id and h.to_status = 'won')`);
    expect(won[0]!.n).toBe(0);
  });

  it('links converted leads both ways, with exactly one primary contact per lead and deal', async () => {
    const broken = await q<{ id: string }>(sql`select l.id from leads l
      left join companies c on c.id = l.converted_company_id and c.qualified_from_lead_id = l.id
      left join deals d on d.id = l.converted_deal_id and d.source_lead_id = l.id
      join stages s on s.id = l.stage_id
     where l.status = 'converted' and (c.id is null or d.id is null or s.kind <> 'won' or l.converted_at is null)`);
    expect(broken).toEqual([]);
    for (const links of ['lead_contacts', 'deal_contacts']) {
      const wrong = await q<{ n: number }>(
        sql.raw(`select count(*)::int as n from (select ${links.slice(0, 4)}_id, count(*) filter (where is_primary) as p
          from ${links} group by 1) x where p <> 1`),
      );
      expect(wrong[0]!.n, links).toBe(0);
    }
    const [linked] = await q<{ leads: number; deals: number }>(sql`select
      (select count(distinct lead_id)::int from lead_contacts) as leads,
      (select count(distinct deal_id)::int from deal_contacts) as deals`);
    expect(linked!.leads).toBeGreaterThanOrEqual(20);
    expect(linked!.deals).toBeGreaterThanOrEqual(80);
    const lostWithoutReason = await q<{ id: string }>(sql`
      select id from leads where status = 'lost' and (lost_reason is null or lost_at is null)
      union all select id from deals where status = 'lost' and (lost_reason is null or closed_at is null)`);
    expect(lostWithoutReason).toEqual([]);
  });

  it('gives analytics a year of history: won reasons, reopened deals, future close dates, rates, leads by month', async () => {
    const [d] = await q<Record<string, number>>(sql`select
      (select count(*)::int from deals where status = 'won' and won_reason is null) as won_without_reason,
      (select count(*)::int from deals where status <> 'won' and won_reason is not null) as stray_won_reason,
      (select count(distinct won_reason)::int from deals where status = 'won') as won_reasons,
      (select count(distinct lost_reason)::int from deals where status = 'lost') as lost_reasons,
      (select count(*)::int from deals where won_at < now() - interval '366 days') as won_over_a_year_ago,
      (select count(distinct d.id)::int from deals d join stage_history h on h.deal_id = d.id
        where h.from_status in ('won', 'lost') and h.to_status = 'open') as reopened,
      (select count(*)::int from deals where status = 'open'
        and expected_close_date > current_date + 90) as open_closing_in_3_to_6_months,
      (select count(*)::int from deals where status = 'open'
        and expected_close_date > current_date + 190) as open_closing_after_6_months,
      (select count(distinct currency)::int from deals) as currencies,
      (select count(distinct owner_id)::int from deals where status = 'won') as won_owners,
      (select count(distinct date_trunc('month', created_at))::int from leads
        where created_at > now() - interval '1 year') as lead_months,
      (select count(distinct date_trunc('month', converted_at))::int from leads) as conversion_months`);
    expect(d).toMatchObject({
      won_without_reason: 0,
      stray_won_reason: 0,
      won_over_a_year_ago: 0,
      reopened: 2,
      open_closing_after_6_months: 0,
      currencies: 3,
    });
    expect(d!.won_reasons).toBeGreaterThanOrEqual(4);
    expect(d!.lost_reasons).toBeGreaterThanOrEqual(4);
    expect(d!.open_closing_in_3_to_6_months).toBeGreaterThan(3);
    expect(d!.won_owners).toBeGreaterThanOrEqual(4);
    expect(d!.lead_months).toBeGreaterThanOrEqual(10);
    expect(d!.conversion_months).toBeGreaterThanOrEqual(5);

    const rates = await q<{ currency: string; rate: string; valid_from: string }>(
      sql`select currency, rate::text, valid_from::text from currency_rates order by currency, valid_from`,
    );
    expect(rates.map((r) => r.currency)).toEqual(['EUR', 'EUR', 'GBP', 'GBP']);
    // Every closed or open deal has a rate on its reference day (the oldest rate predates them all).
    const [uncovered] = await q<{ n: number }>(sql`select count(*)::int as n from deals d
      where d.currency <> 'USD' and not exists (select 1 from currency_rates r where r.currency = d.currency
        and r.valid_from <= coalesce(d.won_at, d.closed_at, now())::date)`);
    expect(uncovered!.n).toBe(0);
  });

  it('serves the records through the API (contracts hold) and is the same data on every seed', async () => {
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: `demo@${options.domain}`, password: DEMO_PASSWORD },
    });
    const cookie = sessionCookie(signIn);
    const companies = await t.app.inject({ method: 'GET', url: '/api/v1/companies?limit=100', headers: { cookie } });
    expect(companies.statusCode).toBe(200);
    for (const c of companies.json().data as Array<{ domain: string; phone: string | null; website: string }>) {
      expect(CreateCompanyBody.parse({ name: 'x', domain: c.domain, website: c.website }).domain).toBe(c.domain);
      if (c.phone) expect(toE164(c.phone, 'US', 'phone')).toBe(c.phone);
    }
    let cursor: string | undefined;
    do {
      const page = await t.app.inject({
        method: 'GET',
        url: `/api/v1/contacts?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        headers: { cookie },
      });
      expect(page.statusCode).toBe(200);
      for (const p of page.json().data as Array<{ email: string; phone: string | null; mobile: string | null }>) {
        expect(CreateContactBody.parse({ first_name: 'x', email: p.email }).email).toBe(p.email);
        for (const n of [p.phone, p.mobile]) if (n) expect(toE164(n, 'US', 'phone')).toBe(n);
      }
      cursor = page.json().next_cursor ?? undefined;
    } while (cursor);

    // Same seed, same `now` → the same values (ids aside).
    const now = new Date('2026-06-15T12:00:00Z');
    const run = () => {
      const ids = (k: string) => `${k}-id`;
      const records = demoRecordRows({ orgId: 'org', domain: 'd.test', now, member: ids, user: ids });
      const tagIds = new Map(Object.keys(TAG_COLOURS).map((k) => [k, `tag-${k}`]));
      const pipeline = (p: string, n: number): DemoPipeline => ({
        id: p,
        stages: Array.from({ length: n }, (_, i) => ({
          id: `${p}-${i}`,
          name: `${i}`,
          kind: i < n - 2 ? 'open' : i === n - 2 ? 'won' : 'lost',
          probability: 0,
        })),
      });
      const sales = demoSalesRows({
        orgId: 'org',
        now,
        records: { tagIds, companies: records.companies, contacts: records.contacts },
        leadPipeline: pipeline('lp', 6),
        dealPipeline: pipeline('dp', 6),
        member: ids,
        user: ids,
      });
      return JSON.stringify({ records, sales }).replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, 'uuid');
    };
    expect(run()).toBe(run());
  });
});
