import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/tenant.js';
import { seedDemoNotes, DEMO_NOTE_COUNT } from '../demo/demo-notes.js';
import {
  addMember,
  as,
  createTestApp,
  errorOf,
  idsOf,
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

type Api = ReturnType<typeof as>;
interface EntryRow {
  record_id: string;
  type: string;
  occurred_at: string;
  actor_id: string | null;
  event_id: string;
  data: { excerpt?: string };
}

/** The timeline entries of a note, read straight from `timeline_entries`. */
async function entriesOf(orgId: string, noteId: string): Promise<EntryRow[]> {
  return withTenant(t.database.db, { orgId }, async (tx) => {
    const res = await tx.execute(sql`select record_id, type, occurred_at, actor_id, event_id, data
      from timeline_entries where org_id = ${orgId}::uuid and note_id = ${noteId}::uuid order by record_id`);
    return (res as unknown as { rows: EntryRow[] }).rows;
  });
}

async function setup(): Promise<{ user: TestUser; org: { id: string }; api: Api }> {
  const { user, org } = await ownerWithOrg(t.app);
  return { user, org, api: as(t.app, user) };
}

/** One record of each type, created through the API by `api` (owned by its user). */
async function records(api: Api) {
  const company = (await api.post('/api/v1/companies', { name: 'Acme Corp' })).json();
  const contact = (await api.post('/api/v1/contacts', { first_name: 'Ada', last_name: 'Lovelace' })).json();
  const deal = (await api.post('/api/v1/deals', { name: 'Acme renewal', company_id: company.id })).json();
  const lead = (await api.post('/api/v1/leads', { title: 'Globex inbound' })).json();
  for (const r of [company, contact, deal, lead]) expect(r.id, JSON.stringify(r)).toBeTruthy();
  return { company, contact, deal, lead };
}

describe('notes', () => {
  it('creates a note on several records, with author, sanitised body and timeline entries', async () => {
    const { user, org, api } = await setup();
    const { company, deal } = await records(api);
    const res = await api.post('/api/v1/notes', {
      body: '<p>Call went <strong>well</strong> &amp; budget is <em>approved</em>.</p><p>Next: send the quote.</p>',
      links: [
        { type: 'deal', id: deal.id },
        { type: 'company', id: company.id },
        { type: 'deal', id: deal.id },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    const note = res.json();
    expect(note).toMatchObject({
      body: '<p>Call went <strong>well</strong> &amp; budget is <em>approved</em>.</p><p>Next: send the quote.</p>',
      pinned: false,
      links: [
        { type: 'deal', id: deal.id, name: 'Acme renewal' },
        { type: 'company', id: company.id, name: 'Acme Corp' },
      ],
      author: { id: user.id, name: user.name },
      edited_by: null,
      edited_at: null,
      version: 1,
    });
    expect(note.created_at).toBe(note.updated_at);
    expect((await api.get(`/api/v1/notes/${note.id}`)).json()).toEqual(note);

    const entries = await entriesOf(org.id, note.id);
    expect(entries.map((e) => e.record_id).sort()).toEqual([company.id, deal.id].sort());
    for (const e of entries) {
      expect(e).toMatchObject({
        type: 'note',
        actor_id: user.id,
        event_id: note.id,
        data: { excerpt: 'Call went well & budget is approved. Next: send the quote.' },
      });
      expect(new Date(e.occurred_at).toISOString()).toBe(note.created_at);
    }
  });

  it('stores hostile HTML without scripts, handlers, javascript: URLs, SVG or styles, keeping the formatting', async () => {
    const { api } = await setup();
    const { deal } = await records(api);
    const links = [{ type: 'deal', id: deal.id }];
    const cases: Array<[string, string]> = [
      ['<p>a</p><script>alert(1)</script><p>b</p>', '<p>a</p><p>b</p>'],
      ['<p>pic <img src=x onerror=alert(1)> here</p>', '<p>pic  here</p>'],
      ['<p><a href="javascript:alert(1)">click</a></p>', '<p>click</p>'],
      ['<p><a href="JaVaScRiPt:alert(1)">mixed</a></p>', '<p>mixed</p>'],
      ['<p><a href="&#106;&#97;vascript&colon;alert(1)">encoded</a></p>', '<p>encoded</p>'],
      ['<p><a href="java&#x09;script:alert(1)">tab</a></p>', '<p>tab</p>'],
      ['<p><a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a></p>', '<p>data</p>'],
      ['<svg onload=alert(1)><script>alert(2)</script><text>in svg</text></svg><p>after</p>', '<p>after</p>'],
      ['<math><mi>x</mi></math><iframe src="https://evil.example"></iframe><p>ok</p>', '<p>ok</p>'],
      ['<p style="background:url(javascript:alert(1))" class="x" onclick="alert(1)">styled</p>', '<p>styled</p>'],
      [
        '<p><a href="https://example.com/x?a=1&amp;b=2" target="_top" onmouseover="alert(1)">safe</a> <a href="mailto:a@example.com" target="_blank">mail</a> <a href="//evil.example">rel</a></p>',
        '<p><a rel="noopener noreferrer nofollow" href="https://example.com/x?a=1&amp;b=2">safe</a> <a rel="noopener noreferrer nofollow" href="mailto:a@example.com" target="_blank">mail</a> rel</p>',
      ],
      [
        '<h2>Plan</h2><ol start="2"><li><b>one</b></li><li><u>two</u></li></ol><blockquote>q</blockquote><pre><code>x &lt; y</code></pre><hr><p><s>old</s> <i>new</i><br>line</p>',
        '<h2>Plan</h2><ol start="2"><li><b>one</b></li><li><u>two</u></li></ol><blockquote>q</blockquote><pre><code>x &lt; y</code></pre><hr /><p><s>old</s> <i>new</i><br />line</p>',
      ],
    ];
    for (const [input, stored] of cases) {
      const created = await api.post('/api/v1/notes', { body: input, links });
      expect(created.statusCode, `${input} → ${created.body}`).toBe(201);
      const body = (await api.get(`/api/v1/notes/${created.json().id}`)).json().body as string;
      expect(body, input).toBe(stored);
      expect(body).not.toMatch(
        /<script|onerror|onload|onclick|onmouseover|javascript:|data:|<svg|<math|<iframe|style=/i,
      );
    }
  });

  it('refuses bad input: long or empty bodies, missing links, other organisations’ records', async () => {
    const { api } = await setup();
    const { deal, contact } = await records(api);
    const links = [{ type: 'deal', id: deal.id }];

    const long = await api.post('/api/v1/notes', { body: 'x'.repeat(10_001), links });
    expect(long.statusCode).toBe(400);
    expect(issuePaths(long)).toEqual(['body.body']);
    const max = await api.post('/api/v1/notes', { body: 'x'.repeat(10_000), links });
    expect(max.statusCode).toBe(201);

    for (const body of ['<script>alert(1)</script>', '<p> </p><br>', '<svg><text>hidden</text></svg>', '   ']) {
      const empty = await api.post('/api/v1/notes', { body, links });
      expect(empty.statusCode, body).toBe(400);
      expect(errorOf(empty).details?.issues).toEqual([
        { path: 'body.body', message: 'is empty after removing disallowed HTML' },
      ]);
    }
    expect(issuePaths(await api.post('/api/v1/notes', { body: '', links }))).toEqual(['body.body']);

    const noLinks = await api.post('/api/v1/notes', { body: 'hello' });
    expect(noLinks.statusCode).toBe(400);
    expect(issuePaths(noLinks)).toEqual(['body.links']);
    expect(issuePaths(await api.post('/api/v1/notes', { body: 'hello', links: [] }))).toEqual(['body.links']);
    const tooMany = Array.from({ length: 21 }, () => ({ type: 'deal', id: deal.id }));
    expect(issuePaths(await api.post('/api/v1/notes', { body: 'hello', links: tooMany }))).toEqual(['body.links']);
    const badType = await api.post('/api/v1/notes', { body: 'hello', links: [{ type: 'ticket', id: deal.id }] });
    expect(issuePaths(badType)).toEqual(['body.links.0.type']);
    const unknownField = await api.post('/api/v1/notes', { body: 'hello', links, author_id: deal.id });
    expect(unknownField.statusCode).toBe(400);

    const { user: stranger } = await ownerWithOrg(t.app);
    const theirs = await records(as(t.app, stranger));
    const foreign = await api.post('/api/v1/notes', {
      body: 'hello',
      links: [...links, { type: 'contact', id: theirs.contact.id }],
    });
    expect(foreign.statusCode).toBe(404);
    expect(errorOf(foreign).message).toBe('Contact not found');
    // A deal id sent as a company is no company.
    const wrongType = await api.post('/api/v1/notes', { body: 'hello', links: [{ type: 'company', id: deal.id }] });
    expect(wrongType.statusCode).toBe(404);
    expect(errorOf(wrongType).message).toBe('Company not found');
    // Another organisation's note reads as unknown, and nothing of it can be changed.
    const mine = (
      await api.post('/api/v1/notes', { body: 'mine', links: [{ type: 'contact', id: contact.id }] })
    ).json();
    const strangerApi = as(t.app, stranger);
    expect((await strangerApi.get(`/api/v1/notes/${mine.id}`)).statusCode).toBe(404);
    expect((await strangerApi.patch(`/api/v1/notes/${mine.id}`, { pinned: true })).statusCode).toBe(404);
    expect((await strangerApi.del(`/api/v1/notes/${mine.id}`)).statusCode).toBe(404);
    expect((await strangerApi.get(`/api/v1/notes?record_type=contact&record_id=${contact.id}`)).statusCode).toBe(404);
    expect((await api.get(`/api/v1/notes/${mine.id}`)).json().pinned).toBe(false);
  });

  it('edits with If-Match, keeps the edit history and moves the timeline entries with the links', async () => {
    const { user, org, api } = await setup();
    const { deal, lead, contact } = await records(api);
    const admin = await addMember(t.app, user, 'admin');
    const created = (
      await api.post('/api/v1/notes', { body: '<p>first draft</p>', links: [{ type: 'deal', id: deal.id }] })
    ).json();

    const stale = await api.patch(`/api/v1/notes/${created.id}`, { body: 'x' }, { 'if-match': '"7"' });
    expect(stale.statusCode).toBe(412);
    expect(errorOf(stale).code).toBe('precondition_failed');

    // Pinning is not an edit.
    const pinned = await api.patch(`/api/v1/notes/${created.id}`, { pinned: true }, { 'if-match': '"1"' });
    expect(pinned.statusCode, pinned.body).toBe(200);
    expect(pinned.headers.etag).toBe('"2"');
    expect(pinned.json()).toMatchObject({ pinned: true, version: 2, edited_by: null, edited_at: null });

    const edited = await as(t.app, admin).patch(
      `/api/v1/notes/${created.id}`,
      {
        body: '<p>second <a href="javascript:alert(1)">draft</a></p>',
        links: [
          { type: 'lead', id: lead.id },
          { type: 'contact', id: contact.id },
        ],
      },
      { 'if-match': '"2"' },
    );
    expect(edited.statusCode, edited.body).toBe(200);
    const note = edited.json();
    expect(note).toMatchObject({
      body: '<p>second draft</p>',
      pinned: true,
      version: 3,
      author: { id: user.id },
      edited_by: { id: admin.id, name: admin.name },
      links: [
        { type: 'lead', id: lead.id, name: 'Globex inbound' },
        { type: 'contact', id: contact.id, name: 'Ada Lovelace' },
      ],
    });
    expect(Date.parse(note.edited_at)).toBeGreaterThanOrEqual(Date.parse(created.created_at));
    expect(note.updated_at).toBe(note.edited_at);
    expect(note.created_at).toBe(created.created_at);
    const again = await api.patch(`/api/v1/notes/${created.id}`, { body: 'late' }, { 'if-match': '"2"' });
    expect(again.statusCode).toBe(412);

    const entries = await entriesOf(org.id, created.id);
    expect(entries.map((e) => e.record_id).sort()).toEqual([lead.id, contact.id].sort());
    // The entry stays at the note's creation, by its author, with the new excerpt.
    for (const e of entries) {
      expect(e).toMatchObject({ actor_id: user.id, data: { excerpt: 'second draft' } });
      expect(new Date(e.occurred_at).toISOString()).toBe(created.created_at);
    }
    // A change to nothing writes nothing.
    const same = await api.patch(`/api/v1/notes/${created.id}`, { pinned: true, body: '<p>second draft</p>' });
    expect(same.json().version).toBe(3);
  });

  it('lets the author or a manager change a note; other members get 403, viewers cannot write', async () => {
    const { user, org, api } = await setup();
    expect((await api.patch('/api/v1/org', { record_visibility: 'shared' })).statusCode).toBe(200);
    const { deal } = await records(api);
    const [member, other, manager, viewer] = [
      await addMember(t.app, user, 'member'),
      await addMember(t.app, user, 'member'),
      await addMember(t.app, user, 'manager'),
      await addMember(t.app, user, 'viewer'),
    ];
    const links = [{ type: 'deal', id: deal.id }];
    const mine = await as(t.app, member).post('/api/v1/notes', { body: 'member note', links });
    expect(mine.statusCode, mine.body).toBe(201);
    const id = mine.json().id;

    const foreign = await as(t.app, other).patch(`/api/v1/notes/${id}`, { body: 'hijack' });
    expect(foreign.statusCode).toBe(403);
    expect(errorOf(foreign).message).toBe("Only the note's author or a manager, admin or owner can edit it");
    expect((await as(t.app, other).del(`/api/v1/notes/${id}`)).statusCode).toBe(403);
    expect((await as(t.app, other).get(`/api/v1/notes/${id}`)).json().body).toBe('member note');

    expect((await as(t.app, viewer).get(`/api/v1/notes/${id}`)).statusCode).toBe(200);
    expect((await as(t.app, viewer).post('/api/v1/notes', { body: 'x', links })).statusCode).toBe(403);

    const own = await as(t.app, member).patch(`/api/v1/notes/${id}`, { body: 'member note, revised' });
    expect(own.json()).toMatchObject({ version: 2, edited_by: { id: member.id } });
    const managed = await as(t.app, manager).patch(`/api/v1/notes/${id}`, { pinned: true });
    expect(managed.statusCode).toBe(200);

    const del = await as(t.app, manager).del(`/api/v1/notes/${id}`);
    expect(del.statusCode).toBe(204);
    expect((await api.get(`/api/v1/notes/${id}`)).statusCode).toBe(404);
    expect(await entriesOf(org.id, id)).toEqual([]);
  });

  it('follows record visibility: hidden records are never shown and stay linked', async () => {
    const { user, api } = await setup();
    const member = await addMember(t.app, user, 'member');
    const memberApi = as(t.app, member);
    const hidden = (await api.post('/api/v1/deals', { name: 'Owner only' })).json();
    const open = (await api.post('/api/v1/deals', { name: 'Unassigned', owner_id: null })).json();
    const own = (await memberApi.post('/api/v1/deals', { name: 'Member deal' })).json();

    const onHidden = (
      await api.post('/api/v1/notes', { body: 'secret', links: [{ type: 'deal', id: hidden.id }] })
    ).json();
    expect((await memberApi.get(`/api/v1/notes/${onHidden.id}`)).statusCode).toBe(404);
    const list = await memberApi.get(`/api/v1/notes?record_type=deal&record_id=${hidden.id}`);
    expect(list.statusCode).toBe(404);
    expect(errorOf(list).message).toBe('Deal not found');
    const link = await memberApi.post('/api/v1/notes', { body: 'x', links: [{ type: 'deal', id: hidden.id }] });
    expect(link.statusCode).toBe(404);

    const both = (
      await api.post('/api/v1/notes', {
        body: 'both',
        links: [
          { type: 'deal', id: hidden.id },
          { type: 'deal', id: open.id },
        ],
      })
    ).json();
    const seen = (await memberApi.get(`/api/v1/notes/${both.id}`)).json();
    expect(seen.links).toEqual([{ type: 'deal', id: open.id, name: 'Unassigned' }]);
    // The owner adds a record hidden from the member; the member's new links replace only what they see.
    const mine = (
      await memberApi.post('/api/v1/notes', { body: 'mine', links: [{ type: 'deal', id: open.id }] })
    ).json();
    await api.patch(`/api/v1/notes/${mine.id}`, {
      links: [
        { type: 'deal', id: open.id },
        { type: 'deal', id: hidden.id },
      ],
    });
    const moved = await memberApi.patch(`/api/v1/notes/${mine.id}`, { links: [{ type: 'deal', id: own.id }] });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().links).toEqual([{ type: 'deal', id: own.id, name: 'Member deal' }]);
    expect((await api.get(`/api/v1/notes/${mine.id}`)).json().links.map((l: { id: string }) => l.id)).toEqual([
      hidden.id,
      own.id,
    ]);

    // Without a record only those who see everything may list.
    const all = await memberApi.get('/api/v1/notes');
    expect(all.statusCode).toBe(400);
    expect(issuePaths(all)).toEqual(['query.record_id']);
    expect(idsOf(await api.get('/api/v1/notes'))).toEqual([mine.id, both.id, onHidden.id]);
  });

  it('hides notes whose records are all in the recycle bin, until one is restored', async () => {
    const { api } = await setup();
    const deal = (await api.post('/api/v1/deals', { name: 'Soon gone' })).json();
    const note = (await api.post('/api/v1/notes', { body: 'n', links: [{ type: 'deal', id: deal.id }] })).json();
    expect((await api.del(`/api/v1/deals/${deal.id}`)).statusCode).toBe(204);
    expect((await api.get(`/api/v1/notes/${note.id}`)).statusCode).toBe(404);
    expect(idsOf(await api.get('/api/v1/notes'))).toEqual([]);
    expect((await api.post(`/api/v1/deals/${deal.id}/restore`)).statusCode).toBe(200);
    expect((await api.get(`/api/v1/notes/${note.id}`)).statusCode).toBe(200);
  });

  it('lists a record’s notes pinned first, then newest first, in keyset pages', async () => {
    const { api } = await setup();
    const { company, deal } = await records(api);
    const links = [{ type: 'company', id: company.id }];
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await api.post('/api/v1/notes', { body: `note ${i}`, links, pinned: i === 1 || i === 3 });
      ids.push(res.json().id);
    }
    await api.post('/api/v1/notes', { body: 'elsewhere', links: [{ type: 'deal', id: deal.id }] });
    const expected = [ids[3], ids[1], ids[4], ids[2], ids[0]];
    const url = `/api/v1/notes?record_type=company&record_id=${company.id}`;
    expect(idsOf(await api.get(url))).toEqual(expected);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await api.get(`${url}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.statusCode, page.body).toBe(200);
      seen.push(...idsOf(page));
      cursor = page.json().next_cursor;
    } while (cursor);
    expect(seen).toEqual(expected);

    expect(idsOf(await api.get(`${url}&pinned=true`))).toEqual([ids[3], ids[1]]);
    expect(idsOf(await api.get(`${url}&pinned=false`))).toEqual([ids[4], ids[2], ids[0]]);
    // Unpinning moves a note back among the others by its creation time.
    await api.patch(`/api/v1/notes/${ids[3]}`, { pinned: false });
    expect(idsOf(await api.get(url))).toEqual([ids[1], ids[4], ids[3], ids[2], ids[0]]);

    expect(issuePaths(await api.get(`${url}&cursor=bm9wZQ`))).toEqual(['query.cursor']);
    expect(issuePaths(await api.get(`/api/v1/notes?record_type=company`))).toEqual(['query.record_id']);
    expect(issuePaths(await api.get(`/api/v1/notes?record_id=${company.id}`))).toEqual(['query.record_type']);
    const badType = await api.get(`/api/v1/notes?record_type=ticket&record_id=${company.id}`);
    expect(badType.statusCode).toBe(400);
    expect(issuePaths(badType)).toEqual(['query.record_type']);
  });

  it('seeds deterministic demo notes with their timeline entries', async () => {
    /** A fresh organisation with the same records, seeded with demo notes; returns what was written. */
    const seeded = async () => {
      const { user, org, api } = await setup();
      const member = await addMember(t.app, user, 'member');
      await records(api);
      await api.post('/api/v1/contacts', { first_name: 'Grace', last_name: 'Hopper' });
      const users = new Map([
        ['owner', user.id],
        ['jordan', member.id],
      ]);
      const now = new Date();
      const ids = await withTenant(t.database.db, { orgId: org.id }, (tx) =>
        seedDemoNotes(tx, { orgId: org.id, now, users }),
      );
      return { user, member, org, api, now, ids };
    };
    const { user, member, org, api, now, ids } = await seeded();
    expect(ids).toHaveLength(DEMO_NOTE_COUNT);
    const summary = await withTenant(t.database.db, { orgId: org.id }, async (tx) => {
      const res = await tx.execute(sql`select
          (select count(*)::int from notes where org_id = ${org.id}::uuid) as notes,
          (select count(*)::int from notes where org_id = ${org.id}::uuid and pinned) as pinned,
          (select count(*)::int from notes where org_id = ${org.id}::uuid and edited_at is not null) as edited,
          (select count(*)::int from note_links where org_id = ${org.id}::uuid) as links,
          (select count(*)::int from timeline_entries where org_id = ${org.id}::uuid and type = 'note') as entries,
          (select count(*)::int from notes n where org_id = ${org.id}::uuid
             and (n.created_at > ${now.toISOString()}::timestamptz or n.edited_at < n.created_at)) as bad_times`);
      return (res as unknown as { rows: Array<Record<string, number>> }).rows[0]!;
    });
    expect(summary.notes).toBe(DEMO_NOTE_COUNT);
    expect(summary.pinned).toBeGreaterThan(0);
    expect(summary.edited).toBeGreaterThan(0);
    expect(summary.links).toBeGreaterThanOrEqual(DEMO_NOTE_COUNT);
    expect(summary.entries).toBe(summary.links);
    expect(summary.bad_times).toBe(0);
    const page = (await api.get('/api/v1/notes?limit=100')).json();
    expect(page.data).toHaveLength(DEMO_NOTE_COUNT);
    for (const n of page.data) expect(n.author.id === user.id || n.author.id === member.id).toBe(true);

    // Same records, same seed → the same notes (bodies, flags, link types, authors' roles).
    const shape = async (s: { org: { id: string }; ids: string[]; user: TestUser }) => {
      const byId = new Map<string, Record<string, unknown>>();
      for (const n of (await as(t.app, s.user).get('/api/v1/notes?limit=100')).json().data) byId.set(n.id, n);
      return s.ids.map((id) => {
        const n = byId.get(id) as {
          body: string;
          pinned: boolean;
          edited_at: string | null;
          links: Array<{ type: string; name: string }>;
          author: { id: string };
        };
        return [
          n.body,
          n.pinned,
          n.edited_at !== null,
          n.links.map((l) => `${l.type}:${l.name}`),
          n.author.id === s.user.id,
        ];
      });
    };
    const second = await seeded();
    expect(await shape(second)).toEqual(await shape({ org, ids, user }));
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths['/api/v1/notes']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/v1/notes/{id}']).sort()).toEqual(['delete', 'get', 'patch']);
  });
});
