/**
 * Runtime configuration from environment variables (documented in README.md → Configuration).
 * Parsed once at start-up; an invalid value stops the server with a message naming the variable.
 */
import path from 'node:path';
import { z } from 'zod';

const bool = (def: boolean) =>
  z
    .enum(['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off'])
    .optional()
    .transform((v) => (v === undefined ? def : ['1', 'true', 'yes', 'on'].includes(v)));

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  DATABASE_URL: z.string().min(1).optional(),
  RELATA_DATA_DIR: z.string().min(1).default('./data'),
  RELATA_DEMO: bool(true),
  RELATA_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  RELATA_BASE_URL: z.url().optional(),
  RELATA_TRUSTED_ORIGINS: z.string().optional(),
  RELATA_TRUST_PROXY: bool(false),
  RELATA_RATE_LIMIT: z.coerce.number().int().min(1).default(600),
  RELATA_BODY_LIMIT: z.coerce.number().int().min(1024).default(1_048_576),
  RELATA_DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  RELATA_FEED_CACHE_MB: z.coerce.number().int().min(0).max(4096).default(32),
  RELATA_IMPORT_MAX_MB: z.coerce.number().int().min(1).max(10_240).default(100),
  RELATA_VACUUM_CRON: z.string().default('17 * * * *'),
  RELATA_PURGE_CRON: z.string().default('17 3 * * *'),
  RELATA_JOBS: bool(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** Absolute PGlite directory root (`pgdata/` and `relata.lock` live inside). */
  dataDir: string;
  demo: boolean;
  secret: string | undefined;
  /** Public URL of the app, used in invitation links and as the trusted origin. */
  baseUrl: string;
  trustedOrigins: string[];
  trustProxy: boolean;
  /** Requests per minute per API key, session or IP. */
  rateLimit: number;
  bodyLimit: number;
  dbPoolMax: number;
  /** Memory for rendered calendar-feed items (MiB; 0 = render every item on every request). */
  feedCacheMb: number;
  /** Largest import file accepted (MiB; larger uploads → 413). */
  importMaxMb: number;
  vacuumCron: string;
  /** When the recycle-bin purge runs (cron, UTC). */
  purgeCron: string;
  jobs: boolean;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
}

/** Reads the configuration from `env`; throws an Error listing every invalid variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const baseUrl = (e.RELATA_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  const extra = (e.RELATA_TRUSTED_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.RELATA_DATA_DIR),
    demo: e.RELATA_DEMO,
    secret: e.RELATA_SECRET,
    baseUrl,
    trustedOrigins: [...new Set([new URL(baseUrl).origin, ...extra])],
    trustProxy: e.RELATA_TRUST_PROXY,
    rateLimit: e.RELATA_RATE_LIMIT,
    bodyLimit: e.RELATA_BODY_LIMIT,
    dbPoolMax: e.RELATA_DB_POOL_MAX,
    feedCacheMb: e.RELATA_FEED_CACHE_MB,
    importMaxMb: e.RELATA_IMPORT_MAX_MB,
    vacuumCron: e.RELATA_VACUUM_CRON,
    purgeCron: e.RELATA_PURGE_CRON,
    jobs: e.RELATA_JOBS,
    logLevel: e.LOG_LEVEL,
  };
}
