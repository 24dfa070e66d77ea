/**
 * Kanban boards (DESIGN §2, §7): a pipeline's stages as columns, never loading the whole pipeline.
 *
 * A board costs: the pipeline and its stages (2 statements), ONE aggregate for the column figures
 * (boards.totals.ts: from `stage_totals` unless the board is filtered by text or tag), ONE statement
 * for the cards of every column (a LATERAL keyset `LIMIT` scan per stage, served by
 * `leads_stage_position_idx` / `deals_stage_position_idx`: `(org_id, stage_id, position, id)` on live
 * rows) and the cards' decorations once for the whole board (see boards.view.ts).
 *
 * Counts and sums cover exactly the cards the filters show: the same condition (visibility, `q`,
 * `owner_id`, `tag_id`; deals: not abandoned) filters the aggregate and the cards.
 */
import { ne, sql, type SQL } from 'drizzle-orm';
import type { Board, BoardColumn, BoardQuery, PipelineKind } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { deals, leads } from '../../db/schema/index.js';
import { invalid, notFound } from '../../lib/errors.js';
import { afterCursor, toPage, type KeysetSort } from '../../lib/pagination.js';
import { visibleTo, type Actor } from '../records/actor.js';
import { allOf, baseFilterConditions, NO_FILTER_CONTEXT } from '../records/filters.js';
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
      NO_FILTER_CONTEXT,
      'query',
    ),
    kind === 'deals' ? ne(deals.status, 'abandoned') : undefined,
  ];
  return allOf(conds) ?? TRUE;
}

/** The card columns of each record type, as `json_agg` keys named like {@link CardRow}. */
const CARD_COLUMNS = {
  deals: sql.raw(`"deals"."id", "deals"."stage_id", "deals"."name", "deals"."company_id", null::text as company_name,
    "deals"."amount", "deals"."currency", "deals"."probability", "deals"."owner_id", "deals"."status", "deals"."position",
    "deals"."version", "deals"."stage_entered_at", "deals"."expected_close_date", null::timestamptz as next_follow_up_at`),
  leads:
    sql.raw(`"leads"."id", "leads"."stage_id", "leads"."title" as name, "leads"."converted_company_id" as company_id,
    "leads"."company_name", "leads"."expected_revenue_amount" as amount, "leads"."expected_revenue_currency" as currency,
    "leads"."probability", "leads"."owner_id", "leads"."status", "leads"."position", "leads"."version",
    "leads"."stage_entered_at", null::date as expected_close_date, "leads"."next_follow_up_at"`),
} as const;

/** A card row as `json_agg` returns it (timestamps as ISO 8601 strings). */
type CardJson = Omit<CardRow, 'stage_entered_at' | 'next_follow_up_at'> & {
  stage_entered_at: string;
  next_follow_up_at: string | null;
};

/**
 * One page of each of `stageIds`' columns in board order `(position, id)`, keyset after `cursor`
 * (one column only), in ONE statement: a LATERAL index scan per stage (`leads_stage_position_idx` /
 * `deals_stage_position_idx`, `LIMIT limit + 1` each) aggregated into one JSON array, so a board
 * costs one round trip and one query to build whatever its number of stages (bench/boards).
 */
async function columnCards(
  tx: Tx,
  params: {
    orgId: string;
    kind: PipelineKind;
    pipelineId: string;
    stageIds: string[];
    filter: SQL;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<Map<string, { data: CardRow[]; next_cursor: string | null }>> {
  const { orgId, pipelineId, kind, limit } = params;
  const t = kind === 'leads' ? leads : deals;
  const sort: KeysetSort = { column: t.position, id: t.id, direction: 'asc', kind: 'text' };
  const table = sql.raw(kind === 'leads' ? '"leads"' : '"deals"');
  const after = afterCursor(sort, params.cursor);
  const { rows } = (await tx.execute(sql`
    select coalesce(json_agg(c order by c.ord, c.position, c.id), '[]'::json) as cards
      from unnest(${sql.param(params.stageIds)}::uuid[]) with ordinality as s(stage_id, ord)
     cross join lateral (
       select s.ord, ${CARD_COLUMNS[kind]}
         from ${table}
        where ${t.org_id} = ${orgId} and ${t.pipeline_id} = ${pipelineId} and ${t.stage_id} = s.stage_id
          and ${t.deleted_at} is null and ${params.filter}${after ? sql` and ${after}` : sql``}
        order by ${t.position}, ${t.id}
        limit ${limit + 1}
     ) c`)) as unknown as { rows: Array<{ cards: CardJson[] | string }> };
  const raw = rows[0]?.cards ?? [];
  const cards = typeof raw === 'string' ? (JSON.parse(raw) as CardJson[]) : raw;
  const byStage = new Map<string, CardRow[]>(params.stageIds.map((id) => [id, []]));
  for (const c of cards) {
    byStage.get(c.stage_id)?.push({
      ...c,
      stage_entered_at: new Date(c.stage_entered_at),
      next_follow_up_at: c.next_follow_up_at === null ? null : new Date(c.next_follow_up_at),
    });
  }
  const out = new Map<string, { data: CardRow[]; next_cursor: string | null }>();
  for (const [id, stageRows] of byStage)
    out.set(
      id,
      toPage(stageRows, limit, (r) => [r.position, r.id]),
    );
  return out;
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
  const pageByStage = await columnCards(tx, {
    orgId,
    kind,
    pipelineId: pipeline.id,
    stageIds: columns.map((c) => c.id),
    filter,
    cursor: query.cursor,
    limit: query.limit,
  });
  const pages = columns.map((c) => pageByStage.get(c.id)!);
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
