/**
 * `/api/v1/imports` and `/api/v1/import-mappings` (issue 6): upload a CSV / XLSX / vCard file as
 * the raw request body, map its columns, dry-run, run as a background job with progress, revert;
 * saved mappings. Members and above (viewers read); API keys need the write scope for writes. Other
 * organisations' ids answer 404.
 */
import { createHash, type Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreateImportMappingBody,
  CreateImportQuery,
  IdParams,
  Import,
  ImportIssue,
  ImportIssueQuery,
  ImportListQuery,
  ImportMapping,
  ImportMappingListQuery,
  ImportTarget,
  ImportTargetsQuery,
  NoContent,
  Page,
  UpdateImportBody,
} from '@relata/shared';
import { z } from 'zod';
import { AppError } from '../../lib/errors.js';
import { expectedVersion, setEtag } from '../../lib/versioning.js';
import { setStreamDigest } from '../../plugins/idempotency.js';
import { recordActor } from '../records/actor.js';
import { tooLarge } from './imports.files.js';
import { startImportJob } from './imports.actions.js';
import { issuesCsv, listIssues } from './imports.issues.js';
import { recoverImports } from './imports.jobs.js';
import { targetsOf } from './imports.mapping.js';
import type { ImportJobPayload } from './imports.runner.js';
import { createMapping, deleteMapping, listMappings } from './imports.saved.js';
import { createImport, getImport, importRow, listImports, updateImport } from './imports.service.js';

const org = { level: 'org' } as const;

/** Content types accepted as an upload: the raw file bytes. */
export const UPLOAD_TYPES = [
  'application/octet-stream',
  'text/csv',
  'text/plain',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-excel',
  'text/vcard',
  'text/x-vcard',
];

/** Passes `stream` through, feeding every byte to `hash` (the upload's Idempotency-Key fingerprint). */
async function* hashing(stream: Readable, hash: Hash): AsyncIterable<Buffer | string> {
  for await (const part of stream as AsyncIterable<Buffer | string>) {
    hash.update(part);
    yield part;
  }
}

/** The request stream, kept out of sight of hooks that walk or serialise bodies. */
class UploadBody {
  readonly #stream: Readable;
  constructor(stream: Readable) {
    this.#stream = stream;
  }
  get stream() {
    return this.#stream;
  }
}

