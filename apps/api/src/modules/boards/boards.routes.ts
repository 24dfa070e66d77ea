/** `/api/v1/boards`: Kanban boards of lead and deal pipelines (registered by pipelines.routes.ts). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Board, BoardParams, BoardQuery } from '@relata/shared';
import { sendPlainJson } from '../../lib/serialize.js';
import { recordActor } from '../records/actor.js';
import { getBoard } from './boards.service.js';

/**
 * `GET /api/v1/boards/{pipeline_id}` (every member reads): a board or one column's next page; see
 * boards.service.ts `getBoard` for shapes, units and errors.
 */
export const boardRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/boards/:pipeline_id',
    {
      schema: {
        tags: ['boards'],
        summary: "A pipeline's board: per stage column the filtered count, money and first cards",
        description:
          "Columns in stage order, each with `count`, `amounts` (per ISO 4217 currency: `sum` and `weighted_sum` = Σ amount × effective probability / 100, integer minor units, rounded half away from zero) and the first `limit` cards (default 20, max 100) in board order. `stage_id` (+ `cursor` from `next_cursor`) reads one column's next page. Filters: `q`, `owner_id` (id, `me`, `none`), `tag_id`; members under the private rule see their own and unassigned records. Only live records; deal boards leave abandoned deals out. Unknown pipeline or stage → 404; bad cursor → 400.",
        params: BoardParams,
        querystring: BoardQuery,
        response: { 200: Board },
      },
      config: { access: { level: 'org' } },
    },
    async (req, reply) => {
      const board = await getBoard(req.tx, {
        actor: await recordActor(req),
        pipelineId: req.params.pipeline_id,
        query: req.query,
      });
      // The service builds every field in the contract's shape (checked by boards.test.ts).
      sendPlainJson(reply);
      return board;
    },
  );
};
