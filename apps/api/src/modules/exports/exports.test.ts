import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { EXPORT_COLUMNS } from '@relata/shared';
import { addMember, as, createTestApp, issuePaths, ownerWithOrg, type TestApp } from '../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

type Api = ReturnType<typeof as>;

/** GETs an export and parses it as CSV (BOM stripped): header row first. */
async function csvOf(api: Api, url: string) {
  const res = await api.get(url);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(res.body.startsWith('\ufeff')).toBe(true);
  return parse(res.body, { bom: true, relax_column_count: false }) as string[][];
}

/** The rows of a CSV export as objects keyed by header. */
const objectsOf = (rows: string[][]) =>
  rows.slice(1).map((r) => Object.fromEntries(rows[0]!.map((h, i) => [h, r[i]!])) as Record<string, string>);

async function customField(api: Api, entity: string, key: string, type: string, options: string[] = []) {
  const res = await api.post('/api/v1/custom-fields', { entity, key, label: key, type, options });
  expect(res.statusCode, res.body).toBe(201);
}

describe('exports', () => {
  it('exports contacts as CSV with import keys, relations by name/email, custom fields and guarded formulas', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    await customField(api, 'contact', 'nickname', 'text');
    await customField(api, 'contact', 'size', 'number');
    await customField(api, 'contact', 'budget', 'money');
    await customField(api, 'contact', 'interests', 'multi_select', ['golf', 'chess']);
    await customField(api, 'contact', 'since', 'date');
    await customField(api, 'contact', 'vip', 'boolean');
    await customField(api, 'contact', 'memo', 'long_text');
    const company = (await api.post('/api/v1/companies', { name: 'Acme, "Ltd"', domain: 'acme.example' })).json();
    const tagA = (await api.post('/api/v1/tags', { name: 'VIP' })).json();
    const tagB = (await api.post('/api/v1/tags', { name: 'Zürich' })).json();
    const made = await api.post('/api/v1/contacts', {
      first_name: 'Zoë',
      last_name: 'Ñúñez-李',
      email: 'zoe@example.com',
      phone: '+1 415 555 2671',
      job_title: '@SUM(1+1)',
      department: '=HYPERLINK("http://evil.example")',
      source: '-minus',
      company_id: company.id,
      email_opt_out: true,
      tag_ids: [tagA.id, tagB.id],
      custom_fields: {
        nickname: '+cmd|calc',
        size: -5,
        budget: { amount: 123456, currency: 'EUR' },
        interests: ['golf', 'chess'],
        since: '2021-04-15',
        vip: true,
        memo: 'line one, "quoted"\nline two',
      },
    });
    expect(made.statusCode, made.body).toBe(201);
    const tabbed = await api.post('/api/v1/contacts', {
      first_name: 'Tab',
      custom_fields: { memo: '\tTAB', nickname: '-5' },
    });
    expect(tabbed.statusCode, tabbed.body).toBe(201);

    const res = await api.get('/api/v1/exports/contacts?sort=name');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers['x-request-id']).toBeTruthy();
    const rows = await csvOf(api, '/api/v1/exports/contacts?sort=name');
    const fixed = EXPORT_COLUMNS.contacts.filter((k) => k !== 'updated_at');
    expect(rows[0]).toEqual([
      ...fixed,
      'cf.nickname',
      'cf.size',
      'cf.budget',
      'cf.interests',
      'cf.since',
      'cf.vip',
      'cf.memo',
    ]);
    const [tab, zoe] = objectsOf(rows);
    expect(zoe).toMatchObject({
      first_name: 'Zoë',
      last_name: 'Ñúñez-李',
      email: 'zoe@example.com',
      phone: '+14155552671', // numeric data: not prefixed
      job_title: "'@SUM(1+1)",
      department: `'=HYPERLINK("http://evil.example")`,
      source: "'-minus",
      company: 'Acme, "Ltd"',
      company_domain: 'acme.example',
      email_opt_out: 'true',
      is_primary: 'false',
      owner: user.email,
      tags: 'VIP; Zürich',
      'cf.nickname': "'+cmd|calc",
      'cf.size': '-5', // a number column: never prefixed
      'cf.budget': '1234.56 EUR',
      'cf.interests': 'golf; chess',
      'cf.since': '2021-04-15',
      'cf.vip': 'true',
      'cf.memo': 'line one, "quoted"\nline two',
      unsubscribed_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    });
    expect(zoe!.created_at).toBe(made.json().created_at);
    expect(tab).toMatchObject({ first_name: 'Tab', 'cf.memo': "'\tTAB", 'cf.nickname': '-5', company: '', tags: '' });
  });

  it('honours columns (aliases, order) and answers 400/404 for bad input', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    await api.post('/api/v1/contacts', { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' });
    const rows = await csvOf(api, '/api/v1/exports/contacts?columns=email,name,updated_at,email');
    expect(rows[0]).toEqual(['email', 'first_name', 'last_name', 'updated_at']);
    expect(rows[1]!.slice(0, 3)).toEqual(['ada@example.com', 'Ada', 'Lovelace']);
    for (const [url, path] of [
      ['/api/v1/exports/contacts?columns=email,bogus', 'query.columns'],
      ['/api/v1/exports/contacts?columns=cf.nope', 'query.columns'],
      ['/api/v1/exports/contacts?sort=bogus', 'query.sort'],
      ['/api/v1/exports/contacts?format=pdf', 'query.format'],
      ['/api/v1/exports/contacts?colour=red', 'query.colour'],
      ['/api/v1/exports/contacts?cf.nope=1', 'query.cf.nope'],
      ['/api/v1/exports/deals?amount_min=abc', 'query.amount_min'],
    ] as const) {
      const res = await api.get(url);
      expect(res.statusCode, url).toBe(400);
      expect(issuePaths(res), url).toContain(path);
    }
    expect((await api.get('/api/v1/exports/activities')).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/exports/contacts' })).statusCode).toBe(401);
  });

  it('exports the same records in the same order as the list, over several list pages', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    await customField(api, 'contact', 'score', 'number');
    const tag = (await api.post('/api/v1/tags', { name: 'Hot' })).json();
    for (let i = 0; i < 23; i++) {
      const res = await api.post('/api/v1/contacts', {
        first_name: `P${String(i % 7)}`,
        last_name: i % 4 === 0 ? null : `L${String(i % 5)}`,
        email: `p${i}@example.com`,
        tag_ids: i % 3 === 0 ? [] : [tag.id],
        custom_fields: i % 2 ? { score: i % 6 } : {},
      });
      expect(res.statusCode).toBe(201);
    }
    for (const query of [`tag_id=${tag.id}&sort=-last_name`, 'sort=cf.score', 'sort=name&q=p1', '']) {
      const listed: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { data: Array<{ email: string }>; next_cursor: string | null } = (
          await api.get(`/api/v1/contacts?${query}&limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
        ).json();
        listed.push(...page.data.map((c) => c.email));
        cursor = page.next_cursor;
      } while (cursor);
      expect(listed.length, query).toBeGreaterThan(4);
      const exported = (await csvOf(api, `/api/v1/exports/contacts?${query}&columns=email`)).slice(1).map((r) => r[0]);
      expect(exported, query).toEqual(listed);
    }
  });

  it('exports only what a member may see under the private rule', async () => {
    const { user: owner } = await ownerWithOrg(t.app);
    const api = as(t.app, owner);
    expect((await api.patch('/api/v1/org', { record_visibility: 'private' })).statusCode).toBe(200);
    const member = await addMember(t.app, owner, 'member');
    const mine = as(t.app, member);
    await api.post('/api/v1/contacts', { first_name: 'Owners', email: 'owners@example.com' });
    await api.post('/api/v1/contacts', { first_name: 'Nobody', email: 'nobody@example.com', owner_id: null });
    await mine.post('/api/v1/contacts', { first_name: 'Members', email: 'members@example.com' });
    const seen = async (who: Api) =>
      (await csvOf(who, '/api/v1/exports/contacts?columns=email,owner&sort=email')).slice(1);
    expect(await seen(mine)).toEqual([
      ['members@example.com', member.email],
      ['nobody@example.com', ''],
    ]);
    expect((await seen(api)).map((r) => r[0])).toEqual([
      'members@example.com',
      'nobody@example.com',
      'owners@example.com',
    ]);
  });

  it('writes money exactly in major units with the currency (JPY 0, EUR 2, KWD 3 digits), CSV and XLSX', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const company = (await api.post('/api/v1/companies', { name: 'Globex', domain: 'globex.example' })).json();
    const person = (await api.post('/api/v1/contacts', { first_name: 'Pat', email: 'pat@example.com' })).json();
    const amounts = [
      ['Yen', 1234, 'JPY', '1234'],
      ['Dinar', 1234, 'KWD', '1.234'],
      ['Euro', 123456, 'EUR', '1234.56'],
      ['Cents', 5, 'USD', '0.05'],
      ['Huge', 9007199254740991, 'USD', '90071992547409.91'],
    ] as const;
    for (const [name, amount, currency] of amounts) {
      const res = await api.post('/api/v1/deals', {
        name,
        amount: { amount, currency },
        company_id: company.id,
        contact_ids: [person.id],
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const url = '/api/v1/exports/deals?sort=name&columns=name,amount,company,company_domain,contact_email,stage,owner';
    const rows = await csvOf(api, url);
    const header = [
      'name',
      'amount',
      'currency',
      'company',
      'company_domain',
      'contact_email',
      'pipeline',
      'stage',
      'owner',
    ];
    expect(rows[0]).toEqual(header);
    const byName = new Map(objectsOf(rows).map((r) => [r.name, r]));
    for (const [name, , currency, text] of amounts) {
      expect(byName.get(name)).toMatchObject({
        amount: text,
        currency,
        company: 'Globex',
        company_domain: 'globex.example',
        contact_email: 'pat@example.com',
        owner: user.email,
      });
      expect(byName.get(name)!.stage).not.toBe('');
      expect(byName.get(name)!.pipeline).not.toBe('');
    }

    const xlsx = await api.get(`${url}&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers['content-disposition']).toMatch(/filename="deals-.*\.xlsx"/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.rowCount).toBe(amounts.length + 1);
    const values = (i: number) => (sheet.getRow(i).values as unknown[]).slice(1);
    expect(values(1)).toEqual(header);
    const cells = new Map([2, 3, 4, 5, 6].map((i) => [values(i)[0], values(i)]));
    expect(cells.get('Yen')!.slice(1, 3)).toEqual([1234, 'JPY']);
    expect(cells.get('Dinar')!.slice(1, 3)).toEqual([1.234, 'KWD']);
    expect(cells.get('Euro')!.slice(1, 3)).toEqual([1234.56, 'EUR']);
    expect(cells.get('Cents')!.slice(1, 3)).toEqual([0.05, 'USD']);
    // Beyond a double's exact digits the decimal is kept as exact text.
    expect(cells.get('Huge')!.slice(1, 3)).toEqual(['90071992547409.91', 'USD']);
  });

  it('exports XLSX with typed cells and the same formula guard', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    await customField(api, 'contact', 'size', 'number');
    await api.post('/api/v1/contacts', {
      first_name: '=1+2',
      last_name: 'Ünïcode, "q"\nx',
      phone: '+44 7911 123456',
      do_not_call: true,
      custom_fields: { size: -5 },
    });
    const res = await api.get(
      '/api/v1/exports/contacts?format=xlsx&columns=first_name,last_name,phone,do_not_call,cf.size,created_at',
    );
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const row = (wb.worksheets[0]!.getRow(2).values as unknown[]).slice(1);
    expect(row.slice(0, 5)).toEqual(["'=1+2", 'Ünïcode, "q"\nx', '+447911123456', true, -5]);
    expect(row[5]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });
});
