/** Wire (JSON) shapes of pipelines and boards as the browser receives them: timestamps are strings. */
import type { Board, BoardAmount, BoardCard, BoardColumn, Pipeline, PipelineKind, Stage, Wire } from '@relata/shared';

export type PipelineWire = Wire<typeof Pipeline>;
export type StageWire = Wire<typeof Stage>;
export type BoardWire = Wire<typeof Board>;
export type BoardColumnWire = Wire<typeof BoardColumn>;
export type BoardCardWire = Wire<typeof BoardCard>;
export type BoardAmountWire = Wire<typeof BoardAmount>;
export type { PipelineKind };

/** What a board is of: leads or deals. */
export type BoardEntityName = 'lead' | 'deal';

/** Board filters, as in the record lists: owner (membership id, `me` or `none`), tag, text search. */
export interface BoardFilters {
  owner_id?: string;
  tag_id?: string;
  q?: string;
}
