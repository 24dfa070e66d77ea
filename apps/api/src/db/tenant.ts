/**
 * Tenant-scoped transactions. Every request that touches tenant data runs inside one of these: the
 * transaction switches to the non-owner role `relata_app` and sets `app.org_id` / `app.user_id`
 * with `set_config(…, true)` (transaction-local), so row-level security confines it to one
 * organisation even if a query forgets its own `org_id` filter (DESIGN §4).
 */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from './client.js';

export const APP_ROLE = 'relata_app';

export interface TenantScope {
  /** Organisation whose rows are visible; null sees no tenant rows (only the user's own memberships). */
  orgId: string | null;
  /** Signed-in user; lets the user list their own memberships across organisations. */
  userId?: string | null;
}

/** Runs `fn` in one transaction as `relata_app` scoped to `scope`. Rolls back if `fn` throws. */
export function withTenant<T>(db: Db, scope: TenantScope, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('role', ${APP_ROLE}, true), set_config('app.org_id', ${scope.orgId ?? ''}, true), set_config('app.user_id', ${scope.userId ?? ''}, true)`,
    );
    return fn(tx);
  });
}

/** Re-scopes an open tenant transaction to another organisation (e.g. right after creating it). */
export async function setTenantOrg(tx: Tx, orgId: string): Promise<void> {
  await tx.execute(sql`select set_config('app.org_id', ${orgId}, true)`);
}
