/**
 * The process: configuration, PGlite lock or PostgreSQL pool, migrations, jobs, demo data,
 * listen(), and graceful shutdown on SIGTERM/SIGINT (stop accepting, finish in-flight requests and
 * jobs, close the database, release the lock).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { buildApp } from './app.js';
import { loadConfig, type Config } from './config.js';
import { openDatabase } from './db/client.js';
import { DataDirLockedError, lockDataDir } from './db/lock.js';
import { likeIsLeakproof, runMigrations } from './db/migrate.js';
import { jobDefinitions } from './jobs/definitions.js';
import { requestLogFields } from './lib/log-redact.js';
import { loadAuthSecret } from './lib/secret.js';
import { DEMO_EMAIL, DEMO_PASSWORD, seedDemo } from './modules/demo/demo.service.js';
import { Jobs } from './plugins/jobs.js';

export async function startServer(config: Config) {
  const log = pino({ level: config.logLevel, serializers: { req: requestLogFields } });
  const t0 = performance.now();
  const phase = (name: string) => log.debug({ phase: name, ms: Math.round(performance.now() - t0) }, 'start-up');
  let releaseLock: (() => Promise<void>) | null = null;
  if (!config.databaseUrl) {
    releaseLock = await lockDataDir(config.dataDir, (err) => {
      log.fatal({ err }, 'lost the data directory lock; stopping to protect the data');
      process.exit(1);
    });
  }
  phase('lock');
  const database = await openDatabase({
    url: config.databaseUrl,
    pgliteDir: path.join(config.dataDir, 'pgdata'),
    poolMax: config.dbPoolMax,
  });
  phase('database open');
  await runMigrations(database);
  phase('migrations');
  if (!(await likeIsLeakproof(database))) {
    log.warn(
      'text search cannot use its trigram indexes under row-level security (LIKE is not LEAKPROOF; migration 0006 ' +
        'needs a superuser for that): searches scan the organisation. A superuser can fix it with: ' +
        'ALTER FUNCTION pg_catalog.textlike(text, text) LEAKPROOF; ALTER FUNCTION pg_catalog.texticlike(text, text) LEAKPROOF;',
    );
  }
  const authSecret = await loadAuthSecret(database, config.secret);
  // pg-boss loads and starts in the background; job operations wait for it (plugins/jobs.ts).
  const jobs = Jobs.create({ database, log, definitions: jobDefinitions({ database, config }), work: config.jobs });
  const app = await buildApp({ config, database, authSecret, jobs, logger: log });

  app.addHook('onClose', async () => {
    await jobs.stop();
    await database.close();
    await releaseLock?.();
  });

  phase('app built');
  if (config.demo && (await seedDemo(app.db, app.auth))) log.info('demo organisation created');
  await app.listen({ port: config.port, host: config.host });
  // Load better-auth now that requests are being served, so the first sign-in does not wait for it.
  app.auth().catch((err: unknown) => log.error({ err }, 'could not initialise authentication'));
  jobs.whenReady().then(
    () => phase('background jobs ready'),
    (err: unknown) => {
      log.fatal({ err }, 'background jobs (pg-boss) could not start; stopping');
      process.exit(1);
    },
  );
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
  log.info({ ms: Math.round(performance.now() - t0) }, `Relata listening on ${config.baseUrl} — database: ${where}`);
  if (config.demo) {
    log.info(`Demo sign-in: ${DEMO_EMAIL} / ${DEMO_PASSWORD} (set RELATA_DEMO=0 to disable demo data)`);
  }

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests and jobs');
    const force = setTimeout(() => {
      log.error('shutdown took longer than 30 s; exiting');
      process.exit(1);
    }, 30_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  return app;
}

/** Entry point: reads the configuration, starts the server, and exits with a clear message on failure. */
export async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  try {
    await startServer(config);
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(`\nRelata cannot start: ${err.message}\n`);
      process.exit(3);
    }
    console.error('Relata failed to start:', err);
    process.exit(1);
  }
}

// Run when executed directly (`node dist/server.js`, `tsx src/server.ts`), not when imported.
const entry = process.argv[1] ? path.resolve(process.argv[1]) : '';
if (entry && import.meta.url === pathToFileURL(entry).href) void main();
