/**
 * The sales part of the large organisation (issue "Leads, deals, pipelines and Kanban boards"): one
 * leads pipeline and three deals pipelines with the default stages, `deals` deals and `leads` leads
 * spread over them, each with the `stage_history` that replays to its current stage and status, a
 * primary contact for most, a tag for some. Generated in the database like the rest of the seed.
 *
 * Per record `n`, a path through the stages: an open record at stage s went 0 → 1 → … → s; a won
 * deal / converted lead went through every open stage to the won stage (index 4); a lost one left
 * the open stages at stage j for the lost stage (index 5); an abandoned deal stays at its open stage
 * with one more history row for the status change. History times are spread evenly between the
 * record's creation and its last change, so `stage_entered_at` is the time of the last stage row.
 * Board positions are valid fractional-indexing keys `d` + 4 base-62 digits of `n`: unique and
 * ascending within every column.
 */
import { arr, Gen, ts, type Plan } from './gen.js';
import * as W from './words.js';

/** Stage names, probabilities and kinds of every pipeline the seed makes (as the app's defaults). */
export const SEED_LEAD_STAGES = [
  ['New', 10, 'open'],
  ['Contacted', 20, 'open'],
  ['Meeting', 40, 'open'],
  ['Negotiation', 60, 'open'],
  ['Qualified', 100, 'won'],
  ['Disqualified', 0, 'lost'],
] as const;
export const SEED_DEAL_STAGES = [
  ['Qualification', 10, 'open'],
  ['Needs analysis', 25, 'open'],
  ['Proposal', 50, 'open'],
  ['Negotiation', 80, 'open'],
  ['Won', 100, 'won'],
  ['Lost', 0, 'lost'],
] as const;
export const SEED_DEAL_PIPELINES = ['Sales', 'Renewals', 'Partnerships'] as const;

export interface SalesPlan extends Plan {
  deals: number;
  leads: number;
  leadPipelineId: string;
  /** 6 stage ids of the leads pipeline, in position order. */
  leadStageIds: string[];
  dealPipelineIds: string[];
  /** 6 stage ids per deals pipeline, pipeline after pipeline (18). */
  dealStageIds: string[];
}

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Fractional-indexing integer key `d` + 4 base-62 digits of n (n < 62⁴). */
const positionOf = (n: string) =>
  `'d' || ${[3, 2, 1, 0].map((p) => `substr('${B62}', 1 + ((${n}) / ${62 ** p})::int % 62, 1)`).join(' || ')}`;

/**
 * The per-record draws both the record insert and its history insert use: kind of outcome, path
 * length, final stage, times. `kind` is 'deal' or 'lead'.
 */
function pathSql(p: SalesPlan, kind: 'deal' | 'lead'): string {
  const g = new Gen(p);
  const count = kind === 'deal' ? p.deals : p.leads;
  const o = g.u('n', `${kind}.outcome`);
  // deal: open 60 %, won 22 %, lost 15 %, abandoned 3 %; lead: open 70 %, converted 15 %, lost 15 %.
  const outcome =
    kind === 'deal'
      ? `CASE WHEN ${o} < 0.60 THEN 'open' WHEN ${o} < 0.82 THEN 'won' WHEN ${o} < 0.97 THEN 'lost' ELSE 'abandoned' END`
      : `CASE WHEN ${o} < 0.70 THEN 'open' WHEN ${o} < 0.85 THEN 'converted' ELSE 'lost' END`;
  const pipeline =
    kind === 'deal'
      ? `CASE WHEN ${g.u('n', 'deal.pipeline')} < 0.6 THEN 0 WHEN ${g.u('n', 'deal.pipeline')} < 0.85 THEN 1 ELSE 2 END`
      : '0';
  return `
  SELECT n, o.outcome, o.pl, o.s_open, o.j, o.ms,
    CASE o.outcome WHEN 'won' THEN 4 WHEN 'converted' THEN 4 WHEN 'lost' THEN 5 ELSE o.s_open END AS fs,
    CASE o.outcome WHEN 'won' THEN 5 WHEN 'converted' THEN 5 WHEN 'lost' THEN o.j + 2 ELSE o.s_open + 1 END AS len,
    o.ms + floor((${p.nowMs} - o.ms) * (0.02 + 0.9 * ${g.u('n', `${kind}.span`)}))::bigint AS end_ms
  FROM generate_series($1::int, $2::int) AS n
  CROSS JOIN LATERAL (
    SELECT ${outcome} AS outcome, ${pipeline} AS pl,
      floor(4 * power(${g.u('n', `${kind}.stage`)}, 1.5))::int AS s_open,
      ${g.idx('n', `${kind}.lost_at`, 4)} AS j,
      ${g.createdMs('n', count)} AS ms
  ) o`;
}

