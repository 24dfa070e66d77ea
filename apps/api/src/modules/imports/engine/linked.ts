/**
 * Import of activities and notes (issue 6): one chunk of rows, each creating one activity or note
 * attached to the record it names (record-link.ts), written set-based — one statement per table per
 * chunk — exactly as the activities / notes services write one (activities.service.ts `createActivity`
 * + `afterWrite`, notes.service.ts `createNote`): the row, its link (`activity_links` /
 * `note_links`), its timeline entry (the shape `syncSourceEntries` writes: `event_id` = the
 * activity's / note's id, `activity_id` / `note_id` set), and for activities the linked leads'
 * `next_follow_up_at` (`syncLeadFollowUp`). Every created row is logged in `import_changes`, so a
 * revert deletes it (links and timeline entries go by cascade).
 *
 * Activities: `type` and `subject` required; CRM task statuses are read by their words
 * ({@link activityStatusOf}); `owner` → assignee (no cell → the importing member,
 * unknown → unassigned or error as `unknown_owners` says). Dates are history: `status` given, else
 * `completed` when `completed_at` is set, else `planned`; a completed activity without
 * `completed_at` is completed at `due_at`, else `created_at`, else now; `completed_at` on a
 * non-completed status is dropped (warning). `call_direction` / `recording_url` (calls) and
 * `location` (meetings) on another type are dropped (warning). All-day → due at midnight UTC.
 * Timeline entry at `completed_at ?? due_at ?? created_at`. Imported activities get no reminder
 * (`remind_at` null). There is no upsert key: every valid row creates.
 *
 * Notes: `body` is plain text unless it contains block-level HTML tags (`p`, `div`, `br`, lists,
 * headings, `blockquote`, `pre`, `table`, `hr`) or `script` / `style` / `iframe` — inline tags alone
 * (`a <b> in text`) are read as text; plain text is escaped and becomes
 * paragraphs (blank line) and line breaks (newline); the result is sanitised with the notes
 * service's policy (notes.sanitize.ts) — a body with no text left fails the row. Author = the
 * owner's user when `owner` names a member, else the importing user. Timeline entry at
 * `created_at` (the file's, else now) with the excerpt.
 */
import { sql } from 'drizzle-orm';
import { uuidv7 } from '../../../lib/ids.js';
import { CreateActivityBody, type LinkedRecordInput } from '@relata/shared';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/sql.js';
import { syncLeadFollowUp } from '../../leads/leads.follow-up.js';
import { linkColumns } from '../../records/linked-records.js';
import { excerptOf, plainText } from '../../notes/notes.sanitize.js';
import { IMPORT_FIELDS } from '../fields.js';
import type { SourceRow } from '../files/source.js';
import type { ChunkResult } from './chunk.js';
import type { RunContext } from './context.js';
import { activitySourceRow, noteBodyHtml } from './linked-values.js';
import { addIssue, parseRow, type ParsedRow } from './parse.js';
import { resolveRecordLinks } from './record-link.js';
import { createPendingOwners, resolveOwner } from './relations.js';
import { logChanges } from './write.js';

type Row = Record<string, unknown> & { id: string };

const TEXT_LIMITS = {
  subject: CreateActivityBody.shape.subject,
  description: CreateActivityBody.shape.description,
  outcome: CreateActivityBody.shape.outcome,
  location: CreateActivityBody.shape.location,
};

