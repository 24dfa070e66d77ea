import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  as,
  createTestApp,
  errorOf,
  idsOf,
  issuePaths,
  ownerWithOrg,
  type TestApp,
} from '../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const ids = idsOf; // short name for the many list assertions below

describe('contacts', () => {
  it('validates email and phones with the organisation region, and keeps emails unique (409 with the id)', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const ok = await api.post('/api/v1/contacts', {
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: ' Ada@Example.COM ',
      phone: '415 555 2671',
      mobile: '+44 7911 123456',
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: '+14155552671',
      mobile: '+447911123456',
      is_primary: false,
      owner: { name: user.name },
    });
    const dup = await api.post('/api/v1/contacts', { first_name: 'Other', email: 'ADA@example.com' });
    expect(dup.statusCode).toBe(409);
    expect(errorOf(dup).details).toMatchObject({ existing_id: ok.json().id, issues: [{ path: 'body.email' }] });

    for (const [payload, path] of [
      [{ first_name: 'X', email: 'not-an-email' }, 'body.email'],
      [{ first_name: 'X', phone: '030 1234567' }, 'body.phone'],
      [{ first_name: 'X', mobile: '555' }, 'body.mobile'],
      [{ first_name: '' }, 'body.first_name'],
      [{ first_name: 'X', unknown_field: 1 }, 'body.unknown_field'],
    ] as const) {
      const res = await api.post('/api/v1/contacts', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(issuePaths(res)).toContain(path);
    }
    // A Berlin number without country code is invalid in the US but valid once the org region is DE.
    expect((await api.patch('/api/v1/org', { default_region: 'de' })).json().default_region).toBe('DE');
    const de = await api.post('/api/v1/contacts', { first_name: 'Berlin', phone: '030 1234567' });
    expect(de.statusCode).toBe(201);
    expect(de.json().phone).toBe('+49301234567');
    expect((await api.get('/api/v1/contacts/count')).json().total).toBe(2);
  });

  it('makes one contact primary per company, unsetting the previous one', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const co = (await api.post('/api/v1/companies', { name: 'Acme' })).json();
    const a = (await api.post('/api/v1/contacts', { first_name: 'A', company_id: co.id, is_primary: true })).json();
    const b = (await api.post('/api/v1/contacts', { first_name: 'B', company_id: co.id })).json();
    expect(a.is_primary).toBe(true);
    expect(b).toMatchObject({ is_primary: false, company: { id: co.id, name: 'Acme' } });
    const made = await api.patch(`/api/v1/contacts/${b.id}`, { is_primary: true });
    expect(made.json().is_primary).toBe(true);
    expect((await api.get(`/api/v1/contacts/${a.id}`)).json().is_primary).toBe(false);
    expect(ids(await api.get(`/api/v1/contacts?company_id=${co.id}&is_primary=true`))).toEqual([b.id]);
    expect((await api.get(`/api/v1/companies/${co.id}`)).json().contact_count).toBe(2);
    const lonely = await api.post('/api/v1/contacts', { first_name: 'C', is_primary: true });
    expect(lonely.statusCode).toBe(422);
  });

  it('opts out of email with a time, and filters by has email / phone / opted out', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const a = (await api.post('/api/v1/contacts', { first_name: 'A', email: 'a@x.io', email_opt_out: true })).json();
    const b = (await api.post('/api/v1/contacts', { first_name: 'B', phone: '+1 212 555 0187' })).json();
    expect(a.unsubscribed_at).not.toBeNull();
    expect(ids(await api.get('/api/v1/contacts?opted_out=true'))).toEqual([a.id]);
    expect(ids(await api.get('/api/v1/contacts?has_email=false'))).toEqual([b.id]);
    expect(ids(await api.get('/api/v1/contacts?has_phone=true'))).toEqual([b.id]);
    expect(ids(await api.get('/api/v1/contacts?q=(212) 555-01'))).toEqual([b.id]);
    // `q` folds case and accents on both sides (search_key), and `%` / `_` are literal.
    const c = (await api.post('/api/v1/contacts', { first_name: 'José', last_name: 'Müller_100%' })).json();
    expect(ids(await api.get('/api/v1/contacts?q=jose mull'))).toEqual([c.id]);
    expect(ids(await api.get(`/api/v1/contacts?q=${encodeURIComponent('JOSÉ MÜLLER_100%')}`))).toEqual([c.id]);
    expect(ids(await api.get('/api/v1/contacts?q=muller_1'))).toEqual([c.id]);
    expect(ids(await api.get('/api/v1/contacts?q=mullerx1'))).toEqual([]);
    expect(ids(await api.get(`/api/v1/contacts?q=${encodeURIComponent('0%')}`))).toEqual([c.id]);
    expect(ids(await api.get(`/api/v1/contacts?q=${encodeURIComponent('1%0')}`))).toEqual([]);
    const back = await api.patch(`/api/v1/contacts/${a.id}`, { email_opt_out: false });
    expect(back.json()).toMatchObject({ email_opt_out: false, unsubscribed_at: null });
  });

  it('pages with keyset cursors in a stable order; counts the same filter separately', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    for (let i = 0; i < 7; i++)
      await api.post('/api/v1/contacts', { first_name: `P${i}`, last_name: i % 2 ? null : 'Z' });
    const seen: string[] = [];
    let url = '/api/v1/contacts?limit=3&sort=last_name';
    expect((await api.get('/api/v1/contacts/count?has_email=false')).json()).toEqual({ total: 7, total_capped: false });
    for (;;) {
      const page = (await api.get(url)).json();
      seen.push(...page.data.map((c: { first_name: string }) => c.first_name));
      if (!page.next_cursor) break;
      url = `/api/v1/contacts?limit=3&sort=last_name&cursor=${page.next_cursor}`;
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect(seen.slice(0, 4).sort()).toEqual(['P0', 'P2', 'P4', 'P6']);
    const bad = await api.get('/api/v1/contacts?cursor=garbage');
    expect(bad.statusCode).toBe(400);
    expect(issuePaths(bad)).toEqual(['query.cursor']);
  });

  it('under the private rule members see and edit only their own and unassigned contacts (404 otherwise)', async () => {
    const { user: owner } = await ownerWithOrg(t.app);
    const m1 = await addMember(t.app, owner, 'member');
    const m2 = await addMember(t.app, owner, 'member');
    const manager = await addMember(t.app, owner, 'manager');
    const mine = (await as(t.app, m1).post('/api/v1/contacts', { first_name: 'Mine' })).json();
    const open = (await as(t.app, owner).post('/api/v1/contacts', { first_name: 'Open', owner_id: null })).json();
    expect(mine.owner_id).toBe(m1.membershipId);
    const other = as(t.app, m2);
    expect((await other.get(`/api/v1/contacts/${mine.id}`)).statusCode).toBe(404);
    expect((await other.patch(`/api/v1/contacts/${mine.id}`, { first_name: 'Hacked' })).statusCode).toBe(404);
    expect((await other.del(`/api/v1/contacts/${mine.id}`)).statusCode).toBe(404);
    expect(ids(await other.get('/api/v1/contacts'))).toEqual([open.id]);
    expect((await other.patch(`/api/v1/contacts/${open.id}`, { job_title: 'CEO' })).statusCode).toBe(200);
    expect(ids(await as(t.app, manager).get('/api/v1/contacts?sort=name'))).toEqual([mine.id, open.id]);
    expect((await as(t.app, m1).get(`/api/v1/contacts/${mine.id}`)).json().first_name).toBe('Mine');

    const shared = await as(t.app, owner).patch('/api/v1/org', { record_visibility: 'shared' });
    expect(shared.json().record_visibility).toBe('shared');
    expect((await other.get(`/api/v1/contacts/${mine.id}`)).statusCode).toBe(200);
    const managerSwitch = await as(t.app, manager).patch('/api/v1/org', { record_visibility: 'private' });
    expect(managerSwitch.statusCode).toBe(403);

    // Removing a member leaves their records unassigned (ON DELETE SET NULL (owner_id)).
    expect((await as(t.app, owner).del(`/api/v1/members/${m1.membershipId}`)).statusCode).toBe(204);
    expect((await as(t.app, owner).get(`/api/v1/contacts/${mine.id}`)).json()).toMatchObject({
      owner_id: null,
      owner: null,
    });
  });

  it('runs bulk actions in one call with per-id results, on ids or on the current filter', async () => {
    const { user } = await ownerWithOrg(t.app);
    const rep = await addMember(t.app, user, 'member');
    const { user: stranger } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const tag = (await api.post('/api/v1/tags', { name: 'VIP' })).json();
    const cs = [];
    for (const n of ['A', 'B', 'C']) cs.push((await api.post('/api/v1/contacts', { first_name: n })).json());
    const foreign = (await as(t.app, stranger).post('/api/v1/contacts', { first_name: 'F' })).json();

    const tagged = await api.post('/api/v1/contacts/bulk', {
      action: 'add_tags',
      ids: [cs[0].id, cs[1].id, foreign.id],
      tag_ids: [tag.id],
    });
    expect(tagged.statusCode).toBe(200);
    expect(tagged.json()).toMatchObject({
      succeeded: 2,
      failed: 1,
      results: [
        { id: cs[0].id, ok: true },
        { id: cs[1].id, ok: true },
        { id: foreign.id, ok: false, error: { code: 'not_found' } },
      ],
    });
    expect(ids(await api.get(`/api/v1/contacts?tag_id=${tag.id}&sort=name`))).toEqual([cs[0].id, cs[1].id]);

    const assigned = await api.post('/api/v1/contacts/bulk', {
      action: 'assign_owner',
      filter: { tag_id: tag.id },
      owner_id: rep.membershipId,
    });
    expect(assigned.json()).toMatchObject({ succeeded: 2, failed: 0 });
    expect(ids(await api.get(`/api/v1/contacts?owner_id=${rep.membershipId}&sort=name`))).toEqual([cs[0].id, cs[1].id]);

    // A bad tag id refuses the whole call: nothing half-written.
    const bad = await api.post('/api/v1/contacts/bulk', {
      action: 'remove_tags',
      ids: [cs[0].id],
      tag_ids: [foreign.id],
    });
    expect(bad.statusCode).toBe(400);
    expect(issuePaths(bad)).toEqual(['body.tag_ids.0']);
    const both = await api.post('/api/v1/contacts/bulk', { action: 'delete', ids: [cs[0].id], filter: {} });
    expect(both.statusCode).toBe(400);

    const del = await api.post('/api/v1/contacts/bulk', { action: 'delete', ids: [cs[0].id, cs[2].id] });
    expect(del.json()).toMatchObject({ succeeded: 2 });
    expect(ids(await api.get('/api/v1/contacts'))).toEqual([cs[1].id]);
    const restore = await api.post('/api/v1/contacts/bulk', { action: 'restore', filter: { q: 'a' } });
    expect(restore.json()).toMatchObject({ succeeded: 1, results: [{ id: cs[0].id, ok: true }] });
    const removed = await api.post('/api/v1/contacts/bulk', {
      action: 'remove_tags',
      ids: [cs[0].id],
      tag_ids: [tag.id],
    });
    expect(removed.json().succeeded).toBe(1);
    expect((await api.get(`/api/v1/contacts/${cs[0].id}`)).json().tags).toEqual([]);
  });

  it('restores from the recycle bin unless the email was taken meanwhile', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const a = (await api.post('/api/v1/contacts', { first_name: 'A', email: 'same@x.io' })).json();
    await api.del(`/api/v1/contacts/${a.id}`);
    expect((await api.get('/api/v1/contacts/deleted')).json().data.map((c: { id: string }) => c.id)).toEqual([a.id]);
    const b = (await api.post('/api/v1/contacts', { first_name: 'B', email: 'same@x.io' })).json();
    const refused = await api.post(`/api/v1/contacts/${a.id}/restore`);
    expect(refused.statusCode).toBe(409);
    expect(errorOf(refused).details?.existing_id).toBe(b.id);
    await api.patch(`/api/v1/contacts/${b.id}`, { email: 'other@x.io' });
    expect((await api.post(`/api/v1/contacts/${a.id}/restore`)).statusCode).toBe(200);
  });
});
