import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchQuery, SearchResult } from '@relata/shared';
import {
  addMember,
  as,
  createTestApp,
  errorOf,
  issuePaths,
  ownerWithOrg,
  planNodes,
  planOfLastStatement,
  type PlanNode,
  type TestApp,
} from '../../../test/helpers.js';
import type { Actor } from '../records/actor.js';
import { search as runSearch, TYPO_HITS_MAX } from './search.service.js';

let t: TestApp;
let api: ReturnType<typeof as>;
let ownerUserId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const { user } = await ownerWithOrg(t.app);
  api = as(t.app, user);
  ownerUserId = user.id;
  const post = async (url: string, body: unknown) => {
    const res = await api.post(url, body);
    if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json().id as string;
  };
  ids.acme = await post('/api/v1/companies', {
    name: 'Acme Corporation',
    domain: 'acme.example',
    tax_id: 'DE811907980',
  });
  ids.john = await post('/api/v1/contacts', {
    first_name: 'John',
    last_name: 'Smith',
    email: 'john.smith@acme.example',
    phone: '+14155550101',
    company_id: ids.acme,
  });
  ids.johnny = await post('/api/v1/contacts', {
    first_name: 'Johnny',
    last_name: 'Smithers',
    email: 'johnny@acme.example',
  });
  ids.jose = await post('/api/v1/contacts', { first_name: 'José', last_name: 'Núñez' });
  ids.josef = await post('/api/v1/contacts', { first_name: 'Jose', last_name: 'Alvarez' });
  ids.deal = await post('/api/v1/deals', { name: 'Quarterly widget renewal', company_id: ids.acme });
  ids.lead = await post('/api/v1/leads', { title: 'Inbound from Globex', email: 'buyer@globex.example' });
  ids.note = await post('/api/v1/notes', {
    body: '<p>Discussed the <strong>zeppelin</strong> expansion &amp; pricing</p>',
    links: [{ type: 'company', id: ids.acme }],
  });
  ids.activity = await post('/api/v1/activities', {
    type: 'call',
    subject: 'Kickoff with procurement',
    links: [{ type: 'deal', id: ids.deal }],
  });
  ids.gone = await post('/api/v1/contacts', { first_name: 'Vanishing', last_name: 'Person' });
  expect((await api.del(`/api/v1/contacts/${ids.gone}`)).statusCode).toBe(204);
});
afterAll(async () => t.close());

/** Searches as `who` (default the owner), asserts 200 and the contract's exact shape. */
async function search(qs: string, who = api): Promise<SearchResult> {
  const res = await who.get(`/api/v1/search?${qs}`);
  expect(res.statusCode, res.body).toBe(200);
  return SearchResult.parse(res.json());
}
const group = (r: SearchResult, type: string) => r.groups.find((g) => g.type === type)!;
const hitIds = (r: SearchResult, type: string) => group(r, type).hits.map((h) => h.id);
const marked = (h: { snippet: string; highlights: Array<{ start: number; end: number }> }) =>
  h.highlights.map((x) => h.snippet.slice(x.start, x.end));

