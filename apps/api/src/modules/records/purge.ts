/** The recycle-bin purge: hard-deletes records deleted more than 30 days ago, organisation by organisation. */
import type { CustomFieldEntity } from '@relata/shared';
import type { Db } from '../../db/client.js';
import { organizations } from '../../db/schema/index.js';
import { withTenant } from '../../db/tenant.js';
import { purgeExpired } from './lifecycle.js';

/**
 * Runs as the request role inside each organisation's tenant scope (RLS applies, as for requests).
 * Deals, leads and contacts go before companies so records pointing at a purged company are purged
 * in the same run (links from live records are set null by their foreign keys; stage history, tag
 * and contact links cascade). Returns the number of purged records per record type.
 */
export async function purgeRecycleBins(db: Db): Promise<Record<CustomFieldEntity, number>> {
  const totals: Record<CustomFieldEntity, number> = { company: 0, contact: 0, lead: 0, deal: 0 };
  const orgs = await db.select({ id: organizations.id }).from(organizations);
  const order: CustomFieldEntity[] = ['deal', 'lead', 'contact', 'company'];
  for (const org of orgs) {
    await withTenant(db, { orgId: org.id }, async (tx) => {
      for (const entity of order) totals[entity] += await purgeExpired(tx, { orgId: org.id, entity });
    });
  }
  return totals;
}
