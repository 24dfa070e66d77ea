/**
 * Demo segments and saved views (issue 7): a few segments a sales team keeps — software contacts
 * gone quiet, hot open leads, big open deals — and saved views on the contact and deal lists (one
 * shared, one private, the owner's default). Deterministic: fixed names and criteria; the segments
 * are counted on first read (`counted_at` null).
 */
import { uuidv7 } from '../../lib/ids.js';
import type { SegmentCriteria } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { saved_views, segments, view_defaults } from '../../db/schema/index.js';

const SEGMENTS: Array<{ name: string; description: string; entity: string; criteria: SegmentCriteria }> = [
  {
    name: 'Software contacts gone quiet',
    description: 'Contacts at software companies with no activity in the last 30 days',
    entity: 'contacts',
    criteria: {
      match: 'and',
      conditions: [{ field: 'company.industry', operator: 'equals', value: 'Software' }],
      groups: [
        {
          match: 'or',
          conditions: [
            { field: 'last_activity_at', operator: 'more_than_n_days_ago', value: 30 },
            { field: 'last_activity_at', operator: 'is_empty' },
          ],
        },
      ],
    },
  },
  {
    name: 'Hot open leads',
    description: 'Open leads rated hot',
    entity: 'leads',
    criteria: {
      match: 'and',
      conditions: [
        { field: 'status', operator: 'equals', value: 'open' },
        { field: 'rating', operator: 'equals', value: 'hot' },
      ],
    },
  },
  {
    name: 'Big open deals',
    description: 'Open deals of 10,000.00 or more',
    entity: 'deals',
    criteria: {
      match: 'and',
      conditions: [
        { field: 'status', operator: 'equals', value: 'open' },
        { field: 'amount', operator: 'gte', value: 1_000_000 },
      ],
    },
  },
];

/** Inserts the demo segments and views for the owner and one colleague (`members` by handle). */
export async function seedDemoSegments(
  tx: Tx,
  params: { orgId: string; ownerUserId: string; members: Map<string, string> },
): Promise<void> {
  const { orgId } = params;
  const ids = SEGMENTS.map(() => uuidv7());
  await tx.insert(segments).values(
    SEGMENTS.map((s, i) => ({
      org_id: orgId,
      id: ids[i]!,
      name: s.name,
      description: s.description,
      entity: s.entity,
      criteria: s.criteria as unknown as Record<string, unknown>,
      created_by: params.ownerUserId,
    })),
  );
  const owner = params.members.get('owner')!;
  const colleague = [...params.members.entries()].find(([k]) => k !== 'owner')?.[1] ?? owner;
  const views = [
    {
      id: uuidv7(),
      owner_id: owner,
      name: 'Quiet software contacts',
      entity: 'contacts',
      segment_id: ids[0]!,
      columns: ['name', 'email', 'company', 'owner'],
      sort: '-updated_at',
      shared: true,
    },
    {
      id: uuidv7(),
      owner_id: colleague,
      name: 'My open deals',
      entity: 'deals',
      filters: { owner_id: 'me', status: 'open' },
      columns: ['name', 'amount', 'stage', 'expected_close_date'],
      sort: 'expected_close_date',
      shared: false,
    },
  ];
  await tx.insert(saved_views).values(views.map((v) => ({ org_id: orgId, ...v })));
  // The colleague opens Contacts on the shared segment view; the demo owner (who signs in first) keeps the whole
  // list as the default, so the first look at Contacts shows every contact.
  await tx.insert(view_defaults).values({
    org_id: orgId,
    id: uuidv7(),
    membership_id: colleague,
    entity: 'contacts',
    view_id: views[0]!.id,
  });
}
