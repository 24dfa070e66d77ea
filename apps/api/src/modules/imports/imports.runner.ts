/**
 * The dry run and the run of an import (jobs): the file is streamed from its stored chunks
 * (`readRows` after the checkpoint), 1,000 rows at a time (on PostgreSQL the next chunk is parsed
 * while the current one is written, and a contacts run writes two chunks at once: `writers`), and
 * EACH CHUNK IS ONE TRANSACTION that writes its records, their change log, the chunk's issues, and
 * as its last statement the counters, the checkpoint (the spreadsheet row number of the chunk's last
 * row) and the worker's lease — that statement waits for the previous chunk's commit, so chunks
 * commit in file order; after a chunk of a run, the tables its rows reference get fresh planner
 * statistics when they have doubled (engine/statistics.ts). With parallel writers a chunk's
 * relations (new companies, tags, inactive owners, with their change log) commit just before its
 * records, in a transaction of their own; a resumed run finds them by name. A process killed
 * mid-import leaves the import `running` with the checkpoint of its last committed chunk; the next
 * job (pg-boss retry after the heartbeat timeout, or the start-up recovery) takes the lease over
 * once it is stale and continues right after that row: no duplicates, no partial records.
 *
 * Lease: `lease_token` + `lease_expires_at` (now + 60 s) on the import row, claimed in a transaction
 * of its own, renewed by every chunk and every 15 s by a timer; a chunk whose UPDATE of the lease
 * finds another token rolls back and the worker stops (another worker owns the import now).
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { imports } from '../../db/schema/index.js';
import { queryRows } from '../../db/sql.js';
import { withTenant } from '../../db/tenant.js';
import { AppError } from '../../lib/errors.js';
import { createCustomField } from '../custom-fields/custom-fields.service.js';
import { CUSTOM_FIELD_ENTITY_OF, type ImportEntity } from './fields.js';
import { ImportFileError, readRows, type SourceInfo, type SourceRow } from './files/source.js';
import {
  chunkKeys,
  prepareChunk,
  resolveChunkRelations,
  writeChunk,
  type ChunkRelations,
  type ChunkResult,
  type PreparedChunk,
} from './engine/chunk.js';
import { loadContext, type ImportActor } from './engine/context.js';
import { REFERENCED_TABLES, refreshStatistics } from './engine/statistics.js';
import type { RowIssue } from './engine/parse.js';
import { openInDb } from './imports.files.js';
import { keyOfLabel } from './imports.service.js';
import { fileInfoOf, optionsOf, type ImportRow } from './imports.view.js';

export const LEASE_SECONDS = 60;
const RENEW_MS = 15_000;
export const CHUNK_ROWS = 1_000;

/** A job's payload: which import, what to do, and who asked (the actor of the run's writes). */
export interface ImportJobPayload {
  orgId: string;
  importId: string;
  kind: 'dry_run' | 'run' | 'revert';
  actor: ImportActor;
}

/**
 * Rows per chunk on PostgreSQL (the job definition passes it). bench/import, 100,000 contacts, one
 * writer, quiet 2-core machine (2026-12-04): 1,000-row chunks 4,482 creates/s, 2,000 4,736, 5,000
 * 4,843 — the work is per row (indexes, foreign-key checks, change log, timeline), so size barely
 * matters, while 5,000 raised the server's peak RSS from 432 to 518 MB (the issue's goal: ≤ 500 MB).
 * PGlite uses the same size: there a chunk holds the one connection and requests wait that long.
 */
export const POSTGRES_CHUNK_ROWS = 1_000;

/**
 * Chunks a PostgreSQL contacts run writes at once. bench/import, 100,000 contacts on a quiet 2-core
 * machine: 1 writer 4,500 creates/s (PostgreSQL's backend busy ~70 % of the run, the rest waiting
 * for this process), 2 writers 5,968, 3 writers no faster by the wall clock (both cores busy).
 */
export const POSTGRES_WRITERS = 2;

/** Chunk size, overlap, pause, and a test hook: stop (as if killed) after N committed chunks. */
export interface RunnerOptions {
  chunkRows?: number;
  stopAfterChunks?: number;
  /** Milliseconds to wait after each chunk, so other users of a single connection (PGlite) get a turn. */
  pauseMs?: number;
  /**
   * Prepare (parse) the next chunk while the current one is being written (PostgreSQL: the database
   * works in its own process meanwhile). Chunks still commit one after another, in file order. Off
   * on PGlite, where the database runs on this process's thread and nothing would overlap.
   */
  overlap?: boolean;
  /**
   * Chunks written at once (contacts runs; default 1): each in its own connection, its relations
   * committed beforehand one chunk after another, committing in file order; a chunk sharing a key
   * (email, external id, the upsert key) with an earlier chunk still in flight waits for that
   * chunk's commit. PostgreSQL only:
   * on PGlite's one connection a chunk would wait, inside its transaction, for the previous chunk's
   * post-commit statistics query, which waits for that transaction.
   */
  writers?: number;
  /** Test hook: awaited in each chunk's transaction after its writes, with the chunk's last row number. */
  beforeCommit?: (lastRow: number) => Promise<void>;
}

