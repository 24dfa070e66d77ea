import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/tenant.js';
import {
  addMember,
  as,
  createTestApp,
  errorOf,
  issuePaths,
  ownerWithOrg,
  type TestApp,
} from '../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

type Api = ReturnType<typeof as>;

async function created(api: Api, url: string, body: unknown) {
  const res = await api.post(url, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}

/** Rows of `table` in org pointing at any of `ids` through `col`. */
async function rowsPointing(orgId: string, table: string, col: string, ids: string[]) {
  return withTenant(t.database.db, { orgId }, async (tx) => {
    const res = await tx.execute(
      sql`select * from ${sql.raw(table)} where org_id = ${orgId}::uuid and ${sql.raw(col)} = any(${sql.param(ids)}::uuid[])`,
    );
    return (res as unknown as { rows: Array<Record<string, unknown>> }).rows;
  });
}

/** n contacts, each with a deal (as its primary contact), an activity, a note, a tag and a lead link. */
async function contactsWithHistory(api: Api, n: number) {
  const tags = [];
  const contacts = [];
  for (let i = 0; i < n; i++) {
    tags.push(await created(api, '/api/v1/tags', { name: `tag-${i}` }));
    contacts.push(
      await created(api, '/api/v1/contacts', {
        first_name: `Pat${i}`,
        last_name: 'Doe',
        email: `pat${i}@example.com`,
        ...(i === 1 ? { job_title: 'CTO', custom_fields: {} } : {}),
        tag_ids: [tags[i]!.id, tags[0]!.id],
      }),
    );
  }
  const ids = contacts.map((c) => c.id);
  const deals = [];
  for (const id of ids)
    deals.push(await created(api, '/api/v1/deals', { name: `Deal ${id.slice(-4)}`, contact_ids: [id] }));
  // One deal links every contact: after the merge it keeps one link, still primary.
  const shared = await created(api, '/api/v1/deals', {
    name: 'Shared deal',
    contact_ids: ids,
    primary_contact_id: ids[1],
  });
  const lead = await created(api, '/api/v1/leads', { title: 'Inbound', contact_ids: ids });
  const activity = await created(api, '/api/v1/activities', {
    type: 'call',
    subject: 'Intro call',
    links: ids.map((id) => ({ type: 'contact', id })),
  });
  const notes = [];
  for (const id of ids)
    notes.push(await created(api, '/api/v1/notes', { body: 'Met at the fair', links: [{ type: 'contact', id }] }));
  return { contacts, ids, tags, deals, shared, lead, activity, notes };
}

describe('merge', () => {
  it('merges two contacts: chosen values, every related row on the survivor, loser in the bin, audit + timeline', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const h = await contactsWithHistory(api, 2);
    const [s, l] = h.ids as [string, string];
    const res = await api.post('/api/v1/merge', {
      type: 'contacts',
      survivor_id: s,
      merged_ids: [l],
      fields: { email: l, last_name: s },
      versions: { [s]: 1 },
    });
    expect(res.statusCode, res.body).toBe(200);
    const survivor = res.json();
    expect(survivor).toMatchObject({
      id: s,
      email: 'pat1@example.com',
      first_name: 'Pat0',
      job_title: 'CTO',
      version: 2,
    });
    expect(survivor.tags.map((x: { name: string }) => x.name).sort()).toEqual(['tag-0', 'tag-1']);
    // Nothing points at the loser any more.
    for (const [table, col] of [
      ['deal_contacts', 'contact_id'],
      ['lead_contacts', 'contact_id'],
      ['activity_links', 'contact_id'],
      ['note_links', 'contact_id'],
      ['contact_tags', 'contact_id'],
      ['timeline_entries', 'contact_id'],
    ] as const) {
      expect(await rowsPointing(org.id, table, col, [l]), table).toEqual([]);
    }
    const dealLinks = await rowsPointing(org.id, 'deal_contacts', 'contact_id', [s]);
    expect(dealLinks).toHaveLength(3);
    expect(dealLinks.find((d) => d.deal_id === h.shared.id)).toMatchObject({ is_primary: true });
    expect(await rowsPointing(org.id, 'note_links', 'contact_id', [s])).toHaveLength(2);
    expect(await rowsPointing(org.id, 'activity_links', 'contact_id', [s])).toHaveLength(1);
    expect(await rowsPointing(org.id, 'lead_contacts', 'contact_id', [s])).toHaveLength(1);
    // The loser is in the recycle bin; its email now belongs to the survivor.
    expect((await api.get(`/api/v1/contacts/${l}`)).statusCode).toBe(404);
    const bin = (await api.get('/api/v1/contacts/deleted')).json().data as Array<{ id: string }>;
    expect(bin.map((x) => x.id)).toEqual([l]);
    // Timeline: the merged entry on the survivor; the loser's notes now show there too.
    const timeline = (await api.get(`/api/v1/timeline?record_type=contact&record_id=${s}&limit=100`)).json().data;
    const merged = timeline.find((e: { type: string }) => e.type === 'merged');
    expect(merged).toMatchObject({ data: { count: 1, merged: [{ id: l, name: 'Pat1 Doe' }] }, actor: { id: user.id } });
    expect(timeline.filter((e: { type: string }) => e.type === 'note')).toHaveLength(2);
    // Audit: before of both records, after of the survivor.
    const audit = await api.get(`/api/v1/audit?record_type=contact&record_id=${s}`);
    expect(audit.statusCode, audit.body).toBe(200);
    const [entry] = audit.json().data;
    expect(entry).toMatchObject({
      action: 'merge',
      record_id: s,
      actor: { type: 'member', name: user.name },
      before: { survivor: { id: s, email: 'pat0@example.com' }, merged: [{ id: l, email: 'pat1@example.com' }] },
      after: { id: s, email: 'pat1@example.com', version: 2 },
      details: { merged_ids: [l], fields: { email: l, last_name: s } },
    });
  });

  it('merges five contacts at once', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const h = await contactsWithHistory(api, 5);
    const [s, ...losers] = h.ids;
    const res = await api.post('/api/v1/merge', { type: 'contacts', survivor_id: s, merged_ids: losers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().email).toBe('pat0@example.com');
    expect(res.json().job_title).toBe('CTO'); // the survivor's blank filled from a merged record
    expect(res.json().tags).toHaveLength(5);
    for (const table of [
      'deal_contacts',
      'lead_contacts',
      'activity_links',
      'note_links',
      'contact_tags',
      'timeline_entries',
    ]) {
      expect(await rowsPointing(org.id, table, 'contact_id', losers), table).toEqual([]);
    }
    const sharedLinks = (await api.get(`/api/v1/deals/${h.shared.id}`)).json().contacts;
    expect(sharedLinks).toEqual([expect.objectContaining({ id: s, is_primary: true })]);
    expect((await api.get('/api/v1/contacts/deleted')).json().data).toHaveLength(4);
    expect((await api.get(`/api/v1/activities/${h.activity.id}`)).json().links).toEqual([
      expect.objectContaining({ type: 'contact', id: s }),
    ]);
  });

  it('merges companies: contacts, deals and child companies move, one primary contact stays', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const a = await created(api, '/api/v1/companies', { name: 'Acme', domain: 'acme.com' });
    const b = await created(api, '/api/v1/companies', {
      name: 'Acme Inc',
      website: 'https://acme.com',
      phone: '+1 212 555 0199',
    });
    const child = await created(api, '/api/v1/companies', { name: 'Acme Labs', parent_id: b.id });
    const ca = await created(api, '/api/v1/contacts', { first_name: 'A', company_id: a.id, is_primary: true });
    const cb = await created(api, '/api/v1/contacts', { first_name: 'B', company_id: b.id, is_primary: true });
    const deal = await created(api, '/api/v1/deals', { name: 'Acme deal', company_id: b.id });
    const res = await api.post('/api/v1/merge', {
      type: 'companies',
      survivor_id: a.id,
      merged_ids: [b.id],
      fields: { name: b.id },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: a.id, name: 'Acme Inc', domain: 'acme.com', phone: '+12125550199' });
    expect((await api.get(`/api/v1/contacts/${cb.id}`)).json()).toMatchObject({
      company: { id: a.id },
      is_primary: false,
    });
    expect((await api.get(`/api/v1/contacts/${ca.id}`)).json()).toMatchObject({ is_primary: true });
    expect((await api.get(`/api/v1/deals/${deal.id}`)).json().company).toMatchObject({ id: a.id });
    expect((await api.get(`/api/v1/companies/${child.id}`)).json().parent).toMatchObject({ id: a.id });
    for (const [table, col] of [
      ['contacts', 'company_id'],
      ['deals', 'company_id'],
      ['companies', 'parent_id'],
    ] as const) {
      expect(await rowsPointing(org.id, table, col, [b.id]), table).toEqual([]);
    }
  });

  it('merges deals and leads: contact links and tags move, stage history stays with its record', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const [t1, t2] = [
      await created(api, '/api/v1/tags', { name: 'hot' }),
      await created(api, '/api/v1/tags', { name: 'q3' }),
    ];
    const [c1, c2] = [
      await created(api, '/api/v1/contacts', { first_name: 'Ann' }),
      await created(api, '/api/v1/contacts', { first_name: 'Ben' }),
    ];
    for (const [type, body] of [
      ['deals', (i: number) => ({ name: `Renewal ${i}` })],
      ['leads', (i: number) => ({ title: `Inbound ${i}` })],
    ] as const) {
      const a = await created(api, `/api/v1/${type}`, { ...body(1), contact_ids: [c1.id], tag_ids: [t1!.id] });
      const b = await created(api, `/api/v1/${type}`, { ...body(2), contact_ids: [c2.id], tag_ids: [t1!.id, t2!.id] });
      const col = type === 'deals' ? 'deal_id' : 'lead_id';
      const history = await rowsPointing(org.id, 'stage_history', col, [b.id]);
      expect(history.length, type).toBeGreaterThan(0);
      const res = await api.post('/api/v1/merge', { type, survivor_id: a.id, merged_ids: [b.id] });
      expect(res.statusCode, res.body).toBe(200);
      const links = await rowsPointing(org.id, type === 'deals' ? 'deal_contacts' : 'lead_contacts', col, [a.id]);
      expect(links.map((l) => l.contact_id).sort(), type).toEqual([c1.id, c2.id].sort());
      expect(
        links.filter((l) => l.is_primary),
        type,
      ).toHaveLength(1);
      const tags = await rowsPointing(org.id, type === 'deals' ? 'deal_tags' : 'lead_tags', col, [a.id]);
      expect(tags.map((r) => r.tag_id).sort(), type).toEqual([t1!.id, t2!.id].sort());
      // The merged record's stage history stays its own; nothing else points at it.
      expect(await rowsPointing(org.id, 'stage_history', col, [b.id]), type).toHaveLength(history.length);
      for (const table of [
        type === 'deals' ? 'deal_contacts' : 'lead_contacts',
        type === 'deals' ? 'deal_tags' : 'lead_tags',
      ])
        expect(await rowsPointing(org.id, table, col, [b.id]), table).toEqual([]);
      expect((await api.get(`/api/v1/${type}/${b.id}`)).statusCode, type).toBe(404);
    }
  });

  it('refuses bad merges with the documented errors', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const a = await created(api, '/api/v1/contacts', { first_name: 'A' });
    const b = await created(api, '/api/v1/contacts', { first_name: 'B' });
    const company = await created(api, '/api/v1/companies', { name: 'Co' });
    const other = await ownerWithOrg(t.app);
    const foreign = await created(as(t.app, other.user), '/api/v1/contacts', { first_name: 'F' });
    const merge = (body: Record<string, unknown>) =>
      api.post('/api/v1/merge', { type: 'contacts', survivor_id: a.id, ...body });

    const self = await merge({ merged_ids: [a.id] });
    expect(self.statusCode).toBe(422);
    const mixed = await merge({ merged_ids: [company.id] });
    expect([mixed.statusCode, errorOf(mixed).code]).toEqual([422, 'unprocessable']);
    const notMine = await merge({ merged_ids: [foreign.id] });
    expect([notMine.statusCode, errorOf(notMine).code]).toEqual([404, 'not_found']);
    const badField = await merge({ merged_ids: [b.id], fields: { password: b.id, email: company.id } });
    expect(badField.statusCode).toBe(400);
    expect(issuePaths(badField).sort()).toEqual(['body.fields.email', 'body.fields.password']);
    expect((await merge({ merged_ids: [] })).statusCode).toBe(400);
    const stale = await merge({ merged_ids: [b.id], versions: { [b.id]: 7 } });
    expect([stale.statusCode, errorOf(stale).code]).toEqual([412, 'precondition_failed']);
    // Nothing happened: both still live and unchanged.
    expect((await api.get(`/api/v1/contacts/${b.id}`)).json().version).toBe(1);
    expect((await as(t.app, other.user).get(`/api/v1/contacts/${foreign.id}`)).statusCode).toBe(200);
  });

  it('keeps the audit log to admins and owners; viewers cannot merge', async () => {
    const { user } = await ownerWithOrg(t.app);
    const member = await addMember(t.app, user, 'member');
    const viewer = await addMember(t.app, user, 'viewer');
    const admin = await addMember(t.app, user, 'admin');
    expect((await as(t.app, member).get('/api/v1/audit')).statusCode).toBe(403);
    expect((await as(t.app, admin).get('/api/v1/audit')).statusCode).toBe(200);
    const a = await created(as(t.app, user), '/api/v1/contacts', { first_name: 'A' });
    const b = await created(as(t.app, user), '/api/v1/contacts', { first_name: 'B' });
    const res = await as(t.app, viewer).post('/api/v1/merge', {
      type: 'contacts',
      survivor_id: a.id,
      merged_ids: [b.id],
    });
    expect(res.statusCode).toBe(403);
    const page = await as(t.app, admin).get('/api/v1/audit?action=merge&limit=1');
    expect(page.json()).toEqual({ data: [], next_cursor: null });
  });

  it("under the private rule a member cannot merge another member's record (404), only their own and unassigned ones", async () => {
    const { user } = await ownerWithOrg(t.app);
    const owner = as(t.app, user);
    expect((await owner.patch('/api/v1/org', { record_visibility: 'private' })).statusCode).toBeLessThan(300);
    const member = await addMember(t.app, user, 'member');
    const mapi = as(t.app, member);
    const own = await created(mapi, '/api/v1/contacts', { first_name: 'Mine' });
    const unassigned = await created(owner, '/api/v1/contacts', { first_name: 'Nobody', owner_id: null });
    const others = await created(owner, '/api/v1/contacts', { first_name: 'Theirs' });
    const refused = await mapi.post('/api/v1/merge', {
      type: 'contacts',
      survivor_id: own.id,
      merged_ids: [others.id],
    });
    expect(refused.statusCode).toBe(404);
    expect((await owner.get(`/api/v1/contacts/${others.id}`)).statusCode).toBe(200);
    const ok = await mapi.post('/api/v1/merge', { type: 'contacts', survivor_id: own.id, merged_ids: [unassigned.id] });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await owner.get(`/api/v1/contacts/${unassigned.id}`)).statusCode).toBe(404);
  });
});
