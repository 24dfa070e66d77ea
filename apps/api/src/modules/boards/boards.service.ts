/**
 * Kanban boards (DESIGN §2, §7): a pipeline's stages as columns, never loading the whole pipeline.
 *
 * A board costs: the pipeline and its stages (2 statements), ONE aggregate for the column figures
 * (boards.totals.ts: from `stage_totals` unless the board is filtered by text or tag), ONE keyset `LIMIT` query per column (served by
 * `leads_stage_position_idx` / `deals_stage_position_idx`: `(org_id, stage_id, position, id)` on live
 * rows) and the cards' decorations once for the whole board (see boards.view.ts).
 *
 * Counts and sums cover exactly the cards the filters show: the same condition (visibility, `q`,
 * `owner_id`, `tag_id`; deals: not abandoned) filters the aggregate and the cards.
 */
import { and, eq, isNull, ne, sql, type SQL } from 'drizzle-orm';
import type { Board, BoardColumn, BoardQuery, PipelineKind, Stage } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { deals, leads } from '../../db/schema/index.js';
import { invalid, notFound } from '../../lib/errors.js';
import { afterCursor, orderBy, toPage, type KeysetSort } from '../../lib/pagination.js';
import { visibleTo, type Actor } from '../records/actor.js';
import { allOf, baseFilterConditions } from '../records/filters.js';
import { getPipeline } from '../pipelines/pipelines.service.js';
import { stageTotals } from './boards.totals.js';
import { decorateCards, type CardRow } from './boards.view.js';

const TRUE = sql`true`;

/** The filter condition of the cards a caller sees on a board (without pipeline and stage). */
function cardFilter(kind: PipelineKind, actor: Actor, query: BoardQuery): SQL {
  const t = kind === 'leads' ? leads : deals;
  const conds = [
    visibleTo(actor, t.owner_id),
    ...baseFilterConditions(
      kind === 'leads' ? 'lead' : 'deal',
      actor,
      { q: query.q, owner_id: query.owner_id, tag_id: query.tag_id },
      [],
      'query',
    ),
    kind === 'deals' ? ne(deals.status, 'abandoned') : undefined,
  ];
  return allOf(conds) ?? TRUE;
}

/** One page of a column's cards in board order `(position, id)`, keyset after `cursor`. */
async function columnCards(
  tx: Tx,
  params: {
    orgId: string;
    kind: PipelineKind;
    pipelineId: string;
    stage: Stage;
    filter: SQL;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<{ data: CardRow[]; next_cursor: string | null }> {
  const { orgId, pipelineId, stage, filter, limit } = params;
  let rows: CardRow[];
  if (params.kind === 'deals') {
    const sort: KeysetSort = { column: deals.position, id: deals.id, direction: 'asc', kind: 'text' };
    rows = await tx
      .select({
        id: deals.id,
        stage_id: deals.stage_id,
        name: deals.name,
        company_id: deals.company_id,
        company_name: sql<string | null>`null::text`,
        amount: deals.amount,
        currency: deals.currency,
        probability: deals.probability,
        owner_id: deals.owner_id,
        status: deals.status,
        position: deals.position,
        version: deals.version,
        stage_entered_at: deals.stage_entered_at,
        expected_close_date: deals.expected_close_date,
        next_follow_up_at: sql<Date | null>`null::timestamptz`,
      })
      .from(deals)
      .where(
        and(
          eq(deals.org_id, orgId),
          eq(deals.pipeline_id, pipelineId),
          eq(deals.stage_id, stage.id),
          isNull(deals.deleted_at),
          filter,
          afterCursor(sort, params.cursor),
        ),
      )
      .orderBy(...orderBy(sort))
      .limit(limit + 1);
  } else {
    const sort: KeysetSort = { column: leads.position, id: leads.id, direction: 'asc', kind: 'text' };
    rows = await tx
      .select({
        id: leads.id,
        stage_id: leads.stage_id,
        name: leads.title,
        company_id: leads.converted_company_id,
        company_name: leads.company_name,
        amount: leads.expected_revenue_amount,
        currency: leads.expected_revenue_currency,
        probability: leads.probability,
        owner_id: leads.owner_id,
        status: leads.status,
        position: leads.position,
        version: leads.version,
        stage_entered_at: leads.stage_entered_at,
        expected_close_date: sql<string | null>`null::text`,
        next_follow_up_at: leads.next_follow_up_at,
      })
      .from(leads)
      .where(
        and(
          eq(leads.org_id, orgId),
          eq(leads.pipeline_id, pipelineId),
          eq(leads.stage_id, stage.id),
          isNull(leads.deleted_at),
          filter,
          afterCursor(sort, params.cursor),
        ),
      )
      .orderBy(...orderBy(sort))
      .limit(limit + 1);
  }
  return toPage(rows, limit, (r) => [r.position, r.id]);
}

/**
 * `GET /api/v1/boards/{pipeline_id}`: every column of the pipeline in stage order — or, with
 * `stage_id`, only that column from `cursor` on — with filtered counts and money (integer minor
 * units per ISO 4217 currency) and the first `limit` cards each. Errors: 404 for an unknown (or
 * another organisation's) pipeline, or a `stage_id` not of this pipeline; 400 for a bad cursor or a
 * cursor without `stage_id`.
 */
export async function getBoard(
  tx: Tx,
  params: { actor: Actor; pipelineId: string; query: BoardQuery; now?: Date },
): Promise<Board> {
  const { actor, query } = params;
  const orgId = actor.orgId;
  const pipeline = await getPipeline(tx, { orgId, id: params.pipelineId, counts: false });
  if (query.cursor && !query.stage_id) {
    throw invalid([{ path: 'query.cursor', message: 'reads one column: give stage_id with it' }]);
  }
  let columns = pipeline.stages;
  if (query.stage_id) {
    columns = columns.filter((s) => s.id === query.stage_id);
    if (!columns.length) throw notFound('Stage');
  }
  const kind = pipeline.kind;
  const filter = cardFilter(kind, actor, query);
  const totals = await stageTotals(tx, {
    actor,
    kind,
    pipelineId: pipeline.id,
    stages: pipeline.stages,
    stageId: query.stage_id,
    query,
    filter,
  });
  const pages: Array<{ data: CardRow[]; next_cursor: string | null }> = [];
  for (const stage of columns) {
    pages.push(
      await columnCards(tx, {
        orgId,
        kind,
        pipelineId: pipeline.id,
        stage,
        filter,
        cursor: query.cursor,
        limit: query.limit,
      }),
    );
  }
  const entity = kind === 'leads' ? ('lead' as const) : ('deal' as const);
  const cards = await decorateCards(tx, {
    orgId,
    entity,
    rows: pages.flatMap((p) => p.data),
    stages: pipeline.stages,
    now: params.now ?? new Date(),
  });
  const result: BoardColumn[] = columns.map((stage, i) => {
    const s = totals.get(stage.id);
    const page = pages[i]!;
    return {
      stage: { ...stage, record_count: s?.recordCount ?? 0 },
      count: s?.count ?? 0,
      amounts: s?.amounts ?? [],
      cards: page.data.map((r) => cards.get(r.id)!),
      next_cursor: page.next_cursor,
    };
  });
  return { pipeline: { id: pipeline.id, name: pipeline.name, kind }, entity, columns: result };
}
