/**
 * Every kind of background job, in one list (plugins/jobs.ts runs them). Later domains add theirs
 * here (e.g. purging the recycle bin).
 */
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { defineJob, type JobDefinition } from '../plugins/jobs.js';

export const VACUUM_JOB = 'db.vacuum';

export function jobDefinitions(deps: { database: Database; config: Config }): JobDefinition[] {
  const defs: JobDefinition[] = [];
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
