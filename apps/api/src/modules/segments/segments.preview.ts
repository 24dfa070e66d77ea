/**
 * `POST /segments/preview` (live count while editing) and the field catalogue of the builder.
 */
import { and } from 'drizzle-orm';
import {
  SEGMENT_PREVIEW_COUNT_CAP,
  SEGMENT_RECORD_TYPE,
  TOTAL_CAP,
  type SegmentCriteria,
  type SegmentEntity,
  type SegmentField,
  type SegmentPreview,
} from '@relata/shared';
import type { Tx } from '../../db/client.js';
import type { KeysetSort } from '../../lib/pagination.js';
import { listCustomFields } from '../custom-fields/custom-fields.service.js';
import type { Actor } from '../records/actor.js';
import { liveVisible, pageOfRecords } from '../records/list.js';
import { toCompanies, type CompanyRow } from '../companies/companies.view.js';
import { toContacts, type ContactRow } from '../contacts/contacts.view.js';
import { toDeals, type DealRow } from '../deals/deals.view.js';
import { toLeads, type LeadRow } from '../leads/leads.view.js';
import { fieldCatalogue, tableOf } from './segments.fields.js';
import { countMatching, criteriaWhere } from './segments.where.js';

/** Rows of a record table in the API shape of their entity (one query per decoration, not per row). */
function view(tx: Tx, orgId: string, entity: SegmentEntity, rows: unknown[]): Promise<unknown[]> {
  switch (entity) {
    case 'contacts':
      return toContacts(tx, orgId, rows as ContactRow[]);
    case 'companies':
      return toCompanies(tx, orgId, rows as CompanyRow[]);
    case 'leads':
      return toLeads(tx, orgId, rows as LeadRow[]);
    case 'deals':
      return toDeals(tx, orgId, rows as DealRow[]);
  }
}

/**
 * Count and the first `limit` live records the actor sees matching unsaved criteria, newest update
 * first, each in its entity's list shape. The count is exact up to SEGMENT_PREVIEW_COUNT_CAP (1,000;
 * `count_capped` beyond, shown "1,000+") so the live preview stays fast at a million records, or up
 * to TOTAL_CAP (10,000) with `exactCount`. Bad criteria → 400 `body.criteria…`.
 */
export async function previewSegment(
  tx: Tx,
  params: { actor: Actor; entity: SegmentEntity; criteria: SegmentCriteria; limit: number; exactCount?: boolean },
): Promise<SegmentPreview> {
  const { actor, entity } = params;
  const where = await criteriaWhere(tx, { actor, entity, criteria: params.criteria, path: 'body.criteria' });
  const table = tableOf(entity);
  const sort: KeysetSort = { column: table.updated_at, kind: 'timestamp', id: table.id, direction: 'desc' };
  const page = await pageOfRecords(tx, {
    table,
    where: and(liveVisible(table, actor), where),
    sort,
    limit: params.limit,
  });
  const cap = params.exactCount ? TOTAL_CAP : SEGMENT_PREVIEW_COUNT_CAP;
  const count = await countMatching(tx, { actor, entity, where, cap });
  const records = (await view(tx, actor.orgId, entity, page.rows)) as Array<Record<string, unknown>>;
  return { count: count.total, count_capped: count.total_capped, records };
}

/** `GET /segments/fields?entity=`: fixed fields, the organisation's active custom fields, related data. */
export async function segmentFields(tx: Tx, params: { actor: Actor; entity: SegmentEntity }): Promise<SegmentField[]> {
  const defs = await listCustomFields(tx, { orgId: params.actor.orgId, entity: SEGMENT_RECORD_TYPE[params.entity] });
  return fieldCatalogue(params.entity, defs);
}
