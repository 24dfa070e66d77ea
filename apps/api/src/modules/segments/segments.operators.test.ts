/**
 * Every segment operator against an independent TypeScript filter over the same rows: ~50 seeded
 * contacts (segments.fixtures.ts) with nulls, unicode, LIKE metacharacters, custom fields of every
 * type, tags, owners, related companies (one deleted), deals and activities. Each case previews one
 * condition (`POST /segments/preview`) and compares the returned ids and count with the model.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEGMENT_OPERATORS, type SegmentCondition, type SegmentCriteria, type SegmentOperator } from '@relata/shared';
import { as, createTestApp, type TestApp } from '../../../test/helpers.js';
import { seedSegmentWorld, type ContactModel, type SegmentWorld } from './segments.fixtures.js';

let t: TestApp;
let w: SegmentWorld;
beforeAll(async () => {
  t = await createTestApp();
  w = await seedSegmentWorld(t);
}, 120_000);
afterAll(async () => t.close());

const DAY = 86_400_000;
const dateStr = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);
const dayStart = (d: string, add = 0) => Date.parse(`${d}T00:00:00Z`) + add * DAY;
const lower = (s: string | null | undefined) => (s ?? '').toLowerCase();
const blank = (s: unknown) => s === null || s === undefined || s === '';
const num = (v: unknown) => (typeof v === 'number' ? v : null);
const budget = (c: ContactModel) => (c.cf.budget as { amount: number } | undefined)?.amount ?? null;
const lastSeen = (c: ContactModel) => (c.cf.last_seen ? Date.parse(c.cf.last_seen as string) : null);
const renewal = (c: ContactModel) => (c.cf.renewal as string | undefined) ?? null;
const liveCo = (c: ContactModel) => (c.company && !c.company.deleted ? c.company : null);
const liveDeals = (c: ContactModel) => c.deals.filter((d) => !d.deleted);
const openIn = (c: ContactModel, stages: string[]) =>
  liveDeals(c).some((d) => d.status === 'open' && stages.includes(d.stage_id));
const pastActivity = (c: ContactModel) =>
  c.activityTimes.filter((x) => x.getTime() <= Date.now()).map((x) => x.getTime());
const lastActivity = (c: ContactModel) => (pastActivity(c).length ? Math.max(...pastActivity(c)) : null);
const interests = (c: ContactModel) => (c.cf.interests as string[] | undefined) ?? [];

interface Case {
  name: string;
  cond: () => SegmentCondition;
  expect: (c: ContactModel) => boolean;
}
const c =
  (field: string, operator: SegmentOperator, value?: unknown): (() => SegmentCondition) =>
  () =>
    ({
      field,
      operator,
      ...(value === undefined ? {} : { value: typeof value === 'function' ? (value as () => unknown)() : value }),
    }) as SegmentCondition;

const CASES: Record<SegmentOperator, Case[]> = {
  equals: [
    { name: 'text', cond: c('first_name', 'equals', 'Ana'), expect: (x) => x.first_name === 'Ana' },
    {
      name: 'related company',
      cond: c('company.industry', 'equals', 'Software'),
      expect: (x) => liveCo(x)?.industry === 'Software',
    },
    { name: 'select', cond: c('cf.tier', 'equals', 'gold'), expect: (x) => x.cf.tier === 'gold' },
    { name: 'boolean cf', cond: c('cf.vip', 'equals', true), expect: (x) => x.cf.vip === true },
    { name: 'boolean', cond: c('email_opt_out', 'equals', false), expect: (x) => !x.email_opt_out },
    { name: 'owner me', cond: c('owner', 'equals', 'me'), expect: (x) => x.owner_id === w.ownerMembershipId },
    { name: 'tag', cond: () => c('tags', 'equals', w.tagIds[0])(), expect: (x) => x.tags.includes(w.tagIds[0]!) },
    { name: 'multi-select', cond: c('cf.interests', 'equals', 'crm'), expect: (x) => interests(x).includes('crm') },
    {
      name: 'open deal stage',
      cond: () => c('open_deal_stage', 'equals', w.openStageIds[0])(),
      expect: (x) => openIn(x, [w.openStageIds[0]!]),
    },
    { name: 'date', cond: () => c('cf.renewal', 'equals', dateStr(0))(), expect: (x) => renewal(x) === dateStr(0) },
    {
      name: 'datetime by day',
      // The day of the fixture contact created 40.5 days ago (segments.fixtures.ts: i * 8 + 0.5 days),
      // whatever the time of day the test runs (-40 found nobody before 12:00 UTC).
      cond: () => c('created_at', 'equals', dateStr(-40.5))(),
      expect: (x) =>
        x.created_at.getTime() >= dayStart(dateStr(-40.5)) && x.created_at.getTime() < dayStart(dateStr(-40.5), 1),
    },
  ],
  not_equals: [
    { name: 'text not null', cond: c('first_name', 'not_equals', 'Ana'), expect: (x) => x.first_name !== 'Ana' },
    { name: 'nullable text', cond: c('last_name', 'not_equals', 'Smith'), expect: (x) => x.last_name !== 'Smith' },
    {
      name: 'related',
      cond: c('company.industry', 'not_equals', 'Software'),
      expect: (x) => liveCo(x)?.industry !== 'Software',
    },
    { name: 'number cf', cond: c('cf.score', 'not_equals', 0), expect: (x) => x.cf.score !== 0 },
    { name: 'tag', cond: () => c('tags', 'not_equals', w.tagIds[1])(), expect: (x) => !x.tags.includes(w.tagIds[1]!) },
    {
      name: 'open deal stage',
      cond: () => c('open_deal_stage', 'not_equals', w.openStageIds[0])(),
      expect: (x) => !openIn(x, [w.openStageIds[0]!]),
    },
    {
      name: 'deal amount',
      cond: c('deal_amount', 'not_equals', 5001),
      expect: (x) => !liveDeals(x).some((d) => d.amount === 5001),
    },
  ],
  in: [
    {
      name: 'text',
      cond: c('job_title', 'in', ['CEO', 'VP Sales']),
      expect: (x) => ['CEO', 'VP Sales'].includes(x.job_title ?? '-'),
    },
    {
      name: 'select',
      cond: c('cf.tier', 'in', ['gold', 'silver']),
      expect: (x) => ['gold', 'silver'].includes(x.cf.tier as string),
    },
    {
      name: 'owner',
      cond: () => c('owner', 'in', [w.member.membershipId, 'me'])(),
      expect: (x) => x.owner_id === w.member.membershipId || x.owner_id === w.ownerMembershipId,
    },
    {
      name: 'tags',
      cond: () => c('tags', 'in', [w.tagIds[0], w.tagIds[2]])(),
      expect: (x) => x.tags.includes(w.tagIds[0]!) || x.tags.includes(w.tagIds[2]!),
    },
    {
      name: 'multi',
      cond: c('cf.interests', 'in', ['ai', 'email']),
      expect: (x) => interests(x).some((i) => ['ai', 'email'].includes(i)),
    },
    {
      name: 'open deal stages',
      cond: () => c('open_deal_stage', 'in', w.openStageIds.slice(0, 2))(),
      expect: (x) => openIn(x, w.openStageIds.slice(0, 2)),
    },
    {
      name: 'related enum',
      cond: c('company.type', 'in', ['customer', 'partner']),
      expect: (x) => ['customer', 'partner'].includes(liveCo(x)?.type ?? '-'),
    },
    { name: 'numbers', cond: c('cf.score', 'in', [0, 3.5]), expect: (x) => x.cf.score === 0 || x.cf.score === 3.5 },
  ],
  not_in: [
    {
      name: 'text',
      cond: c('job_title', 'not_in', ['CEO', 'VP Sales']),
      expect: (x) => !['CEO', 'VP Sales'].includes(x.job_title ?? '-'),
    },
    {
      name: 'related',
      cond: c('company.industry', 'not_in', ['Software', 'software']),
      expect: (x) => !['Software', 'software'].includes(liveCo(x)?.industry ?? '-'),
    },
    {
      name: 'owner',
      cond: () => c('owner', 'not_in', [w.member.membershipId])(),
      expect: (x) => x.owner_id !== w.member.membershipId,
    },
    {
      name: 'tags',
      cond: () => c('tags', 'not_in', [w.tagIds[0], w.tagIds[1]])(),
      expect: (x) => !x.tags.includes(w.tagIds[0]!) && !x.tags.includes(w.tagIds[1]!),
    },
    { name: 'multi', cond: c('cf.interests', 'not_in', ['crm']), expect: (x) => !interests(x).includes('crm') },
  ],
  contains: [
    { name: 'escaped %', cond: c('job_title', 'contains', '50%'), expect: (x) => lower(x.job_title).includes('50%') },
    { name: 'escaped _', cond: c('job_title', 'contains', '_'), expect: (x) => lower(x.job_title).includes('_') },
    { name: 'case-insensitive', cond: c('name', 'contains', 'SMITH'), expect: (x) => lower(x.name).includes('smith') },
    {
      name: 'cf with %',
      cond: c('cf.nickname', 'contains', '%'),
      expect: (x) => lower(x.cf.nickname as string).includes('%'),
    },
    {
      name: 'related',
      cond: c('company.industry', 'contains', 'soft'),
      expect: (x) => lower(liveCo(x)?.industry).includes('soft'),
    },
    { name: 'unicode', cond: c('first_name', 'contains', 'ë'), expect: (x) => x.first_name.includes('ë') },
  ],
  starts_with: [
    { name: 'email', cond: c('email', 'starts_with', 'P1'), expect: (x) => lower(x.email).startsWith('p1') },
    {
      name: 'emoji',
      cond: c('cf.nickname', 'starts_with', '🦄'),
      expect: (x) => ((x.cf.nickname as string) ?? '').startsWith('🦄'),
    },
    { name: 'with %', cond: c('first_name', 'starts_with', '100%'), expect: (x) => x.first_name.startsWith('100%') },
  ],
  ends_with: [
    { name: 'email', cond: c('email', 'ends_with', '@EX1.COM'), expect: (x) => lower(x.email).endsWith('@ex1.com') },
    { name: 'unicode', cond: c('last_name', 'ends_with', 'ER'), expect: (x) => lower(x.last_name).endsWith('er') },
  ],
  is_empty: [
    { name: 'nullable text', cond: c('last_name', 'is_empty'), expect: (x) => blank(x.last_name) },
    { name: 'blank text', cond: c('job_title', 'is_empty'), expect: (x) => blank(x.job_title) },
    { name: 'cf text', cond: c('cf.nickname', 'is_empty'), expect: (x) => blank(x.cf.nickname) },
    { name: 'related', cond: c('company.industry', 'is_empty'), expect: (x) => blank(liveCo(x)?.industry) },
    { name: 'tags', cond: c('tags', 'is_empty'), expect: (x) => x.tags.length === 0 },
    { name: 'multi', cond: c('cf.interests', 'is_empty'), expect: (x) => interests(x).length === 0 },
    { name: 'owner', cond: c('owner', 'is_empty'), expect: (x) => x.owner_id === null },
    { name: 'no activity ever', cond: c('last_activity_at', 'is_empty'), expect: (x) => lastActivity(x) === null },
    {
      name: 'no open deal',
      cond: c('open_deal_stage', 'is_empty'),
      expect: (x) => !liveDeals(x).some((d) => d.status === 'open'),
    },
    { name: 'no deal', cond: c('deal_amount', 'is_empty'), expect: (x) => liveDeals(x).length === 0 },
    { name: 'number cf', cond: c('cf.score', 'is_empty'), expect: (x) => x.cf.score === undefined },
    { name: 'datetime', cond: c('unsubscribed_at', 'is_empty'), expect: (x) => x.unsubscribed_at === null },
  ],
  is_not_empty: [
    { name: 'text', cond: c('email', 'is_not_empty'), expect: (x) => !blank(x.email) },
    { name: 'money cf', cond: c('cf.budget', 'is_not_empty'), expect: (x) => budget(x) !== null },
    { name: 'company ref', cond: c('company', 'is_not_empty'), expect: (x) => x.company !== null },
    { name: 'activity', cond: c('last_activity_at', 'is_not_empty'), expect: (x) => lastActivity(x) !== null },
    { name: 'tags', cond: c('tags', 'is_not_empty'), expect: (x) => x.tags.length > 0 },
  ],
  gte: [
    { name: 'number cf', cond: c('cf.score', 'gte', 3.5), expect: (x) => (num(x.cf.score) ?? -Infinity) >= 3.5 },
    {
      name: 'related number',
      cond: c('company.employees', 'gte', 42),
      expect: (x) => (liveCo(x)?.employees ?? -1) >= 42,
    },
    { name: 'money cf', cond: c('cf.budget', 'gte', 200_000), expect: (x) => (budget(x) ?? -1) >= 200_000 },
    {
      name: 'deal amount',
      cond: c('deal_amount', 'gte', 100_000),
      expect: (x) => liveDeals(x).some((d) => d.amount >= 100_000),
    },
    {
      name: 'datetime by date',
      cond: () => c('created_at', 'gte', dateStr(-30))(),
      expect: (x) => x.created_at.getTime() >= dayStart(dateStr(-30)),
    },
    {
      name: 'date',
      cond: () => c('cf.renewal', 'gte', dateStr(0))(),
      expect: (x) => (renewal(x) ?? '0') >= dateStr(0),
    },
  ],
  lte: [
    { name: 'number cf', cond: c('cf.score', 'lte', 0), expect: (x) => (num(x.cf.score) ?? Infinity) <= 0 },
    {
      name: 'related money',
      cond: c('company.annual_revenue', 'lte', 4_200),
      expect: (x) => (liveCo(x)?.annual_revenue_amount ?? Infinity) <= 4_200,
    },
    {
      name: 'datetime by date (whole day)',
      cond: () => c('created_at', 'lte', dateStr(-100))(),
      expect: (x) => x.created_at.getTime() < dayStart(dateStr(-100), 1),
    },
    {
      name: 'datetime by instant',
      cond: () => c('cf.last_seen', 'lte', new Date().toISOString())(),
      expect: (x) => (lastSeen(x) ?? Infinity) <= Date.now(),
    },
  ],
  between: [
    {
      name: 'number cf',
      cond: c('cf.score', 'between', [0, 42]),
      expect: (x) => num(x.cf.score) !== null && (x.cf.score as number) >= 0 && (x.cf.score as number) <= 42,
    },
    {
      name: 'related number',
      cond: c('company.employees', 'between', [7, 500]),
      expect: (x) => liveCo(x)?.employees != null && liveCo(x)!.employees! >= 7 && liveCo(x)!.employees! <= 500,
    },
    {
      name: 'datetime dates',
      cond: () => c('created_at', 'between', [dateStr(-200), dateStr(-50)])(),
      expect: (x) =>
        x.created_at.getTime() >= dayStart(dateStr(-200)) && x.created_at.getTime() < dayStart(dateStr(-50), 1),
    },
    {
      name: 'date',
      cond: () => c('cf.renewal', 'between', [dateStr(-10), dateStr(10)])(),
      expect: (x) => renewal(x) !== null && renewal(x)! >= dateStr(-10) && renewal(x)! <= dateStr(10),
    },
    {
      name: 'deal amount',
      cond: c('deal_amount', 'between', [5_000, 100_010]),
      expect: (x) => liveDeals(x).some((d) => d.amount >= 5_000 && d.amount <= 100_010),
    },
  ],
  before: [
    {
      name: 'datetime',
      cond: () => c('created_at', 'before', dateStr(-60))(),
      expect: (x) => x.created_at.getTime() < dayStart(dateStr(-60)),
    },
    {
      name: 'date',
      cond: () => c('cf.renewal', 'before', dateStr(0))(),
      expect: (x) => renewal(x) !== null && renewal(x)! < dateStr(0),
    },
    {
      name: 'instant',
      cond: () => c('unsubscribed_at', 'before', new Date().toISOString())(),
      expect: (x) => x.unsubscribed_at !== null && x.unsubscribed_at.getTime() < Date.now(),
    },
    {
      name: 'last activity',
      cond: () => c('last_activity_at', 'before', dateStr(-30))(),
      expect: (x) => lastActivity(x) !== null && lastActivity(x)! < dayStart(dateStr(-30)),
    },
  ],
  after: [
    {
      name: 'datetime by date',
      cond: () => c('created_at', 'after', dateStr(-60))(),
      expect: (x) => x.created_at.getTime() >= dayStart(dateStr(-60), 1),
    },
    {
      name: 'instant',
      cond: () => c('cf.last_seen', 'after', new Date().toISOString())(),
      expect: (x) => (lastSeen(x) ?? -Infinity) > Date.now(),
    },
    {
      name: 'date',
      cond: () => c('cf.renewal', 'after', dateStr(0))(),
      expect: (x) => renewal(x) !== null && renewal(x)! > dateStr(0),
    },
  ],
  last_n_days: [
    {
      name: 'datetime',
      cond: c('created_at', 'last_n_days', 30),
      expect: (x) => x.created_at.getTime() >= Date.now() - 30 * DAY,
    },
    {
      name: 'date',
      cond: c('cf.renewal', 'last_n_days', 10),
      expect: (x) => renewal(x) !== null && renewal(x)! >= dateStr(-10) && renewal(x)! <= dateStr(0),
    },
    {
      name: 'activity',
      cond: c('last_activity_at', 'last_n_days', 14),
      expect: (x) => pastActivity(x).some((a) => a >= Date.now() - 14 * DAY),
    },
    {
      name: 'datetime cf',
      cond: c('cf.last_seen', 'last_n_days', 20),
      expect: (x) => lastSeen(x) !== null && lastSeen(x)! >= Date.now() - 20 * DAY && lastSeen(x)! <= Date.now(),
    },
  ],
  next_n_days: [
    {
      name: 'datetime',
      cond: c('unsubscribed_at', 'next_n_days', 30),
      expect: (x) =>
        x.unsubscribed_at !== null &&
        x.unsubscribed_at.getTime() >= Date.now() &&
        x.unsubscribed_at.getTime() <= Date.now() + 30 * DAY,
    },
    {
      name: 'date',
      cond: c('cf.renewal', 'next_n_days', 15),
      expect: (x) => renewal(x) !== null && renewal(x)! >= dateStr(0) && renewal(x)! <= dateStr(15),
    },
    {
      name: 'datetime cf',
      cond: c('cf.last_seen', 'next_n_days', 10),
      expect: (x) => lastSeen(x) !== null && lastSeen(x)! >= Date.now() && lastSeen(x)! <= Date.now() + 10 * DAY,
    },
  ],
  more_than_n_days_ago: [
    {
      name: 'datetime',
      cond: c('created_at', 'more_than_n_days_ago', 100),
      expect: (x) => x.created_at.getTime() < Date.now() - 100 * DAY,
    },
    {
      name: 'last activity',
      cond: c('last_activity_at', 'more_than_n_days_ago', 30),
      expect: (x) => lastActivity(x) !== null && lastActivity(x)! < Date.now() - 30 * DAY,
    },
    {
      name: 'date',
      cond: c('cf.renewal', 'more_than_n_days_ago', 20),
      expect: (x) => renewal(x) !== null && renewal(x)! < dateStr(-20),
    },
  ],
};

async function preview(criteria: SegmentCriteria, user: { cookie: string } = w.owner) {
  const res = await as(t.app, user).post('/api/v1/segments/preview', { entity: 'contacts', criteria, limit: 100 });
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as { count: number; records: Array<{ id: string }> };
  return { count: body.count, ids: body.records.map((r) => r.id).sort() };
}
const expected = (pred: (x: ContactModel) => boolean, rows = w.contacts) =>
  rows
    .filter((x) => !x.deleted && pred(x))
    .map((x) => x.id)
    .sort();

describe('segment operators match an independent TypeScript filter', () => {
  it('covers every operator', () => {
    for (const op of SEGMENT_OPERATORS) expect(CASES[op].length, op).toBeGreaterThan(0);
  });

  for (const op of SEGMENT_OPERATORS) {
    for (const k of CASES[op]) {
      it(`${op}: ${k.name}`, async () => {
        const want = expected(k.expect);
        // A case that matches nothing or everything would prove little.
        expect(want.length).toBeGreaterThan(0);
        expect(want.length).toBeLessThan(expected(() => true).length);
        const got = await preview({ match: 'and', conditions: [k.cond()] });
        expect(got.ids).toEqual(want);
        expect(got.count).toBe(want.length);
      });
    }
  }

  it('nested AND/OR groups combine like the TypeScript filter', async () => {
    const got = await preview({
      match: 'or',
      conditions: [{ field: 'cf.tier', operator: 'equals', value: 'gold' }],
      groups: [
        {
          match: 'and',
          conditions: [
            { field: 'company.industry', operator: 'equals', value: 'Software' },
            { field: 'email', operator: 'is_not_empty' },
          ],
          groups: [
            {
              match: 'or',
              conditions: [
                { field: 'cf.score', operator: 'gte', value: 42 },
                { field: 'tags', operator: 'is_empty' },
              ],
            },
          ],
        },
      ],
    });
    const want = expected(
      (x) =>
        x.cf.tier === 'gold' ||
        (liveCo(x)?.industry === 'Software' &&
          !blank(x.email) &&
          ((num(x.cf.score) ?? -1) >= 42 || x.tags.length === 0)),
    );
    expect(want.length).toBeGreaterThan(0);
    expect(got.ids).toEqual(want);
  });

  it('"software contacts with no activity in the last 30 days" (the issue journey)', async () => {
    const got = await preview({
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
    });
    const want = expected(
      (x) => liveCo(x)?.industry === 'Software' && !pastActivity(x).some((a) => a >= Date.now() - 30 * DAY),
    );
    expect(want.length).toBeGreaterThan(0);
    expect(got.ids).toEqual(want);
  });

  it('a member under the private rule only matches records they may see', async () => {
    const got = await preview({ match: 'and', conditions: [{ field: 'email', operator: 'is_not_empty' }] }, w.member);
    const want = expected((x) => !blank(x.email) && (x.owner_id === null || x.owner_id === w.member.membershipId));
    expect(got.ids).toEqual(want);
    expect(want.length).toBeLessThan(expected((x) => !blank(x.email)).length);
  });
});
