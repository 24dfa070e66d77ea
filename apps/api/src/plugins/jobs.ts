/**
 * Background jobs on pg-boss 12: the same database as the app (PGlite through `fromPglite`, or the
 * PostgreSQL connection string). Jobs are enqueued inside the business transaction (`send(tx, …)`)
 * so a rolled-back request never leaves a job behind; failures are logged and retried by pg-boss
 * with exponential backoff (each definition sets its retry limit).
 */
import type { FastifyBaseLogger } from 'fastify';
import { PgBoss, fromDrizzle, fromPglite } from 'pg-boss';
import { sql } from 'drizzle-orm';
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

export class Jobs {
  private constructor(
    private readonly boss: PgBoss,
    private readonly log: FastifyBaseLogger,
  ) {}

  /**
   * Starts pg-boss (installing or migrating its schema), grants the request role what enqueueing
   * needs, creates the queues of `definitions`, applies their schedules and, when `work` is true,
   * starts their workers.
   */
  static async start(opts: {
    database: Database;
    log: FastifyBaseLogger;
    definitions: JobDefinition[];
    work: boolean;
  }): Promise<Jobs> {
    const { database, log } = opts;
    const boss =
      database.kind === 'pglite'
        ? new PgBoss({ db: fromPglite(database.pglite!), backend: 'pglite', schema: 'pgboss' })
        : new PgBoss({ db: poolAdapter(database), schema: 'pgboss' });
    boss.on('error', (err) => log.error({ err }, 'pg-boss error'));
    await boss.start();
    await database.query(
      `GRANT USAGE ON SCHEMA pgboss TO ${APP_ROLE};
       GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA pgboss TO ${APP_ROLE};
       GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA pgboss TO ${APP_ROLE};
       ALTER DEFAULT PRIVILEGES IN SCHEMA pgboss GRANT SELECT, INSERT, UPDATE ON TABLES TO ${APP_ROLE};`,
    );
    const jobs = new Jobs(boss, log);
    for (const def of opts.definitions) await jobs.define(def, opts.work);
    return jobs;
  }

  private async define(def: JobDefinition, work: boolean): Promise<void> {
    if (!(await this.boss.getQueue(def.name))) {
      await this.boss.createQueue(def.name, {
        retryLimit: def.retryLimit ?? 3,
        retryDelay: def.retryDelay ?? 5,
        retryBackoff: true,
      });
    }
    if (def.cron) await this.boss.schedule(def.name, def.cron, null, { tz: 'UTC' });
    if (!work) return;
    await this.boss.work<object>(def.name, async (batch) => {
      for (const job of batch) {
        const retryCount = (job as { retryCount?: number }).retryCount ?? 0;
        try {
          await def.handler(job.data ?? {}, { id: job.id, retryCount });
          this.log.info({ job: def.name, jobId: job.id, retryCount }, 'job completed');
        } catch (err) {
          this.log.warn({ job: def.name, jobId: job.id, retryCount, err }, 'job failed; pg-boss will retry it');
          throw err;
        }
      }
    });
  }

  /** Enqueues a job inside the business transaction `tx`: it exists only if `tx` commits. */
  async send(tx: Tx, name: string, data: object, options: { startAfter?: Date | number; singletonKey?: string } = {}) {
    return this.boss.send(name, data, {
      ...options,
      // pg-boss's adapter types expect a narrower execute() result than Drizzle's generic Tx declares.
      db: fromDrizzle(tx as unknown as Parameters<typeof fromDrizzle>[0], sql),
    });
  }

  /** Enqueues a job outside any request transaction. */
  async sendNow(name: string, data: object = {}) {
    return this.boss.send(name, data);
  }

  /** Reads a job's state (tests and diagnostics). */
  async getJob(name: string, id: string) {
    return this.boss.getJobById(name, id);
  }

  /** Stops polling, waits for running jobs to finish (up to `timeoutMs`) and closes pg-boss. */
  async stop(timeoutMs = 30_000): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: timeoutMs, close: true });
  }
}

/** pg-boss on the app's own `pg` Pool (one pool for the whole process). */
function poolAdapter(database: Database) {
  const pool = database.pool!;
  return { executeSql: async (text: string, values?: unknown[]) => pool.query(text, values as unknown[]) };
}
