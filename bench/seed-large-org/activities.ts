/**
 * The activities part of the large organisation (issue "Activities, tasks, notes, reminders, calendar
 * feed and the unified timeline", Performance): `activities` activities over three years, each linked
 * to one lead, deal, contact or company made before it, with its timeline entry — as the app writes
 * them (`syncSourceEntries`: one `activity` entry per linked record at `completed_at ?? due_at ??
 * created_at`, `event_id` = the activity id). Generated in the database like the rest of the seed.
 *
 * Three groups of activity numbers `n` (1 … activities):
 *  - `n % 400 = 0` — the feed member's (the last member, who has no other activity): due evenly over
 *    the calendar feed's window (now − 89 days … now + 364 days), so their feed holds all of them
 *    (5,000 at 2,000,000 activities);
 *  - `n % 250 = 125` — linked to the "timeline company" (a live company given 150 live contacts and
 *    50 deals before the load): 8,000 entries at 2,000,000, plus 2,000 notes on the same records =
 *    10,000 entries across its contacts and deals;
 *  - the rest: assignees skewed over the other 19 members (2 % unassigned), records picked among
 *    those created before the activity.
 * Past activities are 85 % completed, 5 % cancelled, 10 % still open (overdue); future ones planned
 * (8 % in progress). 3 % of tasks have no due time; 20 % of tasks are all-day (due at midnight UTC).
 */
import { arr, Gen, ts } from './gen.js';
import type { SalesPlan } from './sales.js';

export interface ActivityPlan extends SalesPlan {
  activities: number;
  /** Index of the feed member in `memberIds` (assignee of every `n % 400 = 0` activity). */
  feedMemberIndex: number;
  timelineCompanyId: string;
  /** Live contacts (150) and deals (50) moved to the timeline company. */
  timelineContactIds: string[];
  timelineDealIds: string[];
}

/** Notes on the timeline company's records. */
export const TIMELINE_NOTES = 2000;

const DAY = 86_400_000;

const SUBJECTS: Record<string, readonly string[]> = {
  call: ['Discovery call', 'Follow-up call', 'Check-in call', 'Pricing call', 'Renewal call', 'Reference call'],
  meeting: ['Product demo', 'Kick-off meeting', 'Quarterly business review', 'Pricing discussion', 'Site visit'],
  email: ['Sent proposal', 'Follow-up email', 'Intro email', 'Sent case study', 'Contract sent for signature'],
  task: ['Send contract', 'Prepare quote', 'Update account plan', 'Schedule demo', 'Send onboarding pack'],
  sms: ['Confirmed meeting time', 'Reminder sent'],
  other: ['Trade show conversation', 'LinkedIn message'],
};
const OUTCOMES = [
  'Interested, wants a proposal',
  'Left a voicemail',
  'Budget confirmed for next quarter',
  'Asked for references',
  'Not the decision maker',
  'Agreed next steps',
];
const DESCRIPTIONS = [
  'Agenda: goals, current tools, timeline.',
  'Bring the updated pricing sheet.',
  'They asked about the API and SSO.',
  'Loop in the solutions engineer.',
];
const LOCATIONS = ['Zoom', 'Google Meet', 'Microsoft Teams', 'Client office', 'Our office'];
const NOTE_TEXTS = [
  'Champion is the VP of Sales; procurement needs a security review before signing.',
  'Current CRM contract ends in March. Main pain: reporting takes days.',
  'Asked for a pilot with two teams. Decision expected after the board meeting.',
  'Competitor offered a 20% discount; we are stronger on integrations.',
  'Prefers email over calls. Time zone is CET.',
];

/**
 * The per-activity draws every insert of an activity shares (the activity row, its link, its
 * timeline entry): group, times, type, status, assignee and the one linked record.
 */
