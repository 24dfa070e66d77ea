import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { as, createTestApp, ownerWithOrg, type TestApp } from '../../../test/helpers.js';
import { EXPORT_BATCH } from './exports.service.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const N = 50_000;

describe('exports at volume', () => {
  it(`streams ${N.toLocaleString()} contacts in keyset batches: every row once, in sort order (CSV and XLSX)`, async () => {
    const { user, org } = await ownerWithOrg(t.app);
    // One set-based insert as the owner role (bypasses the API on purpose: this is test data volume).
    await t.database.query(
      `insert into contacts (org_id, id, first_name, last_name, email)
       select $1::uuid, gen_random_uuid(), 'Bulk', 'Person ' || g, 'bulk' || lpad(g::text, 6, '0') || '@example.com'
       from generate_series(1, ${N}) g`,
      [org.id],
    );
    expect(N).toBeGreaterThan(EXPORT_BATCH * 10); // many batches, not one
    const api = as(t.app, user);

    const res = await api.get('/api/v1/exports/contacts?sort=-email&columns=email,last_name,owner');
    expect(res.statusCode).toBe(200);
    const rows = parse(res.body, { bom: true }) as string[][];
    expect(rows[0]).toEqual(['email', 'last_name', 'owner']);
    const emails = rows.slice(1).map((r) => r[0]!);
    expect(emails.length).toBe(N);
    expect(new Set(emails).size).toBe(N);
    expect(emails[0]).toBe('bulk050000@example.com');
    expect(emails[N - 1]).toBe('bulk000001@example.com');
    expect(emails.every((e, i) => i === 0 || emails[i - 1]! > e)).toBe(true);

    const xlsx = await api.get('/api/v1/exports/contacts?format=xlsx&q=bulk&columns=email');
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.rowCount).toBe(N + 1);
  }, 300_000);
});