/** Stage index of step k of a record's path. */
const stageAt = (k: string) => `CASE WHEN s.outcome = 'lost' AND ${k} > s.j THEN 5 ELSE ${k} END`;
/** Time of step k of a record's path (ms since epoch). */
const timeAt = (k: string) => `(s.ms + CASE WHEN s.len > 1 THEN (s.end_ms - s.ms) * ${k} / (s.len - 1) ELSE 0 END)`;

export function dealsSql(p: SalesPlan): string {
  const g = new Gen(p);
  const band = `floor(6 * power(${g.u('s.n', 'deal.band')}, 2))::int`;
  return `
INSERT INTO deals (org_id, id, name, company_id, amount, currency, probability, expected_close_date, status, type,
  priority, lost_reason, won_at, closed_at, pipeline_id, stage_id, position, stage_entered_at, owner_id,
  custom_fields, created_by, deleted_at, deleted_by, version, created_at, updated_at)
SELECT '${p.orgId}'::uuid, ${g.v7('s.ms', 's.n', 'deal.id')},
  ${g.pick(W.COMPANY_WORDS_A, 's.n', 'deal.name.a')} || ' ' || ${g.pick(DEAL_WORDS, 's.n', 'deal.name.b')},
  CASE WHEN ${g.u('s.n', 'deal.has_company')} < 0.85 THEN ${g.companyId(`1 + ${g.idx('s.n', 'deal.company', p.companies)}`)} END,
  (500 + ${g.idx('s.n', 'deal.amount', 20000)})::bigint * 100 * ${arr([1, 2, 5, 10, 25, 60], 'int')}[1 + ${band}],
  CASE WHEN ${g.u('s.n', 'deal.currency')} < 0.7 THEN 'USD' WHEN ${g.u('s.n', 'deal.currency')} < 0.9 THEN 'EUR' ELSE 'GBP' END,
  CASE WHEN ${g.u('s.n', 'deal.has_probability')} < 0.1 THEN 5 * ${g.idx('s.n', 'deal.probability', 21)} END,
  (${ts('s.ms')} + (30 + ${g.idx('s.n', 'deal.close', 150)}) * interval '1 day')::date,
  CASE s.outcome WHEN 'won' THEN 'won' WHEN 'lost' THEN 'lost' WHEN 'abandoned' THEN 'abandoned' ELSE 'open' END,
  ${g.pick(['new_business', 'new_business', 'new_business', 'renewal', 'upsell'], 's.n', 'deal.type')},
  ${g.pick(['low', 'medium', 'medium', 'high', 'urgent'], 's.n', 'deal.priority')},
  CASE WHEN s.outcome = 'lost' THEN ${g.pick(LOST_REASONS, 's.n', 'deal.lost_reason')} END,
  CASE WHEN s.outcome = 'won' THEN ${ts('s.end_ms')} END,
  CASE WHEN s.outcome IN ('won', 'lost') THEN ${ts('s.end_ms')} WHEN s.outcome = 'abandoned' THEN ${ts('s.end_ms + 3600000')} END,
  ${arr(p.dealPipelineIds, 'uuid')}[1 + s.pl],
  ${arr(p.dealStageIds, 'uuid')}[1 + s.pl * 6 + s.fs],
  ${positionOf('s.n')},
  ${ts('s.end_ms')},
  ${arr(p.memberIds, 'uuid')}[1 + ${g.owner('s.n', 'deal.owner')}],
  '{}'::jsonb,
  ${arr(p.userIds, 'uuid')}[1 + ${g.idx('s.n', 'deal.creator', p.userIds.length)}],
  CASE WHEN ${g.u('s.n', 'deal.deleted')} < 0.01 THEN ${ts('s.end_ms')} END,
  CASE WHEN ${g.u('s.n', 'deal.deleted')} < 0.01 THEN '${p.userIds[0]}'::uuid END,
  s.len, ${ts('s.ms')}, ${ts('s.end_ms')}
FROM (${pathSql(p, 'deal')}) s`;
}