/** Thrown when another worker holds (or took over) the import's lease. */
export class LeaseBusy extends Error {}
/** Thrown by the `stopAfterChunks` test hook. */
export class SimulatedCrash extends Error {}

const RUNNABLE: Record<'dry_run' | 'run', string[]> = { dry_run: ['dry_running'], run: ['queued', 'running'] };

/**
 * Claims the import for this worker: its status must be one `kind` continues, and its lease free or
 * stale. Returns the row, or null when there is nothing to do (finished, reverted, …). Throws
 * {@link LeaseBusy} while another worker's lease is live (pg-boss retries later).
 */
export async function claimLease(
  db: Db,
  payload: Pick<ImportJobPayload, 'orgId' | 'importId'>,
  statuses: string[],
  token: string,
  onClaim?: (tx: Tx, row: ImportRow) => Promise<Partial<typeof imports.$inferInsert>>,
): Promise<ImportRow | null> {
  return withTenant(db, { orgId: payload.orgId }, async (tx) => {
    const [row] = await tx
      .select()
      .from(imports)
      .where(and(eq(imports.org_id, payload.orgId), eq(imports.id, payload.importId)))
      .for('update');
    if (!row || !statuses.includes(row.status)) return null;
    if (row.lease_token && row.lease_expires_at && row.lease_expires_at.getTime() > Date.now()) {
      throw new LeaseBusy(`import ${row.id} is being processed by another worker`);
    }
    const extra = onClaim ? await onClaim(tx, row) : {};
    const [claimed] = await tx
      .update(imports)
      .set({
        ...extra,
        lease_token: token,
        lease_expires_at: sql`now() + make_interval(secs => ${LEASE_SECONDS})`,
        updated_at: new Date(),
      })
      .where(and(eq(imports.org_id, payload.orgId), eq(imports.id, payload.importId)))
      .returning();
    return claimed!;
  });
}

/**
 * Renews the lease in `tx` (the heartbeat timer; a chunk renews it in its counters statement);
 * throws {@link LeaseBusy} when it is no longer ours.
 */
export async function renewLease(tx: Tx, orgId: string, importId: string, token: string) {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`update imports set lease_expires_at = now() + make_interval(secs => ${LEASE_SECONDS})
        where org_id = ${orgId}::uuid and id = ${importId}::uuid and lease_token = ${token} returning id`,
  );
  if (!rows.length) throw new LeaseBusy(`import ${importId}: lease lost`);
}

/** Renews the lease every 15 s while `fn` runs (long file skips on resume). */
export async function withHeartbeat<T>(db: Db, orgId: string, importId: string, token: string, fn: () => Promise<T>) {
  const timer = setInterval(() => {
    withTenant(db, { orgId }, (tx) => renewLease(tx, orgId, importId, token)).catch(() => {});
  }, RENEW_MS);
  timer.unref();
  try {
    return await fn();
  } finally {
    clearInterval(timer);
  }
}

/** Releases the lease and sets the final columns (status, error, result). */
export async function finish(db: Db, p: ImportJobPayload, token: string, set: Partial<typeof imports.$inferInsert>) {
  await withTenant(db, { orgId: p.orgId }, async (tx) => {
    await tx
      .update(imports)
      .set({
        ...set,
        lease_token: null,
        lease_expires_at: null,
        updated_at: new Date(),
        version: sql`${imports.version} + 1`,
      })
      .where(and(eq(imports.org_id, p.orgId), eq(imports.id, p.importId), eq(imports.lease_token, token)));
  });
}

/** Creates the custom fields the options ask for (first start of a run); existing keys are reused. */
async function createNewFields(tx: Tx, row: ImportRow, actor: ImportActor) {
  const entity = CUSTOM_FIELD_ENTITY_OF[row.entity as keyof typeof CUSTOM_FIELD_ENTITY_OF];
  if (!entity) return;
  for (const n of optionsOf(row).new_custom_fields) {
    const key = keyOfLabel(n.label);
    const [taken] = await queryRows<{ id: string }>(
      tx,
      sql`select id from custom_fields where org_id = ${row.org_id}::uuid and entity = ${entity} and key = ${key}`,
    );
    if (taken) continue;
    await createCustomField(tx, {
      orgId: row.org_id,
      region: actor.region,
      entity,
      key,
      label: n.label,
      type: n.type,
      options: [],
      required: false,
      default_value: null,
    } as never);
  }
}

