/**
 * What the views of leads, deals and board cards show of the records' linked contacts
 * (`lead_contacts` / `deal_contacts`), and how long a record has been in its stage — one definition
 * for the record pages and the board, so both always agree.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import type { BoardEntity } from './placement.js';

export interface LinkedContact {
  id: string;
  name: string;
  email: string | null;
  is_primary: boolean;
}

const DAY_MS = 86_400_000;

/** Whole UTC calendar days from `enteredAt` to `now` (0 on the same UTC day, never negative). */
export const daysInStage = (enteredAt: Date, now: Date) =>
  Math.max(0, Math.floor(now.getTime() / DAY_MS) - Math.floor(enteredAt.getTime() / DAY_MS));

/**
 * The live contacts (not in the recycle bin) linked to each lead or deal, primary first, then in
 * linking order, keyed by record id; `primaryOnly` reads just the primary ones (board cards).
 */
export async function linkedContacts(
  tx: Tx,
  params: { orgId: string; entity: BoardEntity; recordIds: string[]; primaryOnly?: boolean },
): Promise<Map<string, LinkedContact[]>> {
  const out = new Map<string, LinkedContact[]>();
  if (!params.recordIds.length) return out;
  const [links, recordCol] =
    params.entity === 'lead' ? ['lead_contacts', 'lead_id'] : (['deal_contacts', 'deal_id'] as const);
  const rows = await queryRows<{
    record_id: string;
    id: string;
    full_name: string | null;
    first_name: string;
    email: string | null;
    is_primary: boolean;
  }>(
    tx,
    sql`select l.${sql.raw(recordCol)} as record_id, c.id, c.full_name, c.first_name, c.email, l.is_primary
          from ${sql.raw(links)} l join contacts c on c.org_id = l.org_id and c.id = l.contact_id
         where l.org_id = ${params.orgId} and l.${sql.raw(recordCol)} = any(${sql.param(params.recordIds)}::uuid[])
           and c.deleted_at is null${params.primaryOnly ? sql` and l.is_primary` : sql``}
         order by l.is_primary desc, l.created_at, l.id`,
  );
  for (const r of rows) {
    const list = out.get(r.record_id) ?? [];
    list.push({ id: r.id, name: r.full_name ?? r.first_name, email: r.email, is_primary: r.is_primary });
    out.set(r.record_id, list);
  }
  return out;
}