export function leadsSql(p: SalesPlan): string {
  const g = new Gen(p);
  const company = `${g.pick(W.COMPANY_WORDS_A, 's.n', 'lead.company.a')} || ' ' || ${g.pick(W.COMPANY_WORDS_B, 's.n', 'lead.company.b')}`;
  return `
INSERT INTO leads (org_id, id, title, company_name, email, phones, source, priority, rating, score,
  expected_revenue_amount, expected_revenue_currency, status, lost_reason, lost_at, converted_at, converted_company_id,
  pipeline_id, stage_id, position, stage_entered_at, owner_id, custom_fields, created_by, deleted_at, deleted_by,
  version, created_at, updated_at)
SELECT '${p.orgId}'::uuid, ${g.v7('s.ms', 's.n', 'lead.id')},
  ${company} || ' — ' || ${g.pick(LEAD_TOPICS, 's.n', 'lead.topic')},
  ${company},
  CASE WHEN ${g.u('s.n', 'lead.has_email')} < 0.8 THEN lower(${g.pick(
    W.FIRST_NAMES.map((f) => f.normalize('NFD').replace(/[^A-Za-z]/g, '')),
    's.n',
    'lead.email',
  )}) || s.n::text || '@lead-' || s.n::text || '.example' END,
  CASE WHEN ${g.u('s.n', 'lead.has_phone')} < 0.6 THEN ARRAY['+1' || ${g.pick(W.US_AREA_CODES, 's.n', 'lead.area')} || (200 + ${g.idx('s.n', 'lead.exchange', 800)})::text || ${g.digits('s.n', 'lead.line', 4)}] ELSE '{}'::text[] END,
  ${g.pick(W.SOURCES, 's.n', 'lead.source')},
  ${g.pick(['low', 'medium', 'medium', 'high', 'urgent'], 's.n', 'lead.priority')},
  ${g.pick(['cold', 'warm', 'hot'], 's.n', 'lead.rating')},
  ${g.idx('s.n', 'lead.score', 101)},
  CASE WHEN ${g.u('s.n', 'lead.has_revenue')} < 0.7 THEN (1000 + ${g.idx('s.n', 'lead.revenue', 100000)})::bigint * 100 END,
  CASE WHEN ${g.u('s.n', 'lead.has_revenue')} < 0.7 THEN 'USD' END,
  s.outcome,
  CASE WHEN s.outcome = 'lost' THEN ${g.pick(LOST_REASONS, 's.n', 'lead.lost_reason')} END,
  CASE WHEN s.outcome = 'lost' THEN ${ts('s.end_ms')} END,
  CASE WHEN s.outcome = 'converted' THEN ${ts('s.end_ms')} END,
  CASE WHEN s.outcome = 'converted' THEN ${g.companyId(`1 + ${g.idx('s.n', 'lead.company', p.companies)}`)} END,
  '${p.leadPipelineId}'::uuid,
  ${arr(p.leadStageIds, 'uuid')}[1 + s.fs],
  ${positionOf('s.n')},
  ${ts('s.end_ms')},
  CASE WHEN ${g.u('s.n', 'lead.unassigned')} < 0.2 THEN NULL ELSE ${arr(p.memberIds, 'uuid')}[1 + ${g.owner('s.n', 'lead.owner')}] END,
  '{}'::jsonb,
  ${arr(p.userIds, 'uuid')}[1 + ${g.idx('s.n', 'lead.creator', p.userIds.length)}],
  CASE WHEN ${g.u('s.n', 'lead.deleted')} < 0.01 THEN ${ts('s.end_ms')} END,
  CASE WHEN ${g.u('s.n', 'lead.deleted')} < 0.01 THEN '${p.userIds[0]}'::uuid END,
  s.len, ${ts('s.ms')}, ${ts('s.end_ms')}
FROM (${pathSql(p, 'lead')}) s`;
}

