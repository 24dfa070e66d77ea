/**
 * bench/export — CSV export of 1,000,000 contacts through the API, beside a `COPY (SELECT …) TO
 * STDOUT` of the same rows and columns in the same run (issue 6 "Export", Performance).
 *
 * One organisation from seedLargeOrg() on PostgreSQL (1,000,000 contacts, 200,000 companies, …).
 * The real server (bench/api-overhead/server.ts: buildApp on a pg pool) runs in its own process;
 * this process downloads `GET /api/v1/exports/contacts?format=csv` (default columns: every contact
 * column, company name and domain, owner email, tags, custom fields; default sort `-updated_at`)
 * with the owner's API key and counts the records (CRLF-terminated), while sampling the server's
 * resident set every 25 ms. Baseline: `COPY (SELECT …) TO STDOUT (FORMAT csv)` of the same columns —
 * the same joins for company, owner and tags, the same order — through pg-copy-streams.
 * Runs API, COPY, API, COPY (`--rounds`) and prints rows/s of each, the ratio of the best runs and
 * the server's peak RSS (and its RSS before the first export).
 *
 * Goal: ≥ 50,000 rows/s through the API with bounded memory (peak RSS independent of the row count).
 *
 *   npm run export -w bench                         # seeds (~3–6 min), measures, drops the database
 *   npm run export -w bench -- --keep | --reuse     # keep the seeded database / measure it again
 *   … --contacts 1000000 --rounds 2 --format csv|xlsx
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { run, serverRssMb, waitFor } from '../lib/process.js';
import { benchArgs, seededDatabase } from '../lib/seeded.js';
import { loadavg } from '../lib/compare.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const { args, stateFile } = benchArgs('export', {
  rounds: { type: 'string', default: '2' },
  format: { type: 'string', default: 'csv' },
});
const ROUNDS = Math.max(1, Number(args.rounds));
const CRLF = Buffer.from('\r\n');

/** Counts CRLF sequences across chunks (records end with CRLF; values hold at most bare LFs). */
function crlfCounter() {
  let n = 0;
  let lastCr = false;
  return {
    add(chunk: Buffer) {
      if (lastCr && chunk[0] === 0x0a) n++;
      for (let i = chunk.indexOf(CRLF); i !== -1; i = chunk.indexOf(CRLF, i + 2)) n++;
      lastCr = chunk[chunk.length - 1] === 0x0d;
    },
    get count() {
      return n;
    },
  };
}

