import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/tenant.js';
import { DEMO_ACTIVITY_COUNT, seedDemoActivities } from '../demo/demo-activities.js';
import { DEMO_PASSWORD, seedDemo } from '../demo/demo.service.js';
import { as, createTestApp, sessionCookie, type TestApp } from '../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const rows = <T>(r: unknown) => (r as { rows: T[] }).rows;

/**
 * Seeds a demo organisation (which seeds its activities at the real time), then replaces its
 * activities with ones seeded at `now`, so two seeds can be compared.
 */
async function seed(now: Date) {
  const tag = randomUUID().slice(0, 8);
  const domain = `acts-${tag}.test`;
  const orgId = (await seedDemo(t.database.db, t.app.auth, { domain, slug: `acts-${tag}`, name: 'Demo' }))!;
  const count = await withTenant(t.database.db, { orgId }, async (tx) => {
    const [seeded] = rows<{ n: number }>(
      await tx.execute(sql`select count(*)::int as n from activities where org_id = ${orgId}::uuid`),
    );
    expect(seeded!.n).toBe(DEMO_ACTIVITY_COUNT);
    await tx.execute(sql`delete from activities where org_id = ${orgId}::uuid`);
    const people = rows<{ membership_id: string; user_id: string; email: string }>(
      await tx.execute(sql`select m.id as membership_id, u.id as user_id, u.email from memberships m
        join users u on u.id = m.user_id where m.org_id = ${orgId}::uuid`),
    );
    const handle = (email: string) => (email.startsWith('demo@') ? 'owner' : email.split('@')[0]!);
    const members = new Map(people.map((p) => [handle(p.email), p.membership_id]));
    const users = new Map(people.map((p) => [handle(p.email), p.user_id]));
    return seedDemoActivities(tx, { orgId, now, members, users });
  });
  return { orgId, domain, count };
}

/** A fingerprint of the seeded activities that ignores ids (which are random UUIDv7s). */
async function fingerprint(orgId: string) {
  return withTenant(t.database.db, { orgId }, async (tx) =>
    rows<Record<string, unknown>>(
      await tx.execute(sql`select type, subject, status, due_at, outcome, completed_at from activities
        where org_id = ${orgId}::uuid order by due_at, subject`),
    ),
  );
}

describe('demo activities', () => {
  it('seeds realistic, deterministic activities with links, timeline entries and lead follow-ups', async () => {
    const now = new Date('2026-06-15T12:00:00.000Z');
    const a = await seed(now);
    expect(a.count).toBe(DEMO_ACTIVITY_COUNT);
    const stats = await withTenant(t.database.db, { orgId: a.orgId }, async (tx) =>
      rows<Record<string, number>>(
        await tx.execute(sql`select
          count(*) filter (where status = 'completed' and outcome is not null)::int as done,
          count(*) filter (where status = 'planned' and due_at > ${now.toISOString()}::timestamptz)::int as upcoming,
          count(*) filter (where status = 'planned' and due_at < ${now.toISOString()}::timestamptz)::int as overdue,
          count(*) filter (where status = 'cancelled')::int as cancelled,
          count(distinct type)::int as types,
          count(*) filter (where not exists (select 1 from activity_links l where l.org_id = a.org_id and l.activity_id = a.id))::int as unlinked,
          count(*) filter (where (select count(*) from timeline_entries e where e.org_id = a.org_id and e.activity_id = a.id)
            <> (select count(*) from activity_links l where l.org_id = a.org_id and l.activity_id = a.id))::int as timeline_mismatch,
          (select count(*) from leads x where x.org_id = ${a.orgId}::uuid
            and exists (select 1 from activity_links l where l.org_id = x.org_id and l.lead_id = x.id)
            and x.next_follow_up_at is distinct from (select min(y.due_at) from activity_links l
              join activities y on y.org_id = l.org_id and y.id = l.activity_id
              where l.org_id = x.org_id and l.lead_id = x.id and y.status in ('planned', 'in_progress')
                and y.type in ('task', 'meeting')))::int as follow_up_mismatch,
          (select count(*) from activity_links l join activities y on y.org_id = l.org_id and y.id = l.activity_id
            where l.org_id = ${a.orgId}::uuid and l.lead_id is not null and y.status = 'planned'
              and y.type in ('task', 'meeting'))::int as lead_work
          from activities a where a.org_id = ${a.orgId}::uuid`),
      ),
    );
    expect(stats[0]).toMatchObject({
      done: 75,
      overdue: 10,
      cancelled: 7,
      types: 4,
      unlinked: 0,
      timeline_mismatch: 0,
      follow_up_mismatch: 0,
    });
    expect(stats[0]!.upcoming).toBeGreaterThan(40);
    expect(stats[0]!.lead_work).toBeGreaterThan(0);
    const b = await seed(now);
    expect(await fingerprint(b.orgId)).toEqual(await fingerprint(a.orgId));
    // The demo user sees them through the API.
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: `demo@${a.domain}`, password: DEMO_PASSWORD },
    });
    const list = await as(t.app, { cookie: sessionCookie(signIn) }).get('/api/v1/activities?status=completed&limit=5');
    expect(list.statusCode).toBe(200);
    expect(list.json().data).toHaveLength(5);
    expect(list.json().data[0].links.length).toBeGreaterThan(0);
  });
});
