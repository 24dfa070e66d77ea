/**
 * bench/import — issue 6 "Performance": a 1,000,000-row contacts CSV imported through the API, beside
 * a `COPY … FROM STDIN` of the same file into a bare table (the same 9 columns, all text) in the same
 * run.
 *
 * The CSV (gen.ts; cached in bench/.tmp) has names, a unique email, a phone in mixed formats, a
 * company by name (rows / 10 distinct), an owner by member email (3 members), tags (`;`), a number
 * and a date custom field. The real server (`apps/api/src/server.ts`, jobs on) runs as its own process
 * on a fresh PostgreSQL database (or, `--pglite`, a temporary PGlite data directory). This process
 * signs up, creates the organisation and members, uploads the file (`POST /api/v1/imports`), PATCHes
 * the mapping and options (upsert by email, create missing companies and tags, two new custom
 * fields), runs it and polls until `completed`, sampling the server's RSS every 100 ms; then runs a
 * second import of the same file (every row matches: updates / skips). Rates: rows / (finished_at −
 * started_at) and rows / wall clock from POST /run to seeing `completed`. Baseline: COPY of the file
 * into an unlogged-free plain table (PostgreSQL: pg-copy-streams on the same database; PGlite: an
 * in-process PGlite's `COPY … FROM '/dev/blob'`); and on PostgreSQL the floor of the table itself: one
 * `INSERT … SELECT` of the copied rows into `contacts` (all its indexes incl. the two trigram GINs,
 * generated search columns, foreign keys), rolled back.
 *
 * Goals: ≥ 10,000 rows/s for the first import and the re-run; server peak RSS ≤ 500 MB.
 *
 *   npm run import -w bench                              # 1,000,000 rows on PostgreSQL
 *   npm run import -w bench -- --rows 100000 --pglite    # 100,000 rows on PGlite
 *   … --keep (keep the database) --profile (node --cpu-prof on the server, into bench/.tmp/import-prof)
 *   … --explain (PostgreSQL: auto_explain of statements ≥ 30 ms, with trigger times, into the server's log)
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { loadavg } from '../lib/compare.js';
import { cpuCount, postgresCpuSeconds, processCpuSeconds } from '../lib/cpu.js';
import { createBenchDatabase } from '../lib/pg.js';
import { Client, memoryMb, startServer } from './api.js';
import { HEADERS, writeContactsCsv } from './gen.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const TMP = path.resolve(here, '..', '.tmp');
const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    pglite: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    'no-rerun': { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
  },
});
const ROWS = Number(args.rows);
const MEMBERS = ['owner@bench-import.example', 'ana@bench-import.example', 'ben@bench-import.example'];

const file = path.join(TMP, `import-contacts-${ROWS}.csv`);
if (!existsSync(file)) {
  const t0 = performance.now();
  const bytes = await writeContactsCsv(file, ROWS, MEMBERS);
  console.log(`generated ${file}: ${(bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
const sizeMb = statSync(file).size / 1e6;

let dataDir: string | null = null;
let pgdb: { url: string; drop: () => Promise<void> } | null = null;
if (args.pglite) dataDir = await mkdtemp(path.join(os.tmpdir(), 'relata-bench-import-'));
else pgdb = await createBenchDatabase('relata_import');
if (pgdb && args.explain) {
  // auto_explain of statements ≥ 30 ms into the PostgreSQL server log (needs a superuser).
  const c = new pg.Client({ connectionString: pgdb.url });
  await c.connect();
  const name = new URL(pgdb.url).pathname.slice(1);
  for (const [k, v] of Object.entries({
    session_preload_libraries: 'auto_explain',
    'auto_explain.log_min_duration': '30ms',
    'auto_explain.log_analyze': 'on',
    'auto_explain.log_buffers': 'on',
    'auto_explain.log_nested_statements': 'on',
    'auto_explain.log_triggers': 'on',
  })) {
    await c.query(`alter database ${name} set ${k} = '${v}'`);
  }
  await c.end();
}
const nodeArgs = args.profile ? ['--cpu-prof', '--cpu-prof-dir', path.join(TMP, 'import-prof')] : [];
const { server, base } = await startServer(pgdb ? { url: pgdb.url } : { dataDir: dataDir! }, nodeArgs);
const pid = server.child.pid!;

interface Result {
  name: string;
  rows: number;
  ms: number;
  wallMs?: number;
  peakMb?: number;
  counts?: string;
  /** CPU seconds during the run: the server process (all threads) and the PostgreSQL server. */
  cpu?: { app: number; db: number };
}
const results: Result[] = [];

