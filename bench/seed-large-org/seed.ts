/**
 * seedLargeOrg(): one organisation with many companies and contacts, generated inside the database
 * with `INSERT … SELECT generate_series` (one statement per chunk of rows), so the same code fills
 * PostgreSQL and PGlite and nothing crosses the wire but SQL text.
 *
 * Every value is a pure function of the row number and a per-run salt (md5 of `salt || kind || n`
 * gives the "random" draws), so a contact's company id, a tag link's contact id, … are recomputed
 * where needed instead of joined. Ids are UUIDv7-shaped like the app's (`uuid` v7): the 48-bit
 * millisecond timestamp is the row's `created_at`, then version 7, 12 random bits, the RFC 9562
 * variant and 62 random bits taken from an md5 — written as a plain SQL expression (PostgreSQL 15
 * has no `uuidv7()`; DESIGN §3). Rows are created in time order, so ids ascend with inserts like
 * an app that has been running for three years.
 *
 * What is generated (per organisation):
 *  - 20 users + memberships (1 owner, 1 admin, 2 managers, 16 members), an API key of the owner;
 *  - 30 tags; custom field definitions (5 for contacts, 4 for companies) and values in the JSONB;
 *  - companies: names, domains (unique), E.164 phones, industry, size band, employees, revenue in
 *    minor units, type, rating, billing address, tax id, 5 % with a parent, 0–2 tags;
 *  - contacts: names (a few non-ASCII), unique e-mails (92 %), E.164 phones (70 %) and mobiles
 *    (45 %) for US/GB/DE/FR, job title, department, 80 % linked to a company (every company has one
 *    primary contact when contacts ≥ companies), opt-outs, 0–3 tags (skewed popularity);
 *  - owners skewed across the 20 members (the largest owns ~15 %), 10 % unassigned;
 *  - 2 % of companies and contacts soft-deleted.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from '@relata/api/src/db/client.js';
import { hashToken, issueOrgToken } from '@relata/api/src/lib/tokens.js';
import { arr, asciiName, Gen, MEMBERS, SPAN_MS, ts, type Plan } from './gen.js';
import {
  activitiesSql,
  activityEntriesSql,
  activityLinksSql,
  TIMELINE_NOTES,
  timelineNotesSql,
  type ActivityPlan,
} from './activities.js';
import {
  dealsSql,
  historySql,
  insertSeedPipelines,
  leadsSql,
  recordContactsSql,
  recordTagsSql,
  type SalesPlan,
  type SeedPipelines,
} from './sales.js';
import * as W from './words.js';

export interface SeedOptions {
  contacts: number;
  companies: number;
  /** Deals over three deals pipelines (default 0). */
  deals?: number;
  /** Leads in the leads pipeline (default 0). */
  leads?: number;
  /**
   * Activities with their links and timeline entries, a "timeline company" and the feed member
   * (activities.ts; default 0 = none of these).
   */
  activities?: number;
  /** Rows per INSERT statement (default 100,000). */
  chunk?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
  /**
   * Drop the secondary indexes of the four record tables before the load and rebuild them after.
   * Default: when the tables are empty and the connection is a superuser's (a fresh database).
   */
  rebuildIndexes?: boolean;
}

export interface SeedMember {
  membershipId: string;
  userId: string;
  name: string;
  email: string;
  role: 'owner' | 'admin' | 'manager' | 'member';
}

export interface SeedResult {
  orgId: string;
  orgSlug: string;
  owner: SeedMember;
  members: SeedMember[];
  tags: { id: string; name: string }[];
  customFields: { id: string; entity: 'company' | 'contact'; key: string; type: string }[];
  /** `rk_…` API key of the owner with the `write` scope (read + write). */
  apiKey: string;
  /** Rows of this organisation per table (and live / deleted / unassigned splits). */
  counts: Record<string, number>;
  /** The leads pipeline and the three deals pipelines with their stage ids. */
  pipelines: SeedPipelines;
  /** Milliseconds per phase, and `total`. */
  timings: Record<string, number>;
  /** With `activities`: the company whose contacts and deals hold 10,000 timeline entries (at 2M). */
  timelineCompany?: { id: string; name: string; contacts: number; deals: number };
  /** With `activities`: the member with the `n % 400 = 0` activities and their calendar-feed token. */
  feed?: { membershipId: string; token: string; activities: number };
}

