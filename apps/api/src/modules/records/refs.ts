/** Names of the records and members a page of records points at, fetched once per page (no N+1). */
import { sql } from 'drizzle-orm';
import type { RecordRef } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';

const uniq = (ids: Array<string | null>) => [...new Set(ids.filter((i): i is string => i !== null))];

/**
 * `{ id: membership id, name }` of each owner: the user's name, or an inactive member's own name
 * (migration 0024: inactive members have no user).
 */
export async function ownerRefs(tx: Tx, params: { orgId: string; ids: Array<string | null> }) {
  const ids = uniq(params.ids);
  const out = new Map<string, RecordRef>();
  if (!ids.length) return out;
  const rows = await queryRows<RecordRef>(
    tx,
    sql`select m.id, coalesce(u.name, m.name, '') as name from memberships m left join users u on u.id = m.user_id
         where m.org_id = ${params.orgId} and m.id = any(${sql.param(ids)}::uuid[])`,
  );
  for (const r of rows) out.set(r.id, r);
  return out;
}

/** `{ id, name }` of each company (live or in the recycle bin). */
export async function companyRefs(tx: Tx, params: { orgId: string; ids: Array<string | null> }) {
  const ids = uniq(params.ids);
  const out = new Map<string, RecordRef>();
  if (!ids.length) return out;
  const rows = await queryRows<RecordRef>(
    tx,
    sql`select id, name from companies where org_id = ${params.orgId} and id = any(${sql.param(ids)}::uuid[])`,
  );
  for (const r of rows) out.set(r.id, r);
  return out;
}

/** `{ id: user id, name }` of each user (creators, authors, editors: columns that point at `users`). */
export async function userRefs(tx: Tx, params: { ids: Array<string | null> }) {
  const ids = uniq(params.ids);
  const out = new Map<string, RecordRef>();
  if (!ids.length) return out;
  const rows = await queryRows<RecordRef>(
    tx,
    sql`select id, name from users where id = any(${sql.param(ids)}::uuid[])`,
  );
  for (const r of rows) out.set(r.id, r);
  return out;
}

/** Looks an id up in a map of refs (null when the id is null or unknown). */
export const refOf = (map: Map<string, RecordRef>, id: string | null) => (id ? (map.get(id) ?? null) : null);
