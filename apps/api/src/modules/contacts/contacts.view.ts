/** Contact rows as the API returns them, decorated with owner, company and tags. */
import type { Contact } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import type { contacts } from '../../db/schema/index.js';
import { purgeAt } from '../records/lifecycle.js';
import { companyRefs, ownerRefs, refOf } from '../records/refs.js';
import { tagsOfRecords } from '../tags/tags.service.js';

export type ContactRow = typeof contacts.$inferSelect;

/** Maps rows to the `Contact` contract with one query per kind of related data for the whole page. */
export async function toContacts(tx: Tx, orgId: string, rows: ContactRow[]): Promise<Contact[]> {
  const owners = await ownerRefs(tx, { orgId, ids: rows.map((r) => r.owner_id) });
  const companies = await companyRefs(tx, { orgId, ids: rows.map((r) => r.company_id) });
  const tags = await tagsOfRecords(tx, { orgId, entity: 'contact', recordIds: rows.map((r) => r.id) });
  return rows.map((r) => ({
    id: r.id,
    first_name: r.first_name,
    last_name: r.last_name,
    name: r.full_name ?? r.first_name,
    email: r.email,
    phone: r.phone,
    mobile: r.mobile,
    job_title: r.job_title,
    department: r.department,
    company: refOf(companies, r.company_id),
    is_primary: r.is_primary,
    do_not_call: r.do_not_call,
    email_opt_out: r.email_opt_out,
    sms_opt_out: r.sms_opt_out,
    unsubscribed_at: r.unsubscribed_at,
    source: r.source,
    owner_id: r.owner_id,
    owner: refOf(owners, r.owner_id),
    tags: tags.get(r.id) ?? [],
    custom_fields: r.custom_fields,
    created_at: r.created_at,
    updated_at: r.updated_at,
    deleted_at: r.deleted_at,
    purge_at: purgeAt(r.deleted_at),
    version: r.version,
  }));
}
