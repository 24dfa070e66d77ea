/**
 * Demo sales data: 64 leads on the default lead pipeline and 84 deals on the default deal pipeline,
 * with their contacts, tags and a `stage_history` that replays to every record's current stage and
 * status — so the boards, funnels and forecasts of the demo organisation look like a real team's.
 *
 * Leads: most open (New / Contacted / Meeting / Negotiation), 10 converted (Qualified stage, a
 * company created from each — `qualified_from_lead_id` — and a deal with `source_lead_id`), 12 lost
 * with a reason (Disqualified); leads created and converted across the last year. Deals: open ones
 * in every open stage with expected close dates over the next six months, 21 won spread over the
 * last twelve months with a won reason, 12 lost with a reason, 3 abandoned (they keep their stage;
 * status and `closed_at` change); one open deal was lost and reopened, one won deal was reopened and
 * won again. Amounts in USD, EUR and GBP (by the company's country; rates in demo-currencies.ts).
 * History: a creation row (from null), then every move with increasing `changed_at`, all between
 * the record's `created_at` and now; `stage_entered_at` is the time of the last stage move.
 *
 * Deterministic (demo-random.ts) and set-based: one multi-row insert per table plus two updates
 * for the lead ↔ deal ↔ company links that point both ways. The timeline gets the same history
 * (`created`, `stage_changed`, `status_changed`, `converted`, dated as the history) in one insert.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { generateNKeysBetween } from 'fractional-indexing';
import { uuidv7 } from '../../lib/ids.js';
import type { Tx } from '../../db/client.js';
import {
  deal_contacts,
  deal_tags,
  deals,
  lead_contacts,
  lead_tags,
  leads,
  pipelines,
  stage_history,
  stages,
} from '../../db/schema/index.js';
import { logTimelineBatch, type TimelineEvent } from '../timeline/timeline.writer.js';
import { DAY_MS, createRng, isoDate, workTime, type Rng } from './demo-random.js';
import {
  CURRENCY,
  FIRST_NAMES,
  LAST_NAMES,
  SELLERS,
  phoneIn,
  slug,
  type DemoCompany,
  type DemoRecords,
  type Seller,
} from './demo-records.js';

/** A default pipeline with its stages in board order. */
export interface DemoPipeline {
  id: string;
  stages: Array<{ id: string; name: string; kind: string; probability: number }>;
}

type LeadRow = typeof leads.$inferInsert;
type DealRow = typeof deals.$inferInsert;
type HistoryRow = typeof stage_history.$inferInsert;
type LinkRow = { org_id: string; id: string; record_id: string; contact_id: string; is_primary: boolean };
type TagRow = { org_id: string; id: string; record_id: string; tag_id: string };

const HOUR_MS = 3_600_000;

/**
 * `n` strictly increasing times from about `fromDaysAgo` to about `toDaysAgo` days before `now`
 * (working hours; the first exactly `startAt` when given), none later than `now`.
 */
export function timeline(
  rng: Rng,
  now: Date,
  fromDaysAgo: number,
  toDaysAgo: number,
  n: number,
  startAt?: Date,
): Date[] {
  const start = (startAt ?? workTime(rng, now, fromDaysAgo)).getTime();
  const end = Math.max(
    start + HOUR_MS,
    toDaysAgo <= 0 ? now.getTime() - rng.int(1, 20) * HOUR_MS : workTime(rng, now, toDaysAgo).getTime(),
  );
  const points = [start];
  const middle: number[] = [];
  for (let i = 0; i < n - 2; i++) middle.push(start + Math.floor(rng.next() * (end - start)));
  points.push(...middle.sort((a, b) => a - b));
  if (n > 1) points.push(end);
  const limit = now.getTime();
  for (let i = n - 1; i >= 0; i--) points[i] = Math.min(points[i]!, limit - (n - i) * 60_000);
  for (let i = 1; i < n; i++) points[i] = Math.max(points[i]!, points[i - 1]! + 60_000);
  return points.map((p) => new Date(p));
}

/** Stage indexes from 0 to `to`, sometimes skipping one intermediate stage. */
function pathTo(rng: Rng, to: number): number[] {
  const path = Array.from({ length: to + 1 }, (_, i) => i);
  if (to >= 2 && rng.chance(0.2)) path.splice(rng.int(1, to - 1), 1);
  return path;
}

/** `total` split over `weights.length` buckets in proportion to the weights (largest remainder). */
function distribute(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0]);
  const missing = total - out.reduce((a, b) => a + b, 0);
  for (let k = 0; k < missing; k++) out[order[k]![1]]! += 1;
  return out;
}

