/**
 * The seeded large organisation a benchmark measures: a throw-away PostgreSQL database filled by
 * seedLargeOrg(), kept for later runs with `keep` (its URL and SeedResult saved in `stateFile`) and
 * measured again with `reuse` (migrations added since are applied first: the app expects its whole
 * schema).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { openDatabase } from '@relata/api/src/db/client.js';
import { runMigrations } from '@relata/api/src/db/migrate.js';
import { printSeed, seedLargeOrg, type SeedOptions, type SeedResult } from '../seed-large-org/seed.js';
import { loadavg } from './compare.js';
import { createBenchDatabase } from './pg.js';

const BASE_OPTIONS = {
  keep: { type: 'boolean', default: false },
  reuse: { type: 'boolean', default: false },
  contacts: { type: 'string', default: '1000000' },
  requests: { type: 'string', default: '200' },
} as const;

/**
 * The command line of a benchmark on the seeded organisation: `--keep`, `--reuse`, `--contacts`
 * (default 1,000,000), `--requests` (default 200) and `extra` options; `stateFile` is
 * `bench/.tmp/<name>-state.json`, or `RELATA_BENCH_STATE` (a path) when set, so that two people can keep
 * separate databases for the same benchmark. Prints the run's header (time, CPUs, Node, load average).
 */
export function benchArgs<T extends NonNullable<ParseArgsConfig['options']>>(name: string, extra: T) {
  const { values } = parseArgs({ options: { ...BASE_OPTIONS, ...extra } as typeof BASE_OPTIONS & T });
  console.log(`bench/${name} — ${new Date().toISOString()} — ${os.cpus().length} CPUs, Node ${process.version}`);
  console.log(`load average at start: ${loadavg()} (other work on this machine adds noise to both columns alike)`);
  const stateFile =
    process.env.RELATA_BENCH_STATE ??
    path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.tmp', `${name}-state.json`);
  return { args: values, stateFile };
}

/**
 * Seeds (or reuses) the database with the proportions of seed-large-org: `contacts`, a fifth as many
 * companies, 0.3 deals and 0.1 leads per contact (or `deals` / `leads`), and `activities`; then
 * `prepare` (a bench's own additions), whose result is kept in the state file as `extra` and given back
 * on reuse. `drop` removes the database unless it is kept or reused.
 */
export async function seededDatabase<X = undefined>(params: {
  /** Database name prefix (`relata_boards` → `relata_boards_<time>_<pid>`). */
  prefix: string;
  stateFile: string;
  /** `--keep`, `--reuse`, `--contacts` as {@link benchArgs} parsed them. */
  args: { keep: boolean; reuse: boolean; contacts: string };
  activities?: number;
  deals?: number;
  leads?: number;
  prepare?: (url: string, seed: SeedResult) => Promise<X>;
}): Promise<{ url: string; seed: SeedResult; extra: X; drop: () => Promise<void> }> {
  const { keep, reuse } = params.args;
  const contacts = Number(params.args.contacts);
  const options: Omit<SeedOptions, 'log'> = {
    contacts,
    companies: Math.round(contacts / 5),
    deals: params.deals ?? Math.round(contacts * 0.3),
    leads: params.leads ?? Math.round(contacts / 10),
    activities: params.activities ?? 0,
  };
  if (reuse) {
    const { url, seed, extra } = JSON.parse(await readFile(params.stateFile, 'utf8')) as {
      url: string;
      seed: SeedResult;
      extra: X;
    };
    console.log(`\nreusing ${url}`);
    const database = await openDatabase({ url });
    await runMigrations(database).finally(() => database.close());
    return { url, seed, extra, drop: async () => {} };
  }
  const db = await createBenchDatabase(params.prefix);
  console.log(`\nseeding ${JSON.stringify(options)}…`);
  const database = await openDatabase({ url: db.url });
  let seed: SeedResult;
  try {
    const t = performance.now();
    await runMigrations(database);
    seed = await seedLargeOrg(database, { ...options, log: (line) => console.log(line) });
    printSeed(seed, performance.now() - t - seed.timings.total!);
  } finally {
    await database.close();
  }
  const extra = (params.prepare ? await params.prepare(db.url, seed) : undefined) as X;
  if (!keep) return { url: db.url, seed, extra, drop: db.drop };
  await mkdir(path.dirname(params.stateFile), { recursive: true });
  await writeFile(params.stateFile, JSON.stringify({ url: db.url, seed, extra }));
  return { url: db.url, seed, extra, drop: async () => console.log(`\nkept ${db.url} (--reuse to bench it again)`) };
}