function sourceSql(p: ActivityPlan): string {
  const g = new Gen(p);
  const A = p.activities;
  const now = p.nowMs;
  // A record of `count` created before activity n (records are created in time order too).
  const before = (count: number, name: string) =>
    `(1 + ${g.d('a.n', name)} % greatest(1, (${count}::bigint * a.n / ${A})::bigint))`;
  const dealId = (k: string) => g.v7(g.createdMs(k, p.deals), k, 'deal.id');
  const leadId = (k: string) => g.v7(g.createdMs(k, p.leads), k, 'lead.id');
  const u = (name: string) => g.u('a.n', name);
  const kind = u('activity.link');
  const tlk = g.idx('a.n', 'activity.timeline.record', 210);
  const tc = p.timelineContactIds.length;
  const td = p.timelineDealIds.length;
  const window = 453 * DAY;
  return `
  SELECT a.n, a.grp, a.ms, a.type, b.due_ms, c.status, c.completed_ms,
    ${g.v7('a.ms', 'a.n', 'activity.id')} AS id,
    CASE a.grp WHEN 'feed' THEN ${arr(p.memberIds, 'uuid')}[${p.feedMemberIndex + 1}]
      ELSE CASE WHEN ${u('activity.unassigned')} < 0.02 THEN NULL ELSE ${arr(p.memberIds, 'uuid')}[1 + a.m] END END AS assignee_id,
    ${arr(p.userIds, 'uuid')}[1 + CASE a.grp WHEN 'feed' THEN ${p.feedMemberIndex} ELSE a.m END] AS created_by,
    CASE a.type ${Object.entries(SUBJECTS)
      .map(([type, xs]) => `WHEN '${type}' THEN ${g.pick(xs, 'a.n', 'activity.subject')}`)
      .join(' ')} END AS subject,
    CASE WHEN a.grp = 'company' AND ${tlk} < ${tc} THEN (${arr(p.timelineContactIds, 'uuid')})[1 + ${tlk}]
         WHEN a.grp <> 'company' AND ${kind} < 0.5 THEN ${g.contactId(before(p.contacts, 'activity.contact'))} END AS contact_id,
    CASE WHEN a.grp = 'company' AND ${tlk} >= ${tc} AND ${tlk} < ${tc + td} THEN (${arr(p.timelineDealIds, 'uuid')})[1 + ${tlk} - ${tc}]
         WHEN a.grp <> 'company' AND ${kind} >= 0.5 AND ${kind} < 0.75 AND ${p.deals} > 0 THEN ${dealId(before(p.deals, 'activity.deal'))} END AS deal_id,
    CASE WHEN a.grp <> 'company' AND ${kind} >= 0.75 AND ${kind} < 0.9 AND ${p.leads} > 0 THEN ${leadId(before(p.leads, 'activity.lead'))} END AS lead_id,
    CASE WHEN a.grp = 'company' AND ${tlk} >= ${tc + td} THEN '${p.timelineCompanyId}'::uuid
         WHEN a.grp <> 'company' AND (${kind} >= 0.9 OR (${kind} >= 0.5 AND ${kind} < 0.75 AND ${p.deals} = 0)
           OR (${kind} >= 0.75 AND ${kind} < 0.9 AND ${p.leads} = 0)) THEN ${g.companyId(before(p.companies, 'activity.company'))} END AS company_id
  FROM (
    SELECT n, CASE WHEN n % 400 = 0 THEN 'feed' WHEN n % 250 = 125 THEN 'company' ELSE 'any' END AS grp,
      ${g.createdMs('n', A)} AS ms,
      CASE WHEN ${g.u('n', 'activity.type')} < 0.30 THEN 'call' WHEN ${g.u('n', 'activity.type')} < 0.50 THEN 'meeting'
           WHEN ${g.u('n', 'activity.type')} < 0.70 THEN 'email' WHEN ${g.u('n', 'activity.type')} < 0.95 THEN 'task'
           WHEN ${g.u('n', 'activity.type')} < 0.98 THEN 'other' ELSE 'sms' END AS type,
      floor(19 * power(${g.u('n', 'activity.assignee')}, 1.6))::int AS m
    FROM generate_series($1::int, $2::int) AS n OFFSET 0
  ) a
  CROSS JOIN LATERAL (
    SELECT CASE
      WHEN a.type = 'task' AND a.grp <> 'feed' AND ${u('activity.no_due')} < 0.03 THEN NULL
      WHEN a.type = 'task' AND ${u('activity.all_day')} < 0.2 THEN (x.due / ${DAY}) * ${DAY}
      ELSE (x.due / 900000) * 900000 END AS due_ms
    FROM (SELECT CASE a.grp
      WHEN 'feed' THEN ${now - 89 * DAY}::bigint + (a.n / 400 - 1)::bigint * ${Math.floor(window / Math.max(1, Math.floor(A / 400)))}
      ELSE a.ms + (1 + ${g.idx('a.n', 'activity.due', 14 * 24)})::bigint * 3600000 END AS due) x
  ) b
  CROSS JOIN LATERAL (
    SELECT y.status,
      CASE WHEN y.status = 'completed' THEN least(${now}::bigint,
        coalesce(b.due_ms, a.ms) + ${g.idx('a.n', 'activity.took', 120)}::bigint * 60000) END AS completed_ms
    FROM (SELECT CASE WHEN coalesce(b.due_ms, a.ms + ${7 * DAY}) < ${now}
      THEN CASE WHEN ${u('activity.status')} < 0.85 THEN 'completed' WHEN ${u('activity.status')} < 0.90 THEN 'cancelled' ELSE 'planned' END
      ELSE CASE WHEN ${u('activity.status')} < 0.92 THEN 'planned' ELSE 'in_progress' END END AS status) y
  ) c`;
}

