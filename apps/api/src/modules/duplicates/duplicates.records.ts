/**
 * The records of a page of duplicate groups, read at once: their identifying values, owner and
 * company names, and every mergeable field (the merge dialog shows them side by side).
 */
import { sql } from 'drizzle-orm';
import type { DuplicateRecord, DuplicateType } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { fieldsOf, fieldValue } from '../merge/merge.fields.js';
import { companyRefs, ownerRefs, refOf } from '../records/refs.js';

type Row = Record<string, unknown> & {
  id: string;
  owner_id: string | null;
  created_at: string | Date;
  updated_at: string | Date;
  version: number;
};

/** `{ id → record }` for `ids` (live or not: the caller picked them from live evidence). */
export async function duplicateRecords(
  tx: Tx,
  params: { orgId: string; type: DuplicateType; ids: string[] },
): Promise<Map<string, DuplicateRecord>> {
  const out = new Map<string, DuplicateRecord>();
  if (!params.ids.length) return out;
  const table = sql.raw(params.type);
  const rows = await queryRows<Row>(
    tx,
    sql`select * from ${table} where org_id = ${params.orgId}::uuid and id = any(${sql.param(params.ids)}::uuid[])`,
  );
  const owners = await ownerRefs(tx, { orgId: params.orgId, ids: rows.map((r) => r.owner_id) });
  const companyIds = rows.flatMap((r) => [
    (r.company_id as string | null) ?? null,
    (r.parent_id as string | null) ?? null,
  ]);
  const companies = await companyRefs(tx, { orgId: params.orgId, ids: companyIds });
  const fields = fieldsOf(params.type, rows);
  for (const r of rows) {
    const contact = params.type === 'contacts';
    out.set(r.id, {
      id: r.id,
      name: String(contact ? r.full_name : r.name),
      email: contact ? ((r.email as string | null) ?? null) : null,
      phone: ((contact ? (r.phone ?? r.mobile) : r.phone) as string | null) ?? null,
      domain: contact ? null : ((r.domain as string | null) ?? (r.website as string | null) ?? null),
      company: contact ? refOf(companies, (r.company_id as string | null) ?? null) : null,
      owner: refOf(owners, r.owner_id),
      fields: Object.fromEntries(fields.map((f) => [f, fieldValue(params.type, r, f)])),
      created_at: new Date(r.created_at),
      updated_at: new Date(r.updated_at),
      version: r.version,
    });
  }
  return out;
}
