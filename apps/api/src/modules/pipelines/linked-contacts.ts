/**
 * What the views of leads, deals and board cards show of the records' linked contacts
 * (`lead_contacts` / `deal_contacts`), and how long a record has been in its stage — one definition
 * for the record pages and the board, so both always agree.
 */
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { contacts, deal_contacts, lead_contacts } from '../../db/schema/index.js';
import type { BoardEntity } from './placement.js';
import { anyId } from '../../db/sql.js';

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
  const links = params.entity === 'lead' ? lead_contacts : deal_contacts;
  const rows = await tx
    .select({
      record_id: links.record_id,
      id: contacts.id,
      full_name: contacts.full_name,
      first_name: contacts.first_name,
      email: contacts.email,
      is_primary: links.is_primary,
    })
    .from(links)
    .innerJoin(contacts, and(eq(contacts.org_id, links.org_id), eq(contacts.id, links.contact_id)))
    .where(
      and(
        eq(links.org_id, params.orgId),
        anyId(links.record_id, params.recordIds),
        isNull(contacts.deleted_at),
        params.primaryOnly ? eq(links.is_primary, true) : undefined,
      ),
    )
    .orderBy(desc(links.is_primary), asc(links.created_at), asc(links.id));
  for (const r of rows) {
    const list = out.get(r.record_id) ?? [];
    list.push({ id: r.id, name: r.full_name ?? r.first_name, email: r.email, is_primary: r.is_primary });
    out.set(r.record_id, list);
  }
  return out;
}
