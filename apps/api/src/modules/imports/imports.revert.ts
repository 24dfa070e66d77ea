/**
 * Revert of an import (job, status `reverting` → `reverted`): replays the change log in chunks of
 * 1,000 entries, each chunk ONE transaction that deletes the records the import created (HARD
 * delete: a million imported rows do not belong in the recycle bin; their tag links, stage history,
 * deal contacts, timeline entries, activity and note links cascade, and references from other
 * records are set null by their foreign keys), restores the columns it updated from the logged
 * before-values (custom fields as a whole object; tag links it added are removed), and deletes the
 * change-log entries it replayed — so an interrupted revert resumes with what is left. Order: the
 * imported entity's records, then companies, stages (only when no record stands in them) and tags
 * the import created (and the contacts a leads import created as primary contacts); imported
 * activities and notes are deleted with their links and timeline entries. Last, the inactive
 * members the import created for unknown owners (`unknown_owners: create_inactive`) are deleted
 * when nothing references them any more (members.service `deleteUnusedInactiveMembers`); ones that
 * were activated by an invitation meanwhile, or own or are assigned other records, are kept.
 * The last transaction sets `reverted`, `reverted_at`, `reverted_by` and writes
 * an audit entry (`import.revert`). Stage history written for records the import only updated is
 * kept.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { withTenant } from '../../db/tenant.js';
import { recordAudit } from '../audit/audit.service.js';
import { syncLeadFollowUp } from '../leads/leads.follow-up.js';
import { deleteUnusedInactiveMembers } from '../members/members.service.js';
import { SPECS, type RecordEntity, type TableSpec } from './engine/entities.js';
import { claimLease, finish, LeaseBusy, renewLease, withHeartbeat, type ImportJobPayload } from './imports.runner.js';

const CHUNK = 1_000;

interface Change {
  id: string;
  record_id: string;
  action: 'created' | 'updated';
  before: Record<string, unknown> | null;
}

/** Restores updated records of `spec` from their before-values (one statement). */
async function restore(tx: Tx, orgId: string, importId: string, spec: TableSpec, changeIds: string[]) {
  const cols = Object.keys(spec.columns).filter((c) => c !== 'created_at' && c !== 'custom_fields');
  const sets = cols.map((c) => sql.raw(`"${c}" = case when x.b ? '${c}' then (x.r)."${c}" else t."${c}" end`));
  await tx.execute(sql`update ${sql.raw(spec.table)} t set ${sql.join(
    [
      ...sets,
      sql`custom_fields = case when x.b ? 'custom_fields' then x.b->'custom_fields' else t.custom_fields end`,
      sql`version = t.version + 1`,
      sql`updated_at = now()`,
    ],
    sql`, `,
  )}
    from (select c.record_id, c.before as b, jsonb_populate_record(null::${sql.raw(spec.table)}, c.before) as r
          from import_changes c where c.org_id = ${orgId}::uuid and c.import_id = ${importId}::uuid
            and c.id = any(${sql.param(changeIds)}::uuid[])) x
    where t.org_id = ${orgId}::uuid and t.id = x.record_id`);
  await tx.execute(sql`delete from ${sql.raw(spec.tagTable)} l using import_changes c,
      jsonb_array_elements_text(coalesce(c.before->'_tags_added', '[]'::jsonb)) as tag(id)
    where c.org_id = ${orgId}::uuid and c.id = any(${sql.param(changeIds)}::uuid[])
      and l.org_id = c.org_id and l.${sql.raw(spec.tagColumn)} = c.record_id and l.tag_id = tag.id::uuid`);
}

/**
 * Deletes imported activities or notes (their links and timeline entries cascade) and, for
 * activities, recomputes the follow-up of the leads they were linked to.
 */
