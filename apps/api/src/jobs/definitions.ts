/**
 * Every kind of background job, in one list (plugins/jobs.ts runs them). Later domains add theirs
 * here.
 */
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { purgeRecycleBins } from '../modules/records/purge.js';
import { reminderJob } from '../modules/activities/activities.reminders.js';
import { importJob } from '../modules/imports/imports.jobs.js';
import { POSTGRES_CHUNK_ROWS, POSTGRES_WRITERS } from '../modules/imports/imports.runner.js';
import { defineJob, type JobDefinition } from '../plugins/jobs.js';

export const VACUUM_JOB = 'db.vacuum';
export const PURGE_JOB = 'records.purge';

/**
 * Milliseconds an import gives other work between chunks on PGlite. One embedded connection serves
 * everything: without a pause the chunks take it back to back and the API answers nothing until the
 * import ends (a 1,000-row chunk takes ~0.1–1 s). 20 ms × 1 chunk per 1,000 rows = +4 s on 200,000 rows.
 */
export const PGLITE_CHUNK_PAUSE_MS = 20;

export function jobDefinitions(deps: { database: Database; config: Config }): JobDefinition[] {
  const defs: JobDefinition[] = [
    // Records deleted more than 30 days ago leave the recycle bin for good (DESIGN §4).
    defineJob({
      name: PURGE_JOB,
      cron: deps.config.purgeCron,
      retryLimit: 3,
      handler: async () => {
        await purgeRecycleBins(deps.database.db);
      },
    }),
    reminderJob(deps.database.db), // activity reminders → notifications (activities.reminders.ts)
    // import dry runs, runs and reverts, resumable (imports.jobs.ts); on PGlite's single connection a
    // pause between chunks lets waiting requests in.
    // PostgreSQL: the next chunk is parsed while the current one is written (imports.runner.ts).
    importJob(
      deps.database.db,
      deps.database.kind === 'pglite'
        ? { pauseMs: PGLITE_CHUNK_PAUSE_MS }
        : { pauseMs: 0, chunkRows: POSTGRES_CHUNK_ROWS, overlap: true, writers: POSTGRES_WRITERS },
    ),
  ];
  if (deps.database.kind === 'pglite') {
    // PGlite has no autovacuum: reclaim dead rows and refresh planner statistics on a schedule.
    defs.push(
      defineJob({
        name: VACUUM_JOB,
        cron: deps.config.vacuumCron,
        retryLimit: 2,
        handler: async () => {
          await deps.database.query('VACUUM (ANALYZE)');
        },
      }),
    );
  }
  return defs;
}
