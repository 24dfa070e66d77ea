/**
 * bench/duplicates — the duplicate finder at scale (issue 6 "Duplicates and merge"), on the seeded
 * large organisation (seed-large-org proportions: 1,000,000 contacts / 200,000 companies by default).
 *
 * Scenarios, each run `--rounds` times (median and max printed, in ms):
 *  1. `findDuplicatesOf` (the import dry run's duplicate warnings) for 1,000 contact candidates and
 *     for 1,000 company candidates — the newest live records' own values, so every candidate matches
 *     at least itself and the probes hit realistic keys (goal ≤ 200 ms per 1,000);
 *  2. the finder's first page (`listDuplicates`, 20 groups) for contacts and companies (goal ≤ 1 s).
 * "app" runs as the API does: one transaction as `relata_app` under row-level security (the owner's
 * actor). "raw" — the baseline — runs the very same statements in one plain transaction as the
 * connecting superuser (no role switch, no RLS), so the difference is what RLS costs.
 *
 *   npx tsx duplicates/run.ts [--contacts 1000000] [--keep | --reuse] [--state other-state.json] [--rounds 3]
 * `--state` reuses another bench's kept database (e.g. bench/.tmp/export-state.json); read-only.
 */
import { readFile } from 'node:fs/promises';
import { openDatabase, type Database, type Tx } from '@relata/api/src/db/client.js';
import { withTenant } from '@relata/api/src/db/tenant.js';
import { findDuplicatesOf } from '@relata/api/src/modules/duplicates/duplicates.match.js';
import { listDuplicates } from '@relata/api/src/modules/duplicates/duplicates.service.js';
import type { Actor } from '@relata/api/src/modules/records/actor.js';
import type { DuplicateCandidate } from '@relata/shared';
import { loadavg, pct } from '../lib/compare.js';
import { benchArgs, seededDatabase } from '../lib/seeded.js';
import type { SeedResult } from '../seed-large-org/seed.js';

const { args, stateFile } = benchArgs('duplicates', {
  state: { type: 'string' },
  rounds: { type: 'string', default: '3' },
});
const ROUNDS = Number(args.rounds);

let url: string;
let seed: SeedResult;
let drop = async () => {};
if (args.state) {
  ({ url, seed } = JSON.parse(await readFile(args.state, 'utf8')) as { url: string; seed: SeedResult });
  console.log(`\nreusing ${url} (read-only)`);
} else {
  ({ url, seed, drop } = await seededDatabase({ prefix: 'relata_duplicates', stateFile, args }));
}

const database: Database = await openDatabase({ url });
const orgId = seed.orgId;
const actor: Actor = {
  orgId,
  userId: seed.owner.userId,
  membershipId: seed.owner.membershipId,
  role: 'owner',
  visibility: 'shared',
  region: 'US',
};

/** The same work as the API (relata_app, RLS) and raw (superuser transaction). */
const app = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(database.db, { orgId, userId: actor.userId }, fn);
const raw = <T>(fn: (tx: Tx) => Promise<T>) => database.db.transaction(fn);

async function measure<T>(name: string, goal: number, fn: (tx: Tx) => Promise<T>, check: (r: T) => string) {
  const times = { app: [] as number[], raw: [] as number[] };
  let note = '';
  for (let i = 0; i < ROUNDS; i++) {
    for (const mode of ['app', 'raw'] as const) {
      const t = performance.now();
      const r = await (mode === 'app' ? app(fn) : raw(fn));
      times[mode].push(performance.now() - t);
      if (mode === 'app') note = check(r);
    }
  }
  const f = (xs: number[]) => `${pct(xs, 50).toFixed(0).padStart(7)} ${pct(xs, 100).toFixed(0).padStart(7)}`;
  console.log(
    `${name.padEnd(44)} ${f(times.app)}   ${f(times.raw)}   ${String(goal).padStart(6)}   ${note}  (load ${loadavg()})`,
  );
}

try {
  const { rows: contacts } = await database.query<DuplicateCandidate>(
    `select c.full_name as name, c.email, nullif(c.phone, '') as phone, co.name as company_name
       from contacts c left join companies co on co.org_id = c.org_id and co.id = c.company_id
      where c.org_id = $1 and c.deleted_at is null order by c.id desc limit 1000`,
    [orgId],
  );
  const { rows: companies } = await database.query<DuplicateCandidate>(
    `select name, domain from companies where org_id = $1 and deleted_at is null order by id desc limit 1000`,
    [orgId],
  );
  console.log(
    `\n${ROUNDS} rounds; times in ms (median, max); app = relata_app under RLS, raw = same calls as superuser`,
  );
  console.log(
    `${'scenario'.padEnd(44)} ${'app p50'.padStart(7)} ${'max'.padStart(7)}   ${'raw p50'.padStart(7)} ${'max'.padStart(7)}   ${'goal'.padStart(6)}`,
  );
  const matched = (r: unknown[][]) => `${r.filter((m) => m.length).length}/${r.length} candidates matched`;
  await measure(
    `findDuplicatesOf, ${contacts.length} contacts`,
    200,
    (tx) => findDuplicatesOf(tx, { orgId, type: 'contacts', candidates: contacts, actor }),
    matched,
  );
  await measure(
    `findDuplicatesOf, ${companies.length} companies`,
    200,
    (tx) => findDuplicatesOf(tx, { orgId, type: 'companies', candidates: companies, actor }),
    matched,
  );
  for (const type of ['contacts', 'companies'] as const) {
    await measure(
      `finder first page (20 groups), ${type}`,
      1000,
      (tx) => listDuplicates(tx, { actor, query: { type, limit: 20 } }),
      (r) => `${r.data.length} groups, top score ${r.data[0]?.score ?? '-'}`,
    );
  }
} finally {
  await database.close();
  await drop();
}
