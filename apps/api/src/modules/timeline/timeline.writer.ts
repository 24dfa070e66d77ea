/**
 * Auto-logging for the unified timeline (DESIGN §2): every service that changes a lead, deal,
 * contact or company — or writes an activity or a note — records the event here, in the same
 * transaction as the change (never as a best-effort afterthought).
 *
 * One event appears on every record it concerns: one `timeline_entries` row per record, all sharing
 * `event_id` (an activity's or note's entries use its own id as `event_id`, so they can be replaced
 * when its links or time change). Roll-up timelines (a company's includes its contacts' and deals')
 * de-duplicate by `event_id`.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import { BULK_MAX, type BulkResult, type LinkedRecordInput, type TIMELINE_ENTRY_TYPES } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { timeline_entries } from '../../db/schema/index.js';
import type { Actor } from '../records/actor.js';
import type { RecordTable } from '../records/entities.js';
import { distinctLinks, linkColumns } from '../records/linked-records.js';
import { liveVisible } from '../records/list.js';
import { ownerRefs, refOf } from '../records/refs.js';

/** Entry types of the timeline (the `timeline_entries.type` check). */
export type TimelineEntryType = (typeof TIMELINE_ENTRY_TYPES)[number];

/**
 * Writes one event on the timelines of `records` (at least one; repeats are ignored) and returns its
 * `event_id`. `occurredAt` is UTC (defaults to now); `actorId` is the user who made the change (null
 * for the system); `data` is the change as described in @relata/shared `TimelineEntry`.
 */
export async function logTimeline(
  tx: Tx,
  params: {
    orgId: string;
    actorId: string | null;
    type: Exclude<TimelineEntryType, 'activity' | 'note'>;
    records: LinkedRecordInput[];
    data?: Record<string, unknown>;
    occurredAt?: Date;
  },
): Promise<string> {
  const eventId = uuidv7();
  const records = distinctLinks(params.records);
  if (!records.length) return eventId;
  const occurredAt = params.occurredAt ?? new Date();
  await tx.insert(timeline_entries).values(
    records.map((r) => ({
      org_id: params.orgId,
      id: uuidv7(),
      event_id: eventId,
      ...linkColumns(r),
      type: params.type,
      occurred_at: occurredAt,
      actor_id: params.actorId,
      data: params.data ?? {},
    })),
  );
  return eventId;
}

/** One event of {@link logTimelineBatch}: as the parameters of {@link logTimeline}, without `orgId`. */
export interface TimelineEvent {
  actorId: string | null;
  type: Exclude<TimelineEntryType, 'activity' | 'note'>;
  records: LinkedRecordInput[];
  data?: Record<string, unknown>;
  occurredAt?: Date;
}

/**
 * Writes many events at once — bulk operations, or several events of one operation (a deal won:
 * `stage_changed` and `status_changed`) — in ONE insert statement. Each event gets its own
 * `event_id` (returned in order) and appears on each of its records; events without records are
 * skipped (their id is still returned). `occurredAt` defaults to now (UTC).
 */
export async function logTimelineBatch(tx: Tx, params: { orgId: string; events: TimelineEvent[] }): Promise<string[]> {
  const now = new Date();
  const ids: string[] = [];
  const rows: Array<Record<string, unknown>> = [];
  for (const e of params.events) {
    const eventId = uuidv7();
    ids.push(eventId);
    for (const r of distinctLinks(e.records)) {
      rows.push({
        id: uuidv7(),
        event_id: eventId,
        ...linkColumns(r),
        type: e.type,
        occurred_at: (e.occurredAt ?? now).toISOString(),
        actor_id: e.actorId,
        data: e.data ?? {},
      });
    }
  }
  if (!rows.length) return ids;
  // One parameter whatever the batch size (a bulk action may touch 10,000 records; a multi-row
  // VALUES list would exceed PostgreSQL's 65,535 parameters per statement).
  await tx.execute(sql`
    insert into timeline_entries
      (org_id, id, event_id, lead_id, deal_id, contact_id, company_id, type, occurred_at, actor_id, data)
    select ${params.orgId}::uuid, x.id, x.event_id, x.lead_id, x.deal_id, x.contact_id, x.company_id, x.type,
           x.occurred_at, x.actor_id, x.data
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, event_id uuid, lead_id uuid,
      deal_id uuid, contact_id uuid, company_id uuid, type text, occurred_at timestamptz, actor_id uuid, data jsonb)`);
  return ids;
}

/** Money as stored on a record (minor units + ISO 4217), or null. */
type MoneyValue = { amount: number; currency: string } | null;

/** The fields of note whose changes go on the timeline (`field_changed`); absent = not compared. */
export interface TrackedFields {
  /** Membership id (null = unassigned). */
  owner_id?: string | null;
  /** Deal amount. */
  amount?: MoneyValue;
  /** Lead expected revenue. */
  expected_revenue?: MoneyValue;
  /** Deal expected close date `YYYY-MM-DD`. */
  expected_close_date?: string | null;
}

const sameMoney = (a: MoneyValue | undefined, b: MoneyValue | undefined) =>
  (a ?? null) === (b ?? null) || (!!a && !!b && Number(a.amount) === Number(b.amount) && a.currency === b.currency);
const money = (m: MoneyValue | undefined) => (m ? { amount: Number(m.amount), currency: m.currency } : null);