const PROSPECTS: Array<[string, string, string]> = [
  ['Pinecrest Veterinary', 'pinecrestvet.example', 'Denver'],
  ['Redwood Realty Partners', 'redwoodrealty.example', 'San Francisco'],
  ['Summit Fitness Studios', 'summitfitness.example', 'Austin'],
  ['Copperleaf Architects', 'copperleaf.example', 'London'],
  ['Northstar Pediatrics', 'northstarpeds.example', 'Chicago'],
  ['Ironbridge Security', 'ironbridgesec.example', 'London'],
  ['Sunrise Bakery Co', 'sunrisebakery.example', 'Miami'],
  ['Tidewater Marinas', 'tidewatermarinas.example', 'Miami'],
  ['Evergreen Property Management', 'evergreenpm.example', 'Seattle'],
  ['Blackbird Coffee Roasters', 'blackbirdcoffee.example', 'Seattle'],
  ['Keystone Accounting', 'keystoneaccounting.example', 'New York'],
  ['Lakeside Clinics', 'lakesideclinics.example', 'Chicago'],
  ['Nimbus Cloud Services', 'nimbuscloud.example', 'Berlin'],
  ['Orchard Valley Farms', 'orchardvalley.example', 'Los Angeles'],
  ['Polar Cold Chain', 'polarcoldchain.example', 'Amsterdam'],
  ['Quantum Print Works', 'quantumprint.example', 'Boston'],
  ['Riverbend Law', 'riverbendlaw.example', 'Atlanta'],
  ['Saffron Restaurant Group', 'saffrongroup.example', 'London'],
  ['Trailhead Gear', 'trailheadgear.example', 'Denver'],
  ['Urban Nest Interiors', 'urbannest.example', 'Paris'],
  ['Velocity Couriers', 'velocitycouriers.example', 'Madrid'],
  ['Willow Creek Senior Living', 'willowcreek.example', 'Atlanta'],
  ['Zenith Aerospace Components', 'zenithaero.example', 'Munich'],
  ['Harlow & Finch Opticians', 'harlowfinch.example', 'London'],
  ['Beacon Hill Tutoring', 'beaconhilltutoring.example', 'Boston'],
  ['Cobalt Mobility', 'cobaltmobility.example', 'Berlin'],
  ['Driftwood Studios', 'driftwoodstudios.example', 'Los Angeles'],
  ['Emberline Energy', 'emberline.example', 'Toronto'],
  ['Foxglove Florists', 'foxglove.example', 'New York'],
  ['Glasshouse Events', 'glasshouseevents.example', 'Amsterdam'],
  ['Highland Distillers', 'highlanddistillers.example', 'London'],
  ['Juniper Dental', 'juniperdental.example', 'Austin'],
];
const COUNTRY_OF: Record<string, string> = {
  London: 'GB',
  Berlin: 'DE',
  Munich: 'DE',
  Paris: 'FR',
  Amsterdam: 'NL',
  Madrid: 'ES',
  Toronto: 'CA',
};
const LEAD_NEEDS = [
  'Demo request',
  'Pricing request: Team plan',
  'CRM rollout, 25 seats',
  'Migration from spreadsheets',
  'Website chat inquiry',
  'Trade show follow-up',
  'Webinar attendee: pipeline analytics',
  'Partnership inquiry',
  'Replacing legacy CRM',
  'Email campaigns add-on',
];
const LEAD_SOURCES = [
  'Website',
  'Referral',
  'Trade show',
  'LinkedIn',
  'Webinar',
  'Cold call',
  'Partner',
  'Inbound email',
];
const LEAD_LOST_REASONS = [
  'No budget this year',
  'Not a fit: too small',
  'Unresponsive after three attempts',
  'Already a customer (duplicate)',
  'Chose a competitor',
  'Personal use only',
];
const DEAL_LOST_REASONS = [
  'Price too high',
  'Chose a competitor (A. Datum)',
  'No budget this year',
  'No decision: went silent',
  'Missing feature: single sign-on',
  'Timing: revisit next year',
];
const DEAL_WON_REASONS = [
  'Best fit for their sales process',
  'Price and flexible terms',
  'Fast, hands-on onboarding',
  'Self-hosting and data ownership',
  'Strong reference from a customer',
  'Integrations with their existing tools',
];
const PRODUCTS = {
  new_business: [
    'Team plan, 25 seats',
    'Enterprise licence',
    'Starter plan',
    'Pilot project',
    'Onboarding & data migration',
    'Sales cloud rollout',
    'Analytics suite',
  ],
  renewal: ['Annual renewal', 'Two-year renewal', 'Support renewal'],
  upsell: ['Seat expansion (+20)', 'Premium support upgrade', 'Marketing automation add-on', 'Analytics add-on'],
} as const;
const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;

