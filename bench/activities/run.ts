/**
 * bench/activities — the unified timeline, "my overdue" and the calendar feed at scale, through the
 * real API and beside the same SQL run directly (issue "Activities, tasks, notes, reminders, calendar
 * feed and the unified timeline", Performance). One organisation from seedLargeOrg(): 1,000,000
 * contacts, 200,000 companies, 300,000 deals, 100,000 leads and 2,000,000 activities (each with its
 * link and timeline entry), a company whose contacts and deals hold 10,000 timeline entries, and a
 * member with 5,000 activities in their calendar feed's window (seed-large-org/activities.ts).
 *
 * Scenarios (the owner's API key; the feed by its secret URL):
 *  1. the company's timeline, first page (`GET /api/v1/timeline?record_type=company&record_id=`,
 *     20 entries rolled up from its contacts and deals) — goal p95 ≤ 30 ms;
 *  2. the same timeline, page 100 (the cursor collected by following 99 pages) — ≤ 30 ms;
 *  3. "my overdue" (`GET /api/v1/activities/my/overdue`, first page of 20) — ≤ 20 ms;
 *  4. the calendar feed of the member with 5,000 activities (`GET /ical/{token}.ics`) — ≤ 300 ms;
 *     as calendar apps poll it (the process keeps rendered items and the last document), and "4c"
 *     with nothing kept (`RELATA_FEED_CACHE_MB=0`: every item rendered on every request);
 *  5. "my upcoming" (`/activities/my/upcoming?days=7`), a deal's own timeline and the company's
 *     timeline filtered to notes — reported only.
 * And API time ≤ 2× the same SQL (ratio of medians): the statements the API sent, captured at the
 * driver and replayed through `pg` in rounds interleaved with the API requests (lib/compare.ts).
 *
 *   npm run activities -w bench                      # seeds (~6–8 min), measures, drops the database
 *   npm run activities -w bench -- --keep | --reuse  # keep the seeded database / measure it again
 *   … --contacts 1000000 --activities 2000000 --requests 200 --only 1,4
 */
import pg from 'pg';
import { measureReads, report, withCaptureServer, type Row } from '../lib/compare.js';
import { benchArgs, seededDatabase } from '../lib/seeded.js';

const { args, stateFile } = benchArgs('activities', {
  activities: { type: 'string', default: '2000000' },
  only: { type: 'string' },
});
const REQUESTS = Math.max(50, Number(args.requests));
const PAGE = 100;

interface TimelinePage {
  data: { id: string }[];
  next_cursor: string | null;
}

const { url, seed, drop } = await seededDatabase({
  prefix: 'relata_activities',
  stateFile,
  args,
  activities: Number(args.activities),
});
const rows: Row[] = [];
/** `--only 1,4`: the scenarios whose number is listed (all by default). */
const only = <T extends { name: string }>(scenarios: T[]) =>
  args.only ? scenarios.filter((s) => args.only!.split(',').includes(s.name.split('.')[0]!)) : scenarios;