/** The activities (one statement per chunk of `n`). */
export function activitiesSql(p: ActivityPlan): string {
  const g = new Gen(p);
  const u = (name: string) => g.u('s.n', name);
  return `
INSERT INTO activities (org_id, id, type, subject, description, status, due_at, duration_minutes, all_day, priority,
  outcome, call_direction, location, assignee_id, created_by, completed_at, remind_at, version, created_at, updated_at)
SELECT '${p.orgId}'::uuid, s.id, s.type, s.subject,
  CASE WHEN ${u('activity.has_description')} < 0.4 THEN ${g.pick(DESCRIPTIONS, 's.n', 'activity.description')} END,
  s.status, ${ts('s.due_ms')},
  CASE s.type WHEN 'meeting' THEN ${arr([30, 45, 60, 90], 'int')}[1 + ${g.idx('s.n', 'activity.duration', 4)}]
              WHEN 'call' THEN 5 + 5 * ${g.idx('s.n', 'activity.duration', 8)} END,
  s.type = 'task' AND s.due_ms IS NOT NULL AND s.due_ms % ${DAY} = 0,
  ${g.pick(['low', 'medium', 'medium', 'medium', 'high', 'urgent'], 's.n', 'activity.priority')},
  CASE WHEN s.status = 'completed' AND s.type IN ('call', 'meeting') AND ${u('activity.has_outcome')} < 0.6
    THEN ${g.pick(OUTCOMES, 's.n', 'activity.outcome')} END,
  CASE WHEN s.type = 'call' THEN CASE WHEN ${u('activity.direction')} < 0.7 THEN 'outbound' ELSE 'inbound' END END,
  CASE WHEN s.type = 'meeting' AND ${u('activity.has_location')} < 0.5 THEN ${g.pick(LOCATIONS, 's.n', 'activity.location')} END,
  s.assignee_id, s.created_by, ${ts('s.completed_ms')},
  CASE WHEN s.status = 'planned' AND s.due_ms > ${p.nowMs} THEN ${ts('s.due_ms - 900000')} END,
  CASE WHEN s.status = 'planned' THEN 1 ELSE 2 END,
  ${ts('s.ms')}, ${ts('coalesce(s.completed_ms, s.ms)')}
FROM (${sourceSql(p)}) s`;
}