async function insertIssues(tx: Tx, p: ImportJobPayload, phase: string, issues: RowIssue[], headers: string[]) {
  if (!issues.length) return;
  const payload = issues.map((i) => ({
    row: i.row,
    col: i.column,
    name: i.column === null ? null : (headers[i.column] ?? null),
    value: i.value === null ? null : i.value.slice(0, 1000),
    message: i.message.slice(0, 1000),
    severity: i.severity,
  }));
  await tx.execute(sql`insert into import_issues (org_id, id, import_id, phase, "row", "column", column_name, value, message, severity)
    select ${p.orgId}::uuid, x.id, ${p.importId}::uuid, ${phase}, x.row, x.col, x.name, x.value, x.message, x.severity
    from jsonb_to_recordset(${JSON.stringify(payload.map((x) => ({ ...x, id: randomUUID() })))}::jsonb)
      as x(id uuid, "row" int, col int, name text, value text, message text, severity text)`);
}

/**
 * Runs (or resumes) the dry run or run of `payload.importId`; see the module comment. Deterministic
 * failures (the file no longer reads, an AppError) end the import `failed` with the message; other
 * errors release the lease and rethrow (pg-boss retries; the retry resumes at the checkpoint).
 */
export async function runImport(db: Db, payload: ImportJobPayload, opts: RunnerOptions = {}): Promise<void> {
  const kind = payload.kind as 'dry_run' | 'run';
  const dryRun = kind === 'dry_run';
  const token = randomUUID();
  const row = await claimLease(db, payload, RUNNABLE[kind], token, async (tx, r) => {
    if (r.status === 'queued') {
      await createNewFields(tx, r, payload.actor);
      return { status: 'running', started_at: new Date() };
    }
    return {};
  });
  if (!row) return;
  const chunkRows = opts.chunkRows ?? CHUNK_ROWS;
  const phase = dryRun ? 'dry_run' : 'run';
  let chunks = 0;
  try {
    await withHeartbeat(db, payload.orgId, payload.importId, token, async () => {
      const ctx = await withTenant(db, { orgId: payload.orgId }, (tx) =>
        loadContext(tx, { row, actor: payload.actor, dryRun }),
      );
      const info = { ...fileInfoOf(row), format: row.file_format } as unknown as SourceInfo;
      const open = openInDb(db, { orgId: payload.orgId, importId: payload.importId });
      const parallel = !dryRun && (opts.writers ?? 1) > 1 && row.entity === 'contacts';
      // Parallel writers: each chunk's relations (owners, tags, companies — created when missing) are
      // committed in a transaction of their own, one chunk after another, before its records.
      let relationsTurn: Promise<unknown> = Promise.resolve();
      /** A chunk being written: settles once committed (and past its post-commit steps). */
      interface Writing {
        done: Promise<void>;
        keys: Set<string> | null;
      }
      /**
       * Writes and commits one chunk. `earlier` are the chunks still being written before it, oldest
       * first. Its counters, checkpoint and lease renewal are the transaction's last statement, run
       * only after the last of them settled — so chunks commit in file order, and a failure of an
       * earlier chunk rolls this one back.
       */
      const commit = async (
        batch: SourceRow[],
        prepared: PreparedChunk,
        earlier: Writing[],
        keys: Set<string> | null,
      ) => {
        const prev = earlier.at(-1)?.done ?? null;
        let relations: ChunkRelations | undefined;
        if (parallel) {
          const turn = relationsTurn.then(() =>
            withTenant(db, { orgId: payload.orgId, userId: payload.actor.userId }, (tx) =>
              resolveChunkRelations(tx, ctx, prepared),
            ),
          );
          relationsTurn = turn.catch(() => {});
          relations = await turn;
          // Rows that find or claim a record an earlier chunk may be writing: wait for its commit.
          const clash = earlier.findLast((w) => keys && w.keys && [...keys].some((k) => w.keys!.has(k)));
          if (clash) await clash.done;
        }
        await withTenant(db, { orgId: payload.orgId, userId: payload.actor.userId }, async (tx) => {
          // GIN indexes (the trigram search indexes of contacts, companies, …) take inserts into their
          // pending list and merge it when it outgrows this limit; merging 32 MB at a time instead of
          // 4 MB cut the contacts insert of a chunk by ~30 % (bench/import). Searches stay correct
          // (they read the pending list too); autovacuum merges what is left.
          if (!dryRun) await tx.execute(sql`set local gin_pending_list_limit = '32MB'`);
          // A wait on another writer's row (a key the Node-side check could not see) ends in an
          // error and a retry from the checkpoint, never in a hang.
          if (parallel) await tx.execute(sql`set local lock_timeout = '20s'`);
          const res: ChunkResult = await writeChunk(tx, ctx, prepared, relations);
          await insertIssues(tx, payload, phase, res.issues, info.headers);
          await opts.beforeCommit?.(batch[batch.length - 1]!.row);
          await prev;
          const renewed = await queryRows<{ id: string }>(
            tx,
            sql`update imports set
              rows_done = rows_done + ${batch.length}, created = created + ${res.created},
              updated = updated + ${res.updated}, skipped = skipped + ${res.skipped},
              failed = failed + ${res.failed}, warnings = warnings + ${res.warnings},
              checkpoint = ${batch[batch.length - 1]!.row}, updated_at = now(),
              lease_expires_at = now() + make_interval(secs => ${LEASE_SECONDS})
            where org_id = ${payload.orgId}::uuid and id = ${payload.importId}::uuid and lease_token = ${token}
            returning id`,
          );
          if (!renewed.length) throw new LeaseBusy(`import ${payload.importId}: lease lost`);
        });
        // Fresh statistics once the tables the rows reference have grown (engine/statistics.ts).
        if (!dryRun) await refreshStatistics(db, REFERENCED_TABLES[row.entity as ImportEntity]);
        if (opts.stopAfterChunks !== undefined && ++chunks >= opts.stopAfterChunks) {
          throw new SimulatedCrash(`stopped after ${chunks} chunk(s)`);
        }
        if (opts.pauseMs) await new Promise((resolve) => setTimeout(resolve, opts.pauseMs));
      };
      // The chunks being written, oldest first: at most `writers` (1 unless parallel), each awaited
      // by the next one before its commit, so chunks commit in file order and a failure stops the run
      // at the next chunk boundary.
      const writing: Writing[] = [];
      const flush = async (batch: SourceRow[]) => {
        const prepared = prepareChunk(ctx, batch);
        const keys = parallel ? chunkKeys(ctx, prepared) : null;
        while (writing.length >= (parallel ? opts.writers! : 1)) await writing.shift()!.done;
        const done = commit(batch, prepared, [...writing], keys);
        writing.push({ done, keys });
        if (opts.overlap || parallel)
          done.catch(() => {}); // surfaces where it is awaited
        else await done;
      };
      const settle = () => Promise.allSettled(writing.map((w) => w.done));
      let batch: SourceRow[] = [];
      try {
        for await (const r of readRows(open, info, { after: Math.max(1, row.checkpoint) })) {
          batch.push(r);
          if (batch.length >= chunkRows) {
            await flush(batch);
            batch = [];
          }
        }
        if (batch.length) await flush(batch);
        // Every chunk's outcome, oldest first: the first failure is the run's.
        while (writing.length) await writing.shift()!.done;
      } catch (err) {
        // Never end the import (or release its lease) while a chunk is still being written.
        await settle();
        throw err;
      }
      await finishRun(db, payload, token, dryRun, ctx.would);
    });
  } catch (err) {
    if (err instanceof SimulatedCrash || err instanceof LeaseBusy) throw err;
    if (err instanceof ImportFileError || err instanceof AppError) {
      await finish(db, payload, token, {
        status: dryRun ? 'uploaded' : 'failed',
        error: { code: err.code, message: err.message },
        ...(dryRun ? { dry_run_finished_at: new Date() } : { finished_at: new Date() }),
      });
      return;
    }
    await finish(db, payload, token, {});
    throw err;
  }
}

async function finishRun(
  db: Db,
  payload: ImportJobPayload,
  token: string,
  dryRun: boolean,
  would: { companies: Set<string>; stages: Set<string>; tags: Set<string>; owners: Set<string> },
) {
  const now = new Date();
  if (!dryRun) {
    await finish(db, payload, token, { status: 'completed', finished_at: now, error: null });
    return;
  }
  const [r] = await withTenant(db, { orgId: payload.orgId }, (tx) =>
    tx
      .select()
      .from(imports)
      .where(and(eq(imports.org_id, payload.orgId), eq(imports.id, payload.importId))),
  );
  await finish(db, payload, token, {
    status: 'validated',
    dry_run_finished_at: now,
    error: null,
    dry_run: {
      would_create: r!.created,
      would_update: r!.updated,
      would_skip: r!.skipped,
      failing: r!.failed,
      warnings: r!.warnings,
      would_create_related: {
        companies: would.companies.size,
        stages: [...would.stages],
        tags: [...would.tags],
        owners: [...would.owners],
      },
      finished_at: now.toISOString(),
    },
  });
}
