/**
 * The import job (`imports.process`: dry run, run or revert of one import) and its recovery.
 *
 * Surviving a crash (checked against pg-boss 12.35, node_modules/pg-boss/dist/manager.js and
 * plans.js):
 * - jobs are sent with `heartbeatSeconds: 30`: while the handler runs, pg-boss's worker refreshes
 *   the job's `heartbeat_on` every 15 s; when a process dies, its active job's heartbeat goes stale
 *   and any live instance's supervisor (`failJobsByHeartbeat`) fails it into `retry`, so another
 *   worker picks it up (`expireInSeconds` 24 h, pg-boss's maximum, bounds a healthy long import);
 * - the import row's own lease (imports.runner.ts) keeps two workers off one import: a retry that
 *   finds a live lease throws and is retried later, by which time the lease is stale or the import
 *   done;
 * - at start-up (`recoverImports`, called once the workers run) imports left `dry_running`,
 *   `queued`, `running` or `reverting` are re-enqueued at once. On PGlite the process is alone (the
 *   data-directory lock), so their leases are cleared first; on PostgreSQL leases are left alone
 *   (another instance may be working) and stale ones are taken over by the re-enqueued job.
 *
 * Crash test (lead): start `npm start`, upload a 200,000-row CSV, PATCH, POST /run, `kill -9` the
 * server while `GET /imports/{id}` shows rows_done between 0 and 200,000, start it again: the import
 * resumes after `progress.checkpoint` and ends `completed` with created = 200,000 (count the
 * records: `GET /api/v1/contacts/count`).
 */
import { sql } from 'drizzle-orm';
import type { Database, Db, Tx } from '../../db/client.js';
import { organizations } from '../../db/schema/index.js';
import { queryRows } from '../../db/sql.js';
import { withTenant } from '../../db/tenant.js';
import { defineJob, type JobDefinition, type Jobs } from '../../plugins/jobs.js';
import { revertImport } from './imports.revert.js';
import { runImport, type ImportJobPayload, type RunnerOptions } from './imports.runner.js';

export const IMPORT_JOB = 'imports.process';

/** pg-boss options of every import job (see the module comment). */
const SEND_OPTIONS = {
  heartbeatSeconds: 30,
  expireInSeconds: 24 * 3600,
  retryLimit: 12,
  retryDelay: 5,
  retryBackoff: true,
};

/** Runs one import job payload (`opts.pauseMs`: see RunnerOptions). */
export async function processImportJob(db: Db, payload: ImportJobPayload, opts: RunnerOptions = {}): Promise<void> {
  if (payload.kind === 'revert') await revertImport(db, payload);
  else await runImport(db, payload, opts);
}

/**
 * The job definition (jobs/definitions.ts): `pauseMs` between chunks (PGlite); `chunkRows` and
 * `overlap` and `writers` (PostgreSQL) as in RunnerOptions.
 */
export function importJob(
  db: Db,
  opts: Pick<RunnerOptions, 'pauseMs' | 'chunkRows' | 'overlap' | 'writers'> = {},
): JobDefinition {
  return defineJob<ImportJobPayload>({
    name: IMPORT_JOB,
    retryLimit: 12,
    retryDelay: 5,
    handler: async (data) => processImportJob(db, data, opts),
  });
}

/** Enqueues an import job inside `tx` (no-op without a job runner: tests drive the handler). */
export async function enqueueImportJob(tx: Tx, jobs: Pick<Jobs, 'send'> | null, payload: ImportJobPayload) {
  if (!jobs) return;
  // Jobs.send passes its options on to pg-boss's send(); these are pg-boss SendOptions.
  await jobs.send(tx, IMPORT_JOB, payload, SEND_OPTIONS as unknown as { singletonKey?: string });
}

const ACTIVE: Record<string, ImportJobPayload['kind']> = {
  dry_running: 'dry_run',
  queued: 'run',
  running: 'run',
  reverting: 'revert',
};

/**
 * Re-enqueues the unfinished imports of every organisation (see the module comment); returns how
 * many. The actor of the original request is kept in the last job's payload, so it is read back from
 * pg-boss's job table (falling back to the import's creator as owner-less system work is not
 * possible: records need a creator).
 */
export async function recoverImports(database: Database, jobs: Pick<Jobs, 'sendNow'>): Promise<number> {
  const db = database.db;
  const orgs = await db.select({ id: organizations.id }).from(organizations);
  let n = 0;
  for (const org of orgs) {
    const stuck = await withTenant(db, { orgId: org.id }, async (tx) => {
      if (database.kind === 'pglite') {
        await tx.execute(sql`update imports set lease_token = null, lease_expires_at = null
          where org_id = ${org.id}::uuid and status in ('dry_running', 'queued', 'running', 'reverting')`);
      }
      return queryRows<{ id: string; status: string }>(
        tx,
        sql`select id, status from imports where org_id = ${org.id}::uuid
            and status in ('dry_running', 'queued', 'running', 'reverting')`,
      );
    });
    for (const s of stuck) {
      const [job] = await queryRows<{ data: ImportJobPayload }>(
        db as unknown as Tx,
        sql`select data from pgboss.job where name = ${IMPORT_JOB} and data->>'importId' = ${s.id}
            order by created_on desc limit 1`,
      );
      if (!job) continue;
      await jobs.sendNow(IMPORT_JOB, { ...job.data, kind: ACTIVE[s.status] });
      n++;
    }
  }
  return n;
}
