/** Test helpers of the lead tests: the organisation's pipelines and stages, and stage history, read directly. */
import { sql } from 'drizzle-orm';
import { withTenant } from '../../db/tenant.js';
import type { TestApp } from '../../../test/helpers.js';
import { insertPipeline, DEFAULT_LEAD_STAGES } from '../pipelines/pipelines.defaults.js';

const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;

export interface StageRow {
  id: string;
  name: string;
  kind: string;
  pipeline_id: string;
  pipeline_kind: string;
  is_default: boolean;
}

/** Stages of the organisation's default pipelines, by name (`leads:New`, `deals:Won`). */
export async function defaultStages(t: TestApp, orgId: string): Promise<Record<string, StageRow>> {
  const rows = await withTenant(t.database.db, { orgId }, async (tx) =>
    rowsOf<StageRow>(
      await tx.execute(sql`select s.id, s.name, s.kind, s.pipeline_id, p.kind as pipeline_kind, p.is_default
        from stages s join pipelines p on p.org_id = s.org_id and p.id = s.pipeline_id
        where s.org_id = ${orgId}::uuid and p.is_default order by s.position`),
    ),
  );
  return Object.fromEntries(rows.map((r) => [`${r.pipeline_kind}:${r.name}`, r]));
}

/** A second lead pipeline with the default stages. */
export async function extraLeadPipeline(t: TestApp, orgId: string, name = 'Partners') {
  return withTenant(t.database.db, { orgId }, (tx) =>
    insertPipeline(tx, { orgId, kind: 'leads', name, isDefault: false, stages: DEFAULT_LEAD_STAGES }),
  );
}

export interface HistoryRow {
  from_stage_id: string | null;
  to_stage_id: string;
  from_status: string | null;
  to_status: string;
  changed_by: string | null;
}

/** The lead's stage history, oldest first. */
export async function historyOf(t: TestApp, orgId: string, leadId: string): Promise<HistoryRow[]> {
  return withTenant(t.database.db, { orgId }, async (tx) =>
    rowsOf<HistoryRow>(
      await tx.execute(sql`select from_stage_id, to_stage_id, from_status, to_status, changed_by
        from stage_history where org_id = ${orgId}::uuid and lead_id = ${leadId}::uuid order by changed_at, id`),
    ),
  );
}

/** Runs SQL in the organisation's tenant scope (test setup such as back-dating rows). */
export async function tenantSql(t: TestApp, orgId: string, query: ReturnType<typeof sql>) {
  return withTenant(t.database.db, { orgId }, (tx) => tx.execute(query));
}