try {
  const api = new Client(base);
  await api.signUp(MEMBERS[0]!, 'Olivia Owner');
  await api.ok('POST', '/api/v1/orgs', { name: 'Import Bench' });
  await api.addMember(MEMBERS[1]!, 'Ana Member');
  await api.addMember(MEMBERS[2]!, 'Ben Member');

  const importOnce = async (label: string) => {
    const t0 = performance.now();
    const imp = await api.upload(file);
    const uploadMs = performance.now() - t0;
    console.log(
      `  ${label}: uploaded ${sizeMb.toFixed(0)} MB in ${(uploadMs / 1000).toFixed(1)} s (${imp.file.row_count} rows)`,
    );
    const mapping: Record<string, string> = {
      '0': 'first_name',
      '1': 'last_name',
      '2': 'email',
      '3': 'phone',
      '4': 'company',
      '5': 'owner',
      '6': 'tags',
      '7': 'cf.score',
      '8': 'cf.birthday',
    };
    await api.ok('PATCH', `/api/v1/imports/${imp.id}`, {
      mapping,
      options: {
        upsert_key: 'email',
        create_missing_companies: true,
        create_missing_tags: true,
        unknown_owners: 'unassigned',
        date_order: 'ymd',
        new_custom_fields: [
          { column: 7, label: 'Score', type: 'number' },
          { column: 8, label: 'Birthday', type: 'date' },
        ],
      },
    });
    const rss0 = memoryMb(pid).rss;
    let peak = rss0;
    const sampler = setInterval(() => (peak = Math.max(peak, memoryMb(pid).rss)), 100);
    const cpu0 = { app: processCpuSeconds(pid), db: postgresCpuSeconds() };
    const w0 = performance.now();
    await api.ok('POST', `/api/v1/imports/${imp.id}/run`);
    let lastLog = 0;
    let lastDone = -1;
    let lastChange = performance.now();
    const done = await api.poll(
      imp.id,
      (s) => s === 'completed' || s === 'failed',
      (x) => {
        if (x.progress.rows_done !== lastDone) [lastDone, lastChange] = [x.progress.rows_done, performance.now()];
        else if (performance.now() - lastChange > 40_000) {
          throw new Error(
            `no progress for 120 s (${x.status}); server warnings and errors:\n${server
              .output()
              .split('\n')
              .filter((l) => !l.includes(`"level":30`))
              .join('\n')
              .slice(-6000)}`,
          );
        }
        if (performance.now() - lastLog > 15_000) {
          lastLog = performance.now();
          const el = (performance.now() - w0) / 1000;
          console.log(
            `    ${x.status} ${x.progress.rows_done}/${ROWS} after ${el.toFixed(0)} s (RSS ${memoryMb(pid).rss.toFixed(0)} MB, load ${loadavg()})`,
          );
        }
      },
    );
    const wallMs = performance.now() - w0;
    const cpu = { app: processCpuSeconds(pid) - cpu0.app, db: pgdb ? postgresCpuSeconds() - cpu0.db : 0 };
    clearInterval(sampler);
    if (done.status !== 'completed') throw new Error(`import ${done.status}: ${JSON.stringify(done.error)}`);
    const p = done.progress;
    const ms = Date.parse(done.timings.finished_at) - Date.parse(done.timings.started_at);
    const counts = `c ${p.created} u ${p.updated} s ${p.skipped} f ${p.failed} w ${p.warnings}`;
    console.log(
      `  ${label}: ${counts}; ${(ms / 1000).toFixed(1)} s; RSS ${rss0.toFixed(0)} → peak ${peak.toFixed(0)} MB`,
    );
    results.push({ name: label, rows: p.rows_done, ms, wallMs, peakMb: peak, counts, cpu });
    return done;
  };

  const first = await importOnce('import (creates)');
  if (first.progress.created !== ROWS) console.log(`  NOTE: created ${first.progress.created} of ${ROWS}`);
  if (!args['no-rerun']) await importOnce('re-import (same file)');

  // Baseline: COPY of the same file into a bare table of 9 text columns.
  const cols = HEADERS.map((_, i) => `c${i} text`).join(', ');
  const t0 = performance.now();
  if (pgdb) {
    const c = new pg.Client({ connectionString: pgdb.url });
    await c.connect();
    await c.query(`create table bench_copy (${cols})`);
    await pipeline(createReadStream(file), c.query(copyFrom('copy bench_copy from stdin (format csv, header)')));
    const n = (await c.query('select count(*)::int as n from bench_copy')).rows[0].n as number;
    results.push({ name: 'baseline COPY (PostgreSQL)', rows: n, ms: performance.now() - t0 });
    // The table's own floor: one set-based INSERT … SELECT of the copied rows into `contacts` (its
    // indexes, generated search columns and foreign keys), rolled back.
    const t1 = performance.now();
    await c.query('begin');
    // The same GIN pending-list limit as an import chunk's transaction (imports.runner.ts).
    await c.query(`set local gin_pending_list_limit = '32MB'`);
    const ins = await c.query(`insert into contacts (org_id, id, created_by, updated_at, first_name, last_name, email,
        phone, owner_id, custom_fields)
      select k.org_id, gen_random_uuid(), k.created_by, now(), b.c0, b.c1, 'floor.' || b.c2, b.c3, k.owner_id,
             jsonb_build_object('score', b.c7::numeric, 'birthday', b.c8)
      from bench_copy b, (select org_id, created_by, owner_id from contacts limit 1) k`);
    results.push({ name: 'floor INSERT…SELECT into contacts', rows: ins.rowCount ?? 0, ms: performance.now() - t1 });
    await c.query('rollback');
    await c.end();
  } else {
    const { PGlite } = await import('@electric-sql/pglite');
    const lite = await PGlite.create();
    await lite.exec(`create table bench_copy (${cols})`);
    const t1 = performance.now();
    await lite.query(`copy bench_copy from '/dev/blob' (format csv, header)`, [], {
      blob: new Blob([readFileSync(file)]),
    });
    const n = (await lite.query<{ n: number }>('select count(*)::int as n from bench_copy')).rows[0]!.n;
    results.push({ name: 'baseline COPY (PGlite, in-memory)', rows: n, ms: performance.now() - t1 });
    await lite.close();
  }
  const hwm = memoryMb(pid).hwm;

  const rate = (r: Result, ms = r.ms) => (r.rows / ms) * 1000;
  const copy = results.find((r) => r.name.startsWith('baseline COPY'))!;
  console.log(
    `\nimport of ${ROWS.toLocaleString()} contacts (${sizeMb.toFixed(0)} MB CSV) on ${pgdb ? 'PostgreSQL' : 'PGlite'} — load average ${loadavg()}`,
  );
  console.log(
    `${'run'.padEnd(34)}${'rows'.padStart(10)}${'run s'.padStart(8)}${'rows/s'.padStart(9)}${'wall s'.padStart(8)}${'rows/s'.padStart(9)}${'peak MB'.padStart(9)}${'× COPY'.padStart(8)}  counts`,
  );
  for (const r of results) {
    console.log(
      `${r.name.padEnd(34)}${r.rows.toLocaleString().padStart(10)}${(r.ms / 1000).toFixed(1).padStart(8)}${Math.round(rate(r)).toLocaleString().padStart(9)}${r.wallMs ? (r.wallMs / 1000).toFixed(1).padStart(8) : ''.padStart(8)}${r.wallMs ? Math.round(rate(r, r.wallMs)).toLocaleString().padStart(9) : ''.padStart(9)}${r.peakMb ? r.peakMb.toFixed(0).padStart(9) : ''.padStart(9)}${(rate(copy) / rate(r)).toFixed(1).padStart(8)}  ${r.counts ?? ''}`,
    );
  }
  console.log(`server VmHWM (whole life, incl. uploads): ${hwm.toFixed(0)} MB`);
  // What the table itself allows on this machine now: each run beside the floor (same run, same load).
  const floor = results.find((r) => r.name.startsWith('floor'));
  if (floor) {
    for (const r of results.filter((x) => x.wallMs)) {
      console.log(`${r.name}: ${((rate(r) / rate(floor)) * 100).toFixed(0)} % of the floor's rows/s`);
    }
  }
  // Where the seconds went: CPU of the server process and of PostgreSQL against what the machine's
  // cores could give in the run's wall time. Near 100 % means the run is bound by this machine's CPU.
  for (const r of results.filter((x) => x.cpu)) {
    const per100k = (s: number) => ((s / r.rows) * 100_000).toFixed(1);
    const busy = ((r.cpu!.app + r.cpu!.db) / ((r.wallMs! / 1000) * cpuCount())) * 100;
    console.log(
      `${r.name}: CPU per 100,000 rows — server ${per100k(r.cpu!.app)} s` +
        (pgdb ? `, PostgreSQL ${per100k(r.cpu!.db)} s` : ' (PGlite runs inside it)') +
        `; ${busy.toFixed(0)} % of ${cpuCount()} cores busy over the run`,
    );
  }
  if (floor && pgdb) {
    // The floor is one statement on one core: the table's own cost per row, before any import work.
    const floorCpu = 100_000 / rate(floor);
    console.log(
      `floor: ${floorCpu.toFixed(1)} s of one core per 100,000 rows in contacts alone; ` +
        `10,000 rows/s on ${cpuCount()} cores leaves ${(cpuCount() * 10).toFixed(0)} CPU-s per 100,000 rows for everything`,
    );
  }
  const runs = results.filter((r) => r.wallMs);
  const slowest = Math.min(...runs.map((r) => rate(r)));
  const peak = Math.max(...runs.map((r) => r.peakMb ?? 0));
  console.log(
    `goal ≥ 10,000 rows/s (every run): ${slowest >= 10_000 ? 'met' : 'NOT met'} (slowest ${Math.round(slowest).toLocaleString()})`,
  );
  console.log(`goal peak RSS ≤ 500 MB during runs: ${peak <= 500 ? 'met' : 'NOT met'} (${peak.toFixed(0)} MB)`);
} finally {
  await server.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  if (pgdb && !args.keep) await pgdb.drop();
  else if (pgdb) console.log(`kept ${pgdb.url}`);
}
