/**
 * Background jobs on pg-boss 12: the same database as the app (PGlite through `fromPglite`, or the
 * app's `pg` Pool). Jobs are enqueued inside the business transaction (`send(tx, …)`) so a
 * rolled-back request never leaves a job behind; failures are logged and retried by pg-boss with
 * exponential backoff (each definition sets its retry limit).
 *
 * pg-boss is loaded and started in the background (`Jobs.create`): the server listens meanwhile,
 * and every operation waits until it is ready (`whenReady`), which takes a few hundred ms at boot.
 */
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'drizzle-orm';
import type * as PgBossModuleNs from 'pg-boss';
import type { PgBoss } from 'pg-boss';
import type { Database, Tx } from '../db/client.js';
import { APP_ROLE } from '../db/tenant.js';

/** A kind of background job: its queue, its handler and optionally a cron schedule (UTC). */
export interface JobDefinition<T extends object = object> {
  name: string;
  handler: (data: T, meta: { id: string; retryCount: number }) => Promise<void>;
  /** Retries after the first failure (default 3), spaced by exponential backoff from `retryDelay` s. */
  retryLimit?: number;
  retryDelay?: number;
  /** Cron expression (5 fields, UTC) to enqueue the job on a schedule. */
  cron?: string;
}

/** Declares a job with a typed payload, for lists of mixed jobs (`JobDefinition[]`). */
export function defineJob<T extends object>(def: JobDefinition<T>): JobDefinition {
  return def as unknown as JobDefinition;
}

type PgBossModule = typeof PgBossModuleNs;

interface Started {
  boss: PgBoss;
  mod: PgBossModule;
}

export class Jobs {
  private constructor(
    private readonly started: Promise<Started>,
    private readonly log: FastifyBaseLogger,
  ) {
    // Surfaced by whenReady(); keep an unobserved failure from crashing the process meanwhile.
    started.catch(() => {});
  }

  /**
   * Loads and starts pg-boss in the background (installing or migrating its schema), grants the
   * request role what enqueueing needs, creates the queues of `definitions`, applies their
   * schedules and, when `work` is true, starts their workers.
   */
  static create(opts: {
    database: Database;
    log: FastifyBaseLogger;
    definitions: JobDefinition[];
    work: boolean;
  }): Jobs {
    const { database, log } = opts;
    const start = async (): Promise<Started> => {
      const mod = await import('pg-boss');
      const boss =
        database.kind === 'pglite'
          ? new mod.PgBoss({ db: mod.fromPglite(database.pglite!), backend: 'pglite', schema: 'pgboss' })
          : new mod.PgBoss({ db: poolAdapter(database), schema: 'pgboss' });
      boss.on('error', (err) => log.error({ err }, 'pg-boss error'));
      await boss.start();
      const { rows } = await database.query<{ ok: boolean }>(
        `SELECT has_schema_privilege('${APP_ROLE}', 'pgboss', 'USAGE') AS ok`,
      );
      if (!rows[0]?.ok) await grantEnqueue(database);
      for (const def of opts.definitions) await define(boss, log, def, opts.work);
      return { boss, mod };
    };
    return new Jobs(start(), log);
  }

  /** Resolves once pg-boss runs; rejects with the start-up error if it could not start. */
  async whenReady(): Promise<void> {
    await this.started;
  }

  /** Enqueues a job inside the business transaction `tx`: it exists only if `tx` commits. */
  async send(tx: Tx, name: string, data: object, options: { startAfter?: Date | number; singletonKey?: string } = {}) {
    const { boss, mod } = await this.started;
    return boss.send(name, data, {
      ...options,
      // pg-boss's adapter types expect a narrower execute() result than Drizzle's generic Tx declares.
      db: mod.fromDrizzle(tx as unknown as Parameters<PgBossModule['fromDrizzle']>[0], sql),
    });
  }

  /** Enqueues a job outside any request transaction. */
  async sendNow(name: string, data: object = {}) {
    const { boss } = await this.started;
    return boss.send(name, data);
  }

  /** Reads a job's state (tests and diagnostics). */
  async getJob(name: string, id: string) {
    const { boss } = await this.started;
    return boss.getJobById(name, id);
  }

  /** Stops polling, waits for running jobs to finish (up to `timeoutMs`) and closes pg-boss. */
  async stop(timeoutMs = 30_000): Promise<void> {
    const started = await this.started.catch(() => null);
    await started?.boss.stop({ graceful: true, timeout: timeoutMs, close: true });
    this.log.debug('pg-boss stopped');
  }
}

async function define(boss: PgBoss, log: FastifyBaseLogger, def: JobDefinition, work: boolean): Promise<void> {
  if (!(await boss.getQueue(def.name))) {
    await boss.createQueue(def.name, {
      retryLimit: def.retryLimit ?? 3,
      retryDelay: def.retryDelay ?? 5,
      retryBackoff: true,
    });
  }
  if (def.cron) await boss.schedule(def.name, def.cron, null, { tz: 'UTC' });
  if (!work) return;
  await boss.work<object>(def.name, async (batch) => {
    for (const job of batch) {
      const retryCount = (job as { retryCount?: number }).retryCount ?? 0;
      try {
        await def.handler(job.data ?? {}, { id: job.id, retryCount });
        log.info({ job: def.name, jobId: job.id, retryCount }, 'job completed');
      } catch (err) {
        log.warn({ job: def.name, jobId: job.id, retryCount, err }, 'job failed; pg-boss will retry it');
        throw err;
      }
    }
  });
}

/**
 * Lets the request role enqueue inside business transactions: usage of schema pgboss and DML on its
 * tables, also tables pg-boss creates later. Needed once, when the schema is new.
 */
async function grantEnqueue(database: Database): Promise<void> {
  await database.query(
    `GRANT USAGE ON SCHEMA pgboss TO ${APP_ROLE};
     GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA pgboss TO ${APP_ROLE};
     GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA pgboss TO ${APP_ROLE};
     ALTER DEFAULT PRIVILEGES IN SCHEMA pgboss GRANT SELECT, INSERT, UPDATE ON TABLES TO ${APP_ROLE};`,
  );
}

/** pg-boss on the app's own `pg` Pool (one pool for the whole process). */
function poolAdapter(database: Database) {
  const pool = database.pool!;
  return { executeSql: async (text: string, values?: unknown[]) => pool.query(text, values as unknown[]) };
}
