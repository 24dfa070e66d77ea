/**
 * `GET|POST /api/v1/contacts/vcard`: contacts created through the API, exported, read back with
 * `vcardToTable` and compared with the API's view of them; tenancy, visibility and validation.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/tenant.js';
import type { Tx } from '../../db/client.js';
import {
  addMember,
  as,
  createApiKey,
  createTestApp,
  errorOf,
  issuePaths,
  ownerWithOrg,
  type TestApp,
} from '../../../test/helpers.js';
import { vcardToTable } from './vcard.parse.js';
import { contactsForVcard } from './vcard.service.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

interface ApiContact {
  id: string;
  first_name: string;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  mobile: string | null;
  job_title: string | null;
  department: string | null;
  company: { name: string } | null;
  tags: { name: string }[];
}

/** The row `vcardToTable` must give for a contact as the API returns it. */
const rowOf = (c: ApiContact) => [
  c.first_name,
  c.last_name ?? '',
  c.email ?? '',
  c.phone ?? '',
  c.mobile ?? '',
  c.job_title ?? '',
  c.department ?? '',
  c.company?.name ?? '',
  c.tags.map((tag) => tag.name).join('; '),
  c.id,
];

const exportUrl = (ids: string[]) => `/api/v1/contacts/vcard?ids=${ids.join(',')}`;

