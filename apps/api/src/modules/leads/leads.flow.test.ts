/** Leads through their pipeline: board moves, lose / reopen, conversion into company, contacts and deal. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, errorOf, issuePaths, ownerWithOrg, type TestApp } from '../../../test/helpers.js';
import { defaultStages, extraLeadPipeline, historyOf, tenantSql } from './leads.fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('lead board moves', () => {
  it('moves across stages with history, reorders within a stage without, and refuses won / lost / foreign stages', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const s = await defaultStages(t, org.id);
    const a = (await api.post('/api/v1/leads', { title: 'A' })).json();
    const b = (await api.post('/api/v1/leads', { title: 'B' })).json();
    const c = (await api.post('/api/v1/leads', { title: 'C' })).json();
    const column = async (stageId: string) =>
      (await api.get(`/api/v1/leads?stage_id=${stageId}&limit=100`))
        .json()
        .data.sort((x: { position: string }, y: { position: string }) => (x.position < y.position ? -1 : 1))
        .map((l: { title: string }) => l.title);
    expect(await column(s['leads:New']!.id)).toEqual(['C', 'B', 'A']);

    // Reorder: A between C and B; no history.
    const reordered = await api.post(`/api/v1/leads/${a.id}/move`, { stage_id: s['leads:New']!.id, after_id: c.id });
    expect(reordered.statusCode).toBe(200);
    expect(await column(s['leads:New']!.id)).toEqual(['C', 'A', 'B']);
    expect(await historyOf(t, org.id, a.id)).toHaveLength(1);

    const moved = await api.post(`/api/v1/leads/${a.id}/move`, { stage_id: s['leads:Contacted']!.id });
    expect(moved.json()).toMatchObject({ stage: { name: 'Contacted' }, status: 'open', days_in_stage: 0 });
    expect(new Date(moved.json().stage_entered_at) >= new Date(a.stage_entered_at)).toBe(true);
    const moved2 = await api.post(`/api/v1/leads/${b.id}/move`, {
      stage_id: s['leads:Contacted']!.id,
      before_id: a.id,
    });
    expect(moved2.statusCode).toBe(200);
    expect(await column(s['leads:Contacted']!.id)).toEqual(['B', 'A']);
    expect(await historyOf(t, org.id, a.id)).toEqual([
      expect.objectContaining({ from_stage_id: null, to_stage_id: s['leads:New']!.id }),
      expect.objectContaining({
        from_stage_id: s['leads:New']!.id,
        to_stage_id: s['leads:Contacted']!.id,
        from_status: 'open',
        to_status: 'open',
        changed_by: user.id,
      }),
    ]);

    const won = await api.post(`/api/v1/leads/${a.id}/move`, { stage_id: s['leads:Qualified']!.id });
    expect(won.statusCode).toBe(422);
    expect(errorOf(won).message).toMatch(/convert the lead to qualify it/);
    const lost = await api.post(`/api/v1/leads/${a.id}/move`, { stage_id: s['leads:Disqualified']!.id });
    expect(lost.statusCode).toBe(422);
    expect(errorOf(lost).message).toMatch(/lose/);
    const other = await extraLeadPipeline(t, org.id);
    expect((await api.post(`/api/v1/leads/${a.id}/move`, { stage_id: other.stages[1]!.id })).statusCode).toBe(422);
    const { org: foreignOrg } = await ownerWithOrg(t.app);
    const foreign = await defaultStages(t, foreignOrg.id);
    expect((await api.post(`/api/v1/leads/${a.id}/move`, { stage_id: foreign['leads:New']!.id })).statusCode).toBe(404);
    const badAnchor = await api.post(`/api/v1/leads/${a.id}/move`, {
      stage_id: s['leads:Meeting']!.id,
      before_id: c.id,
    });
    expect(badAnchor.statusCode).toBe(422);
    const both = await api.post(`/api/v1/leads/${a.id}/move`, {
      stage_id: s['leads:Meeting']!.id,
      before_id: c.id,
      after_id: b.id,
    });
    expect(both.statusCode).toBe(400);
  });

  it('loses a lead with a reason into the lost stage and reopens it in the first open stage', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const s = await defaultStages(t, org.id);
    const lead = (await api.post('/api/v1/leads', { title: 'L', stage_id: s['leads:Meeting']!.id })).json();
    const noReason = await api.post(`/api/v1/leads/${lead.id}/lose`, { reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(issuePaths(noReason)).toEqual(['body.reason']);
    const lost = await api.post(`/api/v1/leads/${lead.id}/lose`, { reason: 'No budget' });
    expect(lost.json()).toMatchObject({ status: 'lost', lost_reason: 'No budget', stage: { name: 'Disqualified' } });
    expect(lost.json().lost_at).not.toBeNull();
    expect((await api.post(`/api/v1/leads/${lead.id}/lose`, { reason: 'again' })).statusCode).toBe(409);
    const moveLost = await api.post(`/api/v1/leads/${lead.id}/move`, { stage_id: s['leads:New']!.id });
    expect(moveLost.statusCode).toBe(422);
    const convertLost = await api.post(`/api/v1/leads/${lead.id}/convert`, {});
    expect(convertLost.statusCode).toBe(422);
    expect(errorOf(convertLost).message).toMatch(/reopen/);

    const reopened = await api.post(`/api/v1/leads/${lead.id}/reopen`);
    expect(reopened.json()).toMatchObject({ status: 'open', lost_reason: null, lost_at: null, stage: { name: 'New' } });
    expect((await api.post(`/api/v1/leads/${lead.id}/reopen`)).statusCode).toBe(409);
    expect((await historyOf(t, org.id, lead.id)).map((h) => [h.to_status, h.to_stage_id])).toEqual([
      ['open', s['leads:Meeting']!.id],
      ['lost', s['leads:Disqualified']!.id],
      ['open', s['leads:New']!.id],
    ]);
  });
});

describe('lead conversion', () => {
  it('matches an existing company by the email domain and links the contacts that have no company', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const s = await defaultStages(t, org.id);
    const acme = (await api.post('/api/v1/companies', { name: 'ACME Corporation', domain: 'acme.com' })).json();
    const elsewhere = (await api.post('/api/v1/companies', { name: 'Elsewhere' })).json();
    const ann = (await api.post('/api/v1/contacts', { first_name: 'Ann' })).json();
    const bob = (await api.post('/api/v1/contacts', { first_name: 'Bob', company_id: elsewhere.id })).json();
    const cy = (await api.post('/api/v1/contacts', { first_name: 'Cy' })).json();
    const lead = (
      await api.post('/api/v1/leads', {
        title: 'Relaunch',
        company_name: 'Acme',
        email: 'ann@acme.com',
        contact_ids: [ann.id, bob.id, cy.id],
      })
    ).json();
    const stray = await api.post(`/api/v1/leads/${lead.id}/convert`, { contact_ids: [ann.id, elsewhere.id] });
    expect(stray.statusCode).toBe(422);
    expect(issuePaths(stray)).toEqual(['body.contact_ids.1']);

    const res = await api.post(`/api/v1/leads/${lead.id}/convert`, { contact_ids: [ann.id, bob.id] });
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json();
    expect(out).toMatchObject({ company_id: acme.id, company_created: false, contact_ids: [ann.id], deal_id: null });
    expect(out.lead).toMatchObject({
      status: 'converted',
      converted_company: { id: acme.id, name: 'ACME Corporation' },
      stage: { id: s['leads:Qualified']!.id, kind: 'won' },
    });
    expect(out.lead.converted_at).not.toBeNull();
    expect((await api.get(`/api/v1/contacts/${ann.id}`)).json().company).toMatchObject({ id: acme.id });
    expect((await api.get(`/api/v1/contacts/${bob.id}`)).json().company).toMatchObject({ id: elsewhere.id });
    expect((await api.get(`/api/v1/contacts/${cy.id}`)).json().company).toBeNull();
    expect((await api.get(`/api/v1/companies/${acme.id}`)).json().qualified_from_lead_id).toBe(lead.id);
    expect((await historyOf(t, org.id, lead.id)).at(-1)).toMatchObject({
      from_status: 'open',
      to_status: 'converted',
      to_stage_id: s['leads:Qualified']!.id,
    });

    const again = await api.post(`/api/v1/leads/${lead.id}/convert`, {});
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).details).toMatchObject({ company_id: acme.id });
    expect((await api.post(`/api/v1/leads/${lead.id}/lose`, { reason: 'x' })).statusCode).toBe(422);
    expect((await api.post(`/api/v1/leads/${lead.id}/reopen`)).statusCode).toBe(409);
    expect((await api.post(`/api/v1/leads/${lead.id}/move`, { stage_id: s['leads:New']!.id })).statusCode).toBe(422);
  });

  it('matches by company name, else creates the company (free-mail domains ignored)', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const globex = (await api.post('/api/v1/companies', { name: 'Globex' })).json();
    const byName = (
      await api.post('/api/v1/leads', { title: 'T', company_name: 'GLOBEX', email: 'x@gmail.com' })
    ).json();
    const named = (await api.post(`/api/v1/leads/${byName.id}/convert`, {})).json();
    expect(named).toMatchObject({ company_id: globex.id, company_created: false });

    const fresh = (
      await api.post('/api/v1/leads', {
        title: 'Deal',
        company_name: 'Initech',
        email: 'bill@initech.io',
        tax_id: 'US-1',
      })
    ).json();
    const created = (await api.post(`/api/v1/leads/${fresh.id}/convert`, {})).json();
    expect(created.company_created).toBe(true);
    const company = (await api.get(`/api/v1/companies/${created.company_id}`)).json();
    expect(company).toMatchObject({
      name: 'Initech',
      domain: 'initech.io',
      tax_id: 'US-1',
      qualified_from_lead_id: fresh.id,
      owner: { name: user.name },
    });

    const personal = (await api.post('/api/v1/leads', { title: 'Jane Doe', email: 'jane@gmail.com' })).json();
    const fromTitle = (await api.post(`/api/v1/leads/${personal.id}/convert`, {})).json();
    const janeCo = (await api.get(`/api/v1/companies/${fromTitle.company_id}`)).json();
    expect(janeCo).toMatchObject({ name: 'Jane Doe', domain: null });

    const explicit = (await api.post('/api/v1/leads', { title: 'E', company_name: 'Globex' })).json();
    const chosen = await api.post(`/api/v1/leads/${explicit.id}/convert`, {
      company: { create: { name: 'Globex Europe', domain: 'https://www.globex.eu/' } },
    });
    expect(chosen.json()).toMatchObject({ company_created: true });
    expect((await api.get(`/api/v1/companies/${chosen.json().company_id}`)).json().domain).toBe('globex.eu');

    const { user: stranger } = await ownerWithOrg(t.app);
    const foreignCo = (await as(t.app, stranger).post('/api/v1/companies', { name: 'Foreign' })).json();
    const other = (await api.post('/api/v1/leads', { title: 'O' })).json();
    expect((await api.post(`/api/v1/leads/${other.id}/convert`, { company: { id: foreignCo.id } })).statusCode).toBe(
      404,
    );
    // Nothing was written by the refused conversion.
    expect((await api.get(`/api/v1/leads/${other.id}`)).json().status).toBe('open');
  });

  it('creates a deal from the lead in the same transaction', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const s = await defaultStages(t, org.id);
    const ann = (await api.post('/api/v1/contacts', { first_name: 'Ann' })).json();
    const bob = (await api.post('/api/v1/contacts', { first_name: 'Bob' })).json();
    const lead = (
      await api.post('/api/v1/leads', {
        title: 'Big one',
        company_name: 'Hooli',
        expected_revenue: { amount: 500_000, currency: 'EUR' },
        contact_ids: [ann.id, bob.id],
        primary_contact_id: bob.id,
      })
    ).json();
    const res = await api.post(`/api/v1/leads/${lead.id}/convert`, {
      deal: { create: true, expected_close_date: '2030-06-30' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json();
    expect(out.deal_id).toEqual(expect.any(String));
    expect(out.lead.converted_deal_id).toBe(out.deal_id);
    const [deal] = (
      (await tenantSql(
        t,
        org.id,
        sql`select name, amount, currency, source_lead_id, company_id, pipeline_id, expected_close_date, status,
              (select array_agg(contact_id::text order by is_primary desc) from deal_contacts dc where dc.deal_id = d.id) as contact_ids
            from deals d where id = ${out.deal_id}::uuid`,
      )) as unknown as { rows: Array<Record<string, unknown>> }
    ).rows;
    expect(deal).toMatchObject({
      name: 'Big one',
      currency: 'EUR',
      source_lead_id: lead.id,
      company_id: out.company_id,
      pipeline_id: s['deals:Won']!.pipeline_id,
      expected_close_date: '2030-06-30',
      status: 'open',
      contact_ids: [bob.id, ann.id],
    });
    expect(Number(deal!.amount)).toBe(500_000); // bigint: a string on PostgreSQL, a number on PGlite
    // A bad deal pipeline rolls the whole conversion back.
    const second = (await api.post('/api/v1/leads', { title: 'Two' })).json();
    const refused = await api.post(`/api/v1/leads/${second.id}/convert`, {
      deal: { create: true, pipeline_id: s['leads:New']!.pipeline_id },
    });
    expect(refused.statusCode).toBe(422);
    expect((await api.get(`/api/v1/leads/${second.id}`)).json().status).toBe('open');
    expect((await api.get('/api/v1/companies/count?q=two')).json().total).toBe(0);
  });
});