/** An activity row's columns (see the module comment), or null when the row fails. */
function activityColumns(r: ParsedRow, now: string): Record<string, unknown> | null {
  const v = r.values;
  for (const [key, schema] of Object.entries(TEXT_LIMITS)) {
    if (v[key] === undefined) continue;
    const res = schema.safeParse(v[key]);
    if (!res.success) addIssue(r, key, `${key}: ${res.error.issues[0]?.message ?? 'is not valid'}`);
  }
  if (r.failed) return null;
  const type = v.type as string;
  for (const [key, only] of [
    ['call_direction', 'call'],
    ['recording_url', 'call'],
    ['location', 'meeting'],
  ] as const) {
    if (v[key] !== undefined && type !== only) {
      addIssue(r, key, `Only for ${only}s: not imported for a ${type}`, 'warning');
      delete v[key];
    }
  }
  const created = (v.created_at as string | undefined) ?? now;
  let due = (v.due_at as string | undefined) ?? null;
  const allDay = (v.all_day as boolean | undefined) ?? false;
  if (due && allDay) due = `${due.slice(0, 10)}T00:00:00.000Z`;
  let completed = (v.completed_at as string | undefined) ?? null;
  const status = (v.status as string | undefined) ?? (completed ? 'completed' : 'planned');
  if (status === 'completed') completed ??= due ?? created;
  else if (completed) {
    addIssue(r, 'completed_at', `Status is ${status}: the completion time is not imported`, 'warning');
    completed = null;
  }
  return {
    type,
    subject: v.subject,
    description: v.description ?? null,
    status,
    due_at: due,
    duration_minutes: v.duration_minutes ?? null,
    all_day: allDay,
    priority: v.priority ?? 'medium',
    outcome: v.outcome ?? null,
    call_direction: v.call_direction ?? null,
    recording_url: v.recording_url ?? null,
    location: v.location ?? null,
    completed_at: completed,
    created_at: created,
  };
}

/** Validates (and in a run writes) one chunk of activities or notes; see the module comment. */
export async function processLinkedChunk(tx: Tx, ctx: RunContext, src: SourceRow[]): Promise<ChunkResult> {
  const isNote = ctx.entity === 'notes';
  const now = new Date().toISOString();
  const rows = src.map((s) => parseRow(ctx.settings, isNote ? s : activitySourceRow(ctx, s)));
  const required = IMPORT_FIELDS[ctx.entity].filter((f) => f.required).map((f) => f.key);
  for (const r of rows) {
    const missing = required.filter((f) => r.values[f] === undefined);
    if (!r.failed && missing.length) addIssue(r, null, `Cannot create: ${missing.join(', ')} is empty`);
  }
  const owners = new Map<number, string | null>();
  for (const r of rows.filter((x) => !x.failed)) owners.set(r.row, resolveOwner(ctx, r));
  await createPendingOwners(tx, ctx);
  const links = await resolveRecordLinks(
    tx,
    ctx,
    rows.filter((x) => !x.failed),
  );
  const creates: Array<{ row: ParsedRow; cols: Row; link: LinkedRecordInput }> = [];
  for (const r of rows) {
    const link = links.get(r.row);
    if (r.failed || !link) continue;
    if (isNote) {
      const body = noteBodyHtml(r.values.body as string);
      if (!plainText(body)) {
        addIssue(r, 'body', 'Body: is empty after removing disallowed HTML');
        continue;
      }
      const created = (r.values.created_at as string | undefined) ?? now;
      creates.push({
        row: r,
        link,
        cols: { id: uuidv7(), body, pinned: r.values.pinned ?? false, created_at: created },
      });
    } else {
      const cols = activityColumns(r, now);
      if (cols) creates.push({ row: r, link, cols: { id: uuidv7(), ...cols, assignee_id: owners.get(r.row) ?? null } });
    }
  }
  if (!ctx.dryRun && creates.length) {
    if (isNote) await writeNotes(tx, ctx, creates, owners);
    else await writeActivities(tx, ctx, creates);
    await logChanges(
      tx,
      ctx,
      ctx.entity,
      creates.map((c) => ({ id: c.cols.id, action: 'created' as const, before: null })),
    );
  }
  const issues = rows.flatMap((r) => r.issues);
  return {
    created: creates.length,
    updated: 0,
    skipped: 0,
    failed: rows.filter((r) => r.failed).length,
    warnings: issues.filter((i) => i.severity === 'warning').length,
    issues,
  };
}

