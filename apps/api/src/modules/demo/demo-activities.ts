/**
 * Demo activities: 150 pieces of a sales team's work on the demo organisation's deals, leads,
 * contacts and companies — calls, meetings, emails and tasks. About half are in the past and done
 * (with outcomes), a few cancelled, a few overdue, some in progress today and the rest planned over
 * the next three weeks; assigned to the record's owner (or a seller when unowned), created by the
 * assignee. A deal's activity is also linked to its company; a contact's to its employer.
 *
 * Deterministic (demo-random.ts, fixed seed): records are read in a stable order (name, then
 * creation time) and every choice and time comes from the seed and `now`. Activities and links are
 * written set-based (one insert each); the timeline entries go through `syncSourceEntries` and the
 * leads' follow-ups through `syncLeadFollowUp`, as for every activity write. Reminders: with
 * `jobs`, upcoming activities get `remind_at` and their jobs; without, `remind_at` stays null.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import type { LinkedRecordInput } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { activities, activity_links, companies, contacts, deals, leads, memberships } from '../../db/schema/index.js';
import { scheduleReminder, type JobSender } from '../activities/activities.reminders.js';
import { syncLeadFollowUp } from '../leads/leads.follow-up.js';
import { syncSourceEntries } from '../timeline/timeline.writer.js';
import { DAY_MS, createRng, workTime, type Rng } from './demo-random.js';

/** How many activities the demo organisation gets. */
export const DEMO_ACTIVITY_COUNT = 150;

const SELLERS = ['owner', 'alex', 'sam', 'jordan', 'casey'] as const;
type Kind = 'call' | 'meeting' | 'email' | 'task';

/** Subjects per type; `{name}` is the main linked record's name. */
const SUBJECTS: Record<Kind, string[]> = {
  call: [
    'Discovery call: {name}',
    'Follow-up call — {name}',
    'Pricing questions from {name}',
    'Check-in call with {name}',
  ],
  meeting: [
    'Product demo for {name}',
    'Quarterly review with {name}',
    'Kick-off: {name}',
    'Contract walkthrough — {name}',
  ],
  email: [
    'Sent proposal to {name}',
    'Intro email: {name}',
    'Case study follow-up for {name}',
    'Recap of our call with {name}',
  ],
  task: [
    'Prepare quote for {name}',
    'Send contract draft to {name}',
    'Research the org chart of {name}',
    'Update forecast notes: {name}',
  ],
};

const OUTCOMES: Record<Kind, string[]> = {
  call: [
    'Interested; wants a demo next week',
    'Left a voicemail, will try again Thursday',
    'Budget confirmed for next quarter',
    'Not the decision maker; referred us to the CFO',
  ],
  meeting: [
    'Positive; asked for a tailored proposal',
    'Agreed next steps and a go-live date',
    'Security review requested before signing',
    'Champion on board, procurement next',
  ],
  email: ['Replied with two questions about SSO', 'Opened twice, no reply yet', 'Forwarded internally to IT'],
  task: ['Done', 'Done; shared in the deal room', 'Done, numbers double-checked with finance'],
};

const LOCATIONS = ['Video call', 'Their office', 'Our office, room 2', 'Conference booth'];

interface Target {
  links: LinkedRecordInput[];
  name: string;
  ownerId: string | null;
}

/** The org's live records as link targets, in a stable order. */
async function targetsOf(tx: Tx, orgId: string): Promise<Target[]> {
  const dealRows = await tx
    .select({ id: deals.id, name: deals.name, owner: deals.owner_id, company: deals.company_id })
    .from(deals)
    .where(and(eq(deals.org_id, orgId), isNull(deals.deleted_at), eq(deals.status, 'open')))
    .orderBy(asc(deals.name), asc(deals.created_at));
  const leadRows = await tx
    .select({ id: leads.id, name: leads.title, owner: leads.owner_id })
    .from(leads)
    .where(and(eq(leads.org_id, orgId), isNull(leads.deleted_at), eq(leads.status, 'open')))
    .orderBy(asc(leads.title), asc(leads.created_at));
  const contactRows = await tx
    .select({ id: contacts.id, name: contacts.full_name, owner: contacts.owner_id, company: contacts.company_id })
    .from(contacts)
    .where(and(eq(contacts.org_id, orgId), isNull(contacts.deleted_at)))
    .orderBy(asc(contacts.full_name), asc(contacts.created_at));
  const companyRows = await tx
    .select({ id: companies.id, name: companies.name, owner: companies.owner_id })
    .from(companies)
    .where(and(eq(companies.org_id, orgId), isNull(companies.deleted_at)))
    .orderBy(asc(companies.name), asc(companies.created_at));
  const withCompany = (company: string | null): LinkedRecordInput[] =>
    company ? [{ type: 'company', id: company }] : [];
  return [
    ...dealRows.map((d) => ({
      links: [{ type: 'deal' as const, id: d.id }, ...withCompany(d.company)],
      name: d.name,
      ownerId: d.owner,
    })),
    ...leadRows.map((l) => ({ links: [{ type: 'lead' as const, id: l.id }], name: l.name, ownerId: l.owner })),
    ...contactRows.map((c) => ({
      links: [{ type: 'contact' as const, id: c.id }, ...withCompany(c.company)],
      name: c.name ?? 'Contact',
      ownerId: c.owner,
    })),
    ...companyRows.map((c) => ({ links: [{ type: 'company' as const, id: c.id }], name: c.name, ownerId: c.owner })),
  ];
}

/** A time `days` days after `now` (future), at a working hour on the quarter hour. */
function ahead(rng: Rng, now: Date, days: number): Date {
  const d = new Date(now.getTime() + days * DAY_MS);
  d.setUTCHours(rng.int(8, 17), rng.pick([0, 15, 30, 45]), 0, 0);
  return d.getTime() <= now.getTime() ? new Date(now.getTime() + rng.int(2, 8) * 3_600_000) : d;
}

