/**
 * Board rows → `BoardCard`s. Owner names, companies, primary contacts and tags are fetched once for
 * all the cards of a board response (four statements whatever the number of cards), never per card.
 */
import type { BoardCard, BoardEntity, Stage } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { daysInStage, linkedContacts } from '../pipelines/linked-contacts.js';
import { companyRefs, ownerRefs, refOf } from '../records/refs.js';
import { tagsOfRecords } from '../tags/tags.service.js';

/** The columns a board reads of a lead or deal, under common names. */
export interface CardRow {
  id: string;
  stage_id: string;
  /** Deal name / lead title. */
  name: string;
  /** Deal company / the company a lead was converted into. */
  company_id: string | null;
  /** Leads: the free-text company name. */
  company_name: string | null;
  /** Minor units: deal amount / lead expected revenue. */
  amount: number | null;
  currency: string | null;
  /** The record's own probability (null = the stage's). */
  probability: number | null;
  owner_id: string | null;
  status: string;
  position: string;
  version: number;
  stage_entered_at: Date;
  expected_close_date: string | null;
  next_follow_up_at: Date | null;
}

/**
 * The cards of `rows`, keyed by record id: names of owners, companies and primary contacts and the
 * tags fetched once for all rows; `probability` made effective (the stage's when the record has
 * none); `days_in_stage` counted in UTC days up to `now`.
 */
export async function decorateCards(
  tx: Tx,
  params: { orgId: string; entity: BoardEntity; rows: CardRow[]; stages: Stage[]; now: Date },
): Promise<Map<string, BoardCard>> {
  const { orgId, entity, rows } = params;
  const recordIds = rows.map((r) => r.id);
  const [owners, companies, primaries, tags] = [
    await ownerRefs(tx, { orgId, ids: rows.map((r) => r.owner_id) }),
    await companyRefs(tx, { orgId, ids: rows.map((r) => r.company_id) }),
    await linkedContacts(tx, { orgId, entity, recordIds, primaryOnly: true }),
    await tagsOfRecords(tx, { orgId, entity, recordIds }),
  ];
  const stageProbability = new Map(params.stages.map((s) => [s.id, s.probability]));
  const out = new Map<string, BoardCard>();
  for (const r of rows) {
    out.set(r.id, {
      id: r.id,
      entity,
      stage_id: r.stage_id,
      name: r.name,
      company: refOf(companies, r.company_id),
      company_name: r.company_name,
      amount: r.amount !== null && r.currency !== null ? { amount: r.amount, currency: r.currency } : null,
      probability: r.probability ?? stageProbability.get(r.stage_id) ?? 0,
      owner_id: r.owner_id,
      owner: refOf(owners, r.owner_id),
      primary_contact: ((c) => (c ? { id: c.id, name: c.name } : null))(primaries.get(r.id)?.[0]),
      tags: tags.get(r.id) ?? [],
      stage_entered_at: r.stage_entered_at,
      days_in_stage: daysInStage(r.stage_entered_at, params.now),
      status: r.status,
      position: r.position,
      version: r.version,
      expected_close_date: r.expected_close_date,
      next_follow_up_at: r.next_follow_up_at,
    });
  }
  return out;
}