export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['imports'];
  // Uploads reach the handler as the unread request stream (stored chunk by chunk, bounded memory).
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(UPLOAD_TYPES, (_req, payload, done) => done(null, new UploadBody(payload as Readable)));

  if (app.jobs) {
    const jobs = app.jobs;
    app.addHook('onReady', async () => {
      void jobs
        .whenReady()
        .then(() => recoverImports(app.database, jobs))
        .then((n) => n && app.log.info({ imports: n }, 'unfinished imports re-enqueued'))
        .catch((err: unknown) => app.log.error({ err }, 'import recovery failed'));
    });
  }

  const actorOf = async (req: Parameters<typeof recordActor>[0]) => {
    const a = await recordActor(req);
    return { userId: a.userId, membershipId: a.membershipId, role: a.role, visibility: a.visibility, region: a.region };
  };
  /** `POST /imports`: the upload (see the contract `CreateImportQuery`). */
  app.post(
    '/api/v1/imports',
    {
      schema: {
        tags,
        summary: 'Upload a file to import (raw body: CSV, XLSX or vCard)',
        description: `Send the file itself as the body with \`Content-Type\` one of ${UPLOAD_TYPES.join(', ')}; at most \`RELATA_IMPORT_MAX_MB\` MiB (413 beyond). The file is inspected at once: a malformed file (empty, binary, no header, no data rows, unbalanced quotes, bad encoding, not an xlsx, …) → 400 with \`details.file_error\` (and \`details.row\`), and nothing is kept. 201 → the import (status \`uploaded\`) with the file's encoding, delimiter, sheets, headers and row count, 5 sample rows, the suggested mapping and the detected date order.`,
        querystring: CreateImportQuery,
        response: { 201: Import },
      },
      config: { access: org, streamedBody: true },
    },
    async (req, reply) => {
      const body = req.body as unknown;
      if (!(body instanceof UploadBody)) {
        throw new AppError('unsupported_media_type', `Send the file as the raw body (${UPLOAD_TYPES.join(', ')})`);
      }
      const max = app.config.importMaxMb;
      const length = Number(req.headers['content-length'] ?? 0);
      if (length > max * 1024 * 1024) throw tooLarge(max);
      const hash = createHash('sha256');
      const imp = await createImport(req.tx, {
        orgId: req.org.orgId,
        userId: req.org.userId,
        entity: req.query.entity,
        fileName: req.query.file_name,
        body: hashing(body.stream, hash),
        maxMb: max,
      });
      // An Idempotency-Key retry must send the same bytes (plugins/idempotency.ts runStreamedClaim).
      setStreamDigest(req, hash.digest('hex'));
      reply.status(201);
      setEtag(reply, imp.version);
      return imp;
    },
  );

  app.get(
    '/api/v1/imports',
    {
      schema: {
        tags,
        summary: 'Imports, newest first (keyset pages)',
        querystring: ImportListQuery,
        response: { 200: Page(Import) },
      },
      config: { access: org },
    },
    async (req) => listImports(req.tx, { orgId: req.org.orgId, query: req.query }),
  );

  app.get(
    '/api/v1/imports/targets',
    {
      schema: {
        tags,
        summary: "The fields an entity's columns can be mapped to (custom fields as cf.<key>)",
        querystring: ImportTargetsQuery,
        response: { 200: z.object({ data: z.array(ImportTarget) }) },
      },
      config: { access: org },
    },
    async (req) => {
      const { fields } = await targetsOf(req.tx, { orgId: req.org.orgId, entity: req.query.entity });
      return {
        data: fields.map((f) => ({
          key: f.key,
          label: f.label,
          type: f.type,
          required: !!f.required,
          ...(f.options ? { options: [...f.options] } : {}),
        })),
      };
    },
  );

  app.get(
    '/api/v1/imports/:id',
    {
      schema: {
        tags,
        summary: 'An import: status, mapping, options and progress (poll while it runs)',
        params: IdParams,
        response: { 200: Import },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const imp = await getImport(req.tx, { orgId: req.org.orgId, id: req.params.id });
      setEtag(reply, imp.version);
      return imp;
    },
  );

  app.patch(
    '/api/v1/imports/:id',
    {
      schema: {
        tags,
        summary: 'Change the mapping and options of an import (`If-Match` → 412 when stale)',
        description:
          'Only while `uploaded` or `validated` (else 409; a validated import returns to `uploaded`). `mapping_id` applies a saved mapping by header name; `mapping` replaces the mapping (column index → target key or null); `options` are merged (encoding / delimiter / sheet re-inspect the file: 400 when it no longer reads). 400 with field paths: `body.mapping.<column>` unknown target or target used twice, `body.mapping` required target unmapped, `body.options.upsert_key`, `body.options.unknown_owners` (`create_inactive` — unknown owners become inactive members — is available for companies, contacts, leads, deals and activities — not notes, whose owner is their author).',
        params: IdParams,
        body: UpdateImportBody,
        response: { 200: Import },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const imp = await updateImport(req.tx, {
        orgId: req.org.orgId,
        id: req.params.id,
        body: req.body,
        expectedVersion: expectedVersion(req),
      });
      setEtag(reply, imp.version);
      return imp;
    },
  );

  const action = (path: string, summary: string, description: string, kind: ImportJobPayload['kind']) =>
    app.post(
      `/api/v1/imports/:id/${path}`,
      { schema: { tags, summary, description, params: IdParams, response: { 202: Import } }, config: { access: org } },
      async (req, reply) => {
        const imp = await startImportJob(req.tx, {
          orgId: req.org.orgId,
          id: req.params.id,
          kind,
          actor: await actorOf(req),
          jobs: app.jobs,
        });
        reply.status(202);
        return imp;
      },
    );
  action(
    'dry-run',
    'Validate every row without writing (a job)',
    'From `uploaded` or `validated` (else 409) → `dry_running` → `validated` with `dry_run` counts (would create / update / skip, failing rows, warnings, related records it would create). Per-row issues at `GET /imports/{id}/issues`. Nothing else is written.',
    'dry_run',
  );
  action(
    'run',
    'Run the import (a job, in chunks of 1,000 rows, each with its checkpoint)',
    '202; status `queued` → `running` → `completed` | `failed`; progress in `GET /imports/{id}`. Resumes after its last committed chunk when the server restarts.',
    'run',
  );
  action(
    'revert',
    'Revert a completed import (a job)',
    'From `completed` or `failed` (else 409) → `reverting` → `reverted`: records the import created are deleted for good, fields it updated get their previous values back, and an audit entry is written.',
    'revert',
  );

  app.get(
    '/api/v1/imports/:id/issues',
    {
      schema: {
        tags,
        summary: "The import's row issues (errors and warnings), by row",
        params: IdParams,
        querystring: ImportIssueQuery,
        response: { 200: Page(ImportIssue) },
      },
      config: { access: org },
    },
    async (req) => {
      await importRow(req.tx, { orgId: req.org.orgId, id: req.params.id });
      return listIssues(req.tx, { orgId: req.org.orgId, importId: req.params.id, query: req.query });
    },
  );

  app.get(
    '/api/v1/imports/:id/issues.csv',
    {
      schema: {
        tags,
        summary: 'Every issue of the import as CSV (formula-injection safe)',
        params: IdParams,
        produces: ['text/csv'],
      },
      config: { access: org },
    },
    async (req, reply) => {
      const imp = await importRow(req.tx, { orgId: req.org.orgId, id: req.params.id });
      const csv = await issuesCsv(req.tx, { orgId: req.org.orgId, importId: imp.id });
      const name = imp.file_name.replace(/[^\w.-]+/g, '_').replace(/\.\w+$/, '');
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="${name}-issues.csv"`);
      return csv;
    },
  );

  app.get(
    '/api/v1/import-mappings',
    {
      schema: {
        tags,
        summary: 'Saved import mappings',
        querystring: ImportMappingListQuery,
        response: { 200: Page(ImportMapping) },
      },
      config: { access: org },
    },
    async (req) => listMappings(req.tx, { orgId: req.org.orgId, query: req.query }),
  );

  app.post(
    '/api/v1/import-mappings',
    {
      schema: {
        tags,
        summary: 'Save a mapping (by header name) for later imports',
        description:
          'Give `mapping` (header → target key or null), or `import_id` to save that import’s mapping and options. A name already used for the entity → 409.',
        body: CreateImportMappingBody,
        response: { 201: ImportMapping },
      },
      config: { access: org },
    },
    async (req, reply) => {
      reply.status(201);
      return createMapping(req.tx, { orgId: req.org.orgId, userId: req.org.userId, body: req.body });
    },
  );

  app.delete(
    '/api/v1/import-mappings/:id',
    {
      schema: { tags, summary: 'Delete a saved mapping', params: IdParams, response: { 204: NoContent } },
      config: { access: org },
    },
    async (req, reply) => {
      await deleteMapping(req.tx, { orgId: req.org.orgId, id: req.params.id });
      reply.status(204);
      return null;
    },
  );
};
