/**
 * Kanban boards (DESIGN §2, §7): one column per stage of a pipeline, each with its filtered count,
 * its money per currency (sum and probability-weighted sum, integer minor units) and its first cards
 * in board order; further cards are read one column at a time with the column's cursor.
 */
import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { PipelineKind, Stage } from './pipelines.js';
import { Money, OwnerFilter, RecordRef, TagRef } from './records.js';

export const BOARD_ENTITIES = ['lead', 'deal'] as const;
export const BoardEntity = z.enum(BOARD_ENTITIES);
export type BoardEntity = z.infer<typeof BoardEntity>;

/**
 * A lead or deal on a board. `name` is the deal's name or the lead's title; `company` the deal's
 * company or the company a lead was converted into (leads also carry the free-text `company_name`);
 * `amount` the deal amount or the lead's expected revenue; `probability` the effective one (the
 * record's own, else its stage's); `days_in_stage` whole UTC calendar days since `stage_entered_at`.
 * `expected_close_date` is set on deals only, `next_follow_up_at` on leads only.
 */
export const BoardCard = z.object({
  id: Id,
  entity: BoardEntity,
  stage_id: Id,
  name: z.string(),
  company: RecordRef.nullable(),
  company_name: z.string().nullable(),
  amount: Money.nullable(),
  probability: z.number().int(),
  owner_id: Id.nullable(),
  owner: RecordRef.nullable(),
  primary_contact: RecordRef.nullable(),
  tags: z.array(TagRef),
  stage_entered_at: Timestamp,
  days_in_stage: z.number().int(),
  /** Deals: open, won or lost; leads: open, converted or lost. */
  status: z.string(),
  /** Fractional-indexing key: board order is (position, id). */
  position: z.string(),
  version: z.number().int(),
  expected_close_date: z.iso.date().nullable(),
  next_follow_up_at: Timestamp.nullable(),
});
export type BoardCard = z.infer<typeof BoardCard>;

/**
 * Money of a column in one currency, in integer minor units: `sum` of the amounts and
 * `weighted_sum` = Σ amount × effective probability / 100, rounded half away from zero once per
 * currency.
 */
export const BoardAmount = z.object({
  currency: z.string(),
  sum: z.number().int(),
  weighted_sum: z.number().int(),
});
export type BoardAmount = z.infer<typeof BoardAmount>;

/**
 * One stage column: `count` and `amounts` cover every card the filters show in the stage (not just
 * this page); `cards` is one page in board order; `next_cursor` reads the next page of this column
 * (`GET /api/v1/boards/{pipeline_id}?stage_id=…&cursor=…`), null at the end.
 */
export const BoardColumn = z.object({
  stage: Stage,
  count: z.number().int(),
  amounts: z.array(BoardAmount),
  cards: z.array(BoardCard),
  next_cursor: z.string().nullable(),
});
export type BoardColumn = z.infer<typeof BoardColumn>;

/** A board: every column in stage order, or only the column asked for with `stage_id`. */
export const Board = z.object({
  pipeline: z.object({ id: Id, name: z.string(), kind: PipelineKind }),
  entity: BoardEntity,
  columns: z.array(BoardColumn),
});
export type Board = z.infer<typeof Board>;

export const BoardParams = z.strictObject({ pipeline_id: Id });

/**
 * `GET /api/v1/boards/{pipeline_id}`: `limit` cards per column (1–100, default 20); `stage_id`
 * (+ `cursor`) reads one column's next page. Filters as in the lists: `q` (text search), `owner_id`
 * (membership id, `me` or `none`), `tag_id`. Members under the private visibility rule see their own
 * and unassigned records only, in counts and sums too. Deal boards leave abandoned deals out.
 */
export const BoardQuery = z.strictObject({
  stage_id: Id.optional(),
  cursor: z.string().min(1).max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  q: z.string().trim().min(1).max(200).optional(),
  owner_id: OwnerFilter.optional(),
  tag_id: Id.optional(),
});
export type BoardQuery = z.infer<typeof BoardQuery>;
