/**
 * vCard files through the import pipeline (issue 6 "Import .vcf … into contacts, with ORG →
 * company"): the upload is recognised as vCard, every column maps to itself, and a run creates the
 * contacts with their companies; a re-run upserts by email without duplicates.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/tenant.js';
import { defineJob } from '../../plugins/jobs.js';
import { testdata } from '../../../test/testdata.js';
import { as, createTestApp, ownerWithOrg, type TestApp } from '../../../test/helpers.js';
import { IMPORT_JOB, processImportJob } from './imports.jobs.js';
import type { ImportJobPayload } from './imports.runner.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ jobs: [defineJob({ name: IMPORT_JOB, handler: async () => {} })] });
});
afterAll(async () => t.close());

const VCARDS = testdata('vcard', 'ez-vcard');

async function runLastJob(importId: string) {
  const res = await t.database.db.execute(sql`select data from pgboss.job where name = ${IMPORT_JOB}
    and data->>'importId' = ${importId} order by created_on desc limit 1`);
  const [job] = (res as unknown as { rows: { data: ImportJobPayload }[] }).rows;
  expect(job).toBeDefined();
  await processImportJob(t.database.db, job!.data);
}

describe('vCard import', () => {
  it('imports an iPhone card (ORG → company) and a Gmail list, and re-imports without duplicates', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const iphone = await readFile(path.join(VCARDS, 'John_Doe_IPHONE.vcf'));
    const gmail = await readFile(path.join(VCARDS, 'gmail-list.vcf'));
    const file = Buffer.concat([iphone, Buffer.from('\r\n'), gmail]);

    const importFile = async () => {
      const up = await t.app.inject({
        method: 'POST',
        url: '/api/v1/imports?entity=contacts&file_name=contacts.vcf',
        headers: { cookie: user.cookie, 'content-type': 'text/vcard' },
        payload: file,
      });
      expect(up.statusCode, up.body).toBe(201);
      const imp = up.json();
      expect(imp.file).toMatchObject({ format: 'vcf', row_count: 4 });
      // Every vCard column is one of our own target keys, so all map to themselves.
      for (const [i, header] of (imp.file.headers as string[]).entries()) expect(imp.mapping[String(i)]).toBe(header);
      const patched = await api.patch(`/api/v1/imports/${imp.id}`, {
        options: { upsert_key: 'email', create_missing_companies: true },
      });
      expect(patched.statusCode, patched.body).toBe(200);
      expect((await api.post(`/api/v1/imports/${imp.id}/run`)).statusCode).toBe(202);
      await runLastJob(imp.id);
      return (await api.get(`/api/v1/imports/${imp.id}`)).json();
    };

    const first = await importFile();
    expect(first.status).toBe('completed');
    expect(first.progress).toMatchObject({ rows_total: 4, created: 4, failed: 0 });
    const people = await withTenant(t.database.db, { orgId: org.id }, async (tx) => {
      const res = await tx.execute(sql`select c.first_name, c.last_name, c.email, c.job_title, c.department,
          co.name as company from contacts c left join companies co on co.id = c.company_id order by c.email`);
      return (res as unknown as { rows: Record<string, string | null>[] }).rows;
    });
    expect(people).toEqual([
      {
        first_name: 'Arnold',
        last_name: 'Smith',
        email: 'asmithk@gmail.com',
        job_title: null,
        department: null,
        company: null,
      },
      {
        first_name: 'Chris',
        last_name: 'Beatle',
        email: 'chrisy55d@yahoo.com',
        job_title: null,
        department: null,
        company: null,
      },
      {
        first_name: 'Doug',
        last_name: 'White',
        email: 'dwhite@gmail.com',
        job_title: null,
        department: null,
        company: null,
      },
      {
        first_name: 'John',
        last_name: 'Doe',
        email: 'john.doe@ibm.com',
        job_title: 'Money Counter',
        department: 'Accounting',
        company: 'IBM',
      },
    ]);

    const second = await importFile();
    expect(second.progress).toMatchObject({ created: 0, failed: 0 });
    expect((await api.get('/api/v1/contacts/count')).json().total).toBe(4);
    expect((await api.get('/api/v1/companies/count')).json().total).toBe(1);
  });
});
