/**
 * bench/search — global search (`GET /api/v1/search`, issue 7) at scale, through the real API and
 * beside the same SQL run directly. One organisation from seedLargeOrg(): 1,000,000 contacts,
 * 200,000 companies, 300,000 deals, 100,000 leads (activities: `--activities`, default 0).
 *
 * Scenarios (the owner's API key; every type searched, 5 hits per type, facets counted):
 *  1. a name prefix (the first 4 letters of a common first name);
 *  2. a full e-mail address of a contact (exact arm first);
 *  3. a phone number typed in national format, `(415) 555-0123`-style (E.164 exact arm + digits);
 *  4. a two-word query: a contact's first and last name.
 * Goals on PostgreSQL: p95 ≤ 50 ms each, API ≤ 2× the same SQL (ratio of the medians): the
 * statements the API sent (BEGIN, relata_begin_api_key, set_config, the search statement, COMMIT),
 * captured at the driver and replayed through `pg` in rounds interleaved with the API requests
 * (lib/compare.ts).
 *
 *   npm run search -w bench                      # seeds (~4–6 min), measures, drops the database
 *   npm run search -w bench -- --keep | --reuse  # keep the seeded database / measure it again
 *   … --contacts 1000000 --requests 200
 *   … --prefix cynt                              # another name prefix for scenario 1
 */
import pg from 'pg';
import { measureReads, report, withCaptureServer, type Row } from '../lib/compare.js';
import { benchArgs, seededDatabase } from '../lib/seeded.js';

const { args, stateFile } = benchArgs('search', {
  activities: { type: 'string', default: '0' },
  prefix: { type: 'string' },
});
const REQUESTS = Math.max(50, Number(args.requests));

const { url, seed, drop } = await seededDatabase({
  prefix: 'relata_search',
  stateFile,
  args,
  activities: Number(args.activities),
});
const rows: Row[] = [];
try {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  // A contact in the middle of the org with an e-mail and a US phone, and the most common first name.
  const [c] = (
    await admin.query<{ first_name: string; last_name: string; email: string; phone: string }>(
      `SELECT first_name, last_name, email, phone FROM contacts
        WHERE org_id = $1 AND deleted_at IS NULL AND email IS NOT NULL AND phone LIKE '+1%' AND last_name IS NOT NULL
        ORDER BY id OFFSET (SELECT count(*) / 2 FROM contacts WHERE org_id = $1 AND phone LIKE '+1%') LIMIT 1`,
      [seed.orgId],
    )
  ).rows;
  const [common] = (
    await admin.query<{ first_name: string; n: string }>(
      `SELECT first_name, count(*) AS n FROM contacts WHERE org_id = $1 AND length(first_name) >= 5
        GROUP BY first_name ORDER BY n DESC LIMIT 1`,
      [seed.orgId],
    )
  ).rows;
  // The figures depend on how much of the org's tables fits in PostgreSQL's cache: at 1M contacts the
  // tables and trigram indexes a search reads (~900 MB) are far beyond the default 128 MB, and each
  // search then reads a thousand pages or more from the OS cache (EXPLAIN BUFFERS: search/explain.ts).
  const { rows: sb } = await admin.query<{ shared_buffers: string }>('show shared_buffers');
  await admin.end();
  console.log(`  shared_buffers ${sb[0]!.shared_buffers}`);
  const contact = c!;
  const prefix = args.prefix ? String(args.prefix).toLowerCase() : common!.first_name.slice(0, 4).toLowerCase();
  const national = contact.phone.replace(/^\+1(\d{3})(\d{3})(\d{4})$/, '($1) $2-$3');
  console.log(
    `  prefix "${prefix}" (${args.prefix ? 'given' : `${common!.first_name}: ${Number(common!.n).toLocaleString('en-US')} contacts`}); ` +
      `contact ${contact.first_name} ${contact.last_name} <${contact.email}> ${national}`,
  );
  await withCaptureServer({ url, apiKey: seed.apiKey, name: 'bench-search-sql' }, async (api, client) => {
    const q = (s: string) => `/api/v1/search?q=${encodeURIComponent(s)}`;
    // Each scenario must find what it looks for, first in its group.
    const first = async (path: string, want: (hit: { title: string; snippet: string }) => boolean) => {
      const body = await api.page<{ groups: Array<{ type: string; hits: Array<{ title: string; snippet: string }> }> }>(
        path,
      );
      const hit = body.groups.find((g) => g.type === 'contact')?.hits[0];
      if (!hit || !want(hit)) throw new Error(`${path}: unexpected first contact ${JSON.stringify(hit)}`);
    };
    const name = `${contact.first_name} ${contact.last_name}`;
    await first(q(contact.email), (h) => h.snippet === contact.email);
    await first(q(national), (h) => h.snippet === contact.phone);
    await first(q(name), (h) => h.title.toLowerCase().includes(contact.last_name.toLowerCase()));
    rows.push(
      ...(await measureReads(api, client, REQUESTS, [
        { name: `1. name prefix "${prefix}"`, path: q(prefix), goal: 50 },
        { name: '2. e-mail', path: q(contact.email), goal: 50 },
        { name: `3. phone "${national}"`, path: q(national), goal: 50 },
        { name: `4. two words "${name}"`, path: q(name), goal: 50 },
      ])),
    );
  });
} finally {
  await drop();
}
report(
  `PostgreSQL, ${seed.counts.contacts?.toLocaleString('en-US')} contacts — GET /api/v1/search vs the same SQL through pg`,
  rows,
  `(ms; ${REQUESTS} sequential requests and as many SQL replays per scenario; ratio = API p50 / SQL p50; goals: p95 ≤ 50 ms, API ≤ 2× SQL)`,
);
