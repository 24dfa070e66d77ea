/** Names of the records and members a page of records points at, fetched once per page (no N+1). */
import { and, eq } from 'drizzle-orm';
import type { RecordRef } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { companies, memberships, users } from '../../db/schema/index.js';
import { anyId } from '../../db/sql.js';

const uniq = (ids: Array<string | null>) => [...new Set(ids.filter((i): i is string => i !== null))];

/** `{ id: membership id, name: user name }` of each owner. */
export async function ownerRefs(tx: Tx, params: { orgId: string; ids: Array<string | null> }) {
  const ids = uniq(params.ids);
  const out = new Map<string, RecordRef>();
  if (!ids.length) return out;
  const rows = await tx
    .select({ id: memberships.id, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.user_id))
    .where(and(eq(memberships.org_id, params.orgId), anyId(memberships.id, ids)));
  for (const r of rows) out.set(r.id, r);
  return out;
}

/** `{ id, name }` of each company (live or in the recycle bin). */
export async function companyRefs(tx: Tx, params: { orgId: string; ids: Array<string | null> }) {
  const ids = uniq(params.ids);
  const out = new Map<string, RecordRef>();
  if (!ids.length) return out;
  const rows = await tx
    .select({ id: companies.id, name: companies.name })
    .from(companies)
    .where(and(eq(companies.org_id, params.orgId), anyId(companies.id, ids)));
  for (const r of rows) out.set(r.id, r);
  return out;
}

/** Looks an id up in a map of refs (null when the id is null or unknown). */
export const refOf = (map: Map<string, RecordRef>, id: string | null) => (id ? (map.get(id) ?? null) : null);
