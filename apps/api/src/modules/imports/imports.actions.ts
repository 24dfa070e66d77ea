/**
 * State changes that start a job: dry run, run, revert. Each checks the status (409 otherwise),
 * resets what the job recomputes, and enqueues the job in the request transaction (a rolled-back
 * request leaves no job; without a job runner the handler is driven by tests).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Import, ImportEntity } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { imports } from '../../db/schema/index.js';
import { AppError } from '../../lib/errors.js';
import type { Jobs } from '../../plugins/jobs.js';
import type { ImportActor } from './engine/context.js';
import { enqueueImportJob } from './imports.jobs.js';
import { checkMapping, targetsOf } from './imports.mapping.js';
import type { ImportJobPayload } from './imports.runner.js';
import { importRow, withNewFields } from './imports.service.js';
import { fileInfoOf, optionsOf, toImports } from './imports.view.js';

const FROM: Record<ImportJobPayload['kind'], string[]> = {
  dry_run: ['uploaded', 'validated'],
  run: ['uploaded', 'validated'],
  revert: ['completed', 'failed'],
};

const COUNTERS = { rows_done: 0, created: 0, updated: 0, skipped: 0, failed: 0, warnings: 0, checkpoint: 0 };

/**
 * Starts the `kind` job of an import (202 → the import with its new status): `dry_run` →
 * `dry_running`, `run` → `queued`, `revert` → `reverting`. 409 from any other status; 400 when the
 * mapping no longer passes its checks (e.g. a custom field was archived meanwhile).
 */
export async function startImportJob(
  tx: Tx,
  params: {
    orgId: string;
    id: string;
    kind: ImportJobPayload['kind'];
    actor: ImportActor;
    jobs: Pick<Jobs, 'send'> | null;
  },
): Promise<Import> {
  const row = await importRow(tx, { orgId: params.orgId, id: params.id, forUpdate: true });
  if (!FROM[params.kind].includes(row.status)) {
    const verb = params.kind === 'revert' ? 'reverted' : params.kind === 'run' ? 'run' : 'dry-run';
    throw new AppError('conflict', `The import is ${row.status}: it cannot be ${verb} now`);
  }
  if (params.kind !== 'revert') {
    const entity = row.entity as ImportEntity;
    const options = optionsOf(row);
    const { fields } = await targetsOf(tx, { orgId: params.orgId, entity });
    checkMapping({
      entity,
      mapping: row.mapping,
      options,
      fields: withNewFields(fields, options),
      columns: fileInfoOf(row).headers.length,
    });
  }
  const phase = params.kind === 'dry_run' ? 'dry_run' : 'run';
  if (params.kind !== 'revert') {
    await tx.execute(sql`delete from import_issues where org_id = ${params.orgId}::uuid
      and import_id = ${params.id}::uuid and phase = ${phase}`);
  }
  const now = new Date();
  const set =
    params.kind === 'dry_run'
      ? { ...COUNTERS, status: 'dry_running', dry_run: null, dry_run_started_at: now, dry_run_finished_at: null }
      : params.kind === 'run'
        ? { ...COUNTERS, status: 'queued', started_at: null, finished_at: null }
        : { status: 'reverting', revert_started_at: now };
  const [updated] = await tx
    .update(imports)
    .set({ ...set, error: null, version: sql`${imports.version} + 1`, updated_at: now })
    .where(and(eq(imports.org_id, params.orgId), eq(imports.id, params.id)))
    .returning();
  await enqueueImportJob(tx, params.jobs, {
    orgId: params.orgId,
    importId: params.id,
    kind: params.kind,
    actor: params.actor,
  });
  return (await toImports(tx, params.orgId, [updated!]))[0]!;
}