/** stage_history of deals or leads: one row per step of each record's path (+1 for abandonment). */
export function historySql(p: SalesPlan, kind: 'deal' | 'lead'): string {
  const g = new Gen(p);
  const recordId = g.v7('s.ms', 's.n', `${kind}.id`);
  const stageIds = kind === 'deal' ? arr(p.dealStageIds, 'uuid') : arr(p.leadStageIds, 'uuid');
  const pipelineId = kind === 'deal' ? `${arr(p.dealPipelineIds, 'uuid')}[1 + s.pl]` : `'${p.leadPipelineId}'::uuid`;
  const base = kind === 'deal' ? '1 + s.pl * 6' : '1';
  const closed =
    kind === 'deal' ? `CASE s.outcome WHEN 'won' THEN 'won' WHEN 'lost' THEN 'lost' ELSE 'open' END` : 's.outcome';
  // Status after step k: the final status on the last stage step, open before it; abandonment is
  // one extra step (k = len) from open to abandoned on the same stage.
  return `
INSERT INTO stage_history (org_id, id, ${kind}_id, pipeline_id, from_stage_id, to_stage_id, from_status, to_status,
  changed_at, changed_by)
SELECT '${p.orgId}'::uuid, ${g.v7(timeAt('k.k'), 's.n * 8 + k.k', `${kind}.history`)}, ${recordId}, ${pipelineId},
  CASE WHEN k.k = 0 THEN NULL WHEN k.k = s.len THEN ${stageIds}[${base} + s.fs] ELSE ${stageIds}[${base} + ${stageAt('k.k - 1')}] END,
  CASE WHEN k.k = s.len THEN ${stageIds}[${base} + s.fs] ELSE ${stageIds}[${base} + ${stageAt('k.k')}] END,
  CASE WHEN k.k = 0 THEN NULL ELSE 'open' END,
  CASE WHEN k.k = s.len THEN 'abandoned' WHEN k.k = s.len - 1 THEN ${closed} ELSE 'open' END,
  ${ts(`CASE WHEN k.k = s.len THEN s.end_ms + 3600000 ELSE ${timeAt('k.k')} END`)},
  ${arr(p.userIds, 'uuid')}[1 + ${g.idx('s.n * 8 + k.k', `${kind}.history.by`, p.userIds.length)}]
FROM (${pathSql(p, kind)}) s
CROSS JOIN generate_series(0, 6) AS k(k)
WHERE k.k < s.len OR (k.k = s.len AND s.outcome = 'abandoned')`;
}

/** One primary contact for 60 % of deals / 50 % of leads. */
export function recordContactsSql(p: SalesPlan, kind: 'deal' | 'lead'): string {
  const g = new Gen(p);
  const count = kind === 'deal' ? p.deals : p.leads;
  return `
INSERT INTO ${kind}_contacts (org_id, id, ${kind}_id, contact_id, is_primary, created_at)
SELECT '${p.orgId}'::uuid, ${g.v7('s.ms', 's.n', `${kind}.contact.id`)}, ${g.v7('s.ms', 's.n', `${kind}.id`)},
  ${g.contactId(`1 + ${g.idx('s.n', `${kind}.contact`, p.contacts)}`)}, true, ${ts('s.ms')}
FROM (SELECT n, ${g.createdMs('n', count)} AS ms FROM generate_series($1::int, $2::int) AS n) s
WHERE ${g.u('s.n', `${kind}.has_contact`)} < ${kind === 'deal' ? 0.6 : 0.5}`;
}

