/**
 * `GET /api/v1/exports/{entity}` for entity ∈ companies, contacts, leads, deals (issue 6 "Export"):
 * the records of the entity's list for the same filters and sort, as a CSV or XLSX download,
 * streamed in keyset batches (exports.service.ts, exports.stream.ts). Any other entity → 404 (no
 * such route). Bad `columns`, `sort` or filters → 400 naming the field. Read access (viewer, API key
 * scope `read`); visibility as the list (a member under the private rule exports their own and
 * unassigned records).
 *
 * The request transaction runs at REPEATABLE READ (`config.snapshot`, plugins/tenancy.ts): every
 * batch reads the same snapshot, so a record edited while a long export runs is neither skipped nor
 * written twice (under the default `-updated_at` sort it would otherwise move behind the cursor).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EXPORT_ENTITIES, EXPORT_QUERIES, type ExportEntity, type ExportFormat } from '@relata/shared';
import { recordActor } from '../records/actor.js';
import { planExport } from './exports.service.js';
import { streamExport } from './exports.stream.js';

const org = { level: 'org' } as const;

/** `contacts-2026-12-02.csv`: entity and UTC date. */
const fileName = (entity: ExportEntity, format: ExportFormat) =>
  `${entity}-${new Date().toISOString().slice(0, 10)}.${format}`;

export const exportRoutes: FastifyPluginAsyncZod = async (app) => {
  for (const entity of EXPORT_ENTITIES) {
    app.get(
      `/api/v1/exports/${entity}`,
      {
        schema: {
          tags: ['exports'],
          summary: `Export ${entity} as CSV or XLSX (the list's filters, sort and visibility; streamed)`,
          description:
            `The same filters and \`sort\` as \`GET /api/v1/${entity}\` (no paging: every matching record), plus ` +
            '`format` (csv | xlsx, default csv) and `columns` (comma-separated import keys such as ' +
            '`first_name,email,company,owner,tags,cf.size`, in file order; default every column and custom field). ' +
            'Header cells are the import target keys, so the file re-imports with every column mapped. Times ISO 8601 UTC; ' +
            'money as an exact decimal in major units with a `currency` column; booleans true/false; tags joined by `; `; ' +
            "owners by email. Text cells a spreadsheet could run as a formula (= + - @ tab CR) get a leading `'`. " +
            'Answers `Content-Disposition: attachment`.',
          querystring: EXPORT_QUERIES[entity],
          produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        },
        config: { access: org, snapshot: true },
      },
      async (req, reply) => {
        const query = req.query as Record<string, unknown> & { format: ExportFormat };
        const plan = await planExport(req.tx, { actor: await recordActor(req), entity, query });
        await streamExport(reply, {
          format: query.format,
          filename: fileName(entity, query.format),
          columns: plan.columns,
          batches: plan.batches,
          copy: plan.copy,
        });
        return reply;
      },
    );
  }
};
