/**
 * Demo duplicates (issue 6): a few likely duplicate contacts and companies, so the Duplicates page of
 * a fresh demo organisation has groups to review and merge. Deterministic: each is derived from the
 * first demo records (in demo-records.ts order) and written through the records' own services, so
 * search keys, timelines and primary-contact rules are as for any record.
 *  - contacts: the first two contacts at a company with a phone get a second record each — one with
 *    the same email plus a `+events` tag (email key + similar name), one with
 *    the same number as mobile and no email (phone + similar name);
 *  - companies: the first two companies get a second record "<name> Inc." with the same site as a
 *    `https://www.` website and no domain (domain key + similar name).
 */
import type { Tx } from '../../db/client.js';
import { createCompany } from '../companies/companies.service.js';
import { createContact } from '../contacts/contacts.service.js';
import type { Actor } from '../records/actor.js';
import type { DemoRecords } from './demo-records.js';

/** Creates the demo duplicates (see the module comment); returns how many records it wrote. */
export async function seedDemoDuplicates(tx: Tx, params: { actor: Actor; records: DemoRecords }): Promise<number> {
  const { actor, records } = params;
  let written = 0;
  const withPhone = records.contacts.filter((c) => c.companyId && c.phone && c.email.includes('@')).slice(0, 2);
  for (const [n, c] of withPhone.entries()) {
    const [first, ...rest] = c.name.split(' ');
    const base = { first_name: first!, last_name: rest.join(' ') || null, company_id: c.companyId };
    if (n === 0) {
      const [local, domain] = c.email.split('@') as [string, string];
      const email = `${local}+events@${domain}`;
      await createContact(tx, { actor, body: { ...base, email, source: 'demo' } });
    } else {
      await createContact(tx, { actor, body: { ...base, mobile: c.phone, source: 'demo' } });
    }
    written++;
  }
  for (const co of records.companies.slice(0, 2)) {
    await createCompany(tx, { actor, body: { name: `${co.name} Inc.`, website: `https://www.${co.domain}/` } });
    written++;
  }
  return written;
}