/** One tag on 30 % of deals / leads. */
export function recordTagsSql(p: SalesPlan, kind: 'deal' | 'lead'): string {
  const g = new Gen(p);
  const count = kind === 'deal' ? p.deals : p.leads;
  return `
INSERT INTO ${kind}_tags (org_id, id, ${kind}_id, tag_id, created_at)
SELECT '${p.orgId}'::uuid, ${g.v7('s.ms', 's.n', `${kind}.tag.id`)}, ${g.v7('s.ms', 's.n', `${kind}.id`)},
  ${arr(p.tagIds, 'uuid')}[1 + floor(${p.tagIds.length} * power(${g.u('s.n', `${kind}.tag`)}, 2))::int], ${ts('s.ms')}
FROM (SELECT n, ${g.createdMs('n', count)} AS ms FROM generate_series($1::int, $2::int) AS n) s
WHERE ${g.u('s.n', `${kind}.has_tag`)} < 0.3`;
}

const DEAL_WORDS = [
  'Expansion',
  'Renewal',
  'Pilot',
  'Licences',
  'Upgrade',
  'Rollout',
  'Onboarding',
  'Services',
  'Support plan',
];
const LEAD_TOPICS = [
  'Website enquiry',
  'Demo request',
  'Pricing question',
  'Trade show',
  'Partner referral',
  'Webinar follow-up',
];
const LOST_REASONS = ['Price', 'Went with a competitor', 'No budget', 'No decision', 'Timing', 'Missing feature'];

/** Ids of the pipelines and stages {@link insertSeedPipelines} made. */
export type SeedPipelines = Pick<SalesPlan, 'leadPipelineId' | 'leadStageIds' | 'dealPipelineIds' | 'dealStageIds'>;

/**
 * Creates the leads pipeline and the three deals pipelines with their stages (the first of each kind
 * is the default), through `query` in the caller's transaction. `newId` makes UUIDv7 ids.
 */
export async function insertSeedPipelines(
  query: (text: string, params: unknown[]) => Promise<unknown>,
  params: { orgId: string; newId: () => string },
): Promise<SeedPipelines> {
  const pipelines = [
    { kind: 'leads', name: 'Leads', stages: SEED_LEAD_STAGES },
    ...SEED_DEAL_PIPELINES.map((name) => ({ kind: 'deals', name, stages: SEED_DEAL_STAGES })),
  ].map((pl, i) => ({
    ...pl,
    id: params.newId(),
    isDefault: i < 2,
    stageIds: pl.stages.map(() => params.newId()),
  }));
  await query(
    `INSERT INTO pipelines (org_id, id, kind, name, is_default, position)
     SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::boolean[], $6::int[])`,
    [
      params.orgId,
      pipelines.map((p) => p.id),
      pipelines.map((p) => p.kind),
      pipelines.map((p) => p.name),
      pipelines.map((p) => p.isDefault),
      pipelines.map((_, i) => i),
    ],
  );
  const stages = pipelines.flatMap((p) =>
    p.stages.map(([name, probability, kind], position) => ({
      id: p.stageIds[position]!,
      pipelineId: p.id,
      name,
      probability,
      kind,
      position,
    })),
  );
  await query(
    `INSERT INTO stages (org_id, id, pipeline_id, name, position, probability, kind)
     SELECT $1, * FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::int[], $6::int[], $7::text[])`,
    [
      params.orgId,
      stages.map((s) => s.id),
      stages.map((s) => s.pipelineId),
      stages.map((s) => s.name),
      stages.map((s) => s.position),
      stages.map((s) => s.probability),
      stages.map((s) => s.kind),
    ],
  );
  return {
    leadPipelineId: pipelines[0]!.id,
    leadStageIds: pipelines[0]!.stageIds,
    dealPipelineIds: pipelines.slice(1).map((p) => p.id),
    dealStageIds: pipelines.slice(1).flatMap((p) => p.stageIds),
  };
}
