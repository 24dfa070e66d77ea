/**
 * Test fixture: one organisation with ~50 varied contacts (nulls, unicode, LIKE metacharacters,
 * custom fields of every type, tags, owners), their companies (one deleted), deals in open / won
 * stages linked through deal_contacts, and activities at past and future times — written straight
 * into the database inside the tenant scope, and returned as a plain model the operator tests filter
 * in TypeScript. Times sit half a day away from any day boundary the tests use. Not part of the API.
 */
import { sql } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import { activities, activity_links, companies, contact_tags, contacts, deal_contacts } from '../../db/schema/index.js';
import { withTenant } from '../../db/tenant.js';
import { queryRows } from '../../db/sql.js';
import { addMember, as, ownerWithOrg, type TestApp } from '../../../test/helpers.js';
import { insertDeal } from '../../../test/board-fixtures.js';

const DAY = 86_400_000;

export interface CompanyModel {
  id: string;
  industry: string | null;
  employees: number | null;
  annual_revenue_amount: number | null;
  type: string | null;
  deleted: boolean;
}
export interface DealModel {
  id: string;
  stage_id: string;
  status: string;
  amount: number;
  deleted: boolean;
}
export interface ContactModel {
  id: string;
  first_name: string;
  last_name: string | null;
  name: string;
  email: string | null;
  job_title: string | null;
  company: CompanyModel | null;
  owner_id: string | null;
  created_at: Date;
  unsubscribed_at: Date | null;
  email_opt_out: boolean;
  cf: Record<string, unknown>;
  tags: string[];
  deleted: boolean;
  deals: DealModel[];
  /** coalesce(completed_at, due_at, created_at) of each linked activity. */
  activityTimes: Date[];
}

export interface SegmentWorld {
  owner: { cookie: string };
  orgId: string;
  ownerMembershipId: string;
  member: { cookie: string; membershipId: string };
  tagIds: string[];
  openStageIds: string[];
  wonStageId: string;
  companies: CompanyModel[];
  contacts: ContactModel[];
  now: Date;
}

/** A deterministic pseudo-random sequence (LCG). */
function rng(seed: number) {
  let s = seed;
  const next = () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]! };
}

const FIRST = ['Ana', 'ben', 'Chloé', 'Dmitri', 'Emile', 'Zoë', '李', "O'Brien", 'Ana_Maria', '100%', 'Bob'];
const LAST = [null, 'Smith', 'müller', 'García', 'smith', 'Lee', 'de la Cruz'];
const TITLES = [null, '', 'CEO', 'Head of 50% growth', 'Sales_Lead', 'VP Sales', 'sales rep', 'Ingeniero de ventas'];
const NICK = [null, '🦄 Uni', 'x%y', 'a_b', 'Nick', 'nick-name'];
const SCORES = [null, -5, 0, 3.5, 100, 42];
const TIERS = [null, 'gold', 'silver', 'bronze'];
const INTERESTS = [null, ['crm'], ['email', 'ai'], ['crm', 'ai'], []];

