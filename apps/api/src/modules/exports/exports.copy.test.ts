/**
 * The contacts CSV written by PostgreSQL's COPY (exports.copy.ts) is the file the batch reader writes:
 * the same records, order and cells. A money custom field has no SQL form in the COPY path, so the same
 * export with `cf.budget` appended is read in batches — the comparison is between the two paths on the
 * same data (on PGlite both read batches).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { EXPORT_COLUMNS } from '@relata/shared';
import { addMember, as, createTestApp, ownerWithOrg, type TestApp } from '../../../test/helpers.js';
import { crlfRecords, inlineParams, literal, pgClientOf } from './exports.copy.js';
import { sql } from 'drizzle-orm';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('contacts CSV through COPY', () => {
  it('writes the same file as the batch reader: cells, quoting, guard, order', async () => {
    const { user } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const rep = await addMember(t.app, user, 'member');
    for (const [key, type, options] of [
      ['nickname', 'text', []],
      ['size', 'number', []],
      ['interests', 'multi_select', ['golf', 'chess', 'go']],
      ['since', 'date', []],
      ['vip', 'boolean', []],
      ['memo', 'long_text', []],
      ['budget', 'money', []],
    ] as const) {
      const res = await api.post('/api/v1/custom-fields', { entity: 'contact', key, label: key, type, options });
      expect(res.statusCode, res.body).toBe(201);
    }
    const company = (await api.post('/api/v1/companies', { name: 'Acme, "Ltd"', domain: 'acme.example' })).json();
    const tags = [];
    for (const name of ['VIP', 'Zürich', '=evil']) tags.push((await api.post('/api/v1/tags', { name })).json().id);
    const hostile = [
      '@SUM(1+1)',
      '=HYPERLINK("x")',
      '-minus',
      '+1, -2',
      '\tTAB',
      'a,b',
      'q"uote',
      'line\nbreak',
      '\\.',
      '',
    ];
    for (let i = 0; i < 24; i++) {
      const res = await api.post('/api/v1/contacts', {
        first_name: `Zoë ${i}`,
        last_name: i % 3 ? `Ñúñez-李 ${hostile[i % hostile.length]}` : null,
        email: i % 4 ? `p${i}@example.com` : null,
        phone: i % 2 ? '+1 415 555 2671' : null,
        job_title: hostile[(i + 3) % hostile.length],
        department: i % 5 ? null : 'Sales',
        company_id: i % 2 ? company.id : null,
        owner_id: i % 3 === 0 ? rep.membershipId : undefined,
        email_opt_out: i % 2 === 0,
        tag_ids: tags.slice(0, i % 4),
        custom_fields: {
          nickname: hostile[i % hostile.length] || null,
          size: i % 2 ? -i * 1.5 : null,
          interests: i % 3 ? ['chess', 'golf'].slice(0, i % 3) : null,
          since: i % 2 ? '2021-04-15' : null,
          vip: i % 3 === 1 ? true : i % 3 === 2 ? false : null,
          memo: i % 4 ? `memo ${i}, "quoted"\nsecond line` : null,
          budget: i % 2 ? { amount: 123456 + i, currency: 'EUR' } : null,
        },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const columns = [
      ...EXPORT_COLUMNS.contacts,
      'cf.nickname',
      'cf.size',
      'cf.interests',
      'cf.since',
      'cf.vip',
      'cf.memo',
    ].join(',');
    for (const sort of ['-updated_at', 'name', '-email']) {
      const viaCopy = await api.get(`/api/v1/exports/contacts?sort=${sort}&columns=${encodeURIComponent(columns)}`);
      const viaBatches = await api.get(
        `/api/v1/exports/contacts?sort=${sort}&columns=${encodeURIComponent(`${columns},cf.budget`)}`,
      );
      expect(viaCopy.statusCode, viaCopy.body.slice(0, 300)).toBe(200);
      expect(viaBatches.statusCode).toBe(200);
      const a = parse(viaCopy.body, { bom: true }) as string[][];
      const b = (parse(viaBatches.body, { bom: true }) as string[][]).map((r) => r.slice(0, -1));
      expect(a.length).toBe(25);
      expect(a).toEqual(b);
      // RFC 4180 line ends; line breaks inside quoted values are kept as they were.
      expect(viaCopy.body.endsWith('\r\n')).toBe(true);
      expect(viaCopy.body.split('\r\n').length - 1).toBe(25);
    }
    const objects = (
      parse((await api.get(`/api/v1/exports/contacts?columns=${encodeURIComponent(columns)}`)).body, {
        bom: true,
        columns: true,
      }) as Array<Record<string, string>>
    ).map((r) => r['cf.nickname']);
    expect(objects).toContain("'@SUM(1+1)");
    expect(objects).toContain('+1, -2'); // numeric data: not prefixed
  });

  it('uses the transaction connection on PostgreSQL only', async () => {
    const client = await t.database.db.transaction(async (tx) => pgClientOf(tx as never));
    expect(client !== null).toBe(t.database.kind === 'postgres');
  });
});

describe('COPY helpers', () => {
  it('writes parameters as literals PostgreSQL reads back as the same values', async () => {
    const values: unknown[] = ["it's", 'back\\slash', '', 'Zürich "q"', 42, -1.5, true, null, ['a"b', 'c\\d', "e'f"]];
    const query = sql`select ${sql.join(
      values.map((v, i) => sql`${Array.isArray(v) ? sql`${sql.param(v)}::text[]` : sql`${v}`} as ${sql.raw(`v${i}`)}`),
      sql`, `,
    )}`;
    const text = inlineParams(query);
    expect(text).not.toMatch(/\$\d/);
    const rows = await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local standard_conforming_strings = on`);
      return (await tx.execute(sql.raw(text))) as unknown as { rows: Array<Record<string, unknown>> };
    });
    const got = Object.values(rows.rows[0]!).map((v) => (typeof v === 'string' && /^-?\d/.test(v) ? Number(v) : v));
    expect(got).toEqual(["it's", 'back\\slash', '', 'Zürich "q"', 42, -1.5, true, null, ['a"b', 'c\\d', "e'f"]]);
    expect(() => literal(Number.NaN)).toThrow();
    expect(() => literal('nul\u0000')).toThrow();
  });

  it('turns LF into CRLF outside quoted fields only, across chunks', () => {
    const lines = crlfRecords();
    const out = Buffer.concat(
      ['a,"x\n', 'y""z"\nb,c', '\n"', '\n"\n'].map((s) => lines.convert(Buffer.from(s))),
    ).toString();
    expect(out).toBe('a,"x\ny""z"\r\nb,c\r\n"\n"\r\n');
    expect(lines.records).toBe(3);
  });
});