describe('vCard export', () => {
  it('exports contacts created through the API as vCard 4.0 that reads back to the same contacts', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const company = (await api.post('/api/v1/companies', { name: 'Société Générale; Paris, Nord' })).json();
    const vip = (await api.post('/api/v1/tags', { name: 'VIP' })).json();
    const press = (await api.post('/api/v1/tags', { name: 'Press' })).json();
    const created: ApiContact[] = [];
    for (const body of [
      {
        first_name: 'Zoë',
        last_name: 'Ñúñez-O’Brien',
        email: 'zoe@example.com',
        phone: '(415) 555-2671',
        mobile: '+44 7911 123456',
        job_title: 'Head of R&D, EMEA; interim\nsecond line',
        department: 'Research, Development',
        company_id: company.id,
        tag_ids: [vip.id, press.id],
      },
      { first_name: '山田', last_name: '太郎', job_title: 'x'.repeat(150) },
      { first_name: 'Solo' },
    ]) {
      const res = await api.post('/api/v1/contacts', body);
      expect(res.statusCode, res.body).toBe(201);
      created.push(res.json());
    }
    const order = [created[2]!, created[0]!, created[1]!];
    const res = await api.get(exportUrl(order.map((c) => c.id)));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/vcard; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="contacts.vcf"');
    expect(res.body.match(/^VERSION:4\.0\r$/gm)).toHaveLength(3);
    for (const line of res.body.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(res.body).toContain(`TEL;VALUE=uri;TYPE=work:tel:+14155552671\r\n`);
    expect(res.body).toContain(`UID:urn:uuid:${created[0]!.id}\r\n`);

    const table = vcardToTable(res.body);
    expect(table.warnings).toEqual([]);
    expect(table.rows).toEqual(order.map(rowOf));
    expect(table.rows[1]!.slice(0, 8)).toEqual([
      'Zoë',
      'Ñúñez-O’Brien',
      'zoe@example.com',
      '+14155552671',
      '+447911123456',
      'Head of R&D, EMEA; interim\nsecond line',
      'Research, Development',
      'Société Générale; Paris, Nord',
    ]);

    // The same through POST with a JSON body, repeats ignored; the order of the ids is kept.
    const posted = await api.post('/api/v1/contacts/vcard', { ids: [created[1]!.id, created[1]!.id, created[0]!.id] });
    expect(posted.statusCode).toBe(200);
    expect(vcardToTable(posted.body).rows).toEqual([rowOf(created[1]!), rowOf(created[0]!)]);
  });

  it("answers 404 naming none of the ids for other organisations', deleted, unknown or invisible contacts", async () => {
    const { user: owner } = await ownerWithOrg(t.app);
    const { user: stranger } = await ownerWithOrg(t.app);
    const api = as(t.app, owner);
    const mine = (await api.post('/api/v1/contacts', { first_name: 'Mine' })).json();
    const gone = (await api.post('/api/v1/contacts', { first_name: 'Gone' })).json();
    expect((await api.del(`/api/v1/contacts/${gone.id}`)).statusCode).toBe(204);
    const theirs = (await as(t.app, stranger).post('/api/v1/contacts', { first_name: 'Theirs' })).json();
    for (const ids of [[theirs.id], [mine.id, theirs.id], [mine.id, gone.id], [randomUUID()]]) {
      const res = await api.get(exportUrl(ids));
      expect(res.statusCode, ids.join()).toBe(404);
      expect(errorOf(res).code).toBe('not_found');
      for (const id of ids) expect(res.body).not.toContain(id);
      expect((await api.post('/api/v1/contacts/vcard', { ids })).statusCode).toBe(404);
    }
    expect((await api.get(exportUrl([mine.id]))).statusCode).toBe(200);

    // Private rule (the default): a member exports their own and unassigned contacts only.
    const member = await addMember(t.app, owner, 'member');
    const open = (await api.post('/api/v1/contacts', { first_name: 'Open', owner_id: null })).json();
    const own = (await as(t.app, member).post('/api/v1/contacts', { first_name: 'Own' })).json();
    expect((await as(t.app, member).get(exportUrl([own.id, open.id]))).statusCode).toBe(200);
    expect((await as(t.app, member).get(exportUrl([own.id, mine.id]))).statusCode).toBe(404);
    // Viewers may export; an API key needs only the read scope, also for the POST form.
    const viewer = await addMember(t.app, owner, 'viewer');
    expect((await as(t.app, viewer).get(exportUrl([mine.id]))).statusCode).toBe(200);
    expect((await as(t.app, viewer).post('/api/v1/contacts/vcard', { ids: [mine.id] })).statusCode).toBe(200);
    const key = await createApiKey(t.app, owner, ['read']);
    const byKey = await t.app.inject({
      method: 'POST',
      url: '/api/v1/contacts/vcard',
      headers: { authorization: `Bearer ${key.key}` },
      payload: { ids: [mine.id] },
    });
    expect(byKey.statusCode).toBe(200);
    expect(vcardToTable(byKey.body).rows[0]![0]).toBe('Mine');
  });

  it('refuses malformed id lists with 400 and the field path', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const tooMany = Array.from({ length: 1001 }, () => randomUUID());
    for (const url of [
      '/api/v1/contacts/vcard?ids=not-a-uuid',
      `/api/v1/contacts/vcard?ids=${randomUUID()},,${randomUUID()}`,
      '/api/v1/contacts/vcard?ids=',
      '/api/v1/contacts/vcard',
      exportUrl(tooMany),
    ]) {
      const res = await api.get(url);
      expect(res.statusCode, url.slice(0, 80)).toBe(400);
      expect(issuePaths(res)).toEqual(['query.ids']);
    }
    expect(errorOf(await api.get('/api/v1/contacts/vcard?ids=nope')).message).toContain('"nope"');
    const bad = await api.post('/api/v1/contacts/vcard', { ids: [randomUUID(), 'nope'] });
    expect(bad.statusCode).toBe(400);
    expect(issuePaths(bad)).toEqual(['body.ids.1']);
    for (const ids of [[], tooMany]) {
      const res = await api.post('/api/v1/contacts/vcard', { ids });
      expect(res.statusCode).toBe(400);
      expect(issuePaths(res)).toEqual(['body.ids']);
    }
  });

  it('reads the contacts with company names and tags in one statement', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const company = (await api.post('/api/v1/companies', { name: 'Acme' })).json();
    const tag = (await api.post('/api/v1/tags', { name: 'T' })).json();
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const body = { first_name: `C${i}`, company_id: company.id, tag_ids: [tag.id] };
      ids.push((await api.post('/api/v1/contacts', body)).json().id);
    }
    const calls: string[] = [];
    const rows = await withTenant(t.database.db, { orgId: org.id }, async (tx) => {
      const counting = new Proxy(tx, {
        get(target, prop) {
          if (prop === 'select' || prop === 'execute' || prop === 'query') calls.push(String(prop));
          const v = Reflect.get(target, prop, target) as unknown;
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
      }) as Tx;
      const actor = {
        orgId: org.id,
        userId: user.id,
        membershipId: randomUUID(),
        role: 'owner',
        visibility: 'private',
        region: 'US',
      } as const;
      return contactsForVcard(counting, { actor, ids });
    });
    expect(calls).toEqual(['select']);
    expect(rows.map((r) => [r.id, r.company, r.tags])).toEqual(ids.map((id) => [id, 'Acme', ['T']]));
  });
});