/** The one link of each activity. */
export function activityLinksSql(p: ActivityPlan): string {
  const g = new Gen(p);
  return `
INSERT INTO activity_links (org_id, id, activity_id, lead_id, deal_id, contact_id, company_id, created_at)
SELECT '${p.orgId}'::uuid, ${g.v7('s.ms', 's.n', 'activity.link.id')}, s.id, s.lead_id, s.deal_id, s.contact_id,
  s.company_id, ${ts('s.ms')}
FROM (${sourceSql(p)}) s`;
}

/** The timeline entry of each activity, as `syncSourceEntries` writes it. */
export function activityEntriesSql(p: ActivityPlan): string {
  const g = new Gen(p);
  const occurred = 'coalesce(s.completed_ms, s.due_ms, s.ms)';
  return `
INSERT INTO timeline_entries (org_id, id, event_id, lead_id, deal_id, contact_id, company_id, type, occurred_at,
  actor_id, activity_id, data)
SELECT '${p.orgId}'::uuid, ${g.v7(occurred, 's.n', 'activity.entry.id')}, s.id, s.lead_id, s.deal_id, s.contact_id,
  s.company_id, 'activity', ${ts(occurred)}, s.created_by, s.id,
  jsonb_build_object('activity_type', s.type, 'subject', s.subject, 'status', s.status)
FROM (${sourceSql(p)}) s`;
}

/** Notes on the timeline company's contacts and deals: the notes, their links and their entries. */
export function timelineNotesSql(p: ActivityPlan): string[] {
  const g = new Gen(p);
  const records = [...p.timelineContactIds, ...p.timelineDealIds];
  const source = `
  SELECT n, ${g.v7(g.createdMs('n', TIMELINE_NOTES), 'n', 'note.id')} AS id, ${g.createdMs('n', TIMELINE_NOTES)} AS ms,
    ${g.pick(NOTE_TEXTS, 'n', 'note.text')} AS text,
    ${arr(p.userIds, 'uuid')}[1 + ${g.idx('n', 'note.author', p.userIds.length - 1)}] AS author_id,
    ${g.idx('n', 'note.record', records.length)} AS k
  FROM generate_series($1::int, $2::int) AS n`;
  const contact = `CASE WHEN s.k < ${p.timelineContactIds.length} THEN (${arr(records, 'uuid')})[1 + s.k] END`;
  const deal = `CASE WHEN s.k >= ${p.timelineContactIds.length} THEN (${arr(records, 'uuid')})[1 + s.k] END`;
  return [
    `INSERT INTO notes (org_id, id, body, pinned, author_id, version, created_at, updated_at)
     SELECT '${p.orgId}'::uuid, s.id, '<p>' || s.text || '</p>', ${g.u('s.n', 'note.pinned')} < 0.02, s.author_id, 1,
       ${ts('s.ms')}, ${ts('s.ms')}
     FROM (${source}) s`,
    `INSERT INTO note_links (org_id, id, note_id, deal_id, contact_id, created_at)
     SELECT '${p.orgId}'::uuid, ${g.v7('s.ms', 's.n', 'note.link.id')}, s.id, ${deal}, ${contact}, ${ts('s.ms')}
     FROM (${source}) s`,
    `INSERT INTO timeline_entries (org_id, id, event_id, deal_id, contact_id, type, occurred_at, actor_id, note_id, data)
     SELECT '${p.orgId}'::uuid, ${g.v7('s.ms', 's.n', 'note.entry.id')}, s.id, ${deal}, ${contact}, 'note', ${ts('s.ms')},
       s.author_id, s.id, jsonb_build_object('excerpt', s.text)
     FROM (${source}) s`,
  ];
}