/**
 * A lead's or deal's fate: the open stage index it stops at, and how it ends. `reopened`: the deal
 * was closed once (open: lost; won: won) and reopened into its last open stage before its end.
 */
type Fate = { end: 'open' | 'won' | 'lost' | 'abandoned' | 'converted'; stage: number; reopened?: boolean };

/** Everything demo-sales writes, as rows (pure: no database). Exported for demo.test.ts. */
export function demoSalesRows(params: {
  orgId: string;
  now: Date;
  records: DemoRecords;
  leadPipeline: DemoPipeline;
  dealPipeline: DemoPipeline;
  member: (key: Seller) => string;
  user: (key: Seller) => string;
}) {
  const { orgId, now, records } = params;
  const rng = createRng(0x5eed_0002);
  const leadRows: LeadRow[] = [];
  const dealRows: DealRow[] = [];
  const history: HistoryRow[] = [];
  const leadContacts: LinkRow[] = [];
  const dealContacts: LinkRow[] = [];
  const leadTags: TagRow[] = [];
  const dealTags: TagRow[] = [];
  const convertedDeal: Array<[string, string]> = [];
  const companyLead: Array<[string, string]> = [];
  const tag = (name: string) => records.tagIds.get(name)!;
  const contactsOf = (companyId: string) => records.contacts.filter((c) => c.companyId === companyId);
  const memberOf = (key: Seller | null) => (key ? params.member(key) : null);
  const userOf = (key: Seller | null) => params.user(key ?? 'owner');
  const link = (rows: LinkRow[], recordId: string, contactIds: string[]) =>
    contactIds.forEach((contactId, i) =>
      rows.push({ org_id: orgId, id: uuidv7(), record_id: recordId, contact_id: contactId, is_primary: i === 0 }),
    );

  const roles = (p: DemoPipeline) => ({
    open: p.stages.filter((s) => s.kind === 'open'),
    won: p.stages.find((s) => s.kind === 'won')!,
    lost: p.stages.find((s) => s.kind === 'lost')!,
  });
  const L = roles(params.leadPipeline);
  const D = roles(params.dealPipeline);

  /**
   * History rows for a record created in open stage `path[0]`, moved along `path`, then through
   * `ending` (a closing move, or several: close, reopen, close) at the following `times`.
   */
  const replay = (
    entity: 'lead' | 'deal',
    recordId: string,
    pipelineId: string,
    open: DemoPipeline['stages'],
    path: number[],
    times: Date[],
    ending: { stageId: string; status: string } | Array<{ stageId: string; status: string }> | null,
    by: string,
  ) => {
    const base = {
      org_id: orgId,
      lead_id: entity === 'lead' ? recordId : null,
      deal_id: entity === 'deal' ? recordId : null,
      pipeline_id: pipelineId,
      changed_by: by,
    };
    path.forEach((stage, i) =>
      history.push({
        ...base,
        id: uuidv7(),
        from_stage_id: i === 0 ? null : open[path[i - 1]!]!.id,
        to_stage_id: open[stage]!.id,
        from_status: i === 0 ? null : 'open',
        to_status: 'open',
        changed_at: times[i]!,
      }),
    );
    let from = { stageId: open[path[path.length - 1]!]!.id, status: 'open' };
    (Array.isArray(ending) ? ending : ending ? [ending] : []).forEach((to, i) => {
      history.push({
        ...base,
        id: uuidv7(),
        from_stage_id: from.stageId,
        to_stage_id: to.stageId,
        from_status: from.status,
        to_status: to.status,
        changed_at: times[path.length + i]!,
      });
      from = to;
    });
  };

  // ---- Leads -------------------------------------------------------------------------------
  const leadFates: Fate[] = [];
  distribute(42, [14, 12, 9, 7].slice(0, L.open.length)).forEach((n, stage) => {
    for (let k = 0; k < n; k++) leadFates.push({ end: 'open', stage });
  });
  for (let k = 0; k < 12; k++)
    leadFates.push({ end: 'lost', stage: Math.min(rng.weighted([0, 1, 2, 3], [4, 4, 2, 1]), L.open.length - 1) });
  const shuffled = rng.sample(leadFates, leadFates.length);
  const converted = records.companies.filter((c) => c.fromLead);
  const inCrm = records.companies.filter((c) => c.type === 'prospect' && !c.fromLead);
  const leadSellers = (): Seller => rng.weighted(SELLERS, [0.5, 1, 2, 4, 4]);
  const dealForLead = new Map<string, { leadId: string; company: DemoCompany; owner: Seller | null; at: Date }>();

  const writeLead = (fate: Fate, index: number, company: DemoCompany | null) => {
    const id = uuidv7();
    const prospect = PROSPECTS[index % PROSPECTS.length]!;
    const companyName = company?.name ?? prospect[0];
    const domain = company?.domain ?? prospect[1];
    const city = company?.city ?? prospect[2];
    const country = company?.country ?? COUNTRY_OF[city] ?? 'US';
    const companyContacts = company ? contactsOf(company.id) : [];
    const person = companyContacts[0];
    const firstName = FIRST_NAMES[(index * 19 + 11) % FIRST_NAMES.length]!;
    const lastName = LAST_NAMES[(index * 23 + 4) % LAST_NAMES.length]!;
    const email = person?.email ?? `${slug(firstName)}.${slug(lastName)}@${domain}`;
    const phone = person?.phone ?? (rng.chance(0.7) ? phoneIn(city, 60 + (index % 40)) : null);
    const score = rng.int(5, 95);
    const ownerKey: Seller | null =
      fate.end === 'open' && fate.stage <= 1 && rng.chance(0.3)
        ? null
        : fate.end === 'converted'
          ? (company!.ownerKey ?? leadSellers())
          : leadSellers();
    const source =
      fate.end === 'converted' ? rng.pick(['Referral', 'Trade show', 'Website', 'Partner']) : rng.pick(LEAD_SOURCES);

    // Timeline: created, moved along the path, then (converted/lost) the final move.
    let path: number[];
    let times: Date[];
    let ending: { stageId: string; status: string } | null = null;
    if (fate.end === 'converted') {
      path = pathTo(rng, rng.int(1, L.open.length - 1));
      const convertedDaysAgo = (now.getTime() - company!.createdAt.getTime()) / DAY_MS;
      const start = convertedDaysAgo + rng.int(12, 60);
      times = timeline(rng, now, start, convertedDaysAgo + 1, path.length);
      times.push(company!.createdAt);
      ending = { stageId: L.won.id, status: 'converted' };
    } else if (fate.end === 'lost') {
      path = pathTo(rng, fate.stage);
      const lostDaysAgo = rng.int(2, 320);
      times = timeline(rng, now, lostDaysAgo + rng.int(5, 40), lostDaysAgo, path.length + 1);
      ending = { stageId: L.lost.id, status: 'lost' };
    } else {
      path = pathTo(rng, fate.stage);
      const age = fate.stage === 0 ? rng.int(0, 40) : rng.int(5 + fate.stage * 8, 40 + fate.stage * 50);
      times = timeline(rng, now, age, 0, path.length);
    }
    const createdAt = times[0]!;
    const last = times[times.length - 1]!;
    const stageEnteredAt = ending ? last : times[path.length - 1]!;
    const stage = ending ? (ending.status === 'converted' ? L.won : L.lost) : L.open[fate.stage]!;
    const revenue = Math.round(Math.exp(Math.log(2_000) + rng.next() * Math.log(60))) * 100;
    const currency = rng.chance(0.7) ? (CURRENCY[country] ?? 'USD') : 'USD';
    const followUp = fate.end === 'open' ? new Date(workTime(rng, now, 0).getTime() + rng.int(-4, 14) * DAY_MS) : null;
    leadRows.push({
      org_id: orgId,
      id,
      title: `${companyName}: ${rng.pick(LEAD_NEEDS)}`,
      company_name: companyName,
      tax_id: null,
      email,
      phones: phone ? [phone] : [],
      segment:
        company && company.enterprise ? 'Enterprise' : rng.weighted(['SMB', 'Mid-market', 'Enterprise'], [5, 3, 1]),
      source,
      priority: rng.weighted(PRIORITIES, [2, 5, 3, 1]),
      rating: score >= 70 ? 'hot' : score >= 40 ? 'warm' : 'cold',
      score,
      expected_revenue_amount: revenue,
      expected_revenue_currency: currency,
      probability: fate.end === 'open' && rng.chance(0.15) ? rng.pick([25, 35, 50, 70]) : null,
      external_id: source === 'Website' ? `WEB-${1000 + index * 7}` : null,
      location: `${city}, ${country}`,
      next_follow_up_at: followUp,
      notes: rng.chance(0.4)
        ? `Asked about ${rng.pick(['pricing tiers', 'data import', 'SSO', 'the mobile app', 'API limits'])}.`
        : null,
      status: fate.end === 'converted' ? 'converted' : fate.end === 'lost' ? 'lost' : 'open',
      lost_reason: fate.end === 'lost' ? rng.pick(LEAD_LOST_REASONS) : null,
      lost_at: fate.end === 'lost' ? last : null,
      converted_at: fate.end === 'converted' ? last : null,
      converted_company_id: fate.end === 'converted' ? company!.id : null,
      pipeline_id: params.leadPipeline.id,
      stage_id: stage.id,
      position: '',
      stage_entered_at: stageEnteredAt,
      owner_id: memberOf(ownerKey),
      custom_fields: {},
      created_by: userOf(ownerKey),
      created_at: createdAt,
      updated_at:
        fate.end === 'open' ? new Date(Math.min(now.getTime(), last.getTime() + rng.int(0, 48) * HOUR_MS)) : last,
      version: times.length,
    });
    replay('lead', id, params.leadPipeline.id, L.open, path, times, ending, userOf(ownerKey));
    if (companyContacts.length)
      link(leadContacts, id, rng.chance(0.5) ? companyContacts.slice(0, 2).map((c) => c.id) : [companyContacts[0]!.id]);
    const tags = new Set<string>();
    if (score >= 70 && fate.end === 'open') tags.add('Hot lead');
    if (leadRows[leadRows.length - 1]!.segment === 'Enterprise') tags.add('Enterprise');
    if (source === 'Webinar' && rng.chance(0.6)) tags.add('Newsletter');
    for (const t of tags) leadTags.push({ org_id: orgId, id: uuidv7(), record_id: id, tag_id: tag(t) });
    if (fate.end === 'converted') {
      companyLead.push([company!.id, id]);
      dealForLead.set(company!.id, { leadId: id, company: company!, owner: ownerKey, at: last });
    }
  };

  converted.forEach((company, i) => writeLead({ end: 'converted', stage: 0 }, 100 + i, company));
  shuffled.forEach((fate, i) => writeLead(fate, i, i % 2 === 0 && i / 2 < inCrm.length ? inCrm[i / 2]! : null));

  // ---- Deals -------------------------------------------------------------------------------
  const targets = {
    open: distribute(48, [12, 13, 12, 11].slice(0, D.open.length)),
    won: 21,
    lost: 12,
    abandoned: 3,
  };
  const fromLeads = [...dealForLead.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
  const dealFates: Array<Fate & { lead?: (typeof fromLeads)[number] }> = [];
  fromLeads.forEach((lead, i) => {
    const age = (now.getTime() - lead.at.getTime()) / DAY_MS;
    let fate: { end: 'open' | 'won' | 'lost'; stage: number };
    if (age > 90 && i < 5)
      fate =
        i === 2 ? { end: 'lost', stage: Math.min(2, D.open.length - 1) } : { end: 'won', stage: D.open.length - 1 };
    else fate = { end: 'open', stage: Math.min(D.open.length - 1, Math.floor(age / 30)) };
    if (fate.end === 'open' && targets.open[fate.stage]! === 0) fate.stage = 0;
    if (fate.end === 'open') targets.open[fate.stage]! -= 1;
    else targets[fate.end] -= 1;
    dealFates.push({ ...fate, lead });
  });
  const rest: Fate[] = [];
  targets.open.forEach((n, stage) => {
    for (let k = 0; k < n; k++) rest.push({ end: 'open', stage });
  });
  for (let k = 0; k < targets.won; k++) rest.push({ end: 'won', stage: D.open.length - 1 });
  for (let k = 0; k < targets.lost; k++)
    rest.push({ end: 'lost', stage: Math.min(rng.weighted([0, 1, 2, 3], [2, 3, 4, 3]), D.open.length - 1) });
  for (let k = 0; k < targets.abandoned; k++)
    rest.push({ end: 'abandoned', stage: Math.min(rng.int(0, 2), D.open.length - 1) });
  // A couple of reopened deals: one lost then reopened (open now), one won, reopened and won again.
  const lastOpen = D.open.length - 1;
  const reopenOpen = rest.find((f) => f.end === 'open' && f.stage === lastOpen);
  const reopenWon = rest.find((f) => f.end === 'won');
  if (reopenOpen) reopenOpen.reopened = true;
  if (reopenWon) reopenWon.reopened = true;
  dealFates.push(...rng.sample(rest, rest.length));

  const buyers = records.companies.filter((c) => c.type !== 'competitor' && c.type !== 'vendor' && !c.fromLead);
  const customers = buyers.filter((c) => c.type === 'customer');
  const overrides = [35, 65, 90, 15, 70];
  // Closed deals not from leads: one every `step` days, so wins and losses cover the last year.
  const wonStep = Math.floor(340 / Math.max(1, targets.won));
  const lostStep = Math.floor(340 / Math.max(1, targets.lost));
  let wonIndex = 0;
  let lostIndex = 0;
  for (const fate of dealFates) {
    const id = uuidv7();
    const type = fate.lead ? 'new_business' : rng.weighted(['new_business', 'renewal', 'upsell'] as const, [6, 2, 2]);
    const company = fate.lead?.company ?? rng.pick(type === 'new_business' ? buyers : customers);
    const ownerKey: Seller | null =
      fate.lead?.owner ??
      (rng.chance(0.7) && company.ownerKey ? company.ownerKey : rng.weighted(SELLERS, [1, 2, 2, 4, 4]));
    const scale = company.enterprise ? 2.2 : 1;
    const major = Math.min(250_000, Math.exp(Math.log(2_000) + rng.next() * Math.log(50) * scale));
    const step = major >= 20_000 ? 500 : 100;
    const amount = Math.max(2_000, Math.round(major / step) * step) * 100;
    const currency = rng.chance(0.75) ? (CURRENCY[company.country] ?? 'USD') : 'USD';
    const product = rng.pick(PRODUCTS[type]);
    const name =
      type === 'renewal' ? `${company.name}: ${product} ${now.getUTCFullYear()}` : `${company.name}: ${product}`;

    let path: number[];
    let times: Date[];
    let ending: { stageId: string; status: string } | Array<{ stageId: string; status: string }> | null = null;
    let closedAt: Date | null = null;
    const reopenTo = { stageId: D.open[lastOpen]!.id, status: 'open' };
    const leadDaysAgo = fate.lead ? (now.getTime() - fate.lead.at.getTime()) / DAY_MS : null;
    if (fate.end === 'open' && fate.reopened) {
      path = pathTo(rng, fate.stage);
      times = timeline(rng, now, rng.int(120, 200), rng.int(5, 20), path.length + 2);
      ending = [{ stageId: D.lost.id, status: 'lost' }, reopenTo];
    } else if (fate.end === 'open') {
      path = pathTo(rng, fate.stage);
      const age = leadDaysAgo ?? rng.int(4 + fate.stage * 10, 35 + fate.stage * 30);
      times = timeline(rng, now, age, 0, path.length, fate.lead?.at);
    } else {
      path = pathTo(rng, fate.stage);
      let closedDaysAgo: number;
      if (leadDaysAgo !== null)
        closedDaysAgo = Math.max(1, leadDaysAgo - rng.int(20, Math.max(21, Math.floor(leadDaysAgo * 0.8))));
      else if (fate.end === 'won') closedDaysAgo = 2 + (wonIndex++ * wonStep + rng.int(0, wonStep - 2));
      else if (fate.end === 'lost') closedDaysAgo = 3 + (lostIndex++ * lostStep + rng.int(0, lostStep - 3));
      else closedDaysAgo = rng.int(20, 200);
      const from = leadDaysAgo ?? closedDaysAgo + rng.int(20, 110);
      const wonAgain = fate.end === 'won' && fate.reopened;
      times = timeline(rng, now, from, closedDaysAgo, path.length + (wonAgain ? 3 : 1), fate.lead?.at);
      if (wonAgain) ending = [{ stageId: D.won.id, status: 'won' }, reopenTo, { stageId: D.won.id, status: 'won' }];
      else if (fate.end === 'won') ending = { stageId: D.won.id, status: 'won' };
      else if (fate.end === 'lost') ending = { stageId: D.lost.id, status: 'lost' };
      else ending = { stageId: D.open[path[path.length - 1]!]!.id, status: 'abandoned' };
      closedAt = times[times.length - 1]!;
    }
    const createdAt = times[0]!;
    const lastMove =
      fate.end === 'won' || fate.end === 'lost'
        ? closedAt!
        : fate.reopened
          ? times[times.length - 1]!
          : times[path.length - 1]!;
    const stage = fate.end === 'won' ? D.won : fate.end === 'lost' ? D.lost : D.open[path[path.length - 1]!]!;
    // Open deals: expected to close over the next six months (a few already overdue).
    const closeDate =
      closedAt ?? new Date(now.getTime() + rng.int(-10 + fate.stage * 5, 180 - fate.stage * 25) * DAY_MS);
    const override = fate.end === 'open' && overrides.length && rng.chance(0.12) ? overrides.shift()! : null;
    dealRows.push({
      org_id: orgId,
      id,
      name,
      company_id: company.id,
      amount,
      currency,
      probability: override,
      expected_close_date: isoDate(closedAt ? new Date(closedAt.getTime() + rng.int(-10, 10) * DAY_MS) : closeDate),
      status: fate.end === 'converted' ? 'open' : fate.end,
      type,
      priority: rng.weighted(PRIORITIES, [2, 5, 3, 1]),
      lost_reason: fate.end === 'lost' ? rng.pick(DEAL_LOST_REASONS) : null,
      won_reason: fate.end === 'won' ? rng.pick(DEAL_WON_REASONS) : null,
      won_at: fate.end === 'won' ? closedAt : null,
      closed_at: closedAt,
      source_lead_id: fate.lead?.leadId ?? null,
      pipeline_id: params.dealPipeline.id,
      stage_id: stage.id,
      position: '',
      stage_entered_at: lastMove,
      owner_id: memberOf(ownerKey),
      custom_fields: {},
      created_by: userOf(ownerKey),
      created_at: createdAt,
      updated_at:
        closedAt ?? new Date(Math.min(now.getTime(), times[times.length - 1]!.getTime() + rng.int(0, 72) * HOUR_MS)),
      version: times.length,
    });
    replay('deal', id, params.dealPipeline.id, D.open, path, times, ending, userOf(ownerKey));
    const people = contactsOf(company.id);
    if (people.length)
      link(
        dealContacts,
        id,
        rng.sample(people.slice(1), rng.int(0, 2)).reduce((ids, c) => [...ids, c.id], [people[0]!.id]),
      );
    const tags = new Set<string>();
    if (amount >= 100_000_00 || (company.enterprise && rng.chance(0.5))) tags.add('Enterprise');
    if (company.vip && rng.chance(0.6)) tags.add('VIP');
    if (fate.end === 'open' && fate.stage >= 2 && rng.chance(0.25)) tags.add('Hot lead');
    for (const t of tags) dealTags.push({ org_id: orgId, id: uuidv7(), record_id: id, tag_id: tag(t) });
    if (fate.lead) convertedDeal.push([fate.lead.leadId, id]);
  }

  // Board order: in every column the card that entered it last is on top.
  for (const rows of [leadRows, dealRows] as Array<Array<LeadRow | DealRow>>) {
    const columns = new Map<string, Array<LeadRow | DealRow>>();
    for (const r of rows) columns.set(r.stage_id, [...(columns.get(r.stage_id) ?? []), r]);
    for (const column of columns.values()) {
      column.sort((a, b) => (b.stage_entered_at as Date).getTime() - (a.stage_entered_at as Date).getTime());
      const keys = generateNKeysBetween(null, null, column.length);
      column.forEach((r, i) => (r.position = keys[i]!));
    }
  }
  return { leadRows, dealRows, history, leadContacts, dealContacts, leadTags, dealTags, convertedDeal, companyLead };
}

/**
 * The timeline of the demo sales records, as auto-logging would have written it: `created` for
 * every lead and deal, then each `stage_history` move as `stage_changed` / `status_changed` (with
 * the lost reason) at its own time, and `converted` for converted leads (on the lead, its company
 * and the deal made from it). Mirrors `recordStageChange` in pipelines/placement.ts.
 */
export function demoTimelineEvents(
  rows: Pick<ReturnType<typeof demoSalesRows>, 'leadRows' | 'dealRows' | 'history' | 'convertedDeal'>,
  pipelinesOf: { leads: DemoPipeline; deals: DemoPipeline },
): TimelineEvent[] {
  const stageName = new Map(
    [...pipelinesOf.leads.stages, ...pipelinesOf.deals.stages].map((st) => [st.id, st.name] as const),
  );
  const ref = (id: string) => ({ id, name: stageName.get(id) ?? '' });
  const lostReason = new Map<string, string | null>();
  const events: TimelineEvent[] = [];
  for (const r of rows.leadRows) {
    lostReason.set(r.id!, r.lost_reason ?? null);
    events.push({
      actorId: r.created_by ?? null,
      type: 'created',
      records: [{ type: 'lead', id: r.id! }],
      data: { name: r.title },
      occurredAt: r.created_at as Date,
    });
  }
  for (const r of rows.dealRows) {
    lostReason.set(r.id!, r.lost_reason ?? null);
    events.push({
      actorId: r.created_by ?? null,
      type: 'created',
      records: [{ type: 'deal', id: r.id! }],
      data: { name: r.name },
      occurredAt: r.created_at as Date,
    });
  }
  const dealOf = new Map(rows.convertedDeal);
  const companyOf = new Map(rows.leadRows.map((r) => [r.id!, r.converted_company_id ?? null]));
  for (const h of rows.history) {
    if (!h.from_stage_id) continue;
    const record = h.lead_id ? { type: 'lead' as const, id: h.lead_id } : { type: 'deal' as const, id: h.deal_id! };
    const base = { actorId: h.changed_by ?? null, records: [record], occurredAt: h.changed_at as Date };
    if (h.from_stage_id !== h.to_stage_id) {
      events.push({
        ...base,
        type: 'stage_changed',
        data: { pipeline_id: h.pipeline_id, from: ref(h.from_stage_id), to: ref(h.to_stage_id) },
      });
    }
    if (h.from_status && h.from_status !== h.to_status && h.to_status !== 'converted') {
      const reason = h.to_status === 'lost' ? lostReason.get(record.id) : null;
      events.push({
        ...base,
        type: 'status_changed',
        data: { from: h.from_status, to: h.to_status, ...(reason ? { reason } : {}) },
      });
    }
    const companyId = h.lead_id ? companyOf.get(h.lead_id) : null;
    if (h.to_status === 'converted' && h.lead_id && companyId) {
      const dealId = dealOf.get(h.lead_id) ?? null;
      events.push({
        ...base,
        type: 'converted',
        records: [
          record,
          { type: 'company', id: companyId },
          ...(dealId ? [{ type: 'deal' as const, id: dealId }] : []),
        ],
        data: { lead_id: h.lead_id, company_id: companyId, company_created: true, contact_ids: [], deal_id: dealId },
      });
    }
  }
  return events;
}

/** The organisation's default lead and deal pipelines with their stages (board order). */
async function defaultPipelines(tx: Tx, orgId: string) {
  const rows = await tx
    .select({
      pipelineId: pipelines.id,
      kind: pipelines.kind,
      id: stages.id,
      name: stages.name,
      stageKind: stages.kind,
      probability: stages.probability,
    })
    .from(pipelines)
    .innerJoin(stages, and(eq(stages.org_id, pipelines.org_id), eq(stages.pipeline_id, pipelines.id)))
    .where(and(eq(pipelines.org_id, orgId), eq(pipelines.is_default, true)))
    .orderBy(asc(stages.position));
  const of = (kind: string): DemoPipeline => {
    const own = rows.filter((r) => r.kind === kind);
    return {
      id: own[0]!.pipelineId,
      stages: own.map((r) => ({ id: r.id, name: r.name, kind: r.stageKind, probability: r.probability })),
    };
  };
  return { leads: of('leads'), deals: of('deals') };
}

/**
 * Seeds the demo organisation's leads and deals (after {@link seedDemoRecords}) in the caller's
 * transaction; `members` / `users` map seller handles to membership and user ids.
 */
export async function seedDemoSales(
  tx: Tx,
  params: {
    orgId: string;
    now: Date;
    records: DemoRecords;
    members: Map<string, string>;
    users: Map<string, string>;
  },
): Promise<void> {
  const { orgId } = params;
  const pipelinesOf = await defaultPipelines(tx, orgId);
  const rows = demoSalesRows({
    orgId,
    now: params.now,
    records: params.records,
    leadPipeline: pipelinesOf.leads,
    dealPipeline: pipelinesOf.deals,
    member: (key) => params.members.get(key)!,
    user: (key) => params.users.get(key)!,
  });
  await tx.insert(leads).values(rows.leadRows);
  await tx.insert(deals).values(rows.dealRows);
  await tx.insert(lead_contacts).values(rows.leadContacts);
  await tx.insert(deal_contacts).values(rows.dealContacts);
  await tx.insert(lead_tags).values(rows.leadTags);
  await tx.insert(deal_tags).values(rows.dealTags);
  await tx.insert(stage_history).values(rows.history);
  await logTimelineBatch(tx, { orgId, events: demoTimelineEvents(rows, pipelinesOf) });
  // The links that point both ways: lead → its deal, company → the lead it was qualified from.
  if (!rows.convertedDeal.length) return;
  const pairs = (list: Array<[string, string]>) =>
    sql.join(
      list.map(([a, b]) => sql`(${a}::uuid, ${b}::uuid)`),
      sql`, `,
    );
  await tx.execute(sql`
    update leads set converted_deal_id = v.deal_id
      from (values ${pairs(rows.convertedDeal)}) as v(lead_id, deal_id)
     where leads.org_id = ${orgId}::uuid and leads.id = v.lead_id`);
  await tx.execute(sql`
    update companies set qualified_from_lead_id = v.lead_id
      from (values ${pairs(rows.companyLead)}) as v(company_id, lead_id)
     where companies.org_id = ${orgId}::uuid and companies.id = v.company_id`);
}