/** Seeds the world described above and returns its model. */
export async function seedSegmentWorld(t: TestApp): Promise<SegmentWorld> {
  const { user, org } = await ownerWithOrg(t.app);
  const orgId = org.id;
  const api = as(t.app, user);
  const member = await addMember(t.app, user, 'member');
  const fields: Array<[string, string, string[]]> = [
    ['nickname', 'text', []],
    ['score', 'number', []],
    ['budget', 'money', []],
    ['renewal', 'date', []],
    ['last_seen', 'datetime', []],
    ['vip', 'boolean', []],
    ['tier', 'select', ['gold', 'silver', 'bronze']],
    ['interests', 'multi_select', ['crm', 'email', 'ai']],
  ];
  for (const [key, type, options] of fields) {
    const r = await api.post('/api/v1/custom-fields', { entity: 'contact', key, label: key, type, options });
    if (r.statusCode !== 201) throw new Error(`custom field ${key}: ${r.body}`);
  }
  const tagIds: string[] = [];
  for (const name of ['alpha', 'beta', 'gamma']) tagIds.push((await api.post('/api/v1/tags', { name })).json().id);
  const now = new Date();
  const r = rng(7);
  const people: ContactModel[] = [];
  let cos: CompanyModel[] = [];

  return withTenant(t.database.db, { orgId }, async (tx) => {
    const [own] = await queryRows<{ id: string }>(
      tx,
      sql`select id from memberships where org_id = ${orgId} and role = 'owner' limit 1`,
    );
    const ownerMembershipId = own!.id;
    const stageRows = await queryRows<{ id: string; kind: string; pipeline_id: string }>(
      tx,
      sql`select s.id, s.kind, p.id as pipeline_id from stages s join pipelines p on p.org_id = s.org_id and p.id = s.pipeline_id where s.org_id = ${orgId} and p.kind = 'deals' and p.is_default order by s.position`,
    );
    const openStages = stageRows.filter((s) => s.kind === 'open');
    const won = stageRows.find((s) => s.kind === 'won')!;

    const industries = [
      'Software',
      'software',
      'Manufacturing',
      null,
      'Ünïcode Äpps',
      'Retail',
      'Software',
      'Software',
    ];
    cos = industries.map((industry, i) => ({
      id: uuidv7(),
      industry,
      employees: [10, null, 500, 0, 42, 1000, 7, 3][i]!,
      annual_revenue_amount: [100_000, null, 500_000_000, 0, 4_200, null, 77, 1][i]!,
      type: ['customer', 'prospect', null, 'partner', 'customer', 'vendor', 'customer', 'customer'][i]!,
      deleted: i === 7,
    }));
    await tx.insert(companies).values(
      cos.map((c, i) => ({
        org_id: orgId,
        id: c.id,
        name: `Company ${i}`,
        industry: c.industry,
        employees: c.employees,
        annual_revenue_amount: c.annual_revenue_amount,
        annual_revenue_currency: c.annual_revenue_amount === null ? null : 'EUR',
        type: c.type,
        deleted_at: c.deleted ? now : null,
      })),
    );

    for (let i = 0; i < 50; i++) {
      const first = FIRST[i % FIRST.length]!;
      const last = r.pick(LAST);
      const cf: Record<string, unknown> = {};
      const nick = r.pick(NICK);
      if (nick !== null) cf.nickname = nick;
      const score = r.pick(SCORES);
      if (score !== null) cf.score = score;
      if (r.next() < 0.6) cf.budget = { amount: Math.floor(r.next() * 10) * 50_000, currency: 'EUR' };
      if (r.next() < 0.7)
        cf.renewal = new Date(now.getTime() + Math.round((r.next() - 0.5) * 120) * DAY).toISOString().slice(0, 10);
      if (r.next() < 0.7) cf.last_seen = new Date(now.getTime() + ((r.next() - 0.5) * 120 + 0.5) * DAY).toISOString();
      if (r.next() < 0.7) cf.vip = r.next() < 0.5;
      const tier = r.pick(TIERS);
      if (tier !== null) cf.tier = tier;
      const interests = r.pick(INTERESTS);
      if (interests !== null && interests.length) cf.interests = interests;
      const company = r.next() < 0.8 ? r.pick(cos) : null;
      people.push({
        id: uuidv7(),
        first_name: first,
        last_name: last,
        name: `${first} ${last ?? ''}`.trim(),
        email: r.next() < 0.8 ? `p${i}.${first.toLowerCase().replace(/[^a-z]/g, '')}@ex${i % 3}.com` : null,
        job_title: r.pick(TITLES),
        company,
        owner_id: r.pick([null, ownerMembershipId, member.membershipId]),
        created_at: new Date(now.getTime() - (i * 8 + 0.5) * DAY),
        unsubscribed_at:
          r.next() < 0.5 ? null : new Date(now.getTime() + (Math.round((r.next() - 0.5) * 100) + 0.5) * DAY),
        email_opt_out: r.next() < 0.3,
        cf,
        tags: tagIds.filter(() => r.next() < 0.35),
        deleted: i % 17 === 16,
        deals: [],
        activityTimes: [],
      });
    }
    await tx.insert(contacts).values(
      people.map((p) => ({
        org_id: orgId,
        id: p.id,
        first_name: p.first_name,
        last_name: p.last_name,
        email: p.email,
        job_title: p.job_title,
        company_id: p.company?.id ?? null,
        owner_id: p.owner_id,
        created_at: p.created_at,
        updated_at: p.created_at,
        unsubscribed_at: p.unsubscribed_at,
        email_opt_out: p.email_opt_out,
        custom_fields: p.cf,
        deleted_at: p.deleted ? now : null,
      })),
    );
    const tagRows = people.flatMap((p) =>
      p.tags.map((tag_id) => ({ org_id: orgId, id: uuidv7(), record_id: p.id, tag_id })),
    );
    if (tagRows.length) await tx.insert(contact_tags).values(tagRows);

    const links: Array<typeof activity_links.$inferInsert> = [];
    const acts: Array<typeof activities.$inferInsert> = [];
    for (let i = 0; i < 40; i++) {
      const p = people[Math.floor(r.next() * 40)]!;
      const id = uuidv7();
      const created = new Date(now.getTime() - (Math.floor(r.next() * 90) + 0.5) * DAY);
      const kind = i % 3;
      const due = kind === 2 ? new Date(now.getTime() + (Math.floor(r.next() * 20) + 0.5) * DAY) : null;
      const completed = kind === 0 ? new Date(created.getTime() + 0.25 * DAY) : null;
      acts.push({
        org_id: orgId,
        id,
        type: 'call',
        subject: `Call ${i}`,
        status: completed ? 'completed' : 'planned',
        due_at: due,
        completed_at: completed,
        created_at: created,
        updated_at: created,
      });
      links.push({ org_id: orgId, id: uuidv7(), activity_id: id, contact_id: p.id });
      p.activityTimes.push(completed ?? due ?? created);
    }
    await tx.insert(activities).values(acts);
    await tx.insert(activity_links).values(links);
    return { ownerMembershipId, openStages, won };
  }).then(async ({ ownerMembershipId, openStages, won }) => {
    const dealContacts: Array<{ deal: DealModel; contact: ContactModel }> = [];
    for (let i = 0; i < 16; i++) {
      const isWon = i % 4 === 3;
      const stage = isWon ? won : openStages[i % openStages.length]!;
      const deal: DealModel = {
        id: '',
        stage_id: stage.id,
        status: isWon ? 'won' : 'open',
        amount: [0, 5_000, 100_000, 2_500_000][i % 4]! + i,
        deleted: i === 5,
      };
      deal.id = await insertDeal(t.database, orgId, {
        name: `Deal ${i}`,
        amount: deal.amount,
        status: deal.status,
        pipelineId: stage.pipeline_id,
        stageId: stage.id,
        deleted: deal.deleted,
      });
      const c1 = people[(i * 7) % 45]!;
      const c2 = people[(i * 11 + 3) % 45]!;
      for (const c of new Set([c1, c2])) dealContacts.push({ deal, contact: c });
    }
    await withTenant(t.database.db, { orgId }, (tx) =>
      tx.insert(deal_contacts).values(
        dealContacts.map(({ deal, contact }) => ({
          org_id: orgId,
          id: uuidv7(),
          record_id: deal.id,
          contact_id: contact.id,
        })),
      ),
    );
    for (const { deal, contact } of dealContacts) contact.deals.push(deal);
    return {
      owner: user,
      orgId,
      ownerMembershipId,
      member,
      tagIds,
      openStageIds: openStages.map((s) => s.id),
      wonStageId: won.id,
      companies: cos,
      contacts: people,
      now,
    };
  });
}