try {
  const company = seed.timelineCompany!;
  const feed = seed.feed!;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const facts = (
    await admin.query<{ entries: string; overdue: string; feed_items: string; deal_id: string; deal_entries: string }>(
      `WITH recs AS (
         SELECT $2::uuid AS id
         UNION SELECT id FROM contacts WHERE org_id = $1 AND company_id = $2 AND deleted_at IS NULL
         UNION SELECT id FROM deals WHERE org_id = $1 AND company_id = $2 AND deleted_at IS NULL),
       busiest AS (
         SELECT d.id, count(*) AS n FROM deals d JOIN timeline_entries t ON t.org_id = d.org_id AND t.record_id = d.id
          WHERE d.org_id = $1 AND d.company_id = $2 AND d.deleted_at IS NULL GROUP BY d.id ORDER BY n DESC LIMIT 1)
       SELECT (SELECT count(DISTINCT event_id) FROM timeline_entries WHERE org_id = $1 AND record_id IN (SELECT id FROM recs)) AS entries,
              (SELECT count(*) FROM activities WHERE org_id = $1 AND assignee_id = $3
                 AND status IN ('planned', 'in_progress') AND due_at < now()) AS overdue,
              (SELECT count(*) FROM activities WHERE org_id = $1 AND assignee_id = $4
                 AND due_at >= now() - interval '90 days' AND due_at < now() + interval '365 days') AS feed_items,
              (SELECT id FROM busiest) AS deal_id, (SELECT n FROM busiest) AS deal_entries`,
      [seed.orgId, company.id, seed.owner.membershipId, feed.membershipId],
    )
  ).rows[0]!;
  const activityCount = (
    await admin.query<{ n: string }>(`SELECT count(*) AS n FROM activities WHERE org_id = $1`, [seed.orgId])
  ).rows[0]!.n;
  await admin.end();
  console.log(
    `  ${Number(activityCount).toLocaleString('en-US')} activities; timeline company "${company.name}": ` +
      `${company.contacts} contacts + ${company.deals} deals moved to it, ${Number(facts.entries).toLocaleString('en-US')} ` +
      `timeline events on it and its live contacts and deals`,
  );
  console.log(
    `  owner's overdue activities: ${Number(facts.overdue).toLocaleString('en-US')}; feed member's activities in the ` +
      `feed window: ${Number(facts.feed_items).toLocaleString('en-US')}; busiest deal of the company: ${facts.deal_entries} entries`,
  );

  await withCaptureServer({ url, apiKey: seed.apiKey, name: 'bench-activities-sql' }, async (api, client) => {
    const timeline = `/api/v1/timeline?record_type=company&record_id=${company.id}`;
    let cursor: string | null = null;
    for (let p = 1; p < PAGE; p++) {
      const page: TimelinePage = await api.page<TimelinePage>(
        cursor ? `${timeline}&cursor=${encodeURIComponent(cursor)}` : timeline,
      );
      cursor = page.next_cursor;
      if (!cursor) throw new Error(`no cursor after timeline page ${p}`);
    }
    const feedPath = `/ical/${feed.token}.ics`;
    const ics = await api.get(feedPath);
    if (ics.status !== 200) throw new Error(`feed → ${ics.status} ${ics.body.slice(0, 300)}`);
    const items = (ics.body.match(/^BEGIN:(VEVENT|VTODO)\r?$/gm) ?? []).length;
    console.log(`  feed: ${items.toLocaleString('en-US')} items, ${(ics.body.length / 1024).toFixed(0)} KiB`);

    rows.push(
      ...(await measureReads(
        api,
        client,
        REQUESTS,
        only([
          { name: '1. company timeline, first page', path: timeline, goal: 30 },
          {
            name: `2. company timeline, page ${PAGE} (cursor)`,
            path: `${timeline}&cursor=${encodeURIComponent(cursor!)}`,
            goal: 30,
          },
          { name: '3. my overdue', path: '/api/v1/activities/my/overdue', goal: 20 },
          { name: `4. calendar feed (${items.toLocaleString('en-US')} items)`, path: feedPath, goal: 300 },
          { name: '5a. my upcoming (7 days)', path: '/api/v1/activities/my/upcoming?days=7', goal: null },
          { name: '5c. company timeline, notes only', path: `${timeline}&types=note`, goal: null },
          {
            name: "5b. a deal's timeline, first page",
            path: `/api/v1/timeline?record_type=deal&record_id=${facts.deal_id}`,
            goal: null,
          },
        ]),
      )),
    );
    // The worst case of the feed: a process that keeps nothing renders all 5,000 items every time.
    if (only([{ name: '4c.' }]).length) {
      await withCaptureServer(
        { url, apiKey: seed.apiKey, name: 'bench-activities-cold', env: { RELATA_FEED_CACHE_MB: '0' } },
        async (coldApi, coldClient) => {
          rows.push(
            ...(await measureReads(coldApi, coldClient, Math.min(REQUESTS, 100), [
              { name: '4c. feed, nothing cached (p95 ≤ 300)', path: feedPath, goal: null },
            ])),
          );
        },
      );
    }
  });
} finally {
  await drop();
}
report(
  `PostgreSQL, ${seed.counts.activities?.toLocaleString('en-US')} activities / ${seed.counts.timeline_entries?.toLocaleString('en-US')} timeline entries / ${seed.counts.contacts?.toLocaleString('en-US')} contacts — API over HTTP vs the same SQL through pg`,
  rows,
  `(ms; ${REQUESTS} sequential requests per scenario; ratio = API p50 / SQL p50; goals: p95 ≤ 30 ms timeline pages, ≤ 20 ms my overdue, ≤ 300 ms feed, API ≤ 2× SQL)`,
);