/**
 * The `field_changed` event of one record (null when none of the tracked fields present in both
 * `before` and `after` changed). Owners are written as `{ id, name }` with the names they have now
 * (one lookup, only when the owner changed), so the entry still reads right after a member leaves.
 */
export async function fieldChangedEvent(
  tx: Tx,
  params: {
    orgId: string;
    actorId: string | null;
    record: LinkedRecordInput;
    before: TrackedFields;
    after: TrackedFields;
    occurredAt?: Date;
  },
): Promise<TimelineEvent | null> {
  const { before, after } = params;
  const changes: Array<Record<string, unknown>> = [];
  if ('owner_id' in after && (after.owner_id ?? null) !== (before.owner_id ?? null)) {
    const names = await ownerRefs(tx, { orgId: params.orgId, ids: [before.owner_id ?? null, after.owner_id ?? null] });
    changes.push({
      field: 'owner',
      from: refOf(names, before.owner_id ?? null),
      to: refOf(names, after.owner_id ?? null),
    });
  }
  for (const field of ['amount', 'expected_revenue'] as const) {
    if (field in after && !sameMoney(before[field], after[field])) {
      changes.push({ field, from: money(before[field]), to: money(after[field]) });
    }
  }
  if ('expected_close_date' in after && (after.expected_close_date ?? null) !== (before.expected_close_date ?? null)) {
    changes.push({
      field: 'expected_close_date',
      from: before.expected_close_date ?? null,
      to: after.expected_close_date ?? null,
    });
  }
  if (!changes.length) return null;
  return {
    actorId: params.actorId,
    type: 'field_changed',
    records: [params.record],
    data: { changes },
    ...(params.occurredAt ? { occurredAt: params.occurredAt } : {}),
  };
}

/**
 * Logs `field_changed` (owner) on every record of a bulk owner assignment whose owner changes — one
 * name lookup and one insert for all. `records` carry the owner each had before.
 */
export async function logOwnerChanges(
  tx: Tx,
  params: {
    orgId: string;
    actorId: string | null;
    type: LinkedRecordInput['type'];
    records: Array<{ id: string; owner_id: string | null }>;
    to: string | null;
  },
): Promise<void> {
  const changed = params.records.filter((r) => r.owner_id !== params.to);
  if (!changed.length) return;
  const names = await ownerRefs(tx, { orgId: params.orgId, ids: [params.to, ...changed.map((r) => r.owner_id)] });
  const to = refOf(names, params.to);
  await logTimelineBatch(tx, {
    orgId: params.orgId,
    events: changed.map((r) => ({
      actorId: params.actorId,
      type: 'field_changed' as const,
      records: [{ type: params.type, id: r.id }],
      data: { changes: [{ field: 'owner', from: refOf(names, r.owner_id), to }] },
    })),
  });
}

/**
 * Runs a bulk action (`run`, e.g. `runBulk`) and, when it is `assign_owner`, logs the owner change of
 * every record it changed: the owners before are read first with the same selection the bulk action
 * makes (live, visible, the listed `ids` or `filterWhere`), then one insert for all the events.
 */
export async function bulkWithOwnerLog(
  tx: Tx,
  params: {
    type: LinkedRecordInput['type'];
    table: RecordTable;
    actor: Actor;
    input: { action: string; ids?: string[] | undefined; owner_id?: string | null | undefined };
    filterWhere?: SQL | undefined;
  },
  run: () => Promise<BulkResult>,
): Promise<BulkResult> {
  const { table: t, actor, input } = params;
  if (input.action !== 'assign_owner') return run();
  const selection = input.ids ? inArray(t.id, [...new Set(input.ids)]) : params.filterWhere;
  const before = await tx
    .select({ id: t.id, owner_id: t.owner_id })
    .from(t)
    .where(and(liveVisible(t, actor), selection))
    .limit(BULK_MAX + 1);
  const result = await run();
  const done = new Set(result.results.filter((r) => r.ok).map((r) => r.id));
  await logOwnerChanges(tx, {
    orgId: actor.orgId,
    actorId: actor.userId,
    type: params.type,
    records: before.filter((r) => done.has(r.id)),
    to: input.owner_id ?? null,
  });
  return result;
}

/**
 * Makes the timeline entries of an activity or a note match it: one `activity` / `note` entry per
 * record in `records` at `occurredAt` (UTC), `event_id` = the activity's or note's id. Replaces the
 * entries written before (links or time changed); an empty `records` removes them.
 */
export async function syncSourceEntries(
  tx: Tx,
  params: {
    orgId: string;
    source: { type: 'activity' | 'note'; id: string };
    records: LinkedRecordInput[];
    occurredAt: Date;
    actorId: string | null;
    data?: Record<string, unknown>;
  },
): Promise<void> {
  const { orgId, source } = params;
  const sourceCol = source.type === 'activity' ? timeline_entries.activity_id : timeline_entries.note_id;
  await tx.delete(timeline_entries).where(and(eq(timeline_entries.org_id, orgId), eq(sourceCol, source.id)));
  const records = distinctLinks(params.records);
  if (!records.length) return;
  await tx.insert(timeline_entries).values(
    records.map((r) => ({
      org_id: orgId,
      id: uuidv7(),
      event_id: source.id,
      ...linkColumns(r),
      type: source.type,
      occurred_at: params.occurredAt,
      actor_id: params.actorId,
      activity_id: source.type === 'activity' ? source.id : null,
      note_id: source.type === 'note' ? source.id : null,
      data: params.data ?? {},
    })),
  );
}
