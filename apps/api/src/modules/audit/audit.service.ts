/**
 * The audit log (DESIGN §2 "Audit log of every change (actor, action, record, before/after), visible
 * to admins"): `recordAudit()` writes one entry in the caller's transaction (so a rolled-back change
 * leaves no entry), `listAudit()` reads them newest first for admins and owners.
 *
 * Other modules call `recordAudit(tx, …)` for the changes they audit (merge, import revert, …).
 */
import { sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { uuidv7 } from '../../lib/ids.js';
import type { AuditEntry, AuditListQuery } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { audit_entries } from '../../db/schema/index.js';
import { queryRows } from '../../db/sql.js';
import { afterCursor, toPage } from '../../lib/pagination.js';

/** Who acted: a membership, an API key, or null for the system (a background job). */
export type AuditActorRef = { membershipId: string } | { apiKeyId: string } | null;

/**
 * Writes one audit entry (in `tx`, the transaction of the change) and returns its id.
 * `action`: dotted verb such as `merge` or `import.revert`; `recordType` / `recordId`: the record it
 * is about (null for organisation-wide actions); `before` / `after`: JSON-serialisable snapshots
 * (Dates become ISO 8601 strings); `details`: action-specific data. `at` defaults to now (UTC).
 */
export async function recordAudit(
  tx: Tx,
  params: {
    orgId: string;
    actor: AuditActorRef;
    action: string;
    recordType?: string | null;
    recordId?: string | null;
    before?: unknown;
    after?: unknown;
    details?: Record<string, unknown>;
    at?: Date;
  },
): Promise<string> {
  const id = uuidv7();
  const json = (v: unknown) => (v === undefined || v === null ? null : (JSON.parse(JSON.stringify(v)) as unknown));
  await tx.insert(audit_entries).values({
    org_id: params.orgId,
    id,
    at: params.at ?? new Date(),
    actor_membership_id: params.actor && 'membershipId' in params.actor ? params.actor.membershipId : null,
    actor_api_key_id: params.actor && 'apiKeyId' in params.actor ? params.actor.apiKeyId : null,
    action: params.action,
    record_type: params.recordType ?? null,
    record_id: params.recordId ?? null,
    before: json(params.before),
    after: json(params.after),
    details: (json(params.details) as Record<string, unknown> | null) ?? {},
  });
  return id;
}

/** `audit_entries a` of the list query, for the shared keyset condition (lib/pagination). */
const a = alias(audit_entries, 'a');

interface Row {
  id: string;
  at: string | Date;
  actor_membership_id: string | null;
  actor_api_key_id: string | null;
  actor_name: string | null;
  action: string;
  record_type: string | null;
  record_id: string | null;
  before: unknown;
  after: unknown;
  details: Record<string, unknown> | null;
}

/**
 * A keyset page of the organisation's audit entries, newest first by `(at, id)` (index
 * `audit_entries_at_idx`, or `_record_idx` / `_action_idx` with those filters), with the actor's
 * current name (member's user name or API key name; null when gone). 400 `query.cursor` for a
 * cursor this list did not make.
 */
export async function listAudit(tx: Tx, params: { orgId: string; query: AuditListQuery }) {
  const { query } = params;
  const conds: SQL[] = [sql`a.org_id = ${params.orgId}::uuid`];
  if (query.record_type) conds.push(sql`a.record_type = ${query.record_type}`);
  if (query.record_id) conds.push(sql`a.record_id = ${query.record_id}::uuid`);
  if (query.action) conds.push(sql`a.action = ${query.action}`);
  const after = afterCursor({ column: a.at, id: a.id, direction: 'desc', kind: 'timestamp' }, query.cursor);
  if (after) conds.push(after);
  const rows = await queryRows<Row>(
    tx,
    sql`select a.id, a.at, a.actor_membership_id, a.actor_api_key_id, a.action, a.record_type, a.record_id,
               a.before, a.after, a.details,
               coalesce(u.name, m.name, k.name) as actor_name
          from audit_entries a
          left join memberships m on m.org_id = a.org_id and m.id = a.actor_membership_id
          left join users u on u.id = m.user_id
          left join api_keys k on k.org_id = a.org_id and k.id = a.actor_api_key_id
         where ${sql.join(conds, sql` and `)}
         order by a.at desc, a.id desc
         limit ${query.limit + 1}`,
  );
  const page = toPage(rows, query.limit, (r) => [new Date(r.at), r.id]);
  return {
    next_cursor: page.next_cursor,
    data: page.data.map((r): AuditEntry => ({
      id: r.id,
      at: new Date(r.at),
      actor: r.actor_membership_id
        ? { type: 'member', id: r.actor_membership_id, name: r.actor_name }
        : r.actor_api_key_id
          ? { type: 'api_key', id: r.actor_api_key_id, name: r.actor_name }
          : null,
      action: r.action,
      record_type: r.record_type,
      record_id: r.record_id,
      before: r.before ?? null,
      after: r.after ?? null,
      details: r.details ?? {},
    })),
  };
}

/** The audit actor of a request: its API key when it came with one, else the caller's membership. */
export function auditActorOf(req: {
  org: { membershipId: string; auth: { kind: 'session' } | { kind: 'api_key'; keyId: string } };
}): AuditActorRef {
  return req.org.auth.kind === 'api_key' ? { apiKeyId: req.org.auth.keyId } : { membershipId: req.org.membershipId };
}
