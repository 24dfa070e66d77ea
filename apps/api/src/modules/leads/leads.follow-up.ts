/**
 * A lead's `next_follow_up_at` follows its work (issue 5: "A lead's next_follow_up_at follows its
 * earliest open task or meeting automatically"). Called by the activities module after every write
 * that touches lead links, in the same transaction.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';

/**
 * Sets `next_follow_up_at` of each lead in `leadIds` (of `orgId`) to the earliest `due_at` (UTC) of
 * its open (planned / in_progress) activities of type task or meeting, or null when it has none.
 * One UPDATE for all the leads; rows whose value is already right are not written. Unknown ids are
 * ignored. The column is derived here, so the lead's `version` and `updated_at` stay as they are.
 */
export async function syncLeadFollowUp(tx: Tx, params: { orgId: string; leadIds: string[] }): Promise<void> {
  const ids = [...new Set(params.leadIds)];
  if (!ids.length) return;
  await tx.execute(sql`
    update leads l set next_follow_up_at = s.next
    from (
      select x.id, (
        select min(a.due_at)
        from activity_links al
        join activities a on a.org_id = al.org_id and a.id = al.activity_id
        where al.org_id = x.org_id and al.lead_id = x.id
          and a.status in ('planned', 'in_progress') and a.type in ('task', 'meeting')
      ) as next
      from leads x
      where x.org_id = ${params.orgId}::uuid and x.id = any(${`{${ids.join(',')}}`}::uuid[])
    ) s
    where l.org_id = ${params.orgId}::uuid and l.id = s.id and l.next_follow_up_at is distinct from s.next`);
}