describe('GET /api/v1/search', () => {
  it('finds a contact by a misspelled name ("Jonh Smiht") and highlights the words', async () => {
    const r = await search('q=' + encodeURIComponent('Jonh Smiht'));
    expect(hitIds(r, 'contact')[0]).toBe(ids.john);
    const hit = group(r, 'contact').hits[0]!;
    expect(hit.field).toBe('name');
    expect(hit.snippet).toBe('John Smith');
    expect(marked(hit)).toEqual(['John', 'Smith']);
  });

  it('matches by prefix ("acm" → Acme) with the prefix highlighted', async () => {
    const r = await search('q=acm&types=company');
    expect(r.groups.map((g) => g.type)).toEqual(['company']);
    const hit = group(r, 'company').hits[0]!;
    expect(hit.id).toBe(ids.acme);
    expect(marked(hit)).toEqual(['Acm']);
  });

  it('folds accents both ways ("Jose" finds José, "José" finds Jose)', async () => {
    for (const q of ['Jose', 'José', 'nunez']) {
      const found = hitIds(await search('q=' + encodeURIComponent(q)), 'contact');
      expect(found, q).toContain(ids.jose);
      if (q !== 'nunez') expect(found, q).toContain(ids.josef);
    }
    const hit = group(await search('q=nunez'), 'contact').hits[0]!;
    expect(marked(hit)).toEqual(['Núñez']);
  });

  it('ranks an exact e-mail hit first and marks it exact', async () => {
    const r = await search('q=' + encodeURIComponent('johnny@acme.example'));
    const hits = group(r, 'contact').hits;
    expect(hits[0]).toMatchObject({ id: ids.johnny, exact: true, field: 'email', snippet: 'johnny@acme.example' });
    expect(hits.slice(1).every((h) => !h.exact)).toBe(true);
  });

  it('finds a phone in any format of its E.164 number', async () => {
    for (const q of ['(415) 555-0101', '+1 415 555 0101', '4155550101', '555-0101']) {
      const hit = group(await search('q=' + encodeURIComponent(q)), 'contact').hits[0];
      expect(hit?.id, q).toBe(ids.john);
      expect(hit?.field, q).toBe('phone');
      expect(hit!.highlights.length, q).toBe(1);
    }
    expect(group(await search('q=' + encodeURIComponent('(415) 555-0101')), 'contact').hits[0]!.exact).toBe(true);
  });

  it('finds a company by domain (exact, first) and by tax id', async () => {
    const byDomain = group(await search('q=acme.example&types=company'), 'company').hits[0]!;
    expect(byDomain).toMatchObject({ id: ids.acme, exact: true, field: 'domain' });
    const byTax = group(await search('q=DE811907980'), 'company').hits[0]!;
    expect(byTax).toMatchObject({ id: ids.acme, field: 'tax_id', snippet: 'DE811907980' });
  });

  it('finds note text, activity subjects and deal names, with where they open', async () => {
    const note = group(await search('q=zeppelin'), 'note').hits[0]!;
    expect(note).toMatchObject({ id: ids.note, field: 'body', record: { type: 'company', id: ids.acme } });
    expect(note.snippet).toBe('Discussed the zeppelin expansion & pricing');
    expect(marked(note)).toEqual(['zeppelin']);
    const activity = group(await search('q=procurment'), 'activity').hits[0]!;
    expect(activity).toMatchObject({ id: ids.activity, title: 'Kickoff with procurement', record: { id: ids.deal } });
    expect(hitIds(await search('q=widget%20renew'), 'deal')).toEqual([ids.deal]);
    expect(hitIds(await search('q=globex'), 'lead')).toEqual([ids.lead]);
  });

  it('counts facets by type and owner, and filters by a facet', async () => {
    const r = await search('q=acme');
    const types = Object.fromEntries(r.facets.types.map((f) => [f.type, f.count]));
    expect(types.company).toBe(1);
    expect(types.contact).toBe(2);
    expect(r.facets.owners.reduce((n, o) => n + o.count, 0) + r.facets.unassigned).toBeGreaterThanOrEqual(3);
    const stageOnly = await search(`q=widget&stage_id=${(await api.get(`/api/v1/deals/${ids.deal}`)).json().stage_id}`);
    expect(stageOnly.groups.map((g) => g.type)).toEqual(['lead', 'deal']);
    expect(hitIds(stageOnly, 'deal')).toEqual([ids.deal]);
  });

  it('adds typo matches only when no record of a searched type contains the words, at most TYPO_HITS_MAX', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const boss = as(t.app, user);
    const insert = (first: string, n: number) =>
      t.database.query(
        `insert into contacts (org_id, id, first_name, last_name)
           select $1, gen_random_uuid(), $2, 'Number' || g from generate_series(1, $3::int) g`,
        [org.id, first, n],
      );
    await insert('Marlow', 1); // a typo match of "marlowe", not containing it
    const none = await search('q=marlowe&types=contact&limit=50', boss);
    expect(group(none, 'contact').hits.map((h) => h.title)).toEqual(['Marlow Number1']);
    await insert('Marlowe', 3);
    const some = await search('q=marlowe&types=contact&limit=50', boss);
    expect(group(some, 'contact').count).toBe(3);
    expect(group(some, 'contact').hits.every((h) => h.title.startsWith('Marlowe '))).toBe(true);
    // Two words: the records containing both.
    const two = await search(`q=${encodeURIComponent('marlowe number2')}&types=contact&limit=50`, boss);
    expect(group(two, 'contact').hits.map((h) => h.title)).toEqual(['Marlowe Number2']);
    // Over every searched type: a company containing the word keeps the contacts' typos out.
    await insert('Zanzibr', 1);
    expect(group(await search('q=zanzibar&types=contact,company', boss), 'contact').count).toBe(1);
    expect((await boss.post('/api/v1/companies', { name: 'Zanzibar Trading' })).statusCode).toBe(201);
    const both = await search('q=zanzibar&types=contact,company', boss);
    expect([group(both, 'company').count, group(both, 'contact').count]).toEqual([1, 0]);
    // At most TYPO_HITS_MAX typo matches.
    await insert('Quixot', TYPO_HITS_MAX + 5);
    expect(group(await search('q=quixote&types=contact&limit=50', boss), 'contact').count).toBe(TYPO_HITS_MAX);
  });

  it('leaves out soft-deleted records', async () => {
    expect(group(await search('q=vanishing'), 'contact').count).toBe(0);
  });

  it('never shows another organisation its data', async () => {
    const other = await ownerWithOrg(t.app);
    const r = await search('q=acme', as(t.app, other.user));
    expect(r.groups.every((g) => g.count === 0 && g.hits.length === 0)).toBe(true);
    expect(r.facets.owners).toEqual([]);
  });

  it('under the private rule a member neither sees nor counts records they may not see', async () => {
    const { user } = await ownerWithOrg(t.app);
    const boss = as(t.app, user);
    expect((await boss.patch('/api/v1/org', { record_visibility: 'private' })).statusCode).toBe(200);
    const member = await addMember(t.app, user, 'member');
    const mine = (
      await boss.post('/api/v1/contacts', { first_name: 'Quentin', last_name: 'Mine', owner_id: member.membershipId })
    ).json();
    const hidden = (await boss.post('/api/v1/contacts', { first_name: 'Quentin', last_name: 'Hidden' })).json();
    const company = (await boss.post('/api/v1/companies', { name: 'Quentin Hidden Ltd' })).json();
    await boss.post('/api/v1/notes', { body: 'Quentin private note', links: [{ type: 'company', id: company.id }] });
    const asMember = await search('q=quentin', as(t.app, member));
    expect(hitIds(asMember, 'contact')).toEqual([mine.id]);
    expect(group(asMember, 'contact').count).toBe(1);
    expect(group(asMember, 'company').count).toBe(0);
    expect(group(asMember, 'note').count).toBe(0);
    expect(asMember.facets.owners).toEqual([expect.objectContaining({ id: member.membershipId, count: 1 })]);
    const asOwner = await search('q=quentin', boss);
    expect(hitIds(asOwner, 'contact').sort()).toEqual([mine.id, hidden.id].sort());
    expect(group(asOwner, 'note').count).toBe(1);
  });

  it('answers 400 for an empty, blank or too long q and bad types or limit', async () => {
    for (const qs of ['', 'q=', 'q=%20%20', `q=${'x'.repeat(201)}`]) {
      const res = await api.get(`/api/v1/search?${qs}`);
      expect(res.statusCode, qs).toBe(400);
      expect(issuePaths(res), qs).toEqual(['query.q']);
    }
    expect(issuePaths(await api.get('/api/v1/search?q=a&types=contact,planet'))).toEqual(['query.types']);
    expect(issuePaths(await api.get('/api/v1/search?q=a&limit=51'))).toEqual(['query.limit']);
    expect(errorOf(await api.get('/api/v1/search?q=a&stage_id=nope')).code).toBe('validation_error');
    expect((await search(`q=${encodeURIComponent("  '; drop table contacts; -- %_\\ ")}`)).q).toBe(
      "'; drop table contacts; -- %_\\",
    );
  });

  it('uses the trigram and exact-key indexes under row-level security (PostgreSQL plan)', async () => {
    if (t.database.kind === 'pglite') return; // EXPLAIN of the PostgreSQL run only (see helpers.ts)
    // An organisation big enough, with statistics, for the planner to weigh the indexes as in use.
    const { org } = await ownerWithOrg(t.app);
    const orgId = org.id;
    await t.database.query(
      `insert into contacts (org_id, id, first_name, last_name, email, phone)
         select $1, gen_random_uuid(), 'First' || g, 'Last' || g, 'u' || g || '@bulk.example', '+1415555' || lpad(g::text, 5, '0')
           from generate_series(1, 30000) g`,
      [orgId],
    );
    await t.database.query(
      `insert into companies (org_id, id, name, domain) select $1, gen_random_uuid(), 'Company ' || g, 'c' || g || '.example'
         from generate_series(1, 30000) g`,
      [orgId],
    );
    // VACUUM as well as ANALYZE: the steady state autovacuum keeps. Rows just inserted sit in the GIN
    // indexes' pending lists, which every GIN scan reads whole and the planner charges for (30,000
    // rows: the typo arm's trigram scan costed 1,812 before VACUUM, 96 after), so right after the
    // insert an org-wide scan can look cheaper than the index at this size.
    await t.database.query('vacuum analyze contacts, companies');
    // A member under the private rule: visibility conditions must not push the search off its index.
    const actor: Actor = {
      orgId: org.id,
      userId: ownerUserId,
      membershipId: '00000000-0000-7000-8000-000000000000',
      role: 'member',
      visibility: 'private',
      region: 'US',
    };
    const planOf = async (q: string) => {
      const nodes = planNodes(
        await planOfLastStatement(t.database, orgId, (tx) => runSearch(tx, { actor, query: SearchQuery.parse({ q }) })),
      ) as Array<PlanNode & { 'Index Cond'?: string; 'Relation Name'?: string }>;
      // Sequential scans are off in the plan: one shows only where no index serves a condition.
      expect(
        nodes.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name']),
        q,
      ).toEqual([]);
      return nodes;
    };
    const conds = (nodes: Array<PlanNode & { 'Index Cond'?: string }>, index: string) =>
      nodes.filter((n) => n['Index Name'] === index).map((n) => n['Index Cond'] ?? '');
    // Two words: the substring arm asks for both as LIKE, the typo arm (run when few contain them)
    // for both as `%>`.
    const words = await planOf('jonh smiht');
    for (const table of ['contacts', 'companies']) {
      const index = `${table}_search_key_trgm_idx`;
      expect(conds(words, index).sort(), index).toEqual([
        expect.stringMatching(/search_key %> .*search_key %> /),
        expect.stringMatching(/search_key ~~ '%jonh%'.*search_key ~~ '%smiht%'/),
      ]);
    }
    const phone = await planOf('(415) 555-0101');
    expect(conds(phone, 'contacts_search_key_trgm_idx')).toEqual([expect.stringContaining('search_key ~~')]);
    expect(conds(phone, 'contacts_live_phone_idx')).toEqual([expect.stringContaining('phone =')]);
    expect(conds(phone, 'contacts_live_mobile_idx')).toEqual([expect.stringContaining('mobile =')]);
    const email = await planOf('john.smith@acme.example');
    expect(conds(email, 'contacts_live_email_key')).toEqual([expect.stringContaining('email =')]);
    const domain = await planOf('acme.example');
    expect(conds(domain, 'companies_live_domain_key')).toEqual([expect.stringContaining('domain =')]);
    // One word of 3+ letters: the substring arm asks the trigram index for LIKE alone (the similarity
    // is a filter there, so the scan reads only the keys containing the word).
    const prefix = await planOf('last1234');
    expect(conds(prefix, 'contacts_search_key_trgm_idx')).toContainEqual("(search_key ~~ '%last1234%'::text)");
  });
});
