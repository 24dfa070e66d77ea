/**
 * The contacts of a vCard export, read with their company names and tag names in ONE statement
 * (no N+1): live contacts of the organisation that the actor may see (modules/records `liveVisible`).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { companies, contact_tags, contacts, tags } from '../../db/schema/index.js';
import { anyId } from '../../db/sql.js';
import { notFound } from '../../lib/errors.js';
import type { Actor } from '../records/actor.js';
import { liveVisible } from '../records/list.js';
import { contactsToVcard, type VcardContact } from './vcard.serialize.js';

/**
 * The contacts `ids` (distinct) as {@link VcardContact}s, in the order of `ids`. Any id that is not
 * a live contact the actor sees (unknown, another organisation's, deleted, private to another
 * member) → 404 for the whole request, naming none of them.
 */
export async function contactsForVcard(tx: Tx, params: { actor: Actor; ids: string[] }): Promise<VcardContact[]> {
  const ids = [...new Set(params.ids.map((id) => id.toLowerCase()))];
  const tagNames = sql<string[]>`coalesce((
      select array_agg(${tags.name}::text order by ${tags.name})
        from ${contact_tags} join ${tags} on ${tags.org_id} = ${contact_tags.org_id} and ${tags.id} = ${contact_tags.tag_id}
       where ${contact_tags.org_id} = ${contacts.org_id} and ${contact_tags.record_id} = ${contacts.id}
    ), '{}'::text[])`;
  const rows = await tx
    .select({
      id: contacts.id,
      first_name: contacts.first_name,
      last_name: contacts.last_name,
      email: contacts.email,
      phone: contacts.phone,
      mobile: contacts.mobile,
      job_title: contacts.job_title,
      department: contacts.department,
      company: companies.name,
      tags: tagNames,
      updated_at: contacts.updated_at,
    })
    .from(contacts)
    .leftJoin(companies, and(eq(companies.org_id, contacts.org_id), eq(companies.id, contacts.company_id)))
    .where(and(liveVisible(contacts, params.actor), anyId(contacts.id, ids)));
  if (rows.length !== ids.length) throw notFound('One or more contacts were');
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)!);
}

/** The vCard 4.0 document of the contacts `ids` (see {@link contactsForVcard} for the 404 rule). */
export async function exportVcard(tx: Tx, params: { actor: Actor; ids: string[] }): Promise<string> {
  return contactsToVcard(await contactsForVcard(tx, params));
}
