/**
 * Index use of a segment preview (issue 7 "Performance"): 3 conditions including one on the related
 * company. On PostgreSQL the plans of the preview's two statements — the capped count and the first
 * page — must contain no sequential scan (sequential scans disabled, so a condition no index can
 * serve shows up as one) and must reach companies through an index. On both databases the preview
 * answers what the same conditions select.
 */
import { and, desc, sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEGMENT_RECORD_TYPE, type SegmentCriteria } from '@relata/shared';
import { contacts } from '../../db/schema/index.js';
import { withTenant } from '../../db/tenant.js';
import { listCustomFields } from '../custom-fields/custom-fields.service.js';
import type { Actor } from '../records/actor.js';
import { liveVisible } from '../records/list.js';
import { as, createTestApp, planNodes, type PlanNode, type TestApp } from '../../../test/helpers.js';
import { compileCriteria } from './segments.compile.js';
import { seedSegmentWorld, type SegmentWorld } from './segments.fixtures.js';

let t: TestApp;
let w: SegmentWorld;
beforeAll(async () => {
  t = await createTestApp();
  w = await seedSegmentWorld(t);
}, 120_000);
afterAll(async () => t.close());

const criteria: SegmentCriteria = {
  match: 'and',
  conditions: [
    { field: 'company.industry', operator: 'equals', value: 'Software' },
    { field: 'created_at', operator: 'last_n_days', value: 365 },
    { field: 'email', operator: 'is_not_empty' },
  ],
};

async function plan(actor: Actor, build: (where: SQL) => SQL): Promise<PlanNode> {
  return withTenant(t.database.db, { orgId: w.orgId }, async (tx) => {
    const defs = await listCustomFields(tx, { orgId: w.orgId, entity: SEGMENT_RECORD_TYPE.contacts });
    const where = and(
      liveVisible(contacts, actor),
      compileCriteria({ entity: 'contacts', criteria, actor, defs, path: 'c' }),
    )!;
    await tx.execute(sql`set local enable_seqscan = off`);
    const res = await tx.execute(sql`explain (format json) ${build(where)}`);
    const [row] = (res as unknown as { rows: Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }> }).rows;
    return row!['QUERY PLAN'][0]!.Plan;
  });
}

describe('segment preview with a related-company condition', () => {
  it('matches the conditions and, on PostgreSQL, is planned on indexes only', async () => {
    const res = await as(t.app, w.owner).post('/api/v1/segments/preview', { entity: 'contacts', criteria, limit: 100 });
    expect(res.statusCode).toBe(200);
    const want = w.contacts
      .filter(
        (c) =>
          !c.deleted &&
          c.company?.industry === 'Software' &&
          !c.company.deleted &&
          c.created_at.getTime() >= Date.now() - 365 * 86_400_000 &&
          c.email,
      )
      .map((c) => c.id)
      .sort();
    expect(want.length).toBeGreaterThan(0);
    expect(
      res
        .json()
        .records.map((r: { id: string }) => r.id)
        .sort(),
    ).toEqual(want);

    if (t.database.kind !== 'pglite') {
      const actor: Actor = {
        orgId: w.orgId,
        userId: 'x',
        membershipId: w.ownerMembershipId,
        role: 'owner',
        visibility: 'private',
        region: 'US',
      };
      const page = await plan(actor, (where) =>
        t.database.db
          .select()
          .from(contacts)
          .where(where)
          .orderBy(desc(contacts.updated_at), desc(contacts.id))
          .limit(21)
          .getSQL(),
      );
      const count = await plan(actor, (where) =>
        t.database.db
          .select({ one: sql`1` })
          .from(contacts)
          .where(where)
          .limit(10_001)
          .getSQL(),
      );
      for (const p of [page, count]) {
        const nodes = planNodes(p);
        expect(
          nodes.filter((n) => n['Node Type'] === 'Seq Scan'),
          JSON.stringify(p),
        ).toEqual([]);
        expect(
          nodes.some((n) => n['Index Name']?.startsWith('companies_')),
          JSON.stringify(p),
        ).toBe(true);
        expect(
          nodes.some((n) => n['Index Name']?.startsWith('contacts_')),
          JSON.stringify(p),
        ).toBe(true);
      }
    }
  });
});
