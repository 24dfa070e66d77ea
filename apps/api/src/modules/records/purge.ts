/**
 * The daily purge, organisation by organisation: hard-deletes records deleted more than 30 days ago
 * (the recycle bin), the notes left without any linked record by that, and expired idempotency keys.
 */
import { sql } from 'drizzle-orm';
import type { CustomFieldEntity } from '@relata/shared';
import type { Db } from '../../db/client.js';
import { organizations } from '../../db/schema/index.js';
import { queryRows } from '../../db/sql.js';
import { withTenant } from '../../db/tenant.js';
import { purgeIdempotencyKeys } from '../../plugins/idempotency.js';
import { purgeExpired } from './lifecycle.js';

/** Rows deleted by one purge run: records per type, orphaned notes, expired idempotency keys. */
export type PurgeTotals = Record<CustomFieldEntity, number> & { notes: number; idempotency_keys: number };

/**
 * Runs as the request role inside each organisation's tenant scope (RLS applies, as for requests).
 * Deals, leads and contacts go before companies so records pointing at a purged company are purged
 * in the same run (links from live records are set null by their foreign keys; stage history, tag,
 * contact, activity and note links and timeline entries cascade). A note needs at least one linked
 * record (it is visible only through them): one whose last record was purged is deleted too.
 * Activities stay — they still belong to their assignee. Returns the rows deleted.
 */
export async function purgeRecycleBins(db: Db): Promise<PurgeTotals> {
  const totals: PurgeTotals = { company: 0, contact: 0, lead: 0, deal: 0, notes: 0, idempotency_keys: 0 };
  const orgs = await db.select({ id: organizations.id }).from(organizations);
  const order: CustomFieldEntity[] = ['deal', 'lead', 'contact', 'company'];
  for (const org of orgs) {
    await withTenant(db, { orgId: org.id }, async (tx) => {
      for (const entity of order) totals[entity] += await purgeExpired(tx, { orgId: org.id, entity });
      const orphans = await queryRows(
        tx,
        sql`delete from notes n where n.org_id = ${org.id}::uuid
              and not exists (select 1 from note_links l where l.org_id = n.org_id and l.note_id = n.id)
            returning n.id`,
      );
      totals.notes += orphans.length;
      totals.idempotency_keys += await purgeIdempotencyKeys(tx, org.id);
    });
  }
  return totals;
}