/** A UUIDv7 (RFC 9562) for the handful of rows made in JavaScript (org, users, tags, …). */
export function uuidv7(ms = Date.now()): string {
  const b = randomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | (b[6]! & 0x0f);
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// prettier-ignore
const CONTACT_FIELDS = [
  { key: 'lead_source', label: 'Lead source', type: 'select', options: ['Website', 'Referral', 'Event', 'Cold call', 'Partner', 'Webinar'] },
  { key: 'linkedin', label: 'LinkedIn', type: 'url', options: [] },
  { key: 'birthday', label: 'Birthday', type: 'date', options: [] },
  { key: 'nps', label: 'NPS score', type: 'number', options: [] },
  { key: 'interests', label: 'Interests', type: 'multi_select', options: ['CRM', 'Analytics', 'Automation', 'Integrations', 'Mobile'] },
] as const;
const COMPANY_FIELDS = [
  { key: 'segment', label: 'Segment', type: 'select', options: ['SMB', 'Mid-market', 'Enterprise'] },
  { key: 'renewal_date', label: 'Renewal date', type: 'date', options: [] },
  { key: 'arr', label: 'ARR', type: 'money', options: [] },
  { key: 'partner_program', label: 'Partner programme', type: 'boolean', options: [] },
] as const;

// prettier-ignore
const COMPANY_TYPES = ['prospect', 'prospect', 'prospect', 'prospect', 'prospect', 'prospect', 'prospect',
  'prospect', 'prospect', 'prospect', 'customer', 'customer', 'customer', 'customer', 'customer', 'customer',
  'partner', 'partner', 'vendor', 'competitor'];
const SIZE_LOW = [1, 11, 51, 201, 501, 1001, 5001, 10001];
const SIZE_HIGH = [10, 50, 200, 500, 1000, 5000, 10000, 50000];
const SIZE_BANDS = ['1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000', '5001-10000', '10001+'];
/** Tables the seed bulk-loads (their secondary indexes are rebuilt after the load on a fresh database). */
const SEEDED_TABLES = [
  'companies',
  'contacts',
  'company_tags',
  'contact_tags',
  'deals',
  'leads',
  'stage_history',
  'deal_contacts',
  'lead_contacts',
  'deal_tags',
  'lead_tags',
  'activities',
  'activity_links',
  'timeline_entries',
  'notes',
  'note_links',
];

// prettier-ignore
const CONTACT_COUNTRIES = ['US', 'US', 'US', 'US', 'US', 'US', 'US', 'US', 'US', 'US', 'US', 'GB', 'GB', 'GB',
  'DE', 'DE', 'DE', 'FR', 'FR', 'NL'];

function companiesSql(p: Plan): string {
  const g = new Gen(p);
  const cc = `${arr(W.PLACES.map((x) => x[3]))}[1 + s.place]`;
  const low = `${arr(SIZE_LOW, 'int')}[1 + s.band]`;
  const high = `${arr(SIZE_HIGH, 'int')}[1 + s.band]`;
  return `
INSERT INTO companies (org_id, id, name, domain, website, phone, industry, size_band, employees,
  annual_revenue_amount, annual_revenue_currency, type, rating, billing_street, billing_city, billing_state,
  billing_postal_code, billing_country, tax_id, parent_id, owner_id, custom_fields, created_by, deleted_at,
  deleted_by, version, created_at, updated_at)
SELECT '${p.orgId}'::uuid, s.id,
  ${g.pick(W.COMPANY_WORDS_A, 's.j', 'company.a')} || ' ' || ${g.pick(W.COMPANY_WORDS_B, 's.j', 'company.b')}
    || rtrim(' ' || ${g.pick(W.COMPANY_SUFFIXES, 's.j', 'company.suffix')}),
  s.domain, 'https://www.' || s.domain,
  CASE WHEN ${g.u('s.j', 'company.has_phone')} < 0.9 THEN ${g.phone(cc, 's.j', 'company.phone', false)} END,
  CASE WHEN ${g.u('s.j', 'company.has_industry')} < 0.85 THEN ${g.pick(W.INDUSTRIES, 's.j', 'company.industry')} END,
  ${arr(SIZE_BANDS)}[1 + s.band],
  CASE WHEN ${g.u('s.j', 'company.has_employees')} < 0.85
    THEN ${low} + (${g.d('s.j', 'company.employees')} % (${high} - ${low} + 1))::int END,
  CASE WHEN s.revenue THEN ${low}::bigint * (5000000 + ${g.d('s.j', 'company.revenue')} % 20000000) END,
  CASE WHEN s.revenue THEN CASE ${cc} WHEN 'US' THEN 'USD' WHEN 'GB' THEN 'GBP' ELSE 'EUR' END END,
  ${g.pick(COMPANY_TYPES, 's.j', 'company.type')},
  CASE WHEN ${g.u('s.j', 'company.has_rating')} < 0.7 THEN ${g.pick(['cold', 'warm', 'hot'], 's.j', 'company.rating')} END,
  (1 + ${g.idx('s.j', 'company.street_no', 250)})::text || ' ' || ${g.pick(W.STREETS, 's.j', 'company.street')},
  ${arr(W.PLACES.map((x) => x[0]))}[1 + s.place],
  ${arr(W.PLACES.map((x) => x[1]))}[1 + s.place],
  ${arr(W.PLACES.map((x) => x[2]))}[1 + s.place] || ${g.digits('s.j', 'company.postal', 2)},
  ${cc},
  CASE WHEN ${g.u('s.j', 'company.has_tax_id')} < 0.5 THEN ${cc} || ${g.digits('s.j', 'company.tax_id', 9)} END,
  CASE WHEN s.j > 100 AND ${g.u('s.j', 'company.has_parent')} < 0.05
    THEN ${g.companyId(`1 + ${g.d('s.j', 'company.parent')} % (s.j - 1)`)} END,
  ${arr(p.memberIds, 'uuid')}[1 + s.owner],
  jsonb_strip_nulls(jsonb_build_object(
    'segment', CASE WHEN ${g.u('s.j', 'company.cf.segment')} < 0.8
      THEN ${arr(['SMB', 'Mid-market', 'Enterprise'])}[1 + (s.band + ${g.idx('s.j', 'company.cf.segment.v', 2)}) % 3] END,
    'renewal_date', CASE WHEN ${g.u('s.j', 'company.cf.renewal')} < 0.3
      THEN to_char(date '2025-01-01' + ${g.idx('s.j', 'company.cf.renewal.v', 730)}, 'YYYY-MM-DD') END,
    'arr', CASE WHEN ${g.u('s.j', 'company.cf.arr')} < 0.3
      THEN jsonb_build_object('amount', ${g.idx('s.j', 'company.cf.arr.v', 100000)}::bigint * 10000, 'currency', 'USD') END,
    'partner_program', CASE WHEN ${g.u('s.j', 'company.cf.partner')} < 0.2 THEN ${g.u('s.j', 'company.cf.partner.v')} < 0.5 END)),
  ${arr(p.userIds, 'uuid')}[1 + coalesce(s.owner, 0)],
  CASE WHEN s.deleted THEN ${ts('s.ums')} END,
  CASE WHEN s.deleted THEN '${p.userIds[0]}'::uuid END,
  1 + ${g.idx('s.j', 'company.version', 3)},
  ${ts('s.ms')}, ${ts('s.ums')}
FROM (
  SELECT j, ${g.companyId('j')} AS id, ${g.createdMs('j', p.companies)} AS ms, ${g.companyDomain('j')} AS domain,
    ${g.owner('j', 'company.owner')} AS owner,
    ${g.updatedMs(g.createdMs('j', p.companies), 'j', 'company.updated')} AS ums,
    ${g.u('j', 'company.deleted')} < 0.02 AS deleted,
    ${g.u('j', 'company.has_revenue')} < 0.6 AS revenue,
    floor(8 * power(${g.u('j', 'company.band')}, 2.5))::int AS band,
    ${g.idx('j', 'company.place', W.PLACES.length)} AS place
  FROM generate_series($1::int, $2::int) AS j OFFSET 0
) s`;
}

function contactsSql(p: Plan): string {
  const g = new Gen(p);
  const perCompany = Math.max(1, Math.floor(p.contacts / p.companies));
  const options = (k: string) => CONTACT_FIELDS.find((f) => f.key === k)!.options;
  const first = arr(W.FIRST_NAMES);
  const last = arr(W.LAST_NAMES);
  const firstAscii = arr(W.FIRST_NAMES.map(asciiName));
  const lastAscii = arr(W.LAST_NAMES.map(asciiName));
  return `
INSERT INTO contacts (org_id, id, first_name, last_name, email, phone, mobile, job_title, department,
  company_id, is_primary, do_not_call, email_opt_out, sms_opt_out, unsubscribed_at, source, owner_id,
  custom_fields, created_by, deleted_at, deleted_by, version, created_at, updated_at)
SELECT '${p.orgId}'::uuid, s.id, ${first}[1 + s.fi], ${last}[1 + s.li],
  CASE WHEN ${g.u('s.i', 'contact.has_email')} < 0.92
    THEN ${firstAscii}[1 + s.fi] || coalesce('.' || ${lastAscii}[1 + s.li], '') || s.i::text || '@' ||
      CASE WHEN s.company IS NOT NULL THEN ${g.companyDomain('s.company')}
           ELSE ${g.pick(W.FREE_MAIL, 's.i', 'contact.free_mail')} END
  END,
  CASE WHEN ${g.u('s.i', 'contact.has_phone')} < 0.7 THEN ${g.phone('s.country', 's.i', 'contact.phone', false)} END,
  CASE WHEN ${g.u('s.i', 'contact.has_mobile')} < 0.45 THEN ${g.phone('s.country', 's.i', 'contact.mobile', true)} END,
  CASE WHEN ${g.u('s.i', 'contact.has_title')} < 0.6 THEN ${g.pick(W.JOB_TITLES, 's.i', 'contact.title')} END,
  CASE WHEN ${g.u('s.i', 'contact.has_department')} < 0.6 THEN ${g.pick(W.DEPARTMENTS, 's.i', 'contact.department')} END,
  CASE WHEN s.company IS NOT NULL THEN ${g.companyId('s.company')} END,
  s.is_primary,
  ${g.u('s.i', 'contact.do_not_call')} < 0.03,
  s.opt_out,
  ${g.u('s.i', 'contact.sms_opt_out')} < 0.04,
  CASE WHEN s.opt_out THEN ${ts('s.ums')} END,
  CASE WHEN ${g.u('s.i', 'contact.has_source')} < 0.8 THEN ${g.pick(W.SOURCES, 's.i', 'contact.source')} END,
  ${arr(p.memberIds, 'uuid')}[1 + s.owner],
  jsonb_strip_nulls(jsonb_build_object(
    'lead_source', CASE WHEN ${g.u('s.i', 'contact.cf.lead_source')} < 0.7
      THEN ${g.pick(options('lead_source'), 's.i', 'contact.cf.lead_source.v')} END,
    'linkedin', CASE WHEN ${g.u('s.i', 'contact.cf.linkedin')} < 0.35
      THEN 'https://www.linkedin.com/in/' || ${firstAscii}[1 + s.fi] || '-' || to_hex(${g.d('s.i', 'contact.cf.linkedin.v')}) END,
    'birthday', CASE WHEN ${g.u('s.i', 'contact.cf.birthday')} < 0.2
      THEN to_char(date '1955-01-01' + ${g.idx('s.i', 'contact.cf.birthday.v', 17000)}, 'YYYY-MM-DD') END,
    'nps', CASE WHEN ${g.u('s.i', 'contact.cf.nps')} < 0.3 THEN ${g.idx('s.i', 'contact.cf.nps.v', 11)} END,
    'interests', CASE WHEN ${g.u('s.i', 'contact.cf.interests')} < 0.25
      THEN jsonb_build_array(${arr(options('interests'))}[1 + s.int1]) ||
        CASE WHEN s.int2 <> s.int1 THEN jsonb_build_array(${arr(options('interests'))}[1 + s.int2]) ELSE '[]'::jsonb END END)),
  ${arr(p.userIds, 'uuid')}[1 + coalesce(s.owner, 0)],
  CASE WHEN s.deleted THEN ${ts('s.ums')} END,
  CASE WHEN s.deleted THEN '${p.userIds[0]}'::uuid END,
  1 + ${g.idx('s.i', 'contact.version', 4)},
  ${ts('s.ms')}, ${ts('s.ums')}
FROM (
  SELECT i, ${g.contactId('i')} AS id, ${g.createdMs('i', p.contacts)} AS ms,
    ${g.idx('i', 'contact.first', W.FIRST_NAMES.length)} AS fi,
    CASE WHEN ${g.u('i', 'contact.has_last')} < 0.95 THEN ${g.idx('i', 'contact.last', W.LAST_NAMES.length)} END AS li,
    ${g.owner('i', 'contact.owner')} AS owner,
    ${g.updatedMs(g.createdMs('i', p.contacts), 'i', 'contact.updated')} AS ums,
    ${g.u('i', 'contact.deleted')} < 0.02 AS deleted,
    ${g.u('i', 'contact.opt_out')} < 0.05 AS opt_out,
    i % ${perCompany} = 0 AND i / ${perCompany} <= ${p.companies} AS is_primary,
    CASE WHEN i % ${perCompany} = 0 AND i / ${perCompany} <= ${p.companies} THEN i / ${perCompany}
         WHEN ${g.u('i', 'contact.has_company')} < 0.8 THEN 1 + ${g.idx('i', 'contact.company', p.companies)} END AS company,
    ${g.pick(CONTACT_COUNTRIES, 'i', 'contact.country')} AS country,
    ${g.idx('i', 'contact.cf.interests.1', 5)} AS int1,
    CASE WHEN ${g.u('i', 'contact.cf.interests.two')} < 0.4 THEN ${g.idx('i', 'contact.cf.interests.2', 5)} ELSE -1 END AS int2
  FROM generate_series($1::int, $2::int) AS i OFFSET 0
) s`;
}

/** Tag links of contacts (0–3 each) or companies (0–2), distinct per record, skewed tag popularity. */
function tagLinksSql(p: Plan, kind: 'contact' | 'company'): string {
  const g = new Gen(p);
  const contact = kind === 'contact';
  const table = contact ? 'contact_tags' : 'company_tags';
  const col = contact ? 'contact_id' : 'company_id';
  const count = contact ? p.contacts : p.companies;
  const recordId = contact ? g.contactId('s.n') : g.companyId('s.n');
  const c = g.u('n', `${table}.count`);
  // contacts: 0 tags 35 %, 1: 30 %, 2: 20 %, 3: 15 %; companies: 0: 50 %, 1: 35 %, 2: 15 %.
  const howMany = contact
    ? `CASE WHEN ${c} < 0.35 THEN 0 WHEN ${c} < 0.65 THEN 1 WHEN ${c} < 0.85 THEN 2 ELSE 3 END`
    : `CASE WHEN ${c} < 0.5 THEN 0 WHEN ${c} < 0.85 THEN 1 ELSE 2 END`;
  const tagIdx = (k: number) => `floor(${p.tagIds.length} * power(${g.u('n', `${table}.tag${k}`)}, 2))::int`;
  return `
INSERT INTO ${table} (org_id, id, ${col}, tag_id, created_at)
SELECT '${p.orgId}'::uuid, ${g.v7('s.ms + k.k', `s.n * 4 + k.k`, `${table}.id`)}, ${recordId},
  ${arr(p.tagIds, 'uuid')}[1 + (ARRAY[s.t1, s.t2, s.t3])[k.k]], ${ts('s.ms + k.k')}
FROM (
  SELECT n, ${g.createdMs('n', count)} AS ms, ${howMany} AS cnt, ${tagIdx(1)} AS t1, ${tagIdx(2)} AS t2, ${tagIdx(3)} AS t3
  FROM generate_series($1::int, $2::int) AS n OFFSET 0
) s
CROSS JOIN generate_series(1, 3) AS k(k)
WHERE k.k <= s.cnt
  AND (k.k < 2 OR s.t2 <> s.t1)
  AND (k.k < 3 OR (s.t3 <> s.t1 AND s.t3 <> s.t2))`;
}

interface Conn {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  release(): void;
}

async function connect(database: Database): Promise<Conn> {
  if (database.pool) {
    const c = await database.pool.connect();
    return { query: (t, p) => c.query(t, p) as never, release: () => c.release() };
  }
  const pg = database.pglite!;
  return {
    query: async (t, p) => (p?.length ? pg.query(t, p) : { rows: (await pg.exec(t)).flatMap((r) => r.rows) }) as never,
    release: () => {},
  };
}

/**
 * Creates one organisation with `contacts` contacts and `companies` companies (plus members, tags,
 * custom fields, an owner API key) in an already migrated database, then VACUUM (ANALYZE)s the
 * tables. Works on PostgreSQL (pool) and PGlite.
 */
export async function seedLargeOrg(database: Database, opts: SeedOptions): Promise<SeedResult> {
  const log = opts.log ?? (() => {});
  const chunk = opts.chunk ?? 100_000;
  const timings: Record<string, number> = {};
  const t0 = performance.now();
  let mark = t0;
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = now - mark;
    mark = now;
  };
  const conn = await connect(database);
  try {
    const nowMs = Date.now();
    const orgId = uuidv7(nowMs - SPAN_MS - 86_400_000);
    const short = randomBytes(4).toString('hex');
    const orgSlug = `large-org-${short}`;
    if (database.kind === 'postgres') await conn.query('SET synchronous_commit = off');
    const rebuild =
      opts.rebuildIndexes ??
      (
        await conn.query<{ ok: boolean }>(
          `SELECT current_setting('is_superuser') = 'on'
              AND NOT EXISTS (SELECT 1 FROM contacts) AND NOT EXISTS (SELECT 1 FROM companies) AS ok`,
        )
      ).rows[0]!.ok;
    // Superusers bypass RLS; a table-owner connection needs the tenant setting (FORCE RLS).
    await conn.query(`SELECT set_config('app.org_id', $1, false)`, [orgId]);

    await conn.query('BEGIN');
    await conn.query(`INSERT INTO organizations (id, name, slug, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)`, [
      orgId,
      `Large Org (${opts.contacts.toLocaleString('en-US')} contacts)`,
      orgSlug,
      new Date(nowMs - SPAN_MS - 86_400_000),
    ]);
    const roles: SeedMember['role'][] = ['owner', 'admin', 'manager', 'manager'];
    const members: SeedMember[] = [];
    for (let m = 0; m < MEMBERS; m++) {
      const first = W.FIRST_NAMES[(m * 37 + 11) % 140]!;
      const last = W.LAST_NAMES[(m * 53 + 7) % 120]!;
      const email = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + `@${orgSlug}.relata.test`;
      members.push({
        membershipId: uuidv7(nowMs - SPAN_MS - 86_400_000 + m),
        userId: uuidv7(nowMs - SPAN_MS - 86_400_000 + m),
        name: `${first} ${last}`,
        email,
        role: roles[m] ?? 'member',
      });
    }
    const created = new Date(nowMs - SPAN_MS - 86_400_000);
    await conn.query(
      `INSERT INTO users (id, name, email, email_verified, created_at, updated_at)
       SELECT * , true, $4::timestamptz, $4::timestamptz FROM unnest($1::uuid[], $2::text[], $3::text[])`,
      [members.map((m) => m.userId), members.map((m) => m.name), members.map((m) => m.email), created],
    );
    await conn.query(
      `INSERT INTO memberships (org_id, id, user_id, role, created_at, updated_at)
       SELECT $1, *, $5::timestamptz, $5::timestamptz FROM unnest($2::uuid[], $3::uuid[], $4::text[])`,
      [orgId, members.map((m) => m.membershipId), members.map((m) => m.userId), members.map((m) => m.role), created],
    );
    await conn.query(`UPDATE users SET default_org_id = $1 WHERE id = ANY($2::uuid[])`, [
      orgId,
      members.map((m) => m.userId),
    ]);
    const tags = W.TAGS.map((name) => ({ id: uuidv7(created.getTime()), name }));
    await conn.query(
      `INSERT INTO tags (org_id, id, name, color, created_at, updated_at)
       SELECT $1, *, $5::timestamptz, $5::timestamptz FROM unnest($2::uuid[], $3::text[], $4::text[])`,
      [
        orgId,
        tags.map((t) => t.id),
        tags.map((t) => t.name),
        tags.map((_, i) => W.TAG_COLORS[i % W.TAG_COLORS.length]),
        created,
      ],
    );
    const defs = [
      ...CONTACT_FIELDS.map((f, i) => ({ ...f, entity: 'contact' as const, position: i })),
      ...COMPANY_FIELDS.map((f, i) => ({ ...f, entity: 'company' as const, position: i })),
    ].map((f) => ({ ...f, id: uuidv7(created.getTime()) }));
    await conn.query(
      `INSERT INTO custom_fields (org_id, id, entity, key, label, type, options, position, created_at, updated_at)
       SELECT $1, id, entity, key, label, type, options, position, $3::timestamptz, $3::timestamptz
       FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, entity text, key text, label text, type text, options jsonb, position int)`,
      [orgId, JSON.stringify(defs), created],
    );
    const owner = members[0]!;
    const apiKey = issueOrgToken('rk', orgId);
    await conn.query(
      `INSERT INTO api_keys (org_id, id, name, key_hash, prefix, scopes, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [orgId, uuidv7(), 'seed-large-org', hashToken(apiKey), apiKey.slice(0, 10), ['write'], owner.userId],
    );
    const pipelines = await insertSeedPipelines((t, p) => conn.query(t, p), {
      orgId,
      newId: () => uuidv7(created.getTime()),
    });
    await conn.query('COMMIT');
    lap('org, members, tags, fields, key, pipelines');

    const plan: SalesPlan = {
      ...pipelines,
      deals: opts.deals ?? 0,
      leads: opts.leads ?? 0,
      salt: short,
      orgId,
      nowMs,
      contacts: opts.contacts,
      companies: opts.companies,
      memberIds: members.map((m) => m.membershipId),
      userIds: members.map((m) => m.userId),
      tagIds: tags.map((t) => t.id),
    };
    const inChunks = async (label: string, sql: string, count: number) => {
      for (let lo = 1; lo <= count; lo += chunk) {
        const hi = Math.min(count, lo + chunk - 1);
        const t = performance.now();
        await conn.query(sql, [lo, hi]);
        log(
          `  ${label} ${lo.toLocaleString('en-US')}–${hi.toLocaleString('en-US')}: ${((performance.now() - t) / 1000).toFixed(1)} s`,
        );
      }
      lap(label);
    };
    // Into empty tables, the secondary indexes are dropped and rebuilt after the load (a bulk build is
    // several times faster than maintaining a trigram GIN and seven b-trees row by row). Their exact
    // definitions come from pg_get_indexdef; indexes behind constraints (primary keys, uniques) and the
    // foreign keys stay and check every row.
    let timelineCompany: SeedResult['timelineCompany'];
    let feed: SeedResult['feed'];
    const saved = rebuild
      ? (
          await conn.query<{ name: string; def: string }>(
            `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
               FROM pg_index i
              WHERE i.indrelid = ANY (ARRAY[${SEEDED_TABLES.map((t) => `'${t}'`).join(', ')}]::regclass[])
                AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
          )
        ).rows
      : [];
    for (const ix of saved) await conn.query(`DROP INDEX ${ix.name}`);
    try {
      await inChunks('companies', companiesSql(plan), opts.companies);
      await inChunks('company_tags', tagLinksSql(plan, 'company'), opts.companies);
      await inChunks('contacts', contactsSql(plan), opts.contacts);
      await inChunks('contact_tags', tagLinksSql(plan, 'contact'), opts.contacts);
      for (const kind of ['deal', 'lead'] as const) {
        const count = kind === 'deal' ? plan.deals : plan.leads;
        if (!count) continue;
        await inChunks(`${kind}s`, kind === 'deal' ? dealsSql(plan) : leadsSql(plan), count);
        await inChunks(`${kind} stage_history`, historySql(plan, kind), count);
        await inChunks(`${kind}_contacts`, recordContactsSql(plan, kind), count);
        await inChunks(`${kind}_tags`, recordTagsSql(plan, kind), count);
      }
      if (opts.activities) {
        const extra = await seedActivities(conn, plan, opts.activities, inChunks);
        timelineCompany = extra.timelineCompany;
        feed = extra.feed;
      }
    } finally {
      if (saved.length) {
        await conn.query(`SET maintenance_work_mem = '${database.kind === 'postgres' ? '512MB' : '128MB'}'`);
        for (const ix of saved) {
          const t = performance.now();
          await conn.query(ix.def);
          log(`  index ${ix.name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
        }
        await conn.query('RESET maintenance_work_mem');
        lap(`rebuild ${saved.length} indexes`);
      }
    }

    for (const t of [
      ...SEEDED_TABLES,
      'pipelines',
      'stages',
      'tags',
      'custom_fields',
      'memberships',
      'users',
      'organizations',
      'api_keys',
    ]) {
      await conn.query(`VACUUM (ANALYZE) ${t}`);
    }
    lap('vacuum analyze');

    const { rows } = await conn.query<Record<string, string | number>>(
      `SELECT
        (SELECT count(*) FROM companies WHERE org_id = $1) AS companies,
        (SELECT count(*) FROM companies WHERE org_id = $1 AND deleted_at IS NOT NULL) AS companies_deleted,
        (SELECT count(*) FROM companies WHERE org_id = $1 AND owner_id IS NULL) AS companies_unassigned,
        (SELECT count(*) FROM companies WHERE org_id = $1 AND parent_id IS NOT NULL) AS companies_with_parent,
        (SELECT count(*) FROM company_tags WHERE org_id = $1) AS company_tags,
        (SELECT count(*) FROM contacts WHERE org_id = $1) AS contacts,
        (SELECT count(*) FROM contacts WHERE org_id = $1 AND deleted_at IS NOT NULL) AS contacts_deleted,
        (SELECT count(*) FROM contacts WHERE org_id = $1 AND owner_id IS NULL) AS contacts_unassigned,
        (SELECT count(*) FROM contacts WHERE org_id = $1 AND company_id IS NOT NULL) AS contacts_with_company,
        (SELECT count(*) FROM contacts WHERE org_id = $1 AND email IS NOT NULL) AS contacts_with_email,
        (SELECT count(*) FROM contact_tags WHERE org_id = $1) AS contact_tags,
        (SELECT count(*) FROM tags WHERE org_id = $1) AS tags,
        (SELECT count(*) FROM custom_fields WHERE org_id = $1) AS custom_fields,
        (SELECT count(*) FROM memberships WHERE org_id = $1) AS memberships,
        (SELECT count(*) FROM deals WHERE org_id = $1) AS deals,
        (SELECT count(*) FROM leads WHERE org_id = $1) AS leads,
        (SELECT count(*) FROM stage_history WHERE org_id = $1) AS stage_history,
        (SELECT count(*) FROM deal_contacts WHERE org_id = $1) AS deal_contacts,
        (SELECT count(*) FROM lead_contacts WHERE org_id = $1) AS lead_contacts,
        (SELECT count(*) FROM activities WHERE org_id = $1) AS activities,
        (SELECT count(*) FROM activity_links WHERE org_id = $1) AS activity_links,
        (SELECT count(*) FROM notes WHERE org_id = $1) AS notes,
        (SELECT count(*) FROM timeline_entries WHERE org_id = $1) AS timeline_entries`,
      [orgId],
    );
    const counts = Object.fromEntries(Object.entries(rows[0]!).map(([k, v]) => [k, Number(v)]));
    lap('count');
    timings.total = performance.now() - t0;
    return {
      orgId,
      orgSlug,
      owner,
      members,
      tags,
      customFields: defs.map((f) => ({ id: f.id, entity: f.entity, key: f.key, type: f.type })),
      apiKey,
      counts,
      pipelines,
      timings,
      ...(timelineCompany ? { timelineCompany } : {}),
      ...(feed ? { feed } : {}),
    };
  } catch (e) {
    await conn.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    if (database.kind === 'postgres') await conn.query('RESET ALL').catch(() => {});
    conn.release();
  }
}

/**
 * The activities phase (activities.ts): picks the timeline company (a live company) and moves 150
 * live contacts and 50 live deals to it, loads `count` activities with their links and timeline
 * entries and the company's notes, and gives the feed member (the last member) a calendar-feed token.
 */
async function seedActivities(
  conn: Conn,
  plan: SalesPlan,
  count: number,
  inChunks: (label: string, sql: string, count: number) => Promise<void>,
): Promise<{ timelineCompany: NonNullable<SeedResult['timelineCompany']>; feed: NonNullable<SeedResult['feed']> }> {
  const org = plan.orgId;
  const [company] = (
    await conn.query<{ id: string; name: string }>(
      `SELECT id, name FROM companies WHERE org_id = $1 AND deleted_at IS NULL ORDER BY id OFFSET $2 LIMIT 1`,
      [org, Math.floor(plan.companies / 2)],
    )
  ).rows;
  const pick = async (table: 'contacts' | 'deals', n: number) =>
    (
      await conn.query<{ id: string }>(
        `UPDATE ${table} SET company_id = $2${table === 'contacts' ? ', is_primary = false' : ''} WHERE org_id = $1 AND id IN (
           SELECT id FROM ${table} WHERE org_id = $1 AND deleted_at IS NULL ORDER BY id OFFSET $3 LIMIT $4)
         RETURNING id`,
        [org, company!.id, Math.floor((table === 'contacts' ? plan.contacts : plan.deals) / 3), n],
      )
    ).rows
      .map((r) => r.id)
      .sort();
  const timelineContactIds = await pick('contacts', 150);
  const timelineDealIds = plan.deals ? await pick('deals', 50) : [];
  const feedMemberIndex = plan.memberIds.length - 1;
  const p: ActivityPlan = {
    ...plan,
    activities: count,
    feedMemberIndex,
    timelineCompanyId: company!.id,
    timelineContactIds,
    timelineDealIds,
  };
  await inChunks('activities', activitiesSql(p), count);
  await inChunks('activity_links', activityLinksSql(p), count);
  await inChunks('activity timeline_entries', activityEntriesSql(p), count);
  const [notes, links, entries] = timelineNotesSql(p);
  await inChunks('timeline company notes', notes!, TIMELINE_NOTES);
  await inChunks('note_links', links!, TIMELINE_NOTES);
  await inChunks('note timeline_entries', entries!, TIMELINE_NOTES);
  const token = issueOrgToken('rc', org);
  const membershipId = plan.memberIds[feedMemberIndex]!;
  await conn.query(`INSERT INTO calendar_feeds (org_id, id, membership_id, token_hash) VALUES ($1, $2, $3, $4)`, [
    org,
    uuidv7(),
    membershipId,
    hashToken(token),
  ]);
  return {
    timelineCompany: {
      id: company!.id,
      name: company!.name,
      contacts: timelineContactIds.length,
      deals: timelineDealIds.length,
    },
    feed: { membershipId, token, activities: Math.floor(count / 400) },
  };
}

/** Prints the phases and row counts of a seed (console). */
export function printSeed(r: SeedResult, migrateMs: number) {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`.padStart(9);
  console.log('\nphase                               time');
  console.log(`migrations                     ${s(migrateMs)}`);
  for (const [k, v] of Object.entries(r.timings)) if (k !== 'total') console.log(`${k.padEnd(30)} ${s(v)}`);
  console.log(
    `total (seed, without migrations) ${s(r.timings.total!).trim()}  (goal at 1M contacts on PostgreSQL, companies and contacts only: ≤ 300 s)`,
  );
  console.log('\nrows of the organisation');
  for (const [k, v] of Object.entries(r.counts))
    console.log(`${k.padEnd(24)} ${v.toLocaleString('en-US').padStart(10)}`);
}