/** Links and timeline entries of created activities / notes (one statement each). */
async function writeLinksAndTimeline(
  tx: Tx,
  ctx: RunContext,
  kind: 'activity' | 'note',
  items: Array<{ id: string; link: LinkedRecordInput; at: string; actor: string | null; data: unknown }>,
) {
  const table = sql.raw(kind === 'activity' ? 'activity_links' : 'note_links');
  const owner = sql.raw(kind === 'activity' ? 'activity_id' : 'note_id');
  const payload = items.map((x) => ({ ...x, ...linkColumns(x.link), link_id: uuidv7(), entry_id: uuidv7() }));
  const json = JSON.stringify(payload);
  const shape = sql`x(id uuid, link_id uuid, entry_id uuid, lead_id uuid, deal_id uuid, contact_id uuid,
    company_id uuid, at timestamptz, actor uuid, data jsonb)`;
  await tx.execute(sql`insert into ${table} (org_id, id, ${owner}, lead_id, deal_id, contact_id, company_id)
    select ${ctx.orgId}::uuid, x.link_id, x.id, x.lead_id, x.deal_id, x.contact_id, x.company_id
    from jsonb_to_recordset(${json}::jsonb) as ${shape}`);
  await tx.execute(sql`insert into timeline_entries
      (org_id, id, event_id, lead_id, deal_id, contact_id, company_id, type, occurred_at, actor_id, ${owner}, data)
    select ${ctx.orgId}::uuid, x.entry_id, x.id, x.lead_id, x.deal_id, x.contact_id, x.company_id, ${kind}, x.at,
           x.actor, x.id, x.data
    from jsonb_to_recordset(${json}::jsonb) as ${shape}`);
}

async function writeActivities(tx: Tx, ctx: RunContext, creates: Array<{ cols: Row; link: LinkedRecordInput }>) {
  const payload = creates.map((c) => c.cols);
  await tx.execute(sql`insert into activities (org_id, id, type, subject, description, status, due_at,
      duration_minutes, all_day, priority, outcome, call_direction, recording_url, location, assignee_id,
      created_by, completed_at, remind_at, created_at, updated_at)
    select ${ctx.orgId}::uuid, x.id, x.type, x.subject, x.description, x.status, x.due_at, x.duration_minutes,
           x.all_day, x.priority, x.outcome, x.call_direction, x.recording_url, x.location, x.assignee_id,
           ${ctx.actor.userId}::uuid, x.completed_at, null, x.created_at, now()
    from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as x(id uuid, type text, subject text,
      description text, status text, due_at timestamptz, duration_minutes integer, all_day boolean, priority text,
      outcome text, call_direction text, recording_url text, location text, assignee_id uuid,
      completed_at timestamptz, created_at timestamptz)`);
  await writeLinksAndTimeline(
    tx,
    ctx,
    'activity',
    creates.map((c) => ({
      id: c.cols.id,
      link: c.link,
      at: (c.cols.completed_at ?? c.cols.due_at ?? c.cols.created_at) as string,
      actor: ctx.actor.userId,
      data: { activity_type: c.cols.type, subject: c.cols.subject, status: c.cols.status },
    })),
  );
  const leadIds = creates.filter((c) => c.link.type === 'lead').map((c) => c.link.id);
  if (leadIds.length) await syncLeadFollowUp(tx, { orgId: ctx.orgId, leadIds });
}

async function writeNotes(
  tx: Tx,
  ctx: RunContext,
  creates: Array<{ row: ParsedRow; cols: Row; link: LinkedRecordInput }>,
  owners: Map<number, string | null>,
) {
  // The author of a note is a user: the owner's, when the row names a member.
  const memberIds = [
    ...new Set(creates.filter((c) => c.row.values.owner !== undefined).map((c) => owners.get(c.row.row))),
  ].filter((x): x is string => !!x);
  const userOf = new Map(
    memberIds.length
      ? (
          await queryRows<{ id: string; user_id: string }>(
            tx,
            sql`select id, user_id from memberships where org_id = ${ctx.orgId}::uuid
                and id = any(${sql.param(memberIds)}::uuid[])`,
          )
        ).map((m) => [m.id, m.user_id])
      : [],
  );
  const authorOf = (c: { row: ParsedRow }) =>
    (c.row.values.owner !== undefined ? userOf.get(owners.get(c.row.row) ?? '') : undefined) ?? ctx.actor.userId;
  const payload = creates.map((c) => ({ ...c.cols, author_id: authorOf(c) }));
  await tx.execute(sql`insert into notes (org_id, id, body, pinned, author_id, created_at, updated_at)
    select ${ctx.orgId}::uuid, x.id, x.body, x.pinned, x.author_id, x.created_at, now()
    from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as x(id uuid, body text, pinned boolean,
      author_id uuid, created_at timestamptz)`);
  await writeLinksAndTimeline(
    tx,
    ctx,
    'note',
    creates.map((c) => ({
      id: c.cols.id,
      link: c.link,
      at: c.cols.created_at as string,
      actor: authorOf(c),
      data: { excerpt: excerptOf(c.cols.body as string) },
    })),
  );
}
