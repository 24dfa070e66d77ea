/**
 * Demo audit log (issue 6): the entry of the demo seed itself, by the owner, so the audit table has
 * rows in every demo organisation (the isolation and RLS tests check every tenant table) and the
 * admin's audit view is not empty on a first start. One insert through `recordAudit`.
 */
import type { Tx } from '../../db/client.js';
import { recordAudit } from '../audit/audit.service.js';

/** Writes the demo's audit entries; `members` maps demo.service's member keys to membership ids. */
export async function seedDemoAudit(
  tx: Tx,
  params: { orgId: string; members: Map<string, string>; now: Date },
): Promise<void> {
  const owner = params.members.get('owner');
  await recordAudit(tx, {
    orgId: params.orgId,
    actor: owner ? { membershipId: owner } : null,
    action: 'demo.seed',
    recordType: null,
    recordId: null,
    before: null,
    after: null,
    details: { note: 'Demo organisation created with sample records' },
    at: params.now,
  });
}