/**
 * Seeds DEMO_ACTIVITY_COUNT activities in the demo organisation `orgId` (call after the records and
 * sales data exist). `members` / `users` map the demo handles (`owner`, `alex`, …) to membership
 * and user ids; `now` anchors every time (UTC). Returns the number of activities written.
 */
export async function seedDemoActivities(
  tx: Tx,
  params: {
    orgId: string;
    now: Date;
    members: Map<string, string>;
    users: Map<string, string>;
    jobs?: JobSender;
  },
): Promise<number> {
  const { orgId, now } = params;
  const rng = createRng(0x5ac7_1e55);
  const targets = await targetsOf(tx, orgId);
  if (!targets.length) return 0;
  const userOf = new Map<string, string>();
  for (const [handle, membershipId] of params.members) {
    const userId = params.users.get(handle);
    if (userId) userOf.set(membershipId, userId);
  }
  const sellers = SELLERS.map((s) => params.members.get(s)).filter((m): m is string => !!m);
  const leadTimes = new Map(
    (
      await tx
        .select({ id: memberships.id, minutes: memberships.reminder_minutes })
        .from(memberships)
        .where(eq(memberships.org_id, orgId))
    ).map((m) => [m.id, m.minutes]),
  );
  const rows: Array<typeof activities.$inferInsert> = [];
  const links: Array<typeof activity_links.$inferInsert> = [];
  const linksById = new Map<string, LinkedRecordInput[]>();
  for (let i = 0; i < DEMO_ACTIVITY_COUNT; i++) {
    const target = targets[(i * 7 + rng.int(0, targets.length - 1)) % targets.length]!;
    const type = rng.weighted<Kind>(['call', 'meeting', 'email', 'task'], [4, 3, 2, 3]);
    // 0–74 done, 75–81 cancelled, 82–91 overdue, 92–96 in progress, the rest upcoming.
    const phase = i < 75 ? 'done' : i < 82 ? 'cancelled' : i < 92 ? 'overdue' : i < 97 ? 'active' : 'upcoming';
    const past = phase === 'done' || phase === 'cancelled';
    const due =
      phase === 'active'
        ? new Date(now.getTime() - rng.int(10, 120) * 60_000)
        : past
          ? workTime(rng, now, rng.int(1, 120))
          : phase === 'overdue'
            ? workTime(rng, now, rng.int(1, 10))
            : ahead(rng, now, rng.int(0, 21));
    const assignee = target.ownerId && userOf.has(target.ownerId) ? target.ownerId : rng.pick(sellers);
    const status =
      phase === 'done'
        ? 'completed'
        : phase === 'cancelled'
          ? 'cancelled'
          : phase === 'active'
            ? 'in_progress'
            : 'planned';
    const completedAt = status === 'completed' ? new Date(due.getTime() + rng.int(5, 90) * 60_000) : null;
    const createdAt = new Date(Math.min(due.getTime(), now.getTime()) - rng.int(1, 14) * DAY_MS);
    const minutes = leadTimes.get(assignee) ?? 15;
    const remindAt =
      params.jobs && status === 'planned' && due.getTime() - minutes * 60_000 > now.getTime()
        ? new Date(due.getTime() - minutes * 60_000)
        : null;
    const id = uuidv7();
    rows.push({
      org_id: orgId,
      id,
      type,
      subject: rng.pick(SUBJECTS[type]).replace('{name}', target.name),
      description: null,
      status,
      due_at: due,
      duration_minutes:
        type === 'meeting' ? rng.pick([30, 45, 60, 90]) : type === 'call' ? rng.pick([10, 15, 30]) : null,
      priority: rng.weighted(['low', 'medium', 'high', 'urgent'], [2, 6, 3, 1]),
      outcome: status === 'completed' ? rng.pick(OUTCOMES[type]) : null,
      call_direction: type === 'call' ? rng.weighted(['outbound', 'inbound'], [3, 1]) : null,
      location: type === 'meeting' ? rng.pick(LOCATIONS) : null,
      assignee_id: assignee,
      created_by: userOf.get(assignee) ?? null,
      completed_at: completedAt,
      remind_at: remindAt,
      created_at: createdAt,
      updated_at: completedAt && completedAt < now ? completedAt : createdAt,
    });
    linksById.set(id, target.links);
    target.links.forEach((l, n) =>
      links.push({
        org_id: orgId,
        id: uuidv7(),
        activity_id: id,
        lead_id: l.type === 'lead' ? l.id : null,
        deal_id: l.type === 'deal' ? l.id : null,
        contact_id: l.type === 'contact' ? l.id : null,
        company_id: l.type === 'company' ? l.id : null,
        created_at: new Date(createdAt.getTime() + n),
      }),
    );
  }
  await tx.insert(activities).values(rows);
  await tx.insert(activity_links).values(links);
  for (const r of rows) {
    await syncSourceEntries(tx, {
      orgId,
      source: { type: 'activity', id: r.id },
      records: linksById.get(r.id)!,
      occurredAt: r.completed_at ?? r.due_at ?? r.created_at!,
      actorId: r.created_by ?? null,
      data: { activity_type: r.type, subject: r.subject, status: r.status },
    });
    if (r.remind_at) {
      await scheduleReminder(tx, {
        jobs: params.jobs ?? null,
        orgId,
        activityId: r.id,
        remindAt: r.remind_at,
        previous: null,
      });
    }
  }
  const leadIds = [...linksById.values()]
    .flat()
    .filter((l) => l.type === 'lead')
    .map((l) => l.id);
  await syncLeadFollowUp(tx, { orgId, leadIds });
  return rows.length;
}