const { url, seed, drop } = await seededDatabase({ prefix: 'relata_export', stateFile, args });
const server = run(process.execPath, ['--import', 'tsx', path.join(here, '..', 'api-overhead', 'server.ts')], {
  cwd: here,
  env: { ...process.env, DATABASE_URL: url },
});
try {
  const port = Number((await waitFor(server, /READY (\d+)/))[1]);
  const admin = new pg.Client({ connectionString: url, application_name: 'bench-export-copy' });
  await admin.connect();
  const [{ n: live }] = (
    await admin.query<{ n: string }>('SELECT count(*) AS n FROM contacts WHERE org_id = $1 AND deleted_at IS NULL', [
      seed.orgId,
    ])
  ).rows as [{ n: string }];
  const expected = Number(live);
  const cfKeys = seed.customFields.filter((f) => f.entity === 'contact').map((f) => f.key);
  if (!/^[0-9a-f-]{36}$/.test(seed.orgId) || cfKeys.some((k) => !/^[a-z][a-z0-9_]*$/.test(k))) {
    throw new Error('unexpected org id or custom field key');
  }
  // The export's default columns, as one SELECT (COPY takes no parameters: the org id is inlined).
  const copySql = `COPY (
    SELECT c.first_name, c.last_name, c.email, c.phone, c.mobile, c.job_title, c.department,
           co.name AS company, co.domain AS company_domain, c.is_primary, c.do_not_call, c.email_opt_out,
           c.sms_opt_out, c.unsubscribed_at, c.source, c.external_id, u.email AS owner,
           (SELECT string_agg(t.name, '; ' ORDER BY t.name) FROM contact_tags ct
              JOIN tags t ON t.org_id = ct.org_id AND t.id = ct.tag_id
             WHERE ct.org_id = c.org_id AND ct.contact_id = c.id) AS tags,
           c.created_at${cfKeys.map((k) => `, c.custom_fields->>'${k}' AS "cf.${k}"`).join('')}
      FROM contacts c
      LEFT JOIN companies co ON co.org_id = c.org_id AND co.id = c.company_id
      LEFT JOIN memberships m ON m.org_id = c.org_id AND m.id = c.owner_id
      LEFT JOIN users u ON u.id = m.user_id
     WHERE c.org_id = '${seed.orgId}' AND c.deleted_at IS NULL
     ORDER BY c.updated_at DESC, c.id DESC
  ) TO STDOUT (FORMAT csv, HEADER)`;

  const rssBefore = serverRssMb(server.child.pid!);
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, serverRssMb(server.child.pid!))), 25);

  const viaApi = async () => {
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/exports/contacts?format=${args.format}`, {
      headers: { authorization: `Bearer ${seed.apiKey}` },
    });
    if (res.status !== 200) throw new Error(`export answered ${res.status}: ${await res.text()}`);
    const counter = crlfCounter();
    let bytes = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      const buf = Buffer.from(chunk);
      bytes += buf.length;
      counter.add(buf);
    }
    return { ms: performance.now() - t0, rows: args.format === 'csv' ? counter.count - 1 : expected, bytes };
  };
  const viaCopy = async () => {
    const t0 = performance.now();
    const stream = admin.query(copyTo(copySql));
    const counter = crlfCounter();
    let bytes = 0;
    let newlines = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      counter.add(chunk);
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines++;
    }
    // COPY ends records with LF: rows = lines − header (the seed writes no line breaks in values).
    return { ms: performance.now() - t0, rows: newlines - 1, bytes };
  };

  const results: Array<{ name: string; ms: number; rows: number; bytes: number }> = [];
  for (let r = 1; r <= ROUNDS; r++) {
    const a = await viaApi();
    results.push({ name: `API ${args.format} (round ${r})`, ...a });
    console.log(
      `  API  round ${r}: ${a.rows.toLocaleString()} rows, ${(a.bytes / 1e6).toFixed(1)} MB, ${(a.ms / 1000).toFixed(1)} s`,
    );
    const c = await viaCopy();
    results.push({ name: `COPY csv (round ${r})`, ...c });
    console.log(
      `  COPY round ${r}: ${c.rows.toLocaleString()} rows, ${(c.bytes / 1e6).toFixed(1)} MB, ${(c.ms / 1000).toFixed(1)} s`,
    );
  }
  clearInterval(sampler);
  await admin.end();

  const rate = (x: { rows: number; ms: number }) => (x.rows / x.ms) * 1000;
  const best = (prefix: string) =>
    results.filter((x) => x.name.startsWith(prefix)).reduce((a, b) => (rate(b) > rate(a) ? b : a));
  const api = best('API');
  const copy = best('COPY');
  console.log(`\nexport of ${expected.toLocaleString()} live contacts (load average now ${loadavg()}):`);
  console.log(
    `${'run'.padEnd(24)}${'rows'.padStart(12)}${'seconds'.padStart(10)}${'rows/s'.padStart(12)}${'MB'.padStart(9)}`,
  );
  for (const x of results) {
    console.log(
      `${x.name.padEnd(24)}${x.rows.toLocaleString().padStart(12)}${(x.ms / 1000).toFixed(1).padStart(10)}${Math.round(rate(x)).toLocaleString().padStart(12)}${(x.bytes / 1e6).toFixed(1).padStart(9)}`,
    );
  }
  const apiOk = args.format !== 'csv' || api.rows === expected;
  console.log(
    `\nAPI best ${Math.round(rate(api)).toLocaleString()} rows/s vs COPY best ${Math.round(rate(copy)).toLocaleString()} rows/s — COPY is ${(rate(copy) / rate(api)).toFixed(2)}× faster`,
  );
  console.log(`rows exported = live contacts: ${apiOk ? 'yes' : `NO (${api.rows} vs ${expected})`}`);
  console.log(`server RSS: ${rssBefore.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB during the exports`);
  console.log(`goal ≥ 50,000 rows/s through the API: ${rate(api) >= 50_000 ? 'met' : 'NOT met'}`);
} finally {
  await server.stop();
  await drop();
}