async function deleteActivitiesOrNotes(tx: Tx, orgId: string, entity: 'activities' | 'notes', ids: string[]) {
  const leads =
    entity === 'activities'
      ? await queryRows<{ lead_id: string }>(
          tx,
          sql`select distinct lead_id from activity_links where org_id = ${orgId}::uuid
              and activity_id = any(${sql.param(ids)}::uuid[]) and lead_id is not null`,
        )
      : [];
  await tx.execute(
    sql`delete from ${sql.raw(entity)} where org_id = ${orgId}::uuid and id = any(${sql.param(ids)}::uuid[])`,
  );
  if (leads.length) await syncLeadFollowUp(tx, { orgId, leadIds: leads.map((l) => l.lead_id) });
}

/** Replays one chunk of `entity`'s change log; returns how many entries it handled. */
async function revertChunk(tx: Tx, p: ImportJobPayload, entity: string): Promise<number> {
  const changes = await queryRows<Change>(
    tx,
    sql`select id, record_id, action, before from import_changes
        where org_id = ${p.orgId}::uuid and import_id = ${p.importId}::uuid and entity = ${entity}
        order by id limit ${CHUNK}`,
  );
  if (!changes.length) return 0;
  const created = changes.filter((c) => c.action === 'created').map((c) => c.record_id);
  const updated = changes.filter((c) => c.action === 'updated').map((c) => c.id);
  const ids = sql.param(created);
  if (entity in SPECS) {
    const spec = SPECS[entity as RecordEntity];
    if (updated.length) await restore(tx, p.orgId, p.importId, spec, updated);
    if (created.length) {
      await tx.execute(
        sql`delete from ${sql.raw(spec.table)} where org_id = ${p.orgId}::uuid and id = any(${ids}::uuid[])`,
      );
    }
  } else if ((entity === 'activities' || entity === 'notes') && created.length) {
    await deleteActivitiesOrNotes(tx, p.orgId, entity, created);
  } else if (entity === 'stages' && created.length) {
    await tx.execute(sql`delete from stages s where s.org_id = ${p.orgId}::uuid and s.id = any(${ids}::uuid[])
      and not exists (select 1 from deals d where d.org_id = s.org_id and d.stage_id = s.id)
      and not exists (select 1 from leads l where l.org_id = s.org_id and l.stage_id = s.id)`);
  } else if (entity === 'members' && created.length) {
    await deleteUnusedInactiveMembers(tx, { orgId: p.orgId, ids: created });
  } else if (entity === 'tags' && created.length) {
    await tx.execute(sql`delete from tags where org_id = ${p.orgId}::uuid and id = any(${ids}::uuid[])`);
  }
  await tx.execute(sql`delete from import_changes where org_id = ${p.orgId}::uuid
    and id = any(${sql.param(changes.map((c) => c.id))}::uuid[])`);
  return changes.length;
}

/** Runs (or resumes) the revert of `payload.importId`; see the module comment. */
export async function revertImport(db: Db, payload: ImportJobPayload): Promise<void> {
  const token = randomUUID();
  const row = await claimLease(db, payload, ['reverting'], token);
  if (!row) return;
  // Contacts: the primary contacts a leads import created (engine/lead-person.ts).
  const order = [...new Set([row.entity, 'contacts', 'companies', 'stages', 'tags', 'members'])];
  let total = 0;
  try {
    await withHeartbeat(db, payload.orgId, payload.importId, token, async () => {
      for (const entity of order) {
        for (;;) {
          const n = await withTenant(db, { orgId: payload.orgId, userId: payload.actor.userId }, async (tx) => {
            await renewLease(tx, payload.orgId, payload.importId, token);
            return revertChunk(tx, payload, entity);
          });
          total += n;
          if (n === 0) break;
        }
      }
    });
    await withTenant(db, { orgId: payload.orgId }, (tx) =>
      recordAudit(tx, {
        orgId: payload.orgId,
        actor: { membershipId: payload.actor.membershipId },
        action: 'import.revert',
        recordType: 'import',
        recordId: payload.importId,
        details: { entity: row.entity, file_name: row.file_name, changes_reverted: total },
      }),
    );
    await finish(db, payload, token, {
      status: 'reverted',
      reverted_at: new Date(),
      reverted_by: payload.actor.userId,
    });
  } catch (err) {
    if (!(err instanceof LeaseBusy)) await finish(db, payload, token, {});
    throw err;
  }
}
