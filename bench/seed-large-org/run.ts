/**
 * bench/seed-large-org — CLI around seedLargeOrg() (issue "Companies and contacts", Performance):
 * one organisation with 1,000,000 contacts and 200,000 companies on PostgreSQL in ≤ 5 minutes, or
 * 100,000 / 20,000 on PGlite; plus (issue "Leads, deals, pipelines") 300,000 deals in 3 pipelines and
 * 100,000 leads with stage history (--deals / --leads; default 0.3 and 0.1 per contact); and (issue
 * "Activities … timeline") --activities N activities with links and timeline entries (default 0). Migrates first (runMigrations), prints the time of each phase and the
 * row counts.
 *
 *   npm run seed-large-org -w bench                       # PostgreSQL: throw-away database, dropped after
 *   npm run seed-large-org -w bench -- --keep             # … kept; prints its URL and the owner's API key
 *   npm run seed-large-org -w bench -- --url postgres://…/mydb   # into an existing database (kept)
 *   npm run seed-large-org -w bench -- --pglite [--dir ./large]  # PGlite (temp dir unless --dir)
 *   … --contacts 200000 --companies 40000                 # other sizes
 *
 * DATABASE_URL is the admin connection used to create throw-away databases (default local postgres).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '@relata/api/src/db/client.js';
import { runMigrations } from '@relata/api/src/db/migrate.js';
import { createBenchDatabase } from '../lib/pg.js';
import { printSeed, seedLargeOrg } from './seed.js';

const { values: args } = parseArgs({
  options: {
    pglite: { type: 'boolean', default: false },
    dir: { type: 'string' },
    url: { type: 'string' },
    keep: { type: 'boolean', default: false },
    contacts: { type: 'string' },
    companies: { type: 'string' },
    deals: { type: 'string' },
    leads: { type: 'string' },
    activities: { type: 'string' },
  },
});

const pglite = args.pglite || Boolean(args.dir);
const contacts = Number(args.contacts ?? (pglite ? 100_000 : 1_000_000));
const companies = Number(args.companies ?? Math.round(contacts / 5));
const deals = Number(args.deals ?? Math.round(contacts * 0.3));
const leads = Number(args.leads ?? Math.round(contacts / 10));
const activities = Number(args.activities ?? 0);

console.log(
  `bench/seed-large-org — ${new Date().toISOString()} — ${os.cpus().length} CPUs, Node ${process.version}\n` +
    `${pglite ? 'PGlite' : 'PostgreSQL'}: ${contacts.toLocaleString('en-US')} contacts, ${companies.toLocaleString('en-US')} companies, ` +
    `${deals.toLocaleString('en-US')} deals, ${leads.toLocaleString('en-US')} leads`,
);

let cleanup = async () => {};
let url: string | undefined;
let dir: string | undefined;
if (pglite) {
  dir = args.dir ? path.resolve(args.dir) : await mkdtemp(path.join(os.tmpdir(), 'relata-large-'));
  if (!args.dir && !args.keep) cleanup = () => rm(dir!, { recursive: true, force: true });
} else if (args.url) {
  url = args.url;
} else {
  const db = await createBenchDatabase('relata_large');
  url = db.url;
  if (!args.keep) cleanup = db.drop;
}
try {
  const database = await openDatabase(pglite ? { pgliteDir: dir! } : { url: url! });
  try {
    let t = performance.now();
    await runMigrations(database);
    const migrateMs = performance.now() - t;
    t = performance.now();
    const result = await seedLargeOrg(database, {
      contacts,
      companies,
      deals,
      leads,
      activities,
      log: (l) => console.log(l),
    });
    printSeed(result, migrateMs);
    if (args.keep || args.url || args.dir) {
      console.log(`\ndatabase: ${pglite ? `PGlite directory ${dir}` : url}`);
      console.log(`organisation ${result.orgId}; owner API key (write scope): ${result.apiKey}`);
    }
  } finally {
    await database.close();
  }
} finally {
  await cleanup();
}
